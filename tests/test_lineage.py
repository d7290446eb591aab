"""Lineage on the seeds: article boundaries, attribution, dates, relations, exports.

Every expected offset is found in the seed text with ``str.find``.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import SEEDS, installed, nth

import provenance.engine
from provenance.boilerplate import Lined
from provenance.cli import main
from provenance.config import Settings
from provenance.lineage import build_lineage
from provenance.lineage.articles import _TOPIC_WINDOW, _content_words, _Reader
from provenance.lineage.segments import _AGENCY_DATELINE, _LABEL_LINE
from provenance.load import load
from provenance.memo import Memo
from provenance.model import Document
from provenance.report.graph import to_dot, to_graphml

D000 = "000_25dbbafef6f50195.txt"
D001 = "001_c02827c16e5a327c.txt"
D002 = "002_10e13ea79e25eab9.txt"
D003 = "003_4be7770271fcae25.txt"
D004 = "004_fce141847a8d4f3b.txt"
COPY_RELATIONS = {"derived", "wire-copy", "duplicate"}


def _text(report, doc_id, span) -> str:
    return report.by_id[doc_id].text[span.start : span.end]


def _edges(report, relation=None):
    return [e for e in report.lineage["edges"] if relation is None or e["relation"] == relation]


def _doc_of(report, node: str) -> str | None:
    for n in report.lineage["nodes"]:
        if n["id"] == node:
            return n.get("document", n["id"] if n["type"] == "document" else None)
    return None


# --- 000: two articles --------------------------------------------------------


def test_000_has_two_segments_split_right_after_the_nyt_credit(seed_report, seed_texts):
    text = seed_texts[D000]
    segments = seed_report.by_id[D000].segments
    assert len(segments) == 2
    credit_end = nth(text, "New York Times News Service") + len("New York Times News Service")
    # The boundary is the start of the line after the credit.
    assert segments[0].start == 0 and segments[-1].end == len(text)
    assert segments[0].end == segments[1].start == credit_end + 1
    assert text[credit_end] == "\n"
    assert text[segments[1].start :].startswith("Russia hands to US what it says attempted Ukrainian strike")
    assert "after the sign-off" in segments[1].boundary


def test_000_first_article_is_nyt_news_service_second_is_reuters(seed_report, seed_texts):
    text = seed_texts[D000]
    first, second = seed_report.by_id[D000].segments
    assert first.attribution.agency == "New York Times News Service"
    assert [_text(seed_report, D000, s) for s in first.attribution.evidence] == ["New York Times News Service"]
    assert second.attribution.agency == "Reuters"
    evidence = [_text(seed_report, D000, s) for s in second.attribution.evidence]
    assert "Reuters could not immediately verify the report" in evidence
    # The photo credit "PHOTO: Russian Defence Ministry via Reuters file" is no evidence.
    photo = nth(text, "PHOTO: Russian Defence Ministry via Reuters")
    photo_end = text.index("\n", photo)
    for span in second.attribution.evidence:
        assert not (span.start < photo_end and photo < span.end)
    assert [a.agency for a in second.attributions] == ["Reuters"]
    assert [a.agency for a in first.attributions] == ["New York Times News Service"]


def test_000_publication_dates_with_evidence(seed_report, seed_texts):
    text = seed_texts[D000]
    doc = seed_report.by_id[D000]
    first, second = doc.segments
    assert doc.published in ("2026-01-01", "2026-01-02")
    assert doc.publication is not None
    assert text[doc.publication.evidence.start : doc.publication.evidence.end] in (
        "Published 02.01.26",
        "PUBLISHED ONJanuary 01, 2026",
    )
    # "02.01.26" reads 2 January or 1 February; the file's "January 01, 2026"
    # decides for 2 January.
    assert first.published.date == "2026-01-02"
    assert set(first.published.readings) == {"2026-01-02", "2026-02-01"}
    by = first.published.resolved_by
    assert by is not None and "2026" in text[by.start : by.end]
    assert second.published.date == "2026-01-01"
    ev = second.published.evidence
    assert text[ev.start : ev.end] == "PUBLISHED ONJanuary 01, 2026"
    assert ev.start == nth(text, "PUBLISHED ONJanuary 01, 2026")


# --- 001-004 --------------------------------------------------------------------


def test_002_is_published_2025_12_29_and_its_photo_credits_are_no_attribution(seed_report, seed_texts):
    doc = seed_report.by_id[D002]
    assert doc.published == "2025-12-29"
    ev = doc.publication.evidence
    assert seed_texts[D002][ev.start : ev.end].strip() == "date 2025-12-29"
    assert all(s.attribution is None for s in doc.segments)
    assert "AFP via Getty Images" in seed_texts[D002]  # the credit is there, and ignored


@pytest.mark.parametrize("doc_id", [D001, D002, D003, D004])
def test_other_seeds_have_no_agency_attribution(seed_report, doc_id):
    doc = seed_report.by_id[doc_id]
    assert len(doc.segments) == 1
    assert doc.segments[0].attributions == ()
    assert not [e for e in _edges(seed_report, "wire-copy") if _doc_of(seed_report, e["target"]) == doc_id]


def test_003_and_004_quote_one_source_and_neither_copied(seed_report, seed_texts):
    between = [e for e in seed_report.lineage["edges"] if {e["source"], e["target"]} == {D003, D004}]
    assert [e["relation"] for e in between] == ["quotes-same-source"]
    edge = between[0]
    assert edge["directed"] is False
    quote = "We discussed the attack on Russia’s docked airplanes"
    texts = {D003: seed_texts[D003], D004: seed_texts[D004]}
    starts = {(s["doc"], texts[s["doc"]].find(quote)) for s in edge["evidence"] if s["doc"] in texts}
    assert all(any(s["doc"] == doc and s["start"] <= at < s["end"] for s in edge["evidence"]) for doc, at in starts)
    assert {s["doc"] for s in edge["evidence"]} == {D003, D004}
    # The primary source is Trump's Truth Social post.
    source = next(n for n in seed_report.lineage["nodes"] if n["id"] == edge["primary_source"])
    assert source["type"] == "source" and "Trump" in source["label"] and "Truth Social" in source["label"]
    # Both stories are drawn from it; neither from the other.
    from_source = {e["target"] for e in _edges(seed_report, "derived") if e["source"] == source["id"]}
    assert from_source == {D003, D004}
    assert not [e for e in between if e["relation"] in COPY_RELATIONS]


def test_wire_copy_edges_point_from_each_agency_to_its_segment(seed_report):
    edges = {(e["source"], e["target"]) for e in _edges(seed_report, "wire-copy")}
    assert ("agency:New York Times News Service", f"{D000}#1") in edges
    assert ("agency:Reuters", f"{D000}#2") in edges
    assert all(e["directed"] for e in _edges(seed_report, "wire-copy"))
    nodes = {n["id"]: n for n in seed_report.lineage["nodes"]}
    assert nodes[f"{D000}#2"]["start"] == seed_report.by_id[D000].segments[1].start
    assert nodes["agency:Reuters"]["type"] == "agency"


def test_edges_are_directed_only_on_evidence(seed_report):
    for edge in seed_report.lineage["edges"]:
        assert 0 <= edge["confidence"] <= 1
        if edge["relation"] == "derived" and not edge.get("quoted"):
            assert edge["directed"] == (edge["direction"] is not None)
    # 003 and 004 give no dates and no credits: nothing orders them.
    assert seed_report.by_id[D003].published is None and seed_report.by_id[D004].published is None


def test_json_report_carries_segments_and_lineage(seed_report, seed_texts):
    data = json.loads(json.dumps(seed_report.to_dict()))
    doc = next(d for d in data["documents"] if d["id"] == D000)
    assert [s["attribution"] for s in doc["segments"]] == ["New York Times News Service", "Reuters"]
    for segment in doc["segments"]:
        for span in segment["attribution_evidence"]:
            assert seed_texts[D000][span["start"] : span["end"]].strip()
    assert {n["type"] for n in data["lineage"]["nodes"]} == {"document", "segment", "agency", "source"}
    assert {e["relation"] for e in data["lineage"]["edges"]} <= {
        "wire-copy",
        "derived",
        "duplicate",
        "quotes-same-source",
    }


# --- Exports --------------------------------------------------------------------


def test_graphml_export_loads_in_networkx(seed_report, tmp_path):
    path = tmp_path / "lineage.graphml"
    path.write_text(to_graphml(seed_report), encoding="utf-8")
    graph = nx.read_graphml(path)
    assert set(graph.nodes) == {n["id"] for n in seed_report.lineage["nodes"]}
    assert graph.number_of_edges() == len(seed_report.lineage["edges"])
    assert graph.nodes["agency:Reuters"]["type"] == "agency"
    relations = sorted(d["relation"] for _, _, d in graph.edges(data=True))
    assert relations == sorted(e["relation"] for e in seed_report.lineage["edges"])
    wire = [d for u, v, d in graph.edges(data=True) if u == "agency:Reuters"]
    assert json.loads(wire[0]["evidence"])[0]["doc"] == D000


@pytest.fixture(scope="session")
def graphviz_dot() -> str:
    """Graphviz's ``dot``, installed by the project's script when missing."""
    return installed("dot", "graphviz")


def test_dot_export_renders_with_graphviz(seed_report, tmp_path, graphviz_dot):
    source = tmp_path / "lineage.dot"
    source.write_text(to_dot(seed_report), encoding="utf-8")
    out = tmp_path / "lineage.svg"
    run = subprocess.run([graphviz_dot, "-Tsvg", str(source), "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    svg = out.read_text(encoding="utf-8").replace("&#45;", "-")  # Graphviz escapes hyphens
    assert "<svg" in svg and "[Reuters]" in svg and "quotes-same-source" in svg
    # One drawn edge per lineage edge but the agencies' (a credit is in its
    # article's label).
    relations = [e["relation"] for e in seed_report.lineage["edges"]]
    assert "wire-copy" in relations
    assert svg.count('class="edge"') == len([r for r in relations if r != "wire-copy"])


@pytest.mark.parametrize("fmt", ["json", "graphml", "dot"])
def test_graph_command_writes_each_format(tmp_path, fmt):
    out = tmp_path / f"lineage.{fmt}"
    result = CliRunner().invoke(main, ["graph", str(SEEDS), "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert {"nodes", "edges", "clusters"} <= data.keys()
    elif fmt == "graphml":
        assert nx.read_graphml(out).number_of_nodes() > 5
    else:
        assert text.startswith("digraph")


def test_graph_command_rejects_unknown_format():
    result = CliRunner().invoke(main, ["graph", str(SEEDS), "--format", "png"])
    assert result.exit_code == 2


def test_graph_command_to_stdout(tmp_path: Path):
    result = CliRunner().invoke(main, ["graph", str(SEEDS)])
    assert result.exit_code == 0
    assert json.loads(result.output)["edges"]


@pytest.mark.parametrize("finder", [_LABEL_LINE, _AGENCY_DATELINE], ids=["label", "agency-dateline"])
def test_line_start_patterns_find_what_multiline_caret_finds(finder):
    """Searched for by the line break before them, the patterns match where
    ``^`` with ``re.MULTILINE`` does: at the start, after every break, with
    matches that run over a break."""
    definition = re.compile(rf"^(?:{finder.body})", finder.flags | re.MULTILINE)
    pieces = [
        "\n",
        "\n",
        " ",
        "\t",
        "\r\n",
        "Published",
        "first ",
        "LAST\n",
        "updated",
        "dated",
        "x" * 30,
        "Monday",
        "(AP)",
        "(Reuters)",
        "LONDON ",
        "(",
        ")",
        "Posted by us",
        "é",
        "\u2028",
    ]
    rng = random.Random(7)
    seen = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        expected = [m.span() for m in definition.finditer(text)]
        assert finder.spans(text) == expected, repr(text)
        seen += bool(expected)
    assert seen > 300


def test_lineage_begun_before_classify_is_the_lineage_of_the_findings(tmp_path, monkeypatch):
    """A scan works out the lineage of documents without repeated blocks
    while it classifies, from their boilerplate (templates' included); it must
    equal what the finished findings give, for every document."""
    fixtures = Path(__file__).parent / "fixtures" / "lineage"
    for path in [*sorted(SEEDS.glob("*.txt")), *sorted(fixtures.glob("*.txt"))]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    # A line of the site's page atop six files: a template.
    template = "Ledger Media Group, Springfield Edition"
    for name in ["two_articles.txt", "embedded_two_agencies.txt", "repub_a.txt", "topic_shift.txt", D001, D003]:
        text = (tmp_path / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(f"{template}\n\n{text}", encoding="utf-8")
    # A story ingested twice in one file: its second copy's dateline is no
    # article's start, as only the repeated block found at the end shows.
    story = (fixtures / "reuters_signoff.txt").read_text(encoding="utf-8")
    (tmp_path / "doubled.txt").write_text(f"{story}\n\n{story}", encoding="utf-8")
    monkeypatch.setattr(provenance.engine, "MIN_PARALLEL_ITEMS", 1)  # a pool, so workers' results are compared
    monkeypatch.setattr(provenance.engine, "CHUNK", 3)
    for jobs in (1, 2):
        report = provenance.scan([tmp_path], jobs=jobs)
        categories = {f.category for f in report.findings if f.kind == "boilerplate"}
        assert "template" in categories
        assert any(f.kind == "repeated-block" and f.span.doc == "doubled.txt" for f in report.findings)
        fresh = [d for d in load([tmp_path], Settings()) if isinstance(d, Document)]
        build_lineage(fresh, report.findings)
        assert [d.id for d in fresh] == [d.id for d in report.documents]
        for doc, scanned in zip(fresh, report.documents, strict=True):
            assert (scanned.segments, scanned.published, scanned.publication) == (
                doc.segments,
                doc.published,
                doc.publication,
            ), doc.id


@pytest.mark.parametrize("memo", [None, Memo()], ids=["alone", "memo"])
def test_the_words_around_a_line_are_those_of_the_nearest_prose_lines_on_each_side(memo):
    """The article split's topic windows, read once per window, against
    their definition: every line of every fixture and seed."""
    root = Path(__file__).resolve().parent
    for path in sorted([*SEEDS.glob("*.txt"), *(root / "fixtures").glob("*/*.txt")]):
        doc_lines = Lined(Document(id=path.name, text=path.read_text(encoding="utf-8"))).lines
        reader = _Reader(doc_lines, memo)
        for i in range(len(doc_lines)):
            before = [j for j in range(i - 1, -1, -1) if doc_lines[j].prose][:_TOPIC_WINDOW]
            after = [j for j in range(i + 1, len(doc_lines)) if doc_lines[j].prose][:_TOPIC_WINDOW]
            expected = tuple(set().union(*(_content_words(doc_lines[j].text) for j in js)) for js in (before, after))
            assert reader.around(i) == expected, (path.name, i)
