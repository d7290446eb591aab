"""Lineage stage: the articles in each file, where each came from, and who reused whom.

It runs after :mod:`provenance.classify`, on the documents and findings, and
adds three things:

1. **Segments.** Each file is cut into its articles (:mod:`provenance.lineage.articles`);
   each article gets its agency attribution (:mod:`provenance.lineage.attribution`)
   and publication date (:mod:`provenance.cues.dates`), with the evidence.
2. **Relations** between texts, from the findings, as a forest: a text
   carried by many documents joins each copy to one copy, never every copy
   to every other, so the graph grows with the documents, not with the
   pairs of them.

   * ``duplicate``: a group's root → each other member.
   * ``wire-copy``: an agency → the article that credits it (a group's
     members other than the root get their copy edge from the root).
   * ``derived``: a shared passage's source copy (or, when nothing says
     which, its first copy) → each other copy; and a primary source → each
     article that quotes it.
   * ``quotes-same-source``: shared text inside quotation marks that both
     articles attribute to one speaker or post (:mod:`provenance.lineage.quotes`):
     neither copied the other.

   An edge points from the earlier text to the later one when the dates say
   so, or, failing dates, when one side is credited agency copy and the other
   is not. Otherwise it is undirected (``"directed": false``): direction is
   never guessed.
3. **Clusters**: every group of copies (a story), with its root and why.

The graph is built with networkx; :func:`to_networkx` gives it back from the
report's ``lineage`` block for export (GraphML, DOT).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..memo import Memo
from ..model import (
    Document,
    DuplicateDocument,
    Finding,
    Segment,
    SharedPassage,
    Span,
)
from .quotes import Speaker, speaker_of
from .segments import annotate, noise_by_document

if TYPE_CHECKING:
    import networkx


RELATIONS = ("wire-copy", "derived", "quotes-same-source", "duplicate")
# Shared words at which a derived relation is 63% sure (times similarity).
_DERIVED_WORDS = 30


@dataclass
class _Edge:
    source: str
    target: str
    relation: str
    directed: bool
    evidence: list[Span] = field(default_factory=list)
    confidence: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        spans = sorted(set(self.evidence))
        return {
            "source": self.source,
            "target": self.target,
            "relation": self.relation,
            "evidence": [s.to_dict() for s in spans],
            "confidence": round(self.confidence, 4),
            "directed": self.directed,
        } | {name: sorted(value) if isinstance(value, set) else value for name, value in self.extra.items()}


class _Builder:
    """Collects nodes and edges; one edge per (relation, pair of nodes)."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.docs = {d.id: d for d in docs}
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], _Edge] = {}
        self._speakers: dict[Span, Speaker | None] = {}
        for d in docs:
            self.nodes[d.id] = {
                "id": d.id,
                "type": "document",
                "label": d.title or d.id,
                "published": d.published,
                "attribution": _attribution(d.segments),
            }
            if len(d.segments) > 1:
                for k, s in enumerate(d.segments, 1):
                    self.nodes[f"{d.id}#{k}"] = {
                        "id": f"{d.id}#{k}",
                        "type": "segment",
                        "label": s.title or f"{d.id} article {k}",
                        "document": d.id,
                        "start": s.start,
                        "end": s.end,
                        "published": s.published.date if s.published else None,
                        "attribution": s.attribution.agency if s.attribution else None,
                    }

    def unit(self, span: Span) -> tuple[str, Segment | None]:
        """The node that holds ``span``: the segment of a multi-article file,
        else the document."""
        doc = self.docs[span.doc]
        if len(doc.segments) <= 1:
            return doc.id, doc.segments[0] if doc.segments else None
        for k, s in enumerate(doc.segments, 1):
            if s.start <= span.start < s.end:
                return f"{doc.id}#{k}", s
        return doc.id, None

    def speaker(self, span: Span) -> Speaker | None:
        """Who the quotation holding ``span`` is attributed to (read once a span)."""
        if span not in self._speakers:
            self._speakers[span] = speaker_of(self.docs[span.doc].text, span.doc, span.start, span.end)
        return self._speakers[span]

    def date(self, node: str, segment: Segment | None) -> str | None:
        """A segment's own date; a single-article document's date (which may
        come from a JSON Lines field)."""
        if segment is not None and segment.published and segment.published.date:
            return segment.published.date
        return None if "#" in node else self.docs[node].published

    def add_node(self, node: str, kind: str, label: str, **attrs: Any) -> None:
        self.nodes.setdefault(node, {"id": node, "type": kind, "label": label} | attrs)

    def add_edge(
        self,
        source: str,
        target: str,
        relation: str,
        directed: bool,
        evidence: Sequence[Span],
        confidence: float,
        **extra: Any,
    ) -> None:
        if not directed and target < source:
            source, target = target, source
        key = (relation, source, target)
        edge = self.edges.get(key)
        if edge is None:
            edge = self.edges[key] = _Edge(source, target, relation, directed)
        edge.evidence.extend(evidence)
        edge.confidence = max(edge.confidence, confidence)
        for name, value in extra.items():
            if isinstance(value, list):  # gathered as a set, listed sorted (to_dict)
                edge.extra.setdefault(name, set()).update(value)
            else:
                edge.extra.setdefault(name, value)


