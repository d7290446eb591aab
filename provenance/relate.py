"""Relate stage: one aligned pair of documents, summed up where it was aligned.

:func:`provenance.align.align_pair` gives token ranges; this turns them into
what the later stages read, in characters, so that neither fingerprints nor
token ranges ever leave the process that aligned the pair (handing back the
fingerprints of every document a passage named grew the main process by
gigabytes on a corpus of reprinted stories):

* the passages the two texts share, as character spans (:class:`Match`);
* how much of each document's *article text* the other holds: its words
  outside the boilerplate found in it (an outlet's menu and footer are not
  the article they wrap);
* how similar the shared text is: a trimmed reprint copies what it keeps
  word for word, however much it leaves out;
* where the shared text starts and ends in each document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .align import Passage, char_span
from .fingerprint import Fingerprint
from .model import Document, Finding, Span


@dataclass(frozen=True, slots=True)
class Match:
    """A passage two documents share: ``a`` in one, ``b`` in the other."""

    a: Span
    b: Span
    similarity: float
    words: int
    quoted: bool


@dataclass(frozen=True, slots=True)
class Relation:
    """What the alignment of documents ``a`` and ``b`` found.

    Attributes:
        a, b: Document numbers.
        matches: The passages they share.
        share_a: Share of ``a``'s article text found in ``b`` (0..1).
        share_b: Share of ``b``'s article text found in ``a``.
        similarity: Of the shared text: twice the words matched over the
            words of the passages on both sides (1.0 for a verbatim copy).
        extent_a, extent_b: From the first to the last shared word, in
            each; None when they share nothing.
    """

    a: int
    b: int
    matches: tuple[Match, ...]
    share_a: float
    share_b: float
    similarity: float
    extent_a: Span | None
    extent_b: Span | None

    def share(self, doc: int) -> float:
        return self.share_a if doc == self.a else self.share_b

    def extent(self, doc: int) -> Span | None:
        return self.extent_a if doc == self.a else self.extent_b


def article_words(fp: Fingerprint, noise: Sequence[Finding]) -> np.ndarray:
    """Which tokens are article text: those outside every boilerplate span
    of the document (all of them when it has none, or nothing else)."""
    spans = sorted((f.span.start, f.span.end) for f in noise if f.kind == "boilerplate")
    if not spans:
        return np.ones(len(fp), dtype=bool)
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.maximum.accumulate(np.array([e for _, e in spans], dtype=np.int64))
    at = np.searchsorted(starts, fp.starts, side="right") - 1
    inside = (at >= 0) & (ends[np.maximum(at, 0)] > fp.starts)
    return ~inside if (~inside).any() else np.ones(len(fp), dtype=bool)


def _share(covered: np.ndarray, article: np.ndarray) -> float:
    total = int(article.sum())
    return round(float((covered & article).sum()) / total, 4) if total else 0.0


def relate(
    a: int,
    b: int,
    docs: Mapping[int, Document] | Sequence[Document],
    fps: Mapping[int, Fingerprint],
    articles: Mapping[int, np.ndarray],
    passages: Sequence[Passage],
) -> Relation:
    """A :class:`Relation` from the passages :func:`~provenance.align.align_pair`
    found between two different documents.

    Args:
        a, b: Document numbers.
        docs: The documents, by number.
        fps: The two documents' fingerprints, by number.
        articles: The two documents' :func:`article_words`, by number.
        passages: The aligned passages.
    """
    fa, fb = fps[a], fps[b]
    ta, tb = docs[a].text, docs[b].text
    covered_a, covered_b = np.zeros(len(fa), dtype=bool), np.zeros(len(fb), dtype=bool)
    matches = []
    matched = sides = 0
    for p in passages:
        covered_a[p.a_start : p.a_end] = True
        covered_b[p.b_start : p.b_end] = True
        matched += p.matched
        sides += (p.a_end - p.a_start) + (p.b_end - p.b_start)
        span_a = Span(docs[a].id, *char_span(ta, fa, p.a_start, p.a_end))
        span_b = Span(docs[b].id, *char_span(tb, fb, p.b_start, p.b_end))
        matches.append(Match(span_a, span_b, p.similarity, p.matched, p.quoted))
    extent_a = extent_b = None
    if matches:
        extent_a = Span(docs[a].id, min(m.a.start for m in matches), max(m.a.end for m in matches))
        extent_b = Span(docs[b].id, min(m.b.start for m in matches), max(m.b.end for m in matches))
    return Relation(
        a,
        b,
        tuple(matches),
        _share(covered_a, articles[a]),
        _share(covered_b, articles[b]),
        round(min(1.0, 2 * matched / sides), 4) if sides else 0.0,
        extent_a,
        extent_b,
    )
