"""Clusters of copies: a text carried by many documents is one finding with
all its copies, and the lineage a forest (report format version 2).

The corpora are built here from the seeds' real text by known
transformations (reprints trimmed from the bottom, a local paragraph, an
outlet's page around it, a few words edited), so every expectation follows
from how the corpus was made, not from a past run.
"""

from __future__ import annotations

import json
import random
import re
import threading
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from conftest import SEEDS, read

import provenance
import provenance.engine
from provenance.cluster import components
from provenance.report import to_json

STORY_A = read(SEEDS / "003_4be7770271fcae25.txt")
STORY_B = read(SEEDS / "004_fce141847a8d4f3b.txt")
# A quotation both stories carry (Trump's Truth Social post).
QUOTE = "We discussed the attack on Russia’s docked airplanes, by Ukraine, and also various other attacks"
TOWNS = ["Ashford", "Bexley", "Crewe", "Dorking", "Ely", "Frome", "Goole", "Hythe", "Ilkley", "Jarrow"]


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def reprint(story: str, outlet: int, keep: float, rng: random.Random, day: int) -> str:
    """One outlet's copy of a story: its page around it, a date, the story
    trimmed from the bottom to ``keep`` of its paragraphs (three at least),
    a few words changed, and a paragraph of its own."""
    paras = paragraphs(story)
    title, body = paras[0], paras[1:]
    kept = body[: max(3, round(len(body) * keep))]
    words = " \n ".join(kept).split(" ")
    for _ in range(2):
        j = rng.randrange(len(words))
        if words[j].isalpha() and words[j].islower():
            words[j] = rng.choice(["reportedly", "swiftly", "quietly", "firmly"])
    town = TOWNS[outlet % len(TOWNS)]
    local = (
        f"Readers in {town} can follow the talks on this website, where the editors of the {town} "
        f"Courier will publish every statement as it comes in, the paper said on day {day}."
    )
    return (
        f"The {town} Courier\nHome | World | Business | Sport\n{title}\nPublished March {day}, 2026\n"
        + " ".join(words).replace(" \n ", "\n")
        + f"\n{local}\nSubscribe to the {town} Courier newsletter\n© 2026 {town} Courier Ltd.\n"
    )


def filler(rng: random.Random, paragraphs_: int = 4) -> list[str]:
    """Paragraphs of words no other document has."""
    return [" ".join(f"z{rng.randrange(10**9)}" for _ in range(rng.randint(30, 60))) + "." for _ in range(paragraphs_)]


