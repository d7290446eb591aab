"""Lineage stage: the articles in each file, where each came from, and who reused whom.

It runs after :mod:`provenance.classify`, on the documents and findings, and
adds three things:

1. **Segments.** Each file is cut into its articles (:mod:`provenance.articles`);
   each article gets its agency attribution (:mod:`provenance.attribution`)
   and publication date (:mod:`provenance.dates`), with the evidence.
2. **Relations** between texts, from the findings:

   * ``wire-copy``: an agency → the article that credits it; also → an
     uncredited article that carries a credited article's text.
   * ``derived``: shared text outside quotation marks; and a primary
     source → each article that quotes it.
   * ``quotes-same-source``: shared text inside quotation marks that both
     articles attribute to one speaker or post (:mod:`provenance.quotes`):
     neither copied the other.
   * ``duplicate``: two documents that are the same article.

   An edge points from the earlier text to the later one when the dates say
   so, or, failing dates, when one side is credited agency copy and the other
   is not. Otherwise it is undirected (``"directed": false``): direction is
   never guessed.
3. **Clusters** of duplicate documents, rooted at the earliest published.

The graph is built with networkx; :func:`to_networkx` gives it back from the
report's ``lineage`` block for export (GraphML, DOT).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .agencies import AGENCY, mentions_agency
from .articles import split
from .attribution import find_attributions
from .dates import PUBLISHED_LABELS, UPDATED_LABELS, DateMention, find_dates, resolve
from .model import (
    Boilerplate,
    Document,
    DuplicateDocument,
    Finding,
    PublicationDate,
    RepeatedBlock,
    Segment,
    SharedPassage,
    Span,
)
from .quotes import Speaker, speaker_of

if TYPE_CHECKING:
    import networkx

RELATIONS = ("wire-copy", "derived", "quotes-same-source", "duplicate")
# Credited agency copy this sure passes its credit on to text that reuses it.
_SURE_ATTRIBUTION = 0.8
_SURE_DERIVED = 0.5
# Shared words at which a derived relation is 63% sure (times similarity).
_DERIVED_WORDS = 30
_AGENCY_AFTER = re.compile(rf"\s*\((?:{AGENCY})\)")


class _AtLineStart:
    """A pattern found only where a line starts, as with ``^`` and
    ``re.MULTILINE``, but searched for by the line break before it: the
    engine scans fast for a literal first character and tries ``^`` at
    every position (18 µs an article, against 4).

    Args:
        body: The pattern, without ``^``.
        flags: Its flags.
    """

    def __init__(self, body: str, flags: int = 0) -> None:
        self.body, self.flags = body, flags
        self._first = re.compile(body, flags)
        self._after_break = re.compile(rf"\n(?:{body})", flags)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the pattern matches in ``text``, as ``finditer`` would."""
        m = self._first.match(text)
        out = [m.span()] if m else []
        out += [(m.start() + 1, m.end()) for m in self._after_break.finditer(text, out[0][1] if out else 0)]
        return out


_LABEL_LINE = _AtLineStart(
    r"[ \t]*(?:first\s+|last\s+)?(?:published|updated|posted|modified|released|dated?|created)\b[^\n]*",
    re.IGNORECASE,
)
_AGENCY_DATELINE = _AtLineStart(rf"[^\n]{{0,60}}?\((?:{AGENCY})\)")


# --- Segments ------------------------------------------------------------------


def segment_document(doc: Document, findings: Sequence[Finding]) -> list[Segment]:
    """The articles of one document, attributed and dated.

    Args:
        doc: The document.
        findings: Its findings (boilerplate and repeated blocks are read).

    Returns:
        Its :class:`Segment` list, tiling the text.
    """
    boilerplate = [f for f in findings if isinstance(f, Boilerplate) and f.span.doc == doc.id]
    repeats = [f.span for f in findings if isinstance(f, RepeatedBlock) and f.span.doc == doc.id]
    captions = [(f.span.start, f.span.end) for f in boilerplate if f.category == "caption"]
    date_lines = [(f.span.start, f.span.end) for f in boilerplate if f.category in ("dateline", "byline")]
    text = doc.text
    names_agency = mentions_agency(text, utf8=doc.utf8)
    mentions = _candidate_dates(text, date_lines, names_agency)
    out = []
    for b in split(text, boilerplate, repeats, names_agency):
        whole = doc.utf8 if (b.start, b.end) == (0, len(text)) else None
        attributions = find_attributions(
            text, doc.id, b.start, b.end, masked=captions, names_agency=names_agency, utf8=whole
        )
        published = _published(doc.id, text, b.start, b.end, mentions, captions, date_lines)
        out.append(Segment(doc.id, b.start, b.end, b.title, tuple(attributions), published, b.reason))
    return out


