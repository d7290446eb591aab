"""Beyond the seeds: a corpus built in the test with planted duplicates.

Every planted item is made from a seed by a known transformation, so the
expected finding follows from how the corpus was built, not from a past run.
"""

from __future__ import annotations

import random
import re
import shutil

import pytest
from conftest import SEEDS, read

import provenance

UNRELATED = (
    "Harbour town opens new ferry terminal\n"
    "The council of a small coastal town unveiled a glass-roofed ferry terminal on Saturday, "
    "ending three years of building work on the old fish market site.\n"
    "Local ferries to the outer islands will now leave every forty minutes in summer, the operator "
    "said, and bicycles travel free of charge until the end of September.\n"
    "Shop owners near the quay welcomed the crowds but asked for more parking spaces.\n"
)
ADDED_PARAGRAPH = (
    "Editor's update: this version adds comments received from the ministry of defence after "
    "publication, together with a corrected figure for the number of aircraft involved."
)


def edit_words(text: str, rate: float, rng: random.Random) -> tuple[str, int]:
    """Replace about ``rate`` of the words with invented ones; returns the count."""
    words = list(re.finditer(r"\w+", text))
    chosen = sorted(rng.sample(range(len(words)), int(len(words) * rate)))
    out, last = [], 0
    for i in chosen:
        m = words[i]
        out.append(text[last : m.start()])
        out.append(f"zq{i}x")
        last = m.end()
    out.append(text[last:])
    return "".join(out), len(chosen)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for path in SEEDS.glob("*.txt"):
        shutil.copyfile(path, root / path.name)
    rng = random.Random(7)
    s001, s002 = read(SEEDS / "001_c02827c16e5a327c.txt"), read(SEEDS / "002_10e13ea79e25eab9.txt")
    s003, s004 = read(SEEDS / "003_4be7770271fcae25.txt"), read(SEEDS / "004_fce141847a8d4f3b.txt")
    (root / "p_exact_003.txt").write_text(s003, encoding="utf-8")
    edited, n_edits = edit_words(s002, 0.10, rng)
    assert n_edits > 30
    (root / "p_edited_002.txt").write_text(edited, encoding="utf-8")
    paragraphs = [p for p in s001.split("\n\n")]
    body = paragraphs[1:]
    rng.shuffle(body)
    (root / "p_reordered_001.txt").write_text("\n\n".join([paragraphs[0], *body]), encoding="utf-8")
    lines = s004.split("\n")
    lines.insert(4, ADDED_PARAGRAPH)
    (root / "p_added_004.txt").write_text("\n".join(lines), encoding="utf-8")
    (root / "p_unrelated.txt").write_text(UNRELATED, encoding="utf-8")
    return provenance.scan([root])


def duplicate_pairs(report):
    """Each pair of documents in one group, with the group."""
    return {frozenset((a, b)): f for f in report.of_kind("duplicate-document") for a in f.docs for b in f.docs if a < b}


def contained(f, doc_id: str) -> float:
    return f.containment[f.member(doc_id)]


@pytest.mark.parametrize(
    ("original", "copy"),
    [
        ("003_4be7770271fcae25.txt", "p_exact_003.txt"),
        ("002_10e13ea79e25eab9.txt", "p_edited_002.txt"),
        ("001_c02827c16e5a327c.txt", "p_reordered_001.txt"),
        ("004_fce141847a8d4f3b.txt", "p_added_004.txt"),
    ],
)
def test_planted_duplicates_are_found(corpus, original, copy):
    pairs = duplicate_pairs(corpus)
    assert frozenset((original, copy)) in pairs
    finding = pairs[frozenset((original, copy))]
    assert finding.docs == tuple(sorted((original, copy)))
    # Nothing dates these copies: the root is the first id, and the original
    # is in it, or it is the root and its copy keeps it.
    k = finding.member(copy)
    assert finding.root == min(original, copy)
    assert (finding.carries[k] if finding.root == original else contained(finding, copy)) >= 0.85


def test_exact_copy_is_fully_contained_both_ways(corpus):
    f = duplicate_pairs(corpus)[frozenset(("003_4be7770271fcae25.txt", "p_exact_003.txt"))]
    assert f.containment == (1.0, 1.0) and f.carries == (1.0, 1.0) and f.similarity == 1.0


def test_added_paragraph_leaves_the_copy_less_contained(corpus):
    f = duplicate_pairs(corpus)[frozenset(("004_fce141847a8d4f3b.txt", "p_added_004.txt"))]
    assert f.root == "004_fce141847a8d4f3b.txt"  # the first id: nothing dates them
    assert contained(f, "p_added_004.txt") < 1.0  # its added paragraph is not in the root
    assert f.carries[f.member("p_added_004.txt")] == 1.0  # it keeps all of the root


def test_only_planted_pairs_are_duplicates(corpus):
    planted = {
        frozenset(p)
        for p in [
            ("003_4be7770271fcae25.txt", "p_exact_003.txt"),
            ("002_10e13ea79e25eab9.txt", "p_edited_002.txt"),
            ("001_c02827c16e5a327c.txt", "p_reordered_001.txt"),
            ("004_fce141847a8d4f3b.txt", "p_added_004.txt"),
        ]
    }
    found = set(duplicate_pairs(corpus))
    assert found - planted == set(), "same-topic articles were called duplicates"


def test_unrelated_article_is_in_no_finding(corpus):
    for f in corpus.findings:
        assert "p_unrelated.txt" not in f.docs_involved(), f.message


def test_copies_of_same_topic_seeds_still_share_only_passages(corpus):
    # 003 and 004 share a quotation, and so do their planted copies: the two
    # groups share passages, reported once each across the groups (one copy
    # of each group stands for the group), never as duplicates.
    groups = {f.root: set(f.docs) for f in corpus.of_kind("duplicate-document")}
    g003, g004 = groups["003_4be7770271fcae25.txt"], groups["004_fce141847a8d4f3b.txt"]
    assert not g003 & g004
    quoted = [f for f in corpus.of_kind("shared-passage") if f.quoted]
    assert quoted
    for f in quoted:
        docs = {s.doc for s in f.spans}
        assert docs & g003 and docs & g004 and len(docs) == 2, f.message
