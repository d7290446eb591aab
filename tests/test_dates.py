"""Publication dates in the forms scraped pages write them, read as ISO."""

from __future__ import annotations

import json
from datetime import date

import pytest

import provenance
from provenance.dates import find_dates, resolve

BODY = (
    "The harbour authority approved the new ferry timetable after a long public consultation that drew "
    "hundreds of comments from residents of the three islands, most of them asking for earlier sailings.\n"
)


@pytest.mark.parametrize(
    ("written", "iso", "label"),
    [
        ("Published 02.01.26", None, "published"),  # day/month ambiguous on its own
        ("PUBLISHED ONJanuary 01, 2026", "2026-01-01", "published"),
        (" date 2025-12-29", "2025-12-29", "date"),
        ("Dec. 31, 2025", "2025-12-31", None),
        ("2025-12-29T10:15:00Z", "2025-12-29", None),
        ("Updated 3:42 PM EST, March 4, 2025", "2025-03-04", "updated"),
        ("31 December 2025", "2025-12-31", None),
        ("Posted: 2025/03/04", "2025-03-04", "posted"),
        ("Thursday, January 1, 2026", "2026-01-01", None),
        ("25.12.2025", "2025-12-25", None),  # 25 cannot be a month
        ("12/25/2025", "2025-12-25", None),
    ],
)
def test_date_forms(written, iso, label):
    found = find_dates(written)
    assert len(found) == 1
    m = found[0]
    assert m.label == label
    assert written[m.start : m.end].strip() in written
    result = resolve(m, found)
    assert (result.date.isoformat() if result.date else None) == iso


def test_month_names_are_not_read_inside_words_or_verbs():
    assert find_dates("Benjamin 5 arrived; we may 3 times try; version 1.2.3.4") == []


def test_label_counts_only_at_the_start_of_a_line():
    text = "A video released Dec 31, 2025 shows the harbour.\nPublished Jan 2, 2026\n"
    labels = [m.label for m in find_dates(text)]
    assert labels == [None, "published"]


def test_ambiguous_date_is_resolved_from_another_date_in_the_file():
    text = "Published 04.05.25\n" + BODY + "The council meets again on May 3, 2025, to vote.\n"
    mentions = find_dates(text)
    first = mentions[0]
    assert {d.isoformat() for d in first.readings} == {"2025-05-04", "2025-04-05"}
    result = resolve(first, mentions)
    assert result.date == date(2025, 5, 4)
    assert text[result.resolved_by.start : result.resolved_by.end] == "May 3, 2025"


def test_ambiguous_date_with_nothing_to_decide_stays_open(tmp_path):
    (tmp_path / "a.txt").write_text("Ferry timetable approved\nPublished 03.04.25\n" + BODY * 3, encoding="utf-8")
    doc = provenance.scan([tmp_path]).documents[0]
    assert doc.published is None
    assert doc.publication is not None and doc.publication.ambiguous
    assert set(doc.publication.readings) == {"2025-04-03", "2025-03-04"}
    data = doc.to_dict()["publication"]
    assert data["ambiguous"] is True and data["date"] is None


def test_dates_in_running_text_and_captions_are_not_publication_dates(tmp_path):
    text = (
        "Ferry timetable approved\n"
        "Passengers board at the quay, in this photo taken on March 3, 2025. JANE ROE/AFP via Getty Images\n"
        "On March 1, 2025, the authority said the first sailing would leave at six.\n" + BODY * 3
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert provenance.scan([tmp_path]).documents[0].published is None


def test_jsonl_date_field_is_kept_over_the_text(tmp_path):
    record = {"id": "r1", "date": "2024-06-01", "text": "Published 2025-01-01\n" + BODY * 3}
    (tmp_path / "c.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    doc = provenance.scan([tmp_path]).documents[0]
    assert doc.published == "2024-06-01"
    assert doc.publication.source == "jsonl" and doc.publication.evidence is None
    # The text's own date is still read for its article.
    assert doc.segments[0].published.date == "2025-01-01"


def test_dates_are_read_on_the_lines_that_hold_digits_as_on_the_whole_text():
    """Only lines with a digit (and their neighbours) are read: the same
    dates as reading every character, but none across a blank line."""
    from provenance.dates import _DATES, _matches

    lines = [
        "Ferry timetable approved",
        "Published March 3, 2025 at 9:41 a.m.",
        "The council met in Rio de Janeiro",
        "",
        "27 December 2004 was the date of the first sailing, MOSCOW, Jan 1 (Reuters) -",
        "It sailed on 02.01.26 and again on",
        "March",
        "4, 2026, the operator said.",
        "No figures here at all, only words, words and words.",
    ] * 3
    text = "\n".join(lines)
    everything = [(m.start(), m.end()) for m in _DATES.finditer(text)]
    found = [(m.start(), m.end()) for m in _matches(text, 0, len(text))]
    across_blank = [(s, e) for s, e in everything if "\n\n" in text[s:e]]
    assert across_blank and all(text[s:e].startswith("Janeiro") for s, e in across_blank)
    # Every date the whole reading gives, but those across a blank line; and
    # the one such a false date swallowed ("27" of "27 December 2004").
    extra = set(found) - set(everything)
    assert set(everything) - set(across_blank) <= set(found) and found == sorted(found)
    assert {text[s:e] for s, e in extra} == {"27 December 2004"}
    assert all(any(a < e and s < b for a, b in across_blank) for s, e in extra)
    assert any(text[s:e] == "March\n4, 2026" for s, e in found)  # one line break is read across
    dates = {text[m.start : m.end] for m in find_dates(text)}
    assert {"March 3, 2025", "27 December 2004", "Jan 1", "02.01.26", "March\n4, 2026"} <= dates
    assert not any(d.startswith("Janeiro") for d in dates)
    # A range read alone gives the dates that lie in it.
    lo, hi = text.index("27 December"), text.index("No figures")
    assert [(m.start, m.end) for m in find_dates(text, lo, hi)] == [
        (m.start, m.end) for m in find_dates(text) if lo <= m.start and m.end <= hi
    ]