def _attribution(segments: Sequence[Segment]) -> str | None:
    names = list(dict.fromkeys(s.attribution.agency for s in segments if s.attribution))
    return ", ".join(names) if names else None


def _order(
    a: str, b: str, date_a: str | None, date_b: str | None, credited_a: bool, credited_b: bool
) -> tuple[str, str, bool, str | None]:
    """(source, target, directed, on what grounds): earlier to later."""
    if date_a and date_b and date_a != date_b:
        return (a, b, True, "dates") if date_a < date_b else (b, a, True, "dates")
    if credited_a != credited_b:
        return (a, b, True, "attribution") if credited_a else (b, a, True, "attribution")
    return a, b, False, None


def _agency_node(name: str) -> str:
    return f"agency:{name}"


def _derived_confidence(similarity: float, words: int) -> float:
    return similarity * (1 - math.exp(-words / _DERIVED_WORDS))


def _wire_copy(b: _Builder, copies: set[str]) -> None:
    """An agency to each article crediting it, except to the copies in a
    group: their one incoming copy edge comes from the group's root."""
    for doc in b.docs.values():
        if doc.id in copies and len(doc.segments) <= 1:
            continue
        for s in doc.segments:
            node, _ = b.unit(Span(doc.id, s.start, s.end))
            for a in s.attributions:
                b.add_node(_agency_node(a.agency), "agency", a.agency)
                b.add_edge(
                    _agency_node(a.agency), node, "wire-copy", True, a.evidence, a.confidence, kinds=list(a.kinds)
                )


_Side = tuple[str, "Segment | None", Span]  # node, its segment, the span in it


def _passage_edges(b: _Builder, f: SharedPassage) -> None:
    """Each copy of a passage joined to one copy, the source when dates or
    credits name one, never every copy to every other."""
    hub = f.source if f.source is not None else 0
    span_h = f.spans[hub]
    node_h, seg_h = b.unit(span_h)
    for k, span in enumerate(f.spans):
        node, seg = b.unit(span)
        if k == hub or node == node_h:
            continue
        if f.quoted:
            _quoted(b, f, (node_h, seg_h, span_h), (node, seg, span))
        else:
            _derived(b, f, (node_h, seg_h, span_h), (node, seg, span))


def _derived(b: _Builder, f: SharedPassage, one: _Side, two: _Side) -> None:
    (a, seg_a, span_a), (c, seg_c, span_c) = one, two
    credit_a = seg_a.attribution if seg_a else None
    credit_c = seg_c.attribution if seg_c else None
    source, target, directed, why = _order(
        a, c, b.date(a, seg_a), b.date(c, seg_c), credit_a is not None, credit_c is not None
    )
    confidence = _derived_confidence(f.similarity, f.words)
    b.add_edge(source, target, "derived", directed, (span_a, span_c), confidence, direction=why, findings=[f.id])


def _quoted(b: _Builder, f: SharedPassage, one: _Side, two: _Side) -> None:
    (a, _, span_a), (c, _, span_c) = one, two
    speaker_a = b.speaker(span_a)
    speaker_c = b.speaker(span_c)
    name = speaker_a.common_source(speaker_c) if speaker_a and speaker_c else None
    if name is None:
        # Quoted in both, but the speakers are not shown to be one: still no
        # sign that either copied the other, so the relation stands, less sure.
        confidence = 0.3 if speaker_a and speaker_c else 0.5
        b.add_edge(a, c, "quotes-same-source", False, (span_a, span_c), confidence * f.similarity, findings=[f.id])
        return
    source = _source_node(b, name, speaker_a, speaker_c)
    b.add_edge(
        a,
        c,
        "quotes-same-source",
        False,
        (span_a, span_c),
        0.9 * f.similarity,
        primary_source=source,
        findings=[f.id],
    )
    for node, span, speaker in ((a, span_a, speaker_a), (c, span_c, speaker_c)):
        assert speaker is not None
        b.add_edge(
            source, node, "derived", True, (span, speaker.evidence), 0.9 * f.similarity, quoted=True, findings=[f.id]
        )