def _candidate_dates(text: str, date_lines: Sequence[tuple[int, int]], names_agency: bool) -> list[DateMention]:
    """Dates where a publication date can be: labelled lines, the page's
    date lines, agency datelines. Reading only those keeps the date pattern
    off the running text, where it would cost more than the rest of the stage."""
    regions = list(date_lines)
    regions += _LABEL_LINE.spans(text)
    if names_agency:
        regions += _AGENCY_DATELINE.spans(text)
    found: dict[int, DateMention] = {}
    for start, end in regions:
        for m in find_dates(text, start, end):
            found.setdefault(m.start, m)
    return [found[k] for k in sorted(found)]


def _inside(m: DateMention, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= m.start < e for s, e in ranges)


def _published(
    doc_id: str,
    text: str,
    start: int,
    end: int,
    mentions: Sequence[DateMention],
    captions: Sequence[tuple[int, int]],
    date_lines: Sequence[tuple[int, int]],
) -> PublicationDate | None:
    """The date an article says it was published.

    Preference: a "Published/Posted/Date" label, then a date line of the
    page header, then "Updated", then an agency dateline's month and day.
    A date in a caption or in running text is never the publication date.
    """
    best: tuple[int, int, DateMention, str] | None = None
    for m in mentions:
        if not start <= m.start < end or _inside(m, captions):
            continue
        if m.label in PUBLISHED_LABELS:
            rank, source = 0, "published"
        elif _inside(m, date_lines):
            rank, source = 1, "date line"
        elif m.label in UPDATED_LABELS:
            rank, source = 2, "updated"
        elif m.month_day and _AGENCY_AFTER.match(text, m.end):
            rank, source = 3, "agency dateline"
        else:
            continue
        if best is None or (rank, m.start) < best[:2]:
            best = (rank, m.start, m, source)
    if best is None:
        return None
    mention, source = best[2], best[3]
    # Another date of the file may decide a day/month ambiguity: only then
    # is the whole text read for dates.
    others = find_dates(text) if mention.ambiguous or mention.month_day else ()
    res = resolve(mention, others)
    by = res.resolved_by
    return PublicationDate(
        date=res.date.isoformat() if res.date else None,
        evidence=Span(doc_id, mention.evidence_start, mention.end),
        source=source,
        readings=tuple(r.isoformat() for r in res.readings),
        resolved_by=Span(doc_id, by.evidence_start, by.end) if by else None,
    )


# --- Relations -----------------------------------------------------------------


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
        } | self.extra


