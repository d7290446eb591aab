"""Classify stage: aligned passages become findings of the spec's kinds.

* Inside one document, a passage at least ``threshold`` similar that covers
  at least ``threshold`` of the paragraphs it touches, on both sides, is a
  ``repeated-block`` (the later copy is the finding; the earliest copy is
  ``copy_of``); a looser one is a ``shared-passage`` (two articles of one file
  sharing wording).
* Between two documents, when the aligned passages cover at least
  ``threshold`` of one side and ``min_duplicate_containment`` of the other,
  the pair is a ``duplicate-document`` (so a re-publication with an added
  paragraph still is one); otherwise every passage is a ``shared-passage``.
* A passage that falls inside the later copy of a repeated block says nothing
  new (the earlier copy carries it) and is dropped.
* A repeat inside boilerplate (a link listed twice in a sidebar) is part of
  that boilerplate: a repeated block whose later copy, or a shared passage
  whose every span, lies mostly inside boilerplate is dropped, and the
  boilerplate finding stands for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from .align import Passage, char_span
from .config import Settings
from .fingerprint import Fingerprint
from .model import FINDING_KINDS, Boilerplate, Document, DuplicateDocument, Finding, RepeatedBlock, SharedPassage, Span

_KIND_ORDER = {kind: i for i, kind in enumerate(FINDING_KINDS)}

# By document number; a mapping when only the documents passages name are at hand.
Fingerprints = Sequence[Fingerprint] | Mapping[int, Fingerprint]


def _spans(docs: Sequence[Document], fps: Fingerprints, p: Passage) -> tuple[Span, Span]:
    da, db = docs[p.a], docs[p.b]
    sa = char_span(da.text, fps[p.a], p.a_start, p.a_end)
    sb = char_span(db.text, fps[p.b], p.b_start, p.b_end)
    return Span(da.id, *sa), Span(db.id, *sb)


def _lines(doc: Document, span: Span) -> str:
    first, last = doc.lines_of(span)
    return f"{first}" if first == last else f"{first}-{last}"


def _coverage(n_tokens: int, ranges: list[tuple[int, int]]) -> float:
    if n_tokens == 0:
        return 0.0
    covered = np.zeros(n_tokens, dtype=bool)
    for s, e in ranges:
        covered[s:e] = True
    return float(covered.sum()) / n_tokens


def _paragraph_bounds(fp: Fingerprint, token: int) -> tuple[int, int]:
    """Token range ``[lo, hi)`` of the paragraph holding ``token``."""
    par = fp.paragraph
    return (
        int(np.searchsorted(par, par[token], side="left")),
        int(np.searchsorted(par, par[token], side="right")),
    )


def paragraph_share(fp: Fingerprint, start: int, end: int) -> float:
    """Share of the words of the paragraphs that tokens ``[start, end)`` touch
    which lie inside that range: 1.0 for whole paragraphs."""
    return (end - start) / (_paragraph_bounds(fp, end - 1)[1] - _paragraph_bounds(fp, start)[0])


def snap_to_paragraphs(fp: Fingerprint, start: int, end: int) -> tuple[int, int]:
    """Drop an edge paragraph that tokens ``[start, end)`` cover less than
    halfway: a few words that happen to match past a copied block's end."""
    if fp.paragraph[start] != fp.paragraph[end - 1]:
        lo, hi = _paragraph_bounds(fp, end - 1)
        if (end - lo) * 2 < hi - lo:
            end = lo
    if fp.paragraph[start] != fp.paragraph[end - 1]:
        lo, hi = _paragraph_bounds(fp, start)
        if (hi - start) * 2 < hi - lo:
            start = hi
    return start, end


def _mostly_inside(span: Span, regions: Sequence[Span]) -> bool:
    inside = sum(max(0, min(span.end, r.end) - max(span.start, r.start)) for r in regions if r.doc == span.doc)
    return inside * 2 > len(span)


def _by_doc(spans: Iterable[Span]) -> dict[str, list[Span]]:
    """Spans grouped by document, so a lookup reads one document's only."""
    out: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        out[span.doc].append(span)
    return out


