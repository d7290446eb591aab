"""Acceptance on the seed corpus: expected offsets come from the seed text."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import SEEDS, SHARED_TOOLS, covers, nth

from provenance.report import to_json

S000 = "000_25dbbafef6f50195.txt"
S003 = "003_4be7770271fcae25.txt"
S004 = "004_fce141847a8d4f3b.txt"
REUTERS_FIRST = "A Russian service member stands next to the remains of a drone"
REUTERS_LAST = (
    "between Kyiv and Washington after a weekend meeting between Trump and Ukraine's President Volodymyr Zelenskiy."
)
TRUTH_SOCIAL = [
    "We discussed the attack on Russia’s docked airplanes, by Ukraine, and also various other attacks "
    "that have been taking place by both sides",
    "not a conversation that will lead to immediate Peace",
    "did say, and very strongly, that he will have to respond to the recent attack on the airfields",
]


def test_doubled_reuters_story_is_one_repeated_block(seed_report, seed_texts):
    text = seed_texts[S000]
    blocks = [f for f in seed_report.of_kind("repeated-block") if f.span.doc == S000]
    assert len(blocks) == 1
    block = blocks[0]
    second_start = nth(text, REUTERS_FIRST, 2)
    second_end = nth(text, REUTERS_LAST, 2) + len(REUTERS_LAST)
    first_start = nth(text, REUTERS_FIRST, 1)
    first_end = nth(text, REUTERS_LAST, 1) + len(REUTERS_LAST)
    assert (block.span.start, block.span.end) == (second_start, second_end)
    assert (block.copy_of.doc, block.copy_of.start, block.copy_of.end) == (S000, first_start, first_end)
    assert block.similarity == 1.0


def test_no_other_long_repeated_block(seed_report, seed_texts):
    others = [f for f in seed_report.of_kind("repeated-block") if f.span.doc != S000]
    for f in others:
        words = re.findall(r"\w+", seed_texts[f.span.doc][f.span.start : f.span.end])
        assert len(words) < 25, f.message


@pytest.mark.parametrize("phrase", TRUTH_SOCIAL)
def test_truth_social_quotation_is_a_quoted_shared_passage(seed_report, seed_texts, phrase):
    a = nth(seed_texts[S003], phrase)
    b = nth(seed_texts[S004], phrase)
    hits = [
        f
        for f in seed_report.of_kind("shared-passage")
        if any(covers(s, S003, a, a + len(phrase)) for s in f.spans)
        and any(covers(s, S004, b, b + len(phrase)) for s in f.spans)
    ]
    assert hits, f"no shared passage covers {phrase!r} in both stories"
    assert all(f.quoted for f in hits)


def test_quoted_passages_do_not_swallow_the_narrative_between_quotes(seed_report, seed_texts):
    narrative = nth(seed_texts[S004], "he wrote, noting, however")
    for f in seed_report.of_kind("shared-passage"):
        for s in f.spans:
            if s.doc == S004:
                assert not (s.start <= narrative < s.end), f.message


@pytest.mark.parametrize(
    ("nyt", "reuters"),
    [
        (
            "Ukraine did not target President Vladimir V. Putin of Russia or one of his residences",
            "Ukraine did not target Putin or one of his residences",
        ),
        ("on social media a link to a New York Post editorial", "on social media a New York Post editorial"),
    ],
)
def test_wording_shared_by_the_two_articles_of_one_file(seed_report, seed_texts, nyt, reuters):
    text = seed_texts[S000]
    boundary = nth(text, "New York Times News Service")
    a = nth(text, nyt)
    b = nth(text, reuters)  # the first Reuters copy; the second is the repeated block
    assert a < boundary < b
    hits = [
        f
        for f in seed_report.of_kind("shared-passage")
        if any(covers(s, S000, a, a + len(nyt)) for s in f.spans)
        and any(covers(s, S000, b, b + len(reuters)) for s in f.spans)
    ]
    assert len(hits) == 1
    assert not hits[0].quoted


def test_same_topic_seeds_are_not_duplicate_documents(seed_report):
    assert seed_report.of_kind("duplicate-document") == []


def test_every_span_gives_back_its_passage(seed_report, seed_texts):
    for f in seed_report.findings:
        for s in f.spans_for_id():
            text = seed_texts[s.doc]
            assert 0 <= s.start < s.end <= len(text)
            passage = text[s.start : s.end]
            assert passage.strip() == passage, "spans are trimmed to the words"
            assert passage[0].isalnum(), passage


def test_documents_match_the_files(seed_report, seed_texts):
    assert [d.id for d in seed_report.documents] == sorted(seed_texts)
    for doc in seed_report.documents:
        assert doc.text == seed_texts[doc.id]
        assert doc.to_dict()["chars"] == len(seed_texts[doc.id])


def test_json_report_passes_the_shared_checker(seed_report, tmp_path):
    checker = SHARED_TOOLS / "check_report.py"
    if not checker.exists():
        pytest.skip("../shared/tools/check_report.py is not beside this checkout")
    out = tmp_path / "report.json"
    out.write_text(to_json(seed_report), encoding="utf-8")
    result = subprocess.run([sys.executable, str(checker), str(out), str(SEEDS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok")


def test_json_report_has_the_contract_fields(seed_report):
    data = json.loads(to_json(seed_report))
    assert data["format_version"] == 2
    assert data["tool"]["name"] == "provenance"
    assert {"shingle_size", "num_perm", "threshold"} <= data["settings"].keys()
    for f in data["findings"]:
        assert {"kind", "id", "message"} <= f.keys()
        if f["kind"] == "repeated-block":
            assert {"span", "copy_of", "similarity"} <= f.keys()
        if f["kind"] == "shared-passage":
            assert {"spans", "similarity", "quoted"} <= f.keys()
    assert len({f["id"] for f in data["findings"]}) == len(data["findings"])


@pytest.mark.parametrize("pooled", [False, True])
def test_a_scan_leaves_the_cycle_collector_as_it_found_it(pooled, monkeypatch):
    """A scan pauses the cycle collector while workers' results come in; the
    caller's process must get it back as it was, whichever path ran."""
    import gc

    import provenance

    if pooled:
        monkeypatch.setattr(provenance.engine.workers, "MIN_PARALLEL_ITEMS", 1)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    report = provenance.scan([SEEDS], jobs=2)
    assert report.findings
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    gc.disable()
    try:
        provenance.scan([SEEDS], jobs=2)
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()


def test_each_documents_title_is_its_first_non_blank_line(seed_report, seed_texts):
    # Read in the first pass's workers and handed back chunk by chunk.
    titles = {d.id: d.title for d in seed_report.documents}
    assert len(set(titles.values())) == len(seed_texts)
    for name, text in seed_texts.items():
        first = next(line for line in text.splitlines() if line.strip())
        assert titles[name] == first.strip()[:200]