def _source_node(b: _Builder, name: str, one: Speaker, two: Speaker) -> str:
    """One node per speaker; the post or statement they were quoted from
    joins its label once two stories agree on it."""
    node = f"source:{name}"
    b.add_node(node, "source", name, speaker=name, medium=None)
    medium = one.medium if one.medium and one.medium == two.medium else None
    if medium and b.nodes[node]["medium"] is None:
        b.nodes[node].update(medium=medium, label=f"{name}, {medium}")
    return node


def _duplicates(b: _Builder, findings: Sequence[DuplicateDocument]) -> list[dict[str, Any]]:
    """Each group as a cluster, and an edge from its root to each other
    member: the group is a tree, not a clique."""
    clusters = []
    for n, f in enumerate(sorted(findings, key=lambda f: f.docs), 1):
        root = b.docs[f.root]
        date_r, credit_r = b.date(root.id, None), _credited(root)
        for k, doc_id in enumerate(f.docs):
            if doc_id == f.root:
                continue
            member = b.docs[doc_id]
            source, target, directed, why = _order(
                root.id, doc_id, date_r, b.date(doc_id, None), credit_r, _credited(member)
            )
            if (source, target) != (root.id, doc_id):  # the evidence says the root is the later text
                source, target, directed, why = root.id, doc_id, False, None
            own, theirs = f.extents[k]
            evidence = [s for s in (theirs, own) if len(s)]
            b.add_edge(
                source, target, "duplicate", directed, evidence, f.similarities[k], direction=why, findings=[f.id]
            )
        cluster = f"cluster-{n}"
        for m in f.docs:
            b.nodes[m]["cluster"] = cluster
        clusters.append({"id": cluster, "documents": list(f.docs), "root": f.root, "why": f.root_why})
    return clusters


def _credited(doc: Document) -> bool:
    return any(s.attributions for s in doc.segments)


def build_lineage(docs: Sequence[Document], findings: Sequence[Finding]) -> dict[str, Any]:
    """Segment, attribute and date every document, and draw the lineage graph.

    Fills in each document's ``segments``, and its ``published`` date when the
    input did not give one.

    Args:
        docs: The scanned documents.
        findings: All findings of the scan.

    Returns:
        The report's ``lineage`` block: ``nodes``, ``edges`` and ``clusters``.
    """
    by_doc = noise_by_document(findings)
    memo = Memo()
    for doc in docs:
        annotate(doc, by_doc.get(doc.id, ()), memo)
    return graph(docs, findings)


def graph(docs: Sequence[Document], findings: Sequence[Finding]) -> dict[str, Any]:
    """The lineage graph of documents already :func:`annotate`-d.

    Returns:
        The report's ``lineage`` block: ``nodes``, ``edges`` and ``clusters``.
    """
    b = _Builder(docs)
    groups = [f for f in findings if isinstance(f, DuplicateDocument)]
    _wire_copy(b, {d for f in groups for d in f.docs if d != f.root})
    for f in findings:
        if isinstance(f, SharedPassage):
            _passage_edges(b, f)
    clusters = _duplicates(b, groups)
    order = {kind: i for i, kind in enumerate(("document", "segment", "agency", "source"))}
    doc_order = {d.id: i for i, d in enumerate(docs)}
    nodes = sorted(
        b.nodes.values(),
        key=lambda n: (order[n["type"]], doc_order.get(n.get("document", n["id"]), 0), n["id"]),
    )
    edges = sorted(b.edges.values(), key=lambda e: (RELATIONS.index(e.relation), e.source, e.target))
    return {"nodes": nodes, "edges": [e.to_dict() for e in edges], "clusters": clusters}


def to_networkx(lineage: dict[str, Any]) -> networkx.MultiDiGraph:
    """The report's ``lineage`` block as a networkx graph.

    Undirected relations keep ``directed=False`` as an edge attribute (one
    graph holds both kinds); spans stay lists of dicts.

    Args:
        lineage: ``report["lineage"]``.

    Returns:
        A :class:`networkx.MultiDiGraph` keyed by relation.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node in lineage["nodes"]:
        graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in lineage["edges"]:
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target")}
        graph.add_edge(edge["source"], edge["target"], key=edge["relation"], **attrs)
    graph.graph["clusters"] = lineage.get("clusters", [])
    return graph
