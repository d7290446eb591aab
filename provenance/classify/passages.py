"""Passages shared across stories: the copies of one passage as one finding, with its source copy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..cluster import components
from ..config import Settings
from ..model import (
    Document,
    SharedPassage,
    Span,
)
from ..relate import Match
from .groups import dated, origin
from .spans import (
    _NAMED,
    _lines,
    _mostly_inside,
)

# --- Passages shared across stories ---------------------------------------------------


def _nodes(matches: Sequence[Match]) -> tuple[list[Span], np.ndarray, np.ndarray]:
    """The distinct passages the matches name, and per match the node of
    each side.

    Spans of one document are one node when each overlaps the other by at
    least half its length (the same passage found from two other copies,
    give or take a word at an edge); a short quotation inside a long copied
    passage stays a node of its own.
    """
    sides = [(m.a, i, 0) for i, m in enumerate(matches)] + [(m.b, i, 1) for i, m in enumerate(matches)]
    sides.sort(key=lambda t: (t[0].doc, t[0].start, -t[0].end))
    nodes: list[Span] = []
    where = np.zeros((len(matches), 2), np.int64)
    for span, i, side in sides:
        last = nodes[-1] if nodes else None
        if last is not None and last.doc == span.doc:
            overlap = min(last.end, span.end) - max(last.start, span.start)
            if overlap * 2 >= len(span) and overlap * 2 >= len(last):
                nodes[-1] = Span(span.doc, min(last.start, span.start), max(last.end, span.end))
                where[i, side] = len(nodes) - 1
                continue
        nodes.append(span)
        where[i, side] = len(nodes) - 1
    return nodes, where[:, 0], where[:, 1]


EVIDENCE, DETAIL, NOTHING = "evidence", "detail", "nothing"


def evidence(words: int, similarity: float, quoted: bool, settings: Settings) -> tuple[str, bool]:
    """What a shared passage says of reuse, and whether it is one quotation.

    A passage of ``evidence_words`` matching words or more is
    :data:`EVIDENCE` of reuse. A shorter one that is nearly word for word
    (``min_similarity``) is a :data:`DETAIL`: reported inside one file (its
    two articles are one pair), or across documents that longer evidence
    already joins, never alone, unless it is a quotation carried by
    ``widely_quoted`` documents or more. Among the many pairs of documents of a
    corpus on the same news, short runs of the same words are what chance
    and stock phrases ("did not respond to a request for comment") give.
    Every copy inside quotation marks makes a quotation only when the
    quoted words match (``quote_similarity``): two people saying much the
    same thing ("build the wall", "build more walls") are two quotations,
    and when short, :data:`NOTHING`.

    Args:
        words: Matching words (the fewest over the aligned pairs).
        similarity: The lowest similarity over the aligned pairs.
        quoted: Whether every copy sits inside quotation marks.
        settings: ``evidence_words``, ``min_similarity``, ``quote_similarity``.

    Returns:
        :data:`EVIDENCE`, :data:`DETAIL` or :data:`NOTHING`, and whether
        it is a quotation.
    """
    quotation = quoted and similarity >= settings.quote_similarity
    if words >= settings.evidence_words:
        return EVIDENCE, quotation
    if similarity < settings.min_similarity or (quoted and not quotation):
        return NOTHING, False
    return DETAIL, quotation


def passage_findings(
    matches: Sequence[Match],
    by_id: dict[str, Document],
    later_copies: dict[str, list[Span]] | None = None,
    noise: dict[str, list[Span]] | None = None,
    settings: Settings | None = None,
) -> list[SharedPassage]:
    """The matches of pairs aligned across stories, clustered: each passage
    once, with every copy the aligned pairs join it to; those that are no
    evidence of reuse (:func:`evidence`) are left out.

    Args:
        matches: Passages shared by pairs of different documents.
        by_id: The documents, annotated (dates and credits choose the source).
        later_copies: Per document, the later copies of its repeated blocks:
            a copy inside one is left out (the earlier copy carries it).
        noise: Per document, its boilerplate: a copy inside it is left out
            (a link box two pages share is boilerplate, not reuse).
        settings: What counts as evidence; the defaults if None.
    """
    settings = settings or Settings()
    # Pair by pair first: a match that is no evidence of anything (short and
    # loose) would join unrelated documents into a passage.
    matches = [m for m in matches if evidence(m.words, m.similarity, m.quoted, settings)[0] != NOTHING]
    if not matches:
        return []
    later_copies, noise = later_copies or {}, noise or {}
    nodes, left, right = _nodes(matches)
    label = components(len(nodes), left, right)
    members: dict[int, list[int]] = defaultdict(list)
    for node, lab in enumerate(label.tolist()):
        members[lab].append(node)
    links: dict[int, list[Match]] = defaultdict(list)
    for m, lab in zip(matches, label[left].tolist(), strict=True):
        links[lab].append(m)
    kept: list[tuple[str, tuple[Span, ...], float, int, bool]] = []
    for lab, node_ids in members.items():
        spans = tuple(
            s
            for s in sorted({nodes[k] for k in node_ids})
            if not _mostly_inside(s, later_copies.get(s.doc, ())) and not _mostly_inside(s, noise.get(s.doc, ()))
        )
        if len({s.doc for s in spans}) < 2:
            continue
        found = links[lab]
        similarity = min(m.similarity for m in found)
        words = min(m.words for m in found)
        weight, quoted = evidence(words, similarity, all(m.quoted for m in found), settings)
        if weight != NOTHING:
            kept.append((weight, spans, similarity, words, quoted))
    # A detail goes where one passage of evidence holds all its documents,
    # or, a quotation, where many documents carry it.
    evidenced: dict[str, set[int]] = defaultdict(set)
    for k, (weight, spans, *_) in enumerate(kept):
        if weight == EVIDENCE:
            for s in spans:
                evidenced[s.doc].add(k)
    out = []
    for weight, spans, similarity, words, quoted in kept:
        if weight == DETAIL:
            widely_quoted = quoted and len({s.doc for s in spans}) >= settings.widely_quoted
            if not widely_quoted and not set.intersection(*(evidenced.get(s.doc, set()) for s in spans)):
                continue
        source, why = origin([(s.doc, *dated(by_id[s.doc], s.start)) for s in spans])
        out.append(_passage(spans, source, why, similarity, words, quoted, by_id))
    return out


def _passage(
    spans: tuple[Span, ...],
    source: int | None,
    why: str,
    similarity: float,
    words: int,
    quoted: bool,
    by_id: dict[str, Document],
) -> SharedPassage:
    places = [f"{s.doc}:{_lines(by_id[s.doc], s)}" for s in spans]
    named = ", ".join(places[:_NAMED]) + (f" and {len(places) - _NAMED} more" if len(places) > _NAMED else "")
    inside = " inside quotation marks in every copy" if quoted else ""
    first = f"; first at {places[source]} ({why})" if source is not None else ""
    message = f"{words} words shared{inside} by {len(spans)} copies: {named}{first} (similarity {similarity:.2f})"
    return SharedPassage(
        message,
        spans=spans,
        similarity=similarity,
        quoted=quoted,
        words=words,
        source=source,
        source_why=why if source is not None else None,
    )