class _Builder:
    """Collects nodes and edges; one edge per (relation, pair of nodes)."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.docs = {d.id: d for d in docs}
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], _Edge] = {}
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
            if isinstance(value, list):
                edge.extra.setdefault(name, [])
                edge.extra[name] = sorted(set(edge.extra[name]) | set(value))
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


def _wire_copy(b: _Builder) -> None:
    for doc in b.docs.values():
        for s in doc.segments:
            node, _ = b.unit(Span(doc.id, s.start, s.end))
            for a in s.attributions:
                b.add_node(_agency_node(a.agency), "agency", a.agency)
                b.add_edge(
                    _agency_node(a.agency), node, "wire-copy", True, a.evidence, a.confidence, kinds=list(a.kinds)
                )


def _shared(b: _Builder, f: SharedPassage) -> None:
    for i, span_a in enumerate(f.spans):
        for span_b in f.spans[i + 1 :]:
            (a, seg_a), (bb, seg_b) = b.unit(span_a), b.unit(span_b)
            if a == bb:
                continue
            if f.quoted:
                _quoted(b, f, (a, seg_a, span_a), (bb, seg_b, span_b))
            else:
                _derived(b, f, (a, seg_a, span_a), (bb, seg_b, span_b))


_Side = tuple[str, "Segment | None", Span]  # node, its segment, the span in it


def _derived(b: _Builder, f: SharedPassage, one: _Side, two: _Side) -> None:
    (a, seg_a, span_a), (c, seg_c, span_c) = one, two
    credit_a = seg_a.attribution if seg_a else None
    credit_c = seg_c.attribution if seg_c else None
    source, target, directed, why = _order(
        a, c, b.date(a, seg_a), b.date(c, seg_c), credit_a is not None, credit_c is not None
    )
    confidence = _derived_confidence(f.similarity, f.words)
    b.add_edge(source, target, "derived", directed, (span_a, span_c), confidence, direction=why, findings=[f.id])
    # Uncredited text that reuses credited agency copy carries that agency's copy.
    for credit, other, other_credit, span in ((credit_a, c, credit_c, span_c), (credit_c, a, credit_a, span_a)):
        if credit and not other_credit and credit.confidence >= _SURE_ATTRIBUTION and confidence >= _SURE_DERIVED:
            b.add_node(_agency_node(credit.agency), "agency", credit.agency)
            b.add_edge(
                _agency_node(credit.agency),
                other,
                "wire-copy",
                True,
                (span,),
                credit.confidence * confidence,
                kinds=["shared text"],
                findings=[f.id],
            )


def _quoted(b: _Builder, f: SharedPassage, one: _Side, two: _Side) -> None:
    (a, _, span_a), (c, _, span_c) = one, two
    speaker_a = speaker_of(b.docs[span_a.doc].text, span_a.doc, span_a.start, span_a.end)
    speaker_c = speaker_of(b.docs[span_c.doc].text, span_c.doc, span_c.start, span_c.end)
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
    import networkx as nx  # here, not at the top: a check never builds the graph and starts faster

    graph = nx.Graph()
    for f in findings:
        x, y = f.docs
        dx, dy = b.docs[x], b.docs[y]
        # A duplicate's order comes from the dates alone.
        source, target, directed, why = _order(x, y, dx.published, dy.published, False, False)
        evidence = [s for pair in f.passages for s in pair]
        b.add_edge(source, target, "duplicate", directed, evidence, f.similarity, direction=why, findings=[f.id])
        graph.add_edge(x, y)
    clusters = []
    for n, members in enumerate(sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: c[0]), 1):
        dates = {m: b.docs[m].published for m in members}
        known = sorted(d for d in dates.values() if d)
        root = None
        if len(known) == len(members) and (len(known) == 1 or known[0] < known[1]):
            root = next(m for m in members if dates[m] == known[0])
            why = f"earliest published ({known[0]})"
        elif len(known) < len(members):
            why = "not every copy gives a publication date"
        else:
            why = f"two copies share the earliest date ({known[0]})"
        cluster = f"cluster-{n}"
        for m in members:
            b.nodes[m]["cluster"] = cluster
        clusters.append({"id": cluster, "documents": members, "root": root, "why": why})
    return clusters


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
    for doc in docs:
        annotate(doc, by_doc.get(doc.id, ()))
    return graph(docs, findings)


def noise_by_document(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """The boilerplate and repeated blocks of each document: what
    :func:`annotate` leaves out of its articles."""
    by_doc: dict[str, list[Finding]] = {}
    for f in findings:
        if isinstance(f, (Boilerplate, RepeatedBlock)):
            by_doc.setdefault(f.span.doc, []).append(f)
    return by_doc


def annotate(doc: Document, noise: Sequence[Finding]) -> None:
    """Segment, attribute and date one document, in place: its ``segments``,
    and its ``published`` date when the input did not give one.

    Args:
        doc: The document.
        noise: Its boilerplate and repeated blocks (:func:`noise_by_document`).
    """
    doc.segments = segment_document(doc, noise)
    if doc.published is None:
        dated = [s.published for s in doc.segments if s.published]
        if dated:
            doc.publication = dated[0]
            doc.published = dated[0].date
    elif doc.publication is None:
        doc.publication = PublicationDate(doc.published, None, "jsonl")


def graph(docs: Sequence[Document], findings: Sequence[Finding]) -> dict[str, Any]:
    """The lineage graph of documents already :func:`annotate`-d.

    Returns:
        The report's ``lineage`` block: ``nodes``, ``edges`` and ``clusters``.
    """
    b = _Builder(docs)
    _wire_copy(b)
    for f in findings:
        if isinstance(f, SharedPassage):
            _shared(b, f)
    clusters = _duplicates(b, [f for f in findings if isinstance(f, DuplicateDocument)])
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
