"""Align stage: verify a candidate pair and extend its matches to maximal passages.

Seed-and-extend, as BLAST (Altschul et al., 1990) and passim (Smith et al.,
2013) do it, over word tokens:

1. **Seed**: positions where both texts have the same distinctive word n-gram
   (``seed_size`` words, at least two of them not function words, and not one
   of the corpus's too-common n-grams).
2. **Chain**: seeds that follow one another in both texts, allowing up to
   ``max_gap`` inserted or deleted words, form one chain: a region of each text
   that may correspond.
3. **Extend**: the region, widened by a margin, is aligned word by word with
   rapidfuzz (Indel/LCS opcodes). Runs of two or more equal words (a run cut
   by the edge of the aligned window counted whole, with a single word that
   continues it inside a paragraph), joined across gaps of at most
   ``max_gap`` words, are the passages; a passage's similarity is the Indel
   similarity of its two sides.
4. **Split at quotations**: a match is cut where one side enters or leaves a
   quotation and the other does not, so that a quotation two stories carry is
   reported apart from the narrative around it, while a copy that carries its
   quotations along stays whole. Blocks of function words only are trimmed
   from a passage's ends.
5. **Merge**: between two documents, passages of neighbouring chains that
   overlap on both sides (each extended past the edit that parted them) are
   aligned again as one, so that no word is counted twice.

Steps 1 and 2 are :mod:`provenance.chain`. Every passage is returned as token
ranges; :func:`char_span` maps them back to the original characters.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from .chain import chain, repeated_seeds, shared_seeds
from .config import Settings
from .fingerprint import Fingerprint

_SENTENCE_TAIL = re.compile(r"[.!?…]+")

Block = tuple[int, int, int]  # (position in a, position in b, length in words)


@dataclass(frozen=True)
class Passage:
    """Two corresponding token ranges ``[a_start, a_end)`` and ``[b_start, b_end)``.

    ``a`` and ``b`` are document numbers; when equal, the ``a`` range precedes
    the ``b`` range. ``matched`` counts the words in the longest common
    subsequence of the two sides.
    """

    a: int
    b: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    matched: int
    quoted: bool


def _blocks(fa: Fingerprint, fb: Fingerprint, a0: int, a1: int, b0: int, b1: int) -> list[Block]:
    """Equal runs, as ``(a_pos, b_pos, length)``: single words too, since a
    word that continues a run across the window's edge may belong to it
    (:func:`_join` decides)."""
    if a1 <= a0 or b1 <= b0:
        return []
    ops = Indel.opcodes(fa.tokens[a0:a1].tolist(), fb.tokens[b0:b1].tolist())
    return [(a0 + op.src_start, b0 + op.dest_start, op.src_end - op.src_start) for op in ops if op.tag == "equal"]


def _join(fa: Fingerprint, fb: Fingerprint, blocks: list[Block], max_gap: int) -> list[list[Block]]:
    """Consecutive runs of two or more equal words at most ``max_gap`` words
    apart on both sides.

    Runs that touch on both sides (split by a window's edge) are fused
    first. A single equal word joins a run it touches only inside the same
    paragraph on both sides: it is the first or last word of the copied text
    ("Was" before both copies of a doubled paragraph), where one across a
    paragraph break is chance (the "The" that opens the next paragraph of
    both texts). A single word alone is dropped.
    """
    fused: list[Block] = []
    for blk in blocks:
        if fused:
            pa, pb, n = fused[-1]
            touching = blk[0] == pa + n and blk[1] == pb + n
            if touching and ((n > 1 and blk[2] > 1) or _one_paragraph(fa, fb, pa + n - 1, pb + n - 1)):
                fused[-1] = (pa, pb, n + blk[2])
                continue
        fused.append(blk)
    groups: list[list[Block]] = []
    for blk in fused:
        if blk[2] < 2:
            continue
        if groups:
            pa, pb, n = groups[-1][-1]
            if blk[0] - (pa + n) <= max_gap and blk[1] - (pb + n) <= max_gap:
                groups[-1].append(blk)
                continue
        groups.append([blk])
    return groups


def _one_paragraph(fa: Fingerprint, fb: Fingerprint, a: int, b: int) -> bool:
    """Whether tokens ``a`` and ``a + 1`` of one text, and ``b`` and ``b + 1``
    of the other, are in one paragraph."""
    return bool(fa.paragraph[a] == fa.paragraph[a + 1] and fb.paragraph[b] == fb.paragraph[b + 1])


def _quote_runs(quote: np.ndarray) -> np.ndarray:
    """Per token, the number of its run of equal quotation state: the state
    is the same over ``[i, j]`` exactly when ``runs[i] == runs[j]``."""
    runs = np.zeros(len(quote), dtype=np.int64)
    np.cumsum(quote[1:] != quote[:-1], out=runs[1:])
    return runs


def _split_at_quotes(
    fa: Fingerprint, fb: Fingerprint, group: list[Block], runs_a: np.ndarray, runs_b: np.ndarray
) -> list[list[Block]]:
    """Cut a group of blocks where one side enters or leaves a quotation and
    the other does not.

    A copy that carries its quotations along changes state on both sides at
    the same word of an exact match and stays whole; two stories quoting the
    same words around their own narrative are cut into the quoted parts and
    the rest.

    Args:
        fa, fb: The fingerprints.
        group: Blocks in order.
        runs_a, runs_b: :func:`_quote_runs` of their quotation states.
    """
    a0, a1 = group[0][0], group[-1][0] + group[-1][2]
    b0, b1 = group[0][1], group[-1][1] + group[-1][2]
    if runs_a[a0] == runs_a[a1 - 1] and runs_b[b0] == runs_b[b1 - 1]:
        return [group]  # neither side enters or leaves a quotation: nothing to cut
    pieces: list[Block] = []
    for pa, pb, n in group:
        if runs_a[pa] == runs_a[pa + n - 1] and runs_b[pb] == runs_b[pb + n - 1]:
            pieces.append((pa, pb, n))
            continue
        ra, rb = runs_a[pa : pa + n], runs_b[pb : pb + n]
        cuts = np.flatnonzero((ra[1:] != ra[:-1]) | (rb[1:] != rb[:-1])) + 1
        edges = [0, *cuts.tolist(), n]
        pieces.extend((pa + s, pb + s, e - s) for s, e in itertools.pairwise(edges))
    out: list[list[Block]] = []
    for blk in pieces:
        if out:
            pa, pb, n = out[-1][-1]
            # One state from the last piece through this one, on both sides.
            steady = runs_a[pa] == runs_a[blk[0]] and runs_b[pb] == runs_b[blk[1]]
            # Both sides entering or leaving a quotation at the same word of
            # an exact match: the copy carries the quotation along.
            carried = (
                fa.quote[blk[0]] != fa.quote[pa]
                and fb.quote[blk[1]] != fb.quote[pb]
                and blk[0] == pa + n
                and blk[1] == pb + n
            )
            if steady or carried:
                out[-1].append(blk)
                continue
        out.append([blk])
    return out


def _trim(fa: Fingerprint, group: list[Block]) -> list[Block]:
    """Drop blocks of function words only from both ends of a group."""
    lo, hi = 0, len(group)
    while lo < hi and not fa.content[group[lo][0] : group[lo][0] + group[lo][2]].any():
        lo += 1
    while hi > lo and not fa.content[group[hi - 1][0] : group[hi - 1][0] + group[hi - 1][2]].any():
        hi -= 1
    return group[lo:hi]


def _passage(fa: Fingerprint, fb: Fingerprint, a: int, b: int, group: list[Block]) -> Passage:
    a0, b0 = group[0][0], group[0][1]
    a1, b1 = group[-1][0] + group[-1][2], group[-1][1] + group[-1][2]
    return _passage_over(fa, fb, a, b, a0, a1, b0, b1)


def _passage_over(fa: Fingerprint, fb: Fingerprint, a: int, b: int, a0: int, a1: int, b0: int, b1: int) -> Passage:
    """The passage of token ranges ``[a0, a1)`` and ``[b0, b1)``, its
    similarity and matched words from their Indel alignment."""
    ta, tb = fa.tokens[a0:a1].tolist(), fb.tokens[b0:b1].tolist()
    distance = Indel.distance(ta, tb)
    matched = (len(ta) + len(tb) - distance) // 2
    similarity = 1.0 - distance / (len(ta) + len(tb))
    quoted = bool(np.all(fa.quote[a0:a1] >= 0) and np.all(fb.quote[b0:b1] >= 0))
    return Passage(a, b, a0, a1, b0, b1, round(similarity, 4), matched, quoted)


def align_pair(
    a: int, b: int, fa: Fingerprint, fb: Fingerprint, common: np.ndarray, settings: Settings
) -> list[Passage]:
    """All passages of at least ``min_words`` matching words shared by two
    documents (or repeated inside one when ``a == b``).

    Args:
        a, b: Document numbers (``a <= b``).
        fa, fb: Their fingerprints (the same object when ``a == b``).
        common: Sorted seed hashes too common to seed on.
        settings: ``seed_size``, ``max_gap``, ``min_words``, ``threshold``.

    Returns:
        Passages in text order of ``a``, without duplicates.
    """
    same = a == b
    seeds = repeated_seeds(fa, common) if same else shared_seeds(fa, fb, common)
    k, gap = settings.seed_size, settings.max_gap
    margin = 3 * gap
    found: dict[tuple[int, int, int, int], Passage] = {}
    runs_a, runs_b = _quote_runs(fa.quote), _quote_runs(fb.quote)
    for c in chain(seeds, reach=k + gap, max_drift=gap):
        a0, a1 = int(c[0, 0]), int(c[-1, 0]) + k
        b0, b1 = int(c[0, 1]), int(c[-1, 1]) + k
        left_a, right_b = max(0, a0 - margin), min(len(fb), b1 + margin)
        if same:
            a1 = min(a1, b0)  # the earlier copy ends before the later starts
            if a1 - a0 < k:
                continue
            middle = (a1 + b0) // 2  # margins between the copies are shared out
            right_a, left_b = min(a1 + margin, middle), max(b0 - margin, middle)
        else:
            right_a, left_b = min(len(fa), a1 + margin), max(0, b0 - margin)
        # The core and each margin are aligned apart so that the alignment
        # stays anchored on the seeds instead of drifting to equally long
        # scattered matches in the margins.
        blocks = (
            _blocks(fa, fb, left_a, a0, left_b, b0)
            + _blocks(fa, fb, a0, a1, b0, b1)
            + _blocks(fa, fb, a1, right_a, b1, right_b)
        )
        for group in _join(fa, fb, blocks, gap):
            for part in _split_at_quotes(fa, fb, group, runs_a, runs_b):
                part = _trim(fa, part)
                if not part:
                    continue
                p = _passage(fa, fb, a, b, part)
                if p.matched >= settings.min_words:
                    found.setdefault((p.a_start, p.a_end, p.b_start, p.b_end), p)
    passages = _drop_contained(sorted(found.values(), key=lambda p: (p.a_start, p.b_start)))
    return _merge_overlapping(fa, fb, passages)


# Largest product of the two texts' lengths, in words, aligned whole: the
# bit-parallel LCS takes about len(a) * len(b) / 64 word operations.
_WHOLE_MAX = 20_000_000


def align_copy(
    a: int, b: int, fa: Fingerprint, fb: Fingerprint, common: np.ndarray, settings: Settings
) -> list[Passage]:
    """The passages of two documents expected to be copies of one text (a
    story and a reprint of it), aligned whole: one Indel alignment of every
    word of both, cut into passages as :func:`align_pair` cuts its windows.

    A reprint keeps its story's words in their order, trimmed, edited and
    wrapped in another page, so one alignment of the whole texts finds what
    seeds, chains and windows find, at a fraction of the cost. Text moved
    about (paragraphs in another order, a block pasted twice) is not in one
    order: for it, and for texts too long to align whole, use
    :func:`align_pair`, which this falls back to for the latter.

    Args:
        a, b: Document numbers (different).
        fa, fb: Their fingerprints.
        common: Sorted seed hashes too common to seed on (for the fallback).
        settings: ``max_gap`` and ``min_words``.

    Returns:
        Passages in text order of ``a``.
    """
    if len(fa) * len(fb) > _WHOLE_MAX:
        return align_pair(a, b, fa, fb, common, settings)
    blocks = _blocks(fa, fb, 0, len(fa), 0, len(fb))
    runs_a, runs_b = _quote_runs(fa.quote), _quote_runs(fb.quote)
    out = []
    for group in _join(fa, fb, blocks, settings.max_gap):
        for part in _split_at_quotes(fa, fb, group, runs_a, runs_b):
            part = _trim(fa, part)
            if part:
                p = _passage_on_path(fa, fb, a, b, part, blocks)
                if p.matched >= settings.min_words:
                    out.append(p)
    return out


def _passage_on_path(
    fa: Fingerprint, fb: Fingerprint, a: int, b: int, group: list[Block], path: list[Block]
) -> Passage:
    """The passage of blocks cut from one optimal alignment of two whole
    texts (its equal blocks ``path``, in order).

    Its ranges begin and end on the path, and a part of an optimal path
    between two of its points is optimal between them: the words the path
    matches inside the ranges, single words included, are the longest
    common subsequence of the two ranges, and the passage needs no
    alignment of its own."""
    a0, b0 = group[0][0], group[0][1]
    a1, b1 = group[-1][0] + group[-1][2], group[-1][1] + group[-1][2]
    k = max(0, bisect.bisect_right(path, (a0, len(fb) + 1, 0)) - 1)
    matched = 0
    while k < len(path) and path[k][0] < a1:
        pa, _, n = path[k]
        matched += max(0, min(pa + n, a1) - max(pa, a0))
        k += 1
    similarity = 2 * matched / ((a1 - a0) + (b1 - b0))
    quoted = bool(np.all(fa.quote[a0:a1] >= 0) and np.all(fb.quote[b0:b1] >= 0))
    return Passage(a, b, a0, a1, b0, b1, round(similarity, 4), matched, quoted)


def _merge_overlapping(fa: Fingerprint, fb: Fingerprint, passages: list[Passage]) -> list[Passage]:
    """Join passages that overlap on both sides into one, aligned again over
    the union.

    Two chains either side of an edited word each extend a margin past it,
    so their passages overlap: reported apart, the words in the overlap were
    counted twice, and a copy with 5 % of its words changed came out 100 %
    similar. A quoted passage is never joined with an unquoted one, which
    keeps a shared quotation apart from the narrative around it. Inside one
    document (a block repeated) they are joined only while the earlier copy
    still ends before the later one starts.

    Args:
        fa, fb: The two documents' fingerprints.
        passages: Their passages, sorted by ``(a_start, b_start)``.
    """
    out: list[Passage] = []
    for p in passages:
        q = out[-1] if out else None
        overlap = q is not None and p.a_start < q.a_end and p.b_start < q.b_end and q.b_start < p.b_end
        if q is not None and overlap and q.quoted == p.quoted:
            b0, a1, b1 = min(q.b_start, p.b_start), max(q.a_end, p.a_end), max(q.b_end, p.b_end)
            if q.a == q.b and a1 > b0:  # in one text the earlier copy must end before the later starts
                out.append(p)
                continue
            merged = _passage_over(fa, fb, q.a, q.b, q.a_start, a1, b0, b1)
            if merged.quoted == q.quoted:
                out[-1] = merged
                continue
        out.append(p)
    return out


def _drop_contained(passages: list[Passage]) -> list[Passage]:
    """Remove passages lying inside a larger one on both sides (overlapping chains)."""
    out = []
    for p in passages:
        inside = any(
            q is not p
            and q.a_start <= p.a_start
            and p.a_end <= q.a_end
            and q.b_start <= p.b_start
            and p.b_end <= q.b_end
            and (q.a_end - q.a_start, q.b_end - q.b_start) != (p.a_end - p.a_start, p.b_end - p.b_start)
            for q in passages
        )
        if not inside:
            out.append(p)
    return out


def char_span(text: str, fp: Fingerprint, start: int, end: int) -> tuple[int, int]:
    """Character range of tokens ``[start, end)``, taking in sentence-final
    punctuation that directly follows the last word."""
    s, e = int(fp.starts[start]), int(fp.ends[end - 1])
    m = _SENTENCE_TAIL.match(text, e)
    return s, (m.end() if m else e)
