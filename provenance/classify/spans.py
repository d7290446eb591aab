"""Where a passage sits: its lines, the paragraphs it covers, the documents it touches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from ..fingerprint import Fingerprint
from ..model import (
    FINDING_KINDS,
    Document,
    Span,
)

_KIND_ORDER = {kind: i for i, kind in enumerate(FINDING_KINDS)}
# Places a message names before it says how many more there are.
_NAMED = 3


def _lines(doc: Document, span: Span) -> str:
    first, last = doc.lines_of(span)
    return f"{first}" if first == last else f"{first}-{last}"


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


def _mostly_inside(span: Span, regions: Iterable[Span]) -> bool:
    inside = sum(max(0, min(span.end, r.end) - max(span.start, r.start)) for r in regions if r.doc == span.doc)
    return inside * 2 > len(span)


def _by_doc(spans: Iterable[Span]) -> dict[str, list[Span]]:
    """Spans grouped by document, so a lookup reads one document's only."""
    out: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        out[span.doc].append(span)
    return out


# The longest block, in lines, that :func:`repeated_runs` looks for.
