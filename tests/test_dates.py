"""Publication dates in the forms scraped pages write them, read as ISO."""

from __future__ import annotations

import json
from datetime import date

import pytest

import provenance
from provenance.cues.dates import find_dates, resolve

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
    from provenance.cues.dates import _DATES, _matches

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


def _scan_one(tmp_path, text: str):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    return provenance.scan([tmp_path]).documents[0]


def test_a_month_and_day_alone_has_no_year_and_is_not_ambiguous():
    (mention,) = find_dates("Posted Dec. 11\n")
    assert mention.readings == () and mention.month_day == (12, 11) and not mention.ambiguous
    result = resolve(mention, [mention])
    assert result.date is None and result.readings == () and not result.ambiguous


@pytest.mark.parametrize(
    "header",
    ["Posted Dec. 11\n", "Updated 9:05 p.m. Dec. 11\n", "WASHINGTON, Dec. 11 (AP) — The harbour board met.\n"],
)
def test_a_date_without_a_year_that_no_other_date_dates_is_unknown(tmp_path, header):
    """No date of the file has a year: the article's date is unknown, with
    no publication said at all (a date of None reads as "day and month
    ambiguous"), rather than a year made up."""
    doc = _scan_one(tmp_path, "Ferry timetable approved\n" + header + BODY * 3)
    assert doc.published is None and doc.publication is None
    assert all(s.published is None for s in doc.segments)
    assert "ambiguous" not in json.dumps(doc.to_dict())


def test_a_date_without_a_year_takes_the_year_of_the_files_other_date(tmp_path):
    text = "Ferry timetable approved\nPosted Dec. 11\n" + BODY * 3 + "The last timetable dates from March 3, 2016.\n"
    doc = _scan_one(tmp_path, text)
    assert doc.published == "2016-12-11"
    assert text[doc.publication.evidence.start : doc.publication.evidence.end] == "Posted Dec. 11"
    by = doc.publication.resolved_by
    assert text[by.start : by.end] == "March 3, 2016"


@pytest.mark.parametrize("written", ["9:05 p.m.", "Posted 9:05 p.m. EST", "10:40 a.m. ET", "Updated at 21.05"])
def test_a_clock_time_alone_is_no_date(tmp_path, written):
    assert find_dates(written) == []
    doc = _scan_one(tmp_path, "Ferry timetable approved\n" + written + "\n" + BODY * 3)
    assert doc.published is None and doc.publication is None


LIVE = (
    "Election night on the islands: live updates\n"
    "9:05 p.m. EST Nov. 8, 2016\n"
    "Polls have closed on all three islands, and ferries are carrying the sealed ballot boxes to the harbour hall.\n"
    "10:40 p.m. EST Nov. 8, 2016\n"
    "The first count from the northern island shows turnout well above the last election, the returning officer said.\n"
    "11:52 p.m. EST Nov. 8, 2016\n"
    "With two of the three islands counted, the harbour board seat remains too close to call.\n"
)


def test_a_live_blogs_entry_times_are_not_its_date(tmp_path):
    """Lines that start with a time, several to an article, are a live
    blog's entries: the first of them, right under the headline, is not the
    article's publication date."""
    doc = _scan_one(tmp_path, LIVE + BODY)
    assert doc.published is None and doc.publication is None


def test_a_live_blogs_own_date_line_is_read_past_its_entries(tmp_path):
    text = LIVE + BODY + "Last updated Nov. 9, 2016 at 1:15 a.m.\n"
    doc = _scan_one(tmp_path, text)
    assert doc.published == "2016-11-09"
    ev = doc.publication.evidence
    assert ev.start >= text.index("Last updated Nov. 9, 2016")


def test_one_time_led_date_line_is_still_the_articles_date(tmp_path):
    """One header line led by a time ("9:41 a.m. March 3, 2025") is a page's
    date line, not a live blog."""
    text = "Ferry timetable approved\n9:41 a.m. March 3, 2025\n" + BODY * 3
    doc = _scan_one(tmp_path, text)
    assert doc.published == "2025-03-03"
    assert doc.publication.evidence.start == text.index("March 3, 2025")


def test_a_blogs_date_line_with_an_at_sign_before_the_time_is_read(tmp_path):
    # Global Voices prints "Thursday, June 11th, 2009 @ 10:57 UTC" under the title.
    written = "Thursday, June 11th, 2009 @ 10:57 UTC"
    text = f"Ferry timetable approved\n\n{written}\n\n{BODY}"
    doc = _scan_one(tmp_path, text)
    assert doc.published == "2009-06-11"
    assert doc.publication.evidence.start == text.index(written)