def repeated_blocks(
    docs: Sequence[Document], fps: Fingerprints, passages: list[Passage], settings: Settings
) -> tuple[list[RepeatedBlock], list[SharedPassage]]:
    """Findings of the passages a document shares with itself."""
    blocks: list[RepeatedBlock] = []
    shared: list[SharedPassage] = []
    # Earliest copy first for each later copy, so a block written three times
    # is reported twice, each time as a copy of the first.
    for p in sorted(passages, key=lambda p: (p.b_start, p.a_start)):
        fp = fps[p.a]
        a_range = snap_to_paragraphs(fp, p.a_start, p.a_end)
        b_range = snap_to_paragraphs(fp, p.b_start, p.b_end)
        whole = min(paragraph_share(fp, *a_range), paragraph_share(fp, *b_range))
        if p.similarity >= settings.threshold and whole >= settings.threshold:
            p = replace(
                p,
                a_start=a_range[0],
                a_end=a_range[1],
                b_start=b_range[0],
                b_end=b_range[1],
                matched=min(p.matched, b_range[1] - b_range[0]),
            )
            earlier, later = _spans(docs, fps, p)
            if any(_mostly_inside(later, [b.span]) or _mostly_inside(b.span, [later]) for b in blocks):
                continue
            doc = docs[p.a]
            message = (
                f"{p.matched} words at lines {_lines(doc, later)} repeat lines {_lines(doc, earlier)}"
                f" (similarity {p.similarity:.2f})"
            )
            blocks.append(RepeatedBlock(message, later, earlier, p.similarity, p.matched))
        else:
            shared.append(_shared(docs, p, *_spans(docs, fps, p)))
    return blocks, shared


def _shared(docs: Sequence[Document], p: Passage, sa: Span, sb: Span) -> SharedPassage:
    where = f"{sa.doc}:{_lines(docs[p.a], sa)} and {sb.doc}:{_lines(docs[p.b], sb)}"
    quoted = " inside quotation marks in both" if p.quoted else ""
    message = f"{p.matched} words shared{quoted}: {where} (similarity {p.similarity:.2f})"
    return SharedPassage(message, (sa, sb), p.similarity, p.quoted, p.matched)


def pair_findings(
    docs: Sequence[Document], fps: Fingerprints, passages: list[Passage], settings: Settings
) -> list[Finding]:
    """Findings of the passages two different documents share."""
    a, b = passages[0].a, passages[0].b
    ca = _coverage(len(fps[a]), [(p.a_start, p.a_end) for p in passages])
    cb = _coverage(len(fps[b]), [(p.b_start, p.b_end) for p in passages])
    spans = [_spans(docs, fps, p) for p in passages]
    if max(ca, cb) >= settings.threshold and min(ca, cb) >= settings.min_duplicate_containment:
        matched = sum(p.matched for p in passages)
        total = len(fps[a]) + len(fps[b])
        similarity = round(min(1.0, 2 * matched / total), 4) if total else 0.0
        ida, idb = docs[a].id, docs[b].id
        message = (
            f"{ida} and {idb} are the same article: {ca:.0%} of {ida} is in {idb},"
            f" {cb:.0%} of {idb} is in {ida} (similarity {similarity:.2f})"
        )
        return [DuplicateDocument(message, (ida, idb), similarity, (round(ca, 4), round(cb, 4)), tuple(spans))]
    return [_shared(docs, p, sa, sb) for p, (sa, sb) in zip(passages, spans, strict=False)]


def classify(
    docs: Sequence[Document],
    fps: Fingerprints,
    passages: list[Passage],
    settings: Settings,
    boilerplate: Sequence[Boilerplate] = (),
) -> list[Finding]:
    """Turn every aligned passage of a scan into findings, in a stable order.

    Args:
        docs: The documents, by document number.
        fps: Their fingerprints.
        passages: Everything :func:`provenance.align.align_pair` returned.
        settings: ``threshold`` and ``min_duplicate_containment``.
        boilerplate: What :mod:`provenance.boilerplate` found; reported as is,
            and repeats inside it are not reported again.

    Returns:
        Findings sorted by kind, document and position.
    """
    by_pair: dict[tuple[int, int], list[Passage]] = defaultdict(list)
    for p in passages:
        by_pair[(p.a, p.b)].append(p)
    findings: list[Finding] = []
    later: list[Span] = []
    for (a, b), group in sorted(by_pair.items()):
        if a == b:
            blocks, shared = repeated_blocks(docs, fps, group, settings)
            findings.extend(blocks)
            findings.extend(shared)
            later.extend(blk.span for blk in blocks)
    for (a, b), group in sorted(by_pair.items()):
        if a != b:
            findings.extend(pair_findings(docs, fps, group, settings))
    later_copies, noise = _by_doc(later), _by_doc(b.span for b in boilerplate)
    findings = [f for f in findings if not _redundant(f, later_copies, noise)]
    return sorted([*findings, *boilerplate], key=_sort_key)


def _redundant(f: Finding, later_copies: dict[str, list[Span]], noise: dict[str, list[Span]]) -> bool:
    if isinstance(f, RepeatedBlock):
        return _mostly_inside(f.span, noise.get(f.span.doc, ()))
    if isinstance(f, SharedPassage):
        return any(_mostly_inside(s, later_copies.get(s.doc, ())) for s in f.spans) or all(
            _mostly_inside(s, noise.get(s.doc, ())) for s in f.spans
        )
    return False


def _sort_key(f: Finding) -> tuple:
    spans = f.spans_for_id()
    return (_KIND_ORDER.get(f.kind, 9), [(s.doc, s.start, s.end) for s in spans])
