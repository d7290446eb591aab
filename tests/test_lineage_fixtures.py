"""Lineage on small hand-written articles (tests/fixtures/lineage/).

The expected answers are the annotations in that folder's README.md, written
with the articles; offsets are found in the fixture text with ``str.find``.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, read

import provenance

FIXTURES = ROOT / "tests" / "fixtures" / "lineage"
EXPECTED = json.loads(re.search(r"```json\n(.*?)```", read(FIXTURES / "README.md"), re.S).group(1))
FILES = EXPECTED["files"]


@pytest.fixture(scope="module")
def report() -> provenance.Report:
    # The articles only: README.md quotes their lines.
    return provenance.scan(sorted(FIXTURES.glob("*.txt")))


def _line_range(text: str, line: str) -> tuple[int, int]:
    start = text.find(line)
    assert start != -1, f"{line[:50]!r} is not in the fixture"
    assert text.find(line, start + 1) == -1, f"{line[:50]!r} occurs twice"
    return start, start + len(line)


def _agencies(doc) -> set[str]:
    return {a.agency for s in doc.segments for a in s.attributions}


def _check_article(doc, segment_or_doc_expect: dict, segments) -> None:
    text = doc.text
    expected = set(segment_or_doc_expect.get("attribution") or ())
    assert {a.agency for s in segments for a in s.attributions} == expected
    for agency, items in (segment_or_doc_expect.get("attribution_evidence") or {}).items():
        found = [a for s in segments for a in s.attributions if a.agency == agency]
        assert found, agency
        spans = [text[e.start : e.end] for a in found for e in a.evidence]
        kinds = {k for a in found for k in a.kinds}
        for item in items:
            assert any(item["match"] in span or span in item["match"] for span in spans), (agency, item["match"], spans)
            assert item["kind"] in kinds, (agency, item["kind"], kinds)
    for item in segment_or_doc_expect.get("not_attribution_evidence") or ():
        lo, hi = _line_range(text, item["line"])
        for s in segments:
            for a in s.attributions:
                for e in a.evidence:
                    assert not (e.start < hi and lo < e.end), (a.agency, text[e.start : e.end], item["why"])


@pytest.mark.parametrize("name", sorted(FILES))
def test_articles_attribution_and_date(report, name):
    expect = FILES[name]
    doc = report.by_id[name]
    assert len(doc.segments) == expect["articles"], [s.boundary for s in doc.segments]
    _check_article(doc, expect, doc.segments)
    assert doc.published == expect["published"]
    evidence = expect.get("date_evidence")
    if evidence and expect["published"]:
        lo, hi = _line_range(doc.text, evidence["line"])
        ev = doc.publication.evidence
        assert lo <= ev.start and ev.end <= hi and evidence["match"] in doc.text[ev.start : ev.end]


@pytest.mark.parametrize("name", [n for n in sorted(FILES) if "segments" in FILES[n]])
def test_each_article_of_a_multi_article_file(report, name):
    expect = FILES[name]
    doc = report.by_id[name]
    text = doc.text
    boundary = text.find(expect["boundary_line"])
    assert doc.segments[1].start == boundary
    if "boundary_after_line" in expect:
        assert text[: doc.segments[1].start].rstrip().endswith(expect["boundary_after_line"])
    for segment, seg_expect in zip(doc.segments, expect["segments"], strict=True):
        assert text[segment.start :].lstrip().startswith(seg_expect["first_line"])
        _check_article(doc, seg_expect, [segment])
        published = seg_expect.get("published")
        assert (segment.published.date if segment.published else None) == published
        if "date_readings" in seg_expect:
            assert set(segment.published.readings) == set(seg_expect["date_readings"])
            by = segment.published.resolved_by
            assert seg_expect["date_resolved_by"]["match"] in text[by.start : by.end]


def test_ambiguous_and_resolved_fixture_dates(report):
    ambiguous = report.by_id["dates_ambiguous.txt"].publication
    assert ambiguous.ambiguous and ambiguous.date is None
    assert set(ambiguous.readings) == set(FILES["dates_ambiguous.txt"]["date_readings"])
    resolved = report.by_id["dates_resolved.txt"].publication
    assert resolved.date == FILES["dates_resolved.txt"]["published"]
    text = report.by_id["dates_resolved.txt"].text
    by = resolved.resolved_by
    assert FILES["dates_resolved.txt"]["date_resolved_by"]["match"] in text[by.start : by.end]


def test_republications_form_one_cluster_rooted_at_the_earliest(report):
    group = EXPECTED["groups"]["republications"]
    clusters = [c for c in report.lineage["clusters"] if set(c["documents"]) & set(group["files_in_date_order"])]
    assert len(clusters) == 1
    assert set(clusters[0]["documents"]) == set(group["files_in_date_order"])
    assert clusters[0]["root"] == group["original"]
    duplicates = {
        (e["source"], e["target"]) for e in report.lineage["edges"] if e["relation"] == "duplicate" and e["directed"]
    }
    assert duplicates == {tuple(pair) for pair in group["edges"]}


def test_two_stories_quoting_one_press_release(report):
    group = EXPECTED["groups"]["press_release"]
    one, two = group["files"]
    between = [e for e in report.lineage["edges"] if {e["source"], e["target"]} == {one, two}]
    assert [e["relation"] for e in between] == ["quotes-same-source"]
    assert between[0]["directed"] is False
    source = next(n for n in report.lineage["nodes"] if n["id"] == between[0]["primary_source"])
    assert group["organisation"] in source["label"] or group["speaker"] in source["label"]
    texts = {one: report.by_id[one].text, two: report.by_id[two].text}
    for quote in group["shared_quotes"]:
        for doc_id, text in texts.items():
            at = text.find(quote)
            assert at != -1
            spans = [s for s in between[0]["evidence"] if s["doc"] == doc_id]
            assert any(s["start"] < at + len(quote) and at < s["end"] for s in spans), quote


def test_no_agency_edges_into_unattributed_fixtures(report):
    unattributed = {name for name, e in FILES.items() if not e.get("attribution")}
    for edge in report.lineage["edges"]:
        if edge["relation"] == "wire-copy":
            assert edge["target"].split("#")[0] not in unattributed, edge


@pytest.mark.parametrize("name", [n for n in sorted(FILES) if FILES[n].get("date_unknown")])
def test_a_date_without_a_year_that_nothing_dates_is_unknown_not_ambiguous(report, name):
    """``Posted Dec. 11`` in a file whose other dates give no year: no
    publication date, and nothing that reads as a day/month ambiguity."""
    doc = report.by_id[name]
    assert FILES[name]["date_evidence"]["match"] in doc.text
    assert doc.published is None and doc.publication is None
    assert all(s.published is None for s in doc.segments)
    assert "ambiguous" not in json.dumps(doc.to_dict())


@pytest.mark.parametrize("name", [n for n in sorted(FILES) if "live_blog_entries" in FILES[n]])
def test_a_live_blogs_entry_times_are_not_its_publication_date(report, name):
    doc = report.by_id[name]
    entries = [_line_range(doc.text, line) for line in FILES[name]["live_blog_entries"]]
    assert len(entries) >= 2
    dates = [doc.publication] + [s.published for s in doc.segments]
    for published in dates:
        if published is not None and published.evidence is not None:
            ev = published.evidence
            assert not any(ev.start < hi and lo < ev.end for lo, hi in entries), doc.text[ev.start : ev.end]
    assert doc.published == FILES[name]["published"]