@pytest.fixture(scope="module")
def clusters(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Story A: the original and 49 reprints (one trimmed to 40 %); story B,
    which quotes the same post: the original and 9 reprints; 30 unrelated
    articles that each carry one quotation; the kind of every file."""
    root = tmp_path_factory.mktemp("clusters")
    rng = random.Random(18)
    kinds: dict[str, str] = {}

    def write(name: str, text: str, kind: str) -> None:
        (root / name).write_text(text, encoding="utf-8")
        kinds[name] = kind

    write("a00.txt", STORY_A.replace("\n", "\nPublished March 1, 2026\n", 1), "A")
    for i in range(1, 50):
        keep = 0.4 if i == 7 else rng.uniform(0.6, 1.0)
        write(f"a{i:02d}.txt", reprint(STORY_A, i, keep, rng, 2 + i % 20), "A")
    write("b00.txt", STORY_B.replace("\n", "\nPublished March 1, 2026\n", 1), "B")
    for i in range(1, 10):
        write(f"b{i:02d}.txt", reprint(STORY_B, i + 3, rng.uniform(0.7, 1.0), rng, 3 + i), "B")
    for i in range(30):
        paras = filler(rng)
        paras.insert(2, f"“{QUOTE},” z{rng.randrange(10**9)} z{rng.randrange(10**9)} wrote.")
        write(f"q{i:02d}.txt", f"Column number {i}\n" + "\n".join(paras) + "\n", "Q")
    return root, kinds


@pytest.fixture(scope="module")
def report(clusters) -> provenance.Report:
    return provenance.scan([clusters[0]])


def groups(report) -> list:
    return report.of_kind("duplicate-document")


def test_a_story_reprinted_50_times_is_one_group_of_50_with_49_copy_edges(report, clusters):
    _, kinds = clusters
    story_a = sorted(n for n, k in kinds.items() if k == "A")
    [group] = [g for g in groups(report) if "a00.txt" in g.docs]
    assert list(group.docs) == story_a
    assert group.root == "a00.txt" and group.root_why == "earliest published (2026-03-01)"
    # One copy edge into each member but the root, from the root; the
    # quotation story B shares with some of them is another relation.
    copy_edges = [
        e
        for e in report.lineage["edges"]
        if e["target"] in story_a and (e["relation"] == "duplicate" or e["source"] in story_a)
    ]
    assert len(copy_edges) == 49
    assert all(e["source"] == "a00.txt" and e["relation"] == "duplicate" and e["directed"] for e in copy_edges)
    [cluster] = [c for c in report.lineage["clusters"] if c["root"] == "a00.txt"]
    assert cluster["documents"] == story_a


def test_a_trimmed_reprint_is_in_its_story_and_carries_what_it_kept(report):
    [group] = [g for g in groups(report) if "a00.txt" in g.docs]
    k = group.member("a07.txt")
    body = paragraphs(STORY_A)[1:]
    assert len(body) >= 10  # so that 40 % is more than the three paragraphs kept at least
    words = len(re.findall(r"\w+", "\n".join(body)))
    kept = len(re.findall(r"\w+", "\n".join(body[: round(len(body) * 0.4)])))
    # It keeps about 40 % of the story, and most of its own text is the story's.
    assert abs(group.carries[k] - kept / words) < 0.1
    assert group.containment[k] > 0.6


def test_two_stories_quoting_one_post_are_two_groups_sharing_a_passage(report, clusters):
    _, kinds = clusters
    found = {g.root: set(g.docs) for g in groups(report)}
    assert found == {
        "a00.txt": {n for n, k in kinds.items() if k == "A"},
        "b00.txt": {n for n, k in kinds.items() if k == "B"},
    }
    # The quotation the two stories share is reported across the groups.
    shared = [
        f
        for f in report.of_kind("shared-passage")
        if {s.doc[0] for s in f.spans} >= {"a", "b"} and any(QUOTE[:40] in _text(report, s) for s in f.spans)
    ]
    assert shared and all(f.quoted for f in shared)


def _text(report, span) -> str:
    return report.by_id[span.doc].text[span.start : span.end]


def test_a_passage_carried_by_30_documents_is_one_finding_with_30_spans(report, clusters):
    root, kinds = clusters
    columns = sorted(n for n, k in kinds.items() if k == "Q")
    [finding] = [f for f in report.of_kind("shared-passage") if {s.doc for s in f.spans} & set(columns)]
    in_columns = [s for s in finding.spans if s.doc in columns]
    assert sorted(s.doc for s in in_columns) == columns  # each column once
    for s in in_columns:
        text = read(root / s.doc)
        at = text.index(QUOTE)
        assert s.start <= at and at + len(QUOTE) <= s.end, _text(report, s)
    # The stories that carry it too are joined to it through one copy each.
    others = {s.doc for s in finding.spans} - set(columns)
    assert len(others) <= 2
    assert finding.quoted
    # Its lineage is a star, not a clique: one edge into each copy but one.
    edges = [e for e in report.lineage["edges"] if finding.id in e.get("findings", [])]
    assert len(edges) <= 2 * len(finding.spans)


def test_the_lineage_is_a_forest_that_grows_with_the_documents(report):
    graph = nx.DiGraph()
    copies = [e for e in report.lineage["edges"] if e["relation"] == "duplicate"]
    graph.add_edges_from((e["source"], e["target"]) for e in copies)
    assert nx.is_forest(graph.to_undirected())
    assert max(d for _, d in graph.in_degree()) == 1
    assert len(report.lineage["edges"]) <= 2 * len(report.documents)


def test_the_report_is_the_same_on_workers(clusters, report, monkeypatch):
    monkeypatch.setattr(provenance.engine.workers, "MIN_PARALLEL_ITEMS", 1)
    monkeypatch.setattr(provenance.engine.workers, "CHUNK", 7)
    assert to_json(provenance.scan([clusters[0]], jobs=2)) == to_json(report)


def test_scans_from_two_threads_at_once_give_two_correct_reports(seed_report):
    expected = to_json(seed_report)
    results: dict[int, str] = {}
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for _ in range(3):
                results[k] = to_json(provenance.scan([SEEDS]))
                assert results[k] == expected
        except BaseException as exc:  # handed to the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert results == {0: expected, 1: expected}


def test_union_find_gives_the_connected_components():
    rng = np.random.default_rng(18)
    for n, m in ((1, 0), (10, 4), (200, 150), (500, 800)):
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        labels = components(n, a, b)
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(zip(a.tolist(), b.tolist(), strict=True))
        want = sorted(sorted(c) for c in nx.connected_components(graph))
        got: dict[int, list[int]] = {}
        for node, lab in enumerate(labels.tolist()):
            got.setdefault(lab, []).append(node)
        assert sorted(got.values()) == want
        # Numbered in order of their smallest node.
        firsts = [min(nodes) for _, nodes in sorted(got.items())]
        assert firsts == sorted(firsts)


def test_json_report_of_clusters_passes_the_shared_checker(report, clusters, tmp_path):
    import subprocess
    import sys

    from conftest import SHARED_TOOLS

    checker = SHARED_TOOLS / "check_report.py"
    if not checker.exists():
        pytest.skip("../shared/tools/check_report.py is not beside this checkout")
    out = tmp_path / "report.json"
    out.write_text(to_json(report), encoding="utf-8")
    result = subprocess.run([sys.executable, str(checker), str(out), str(clusters[0])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format_version"] == 2


def test_the_drawing_shows_a_story_as_a_small_tree(report, clusters):
    """DOT draws each group in a box: its root, twelve members, and the rest
    counted in one node; agencies are in the labels, not fanned out."""
    from provenance.report.graph import to_dot

    source = to_dot(report)
    drawn = set(re.findall(r'"([ab]\d\d\.txt)"', source))
    assert "a00.txt" in drawn and len({d for d in drawn if d.startswith("a")}) == 13
    assert "… and 37 more copies" in source
    assert "agency:" not in source
