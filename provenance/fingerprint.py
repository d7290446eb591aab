"""Fingerprint stage: normalise, tokenise with offsets, hash n-grams, MinHash.

Normalisation is used only for hashing and comparing: every token keeps the
character range it came from, so anything found later maps straight back to
the original text. Tokens are maximal runs of word characters; a token is
compared by ``NFKC(token).casefold()``, which makes case, compatibility forms
(ligatures, full-width letters) and all quote, apostrophe, dash and
punctuation variants irrelevant, since punctuation never enters a token.

Tokenising and token hashing are one vectorised pass over the code points
(:mod:`provenance.tokens`); n-gram hashes are a rolling polynomial over the
token-hash array, and MinHash signatures are computed for every shingle and
permutation at once.

MinHash follows Broder, "On the resemblance and containment of documents"
(1997), with datasketch's ``affine32`` permutation scheme reproduced exactly
(MurmurHash3 finaliser, then ``a * h + b mod 2**32``), so that the signatures
are interchangeable with ``datasketch.MinHash`` built from the same values
(a test holds this).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash

from .config import Settings
from .model import Document
from .segment import paragraphs, quotations
from .tokens import STOPWORDS, fmix64, normalise, tokenise

__all__ = ["STOPWORDS", "Fingerprint", "Permutations", "Sketch", "fingerprint", "fmix64", "normalise"]

_SHINGLE_CHUNK = 16384  # rows of the (shingles x permutations) matrix at once
POLY = np.uint64(0x100000001B3)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before permuting."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def ngram_hashes(token_hashes: np.ndarray, n: int) -> np.ndarray:
    """64-bit hashes of every run of ``n`` consecutive tokens (order-sensitive).

    Returns:
        ``uint64`` array of length ``max(0, len(token_hashes) - n + 1)``;
        element ``i`` hashes tokens ``i .. i+n-1``.
    """
    count = len(token_hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = token_hashes[:count].copy()
    for i in range(1, n):
        acc = acc * POLY + token_hashes[i : i + count]  # wraps mod 2**64
    return fmix64(acc)


def fold32(h: np.ndarray) -> np.ndarray:
    """64-bit hashes to the 32-bit values datasketch's affine32 scheme takes."""
    return ((h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF))).astype(np.uint32)


class Permutations:
    """datasketch's MinHash permutations for ``(num_perm, seed)``, applied in bulk."""

    def __init__(self, num_perm: int, seed: int) -> None:
        template = MinHash(num_perm=num_perm, seed=seed, scheme="affine32")
        a, b = template.permutations
        self.a = a.astype(np.uint32)[:, None]
        self.b = b.astype(np.uint32)[:, None]
        self.num_perm = num_perm
        self.seed = seed

    def apply(self, hv32: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """``(num_perm, len(hv32))`` permuted values of 32-bit shingle hashes.

        Args:
            hv32: The hashes.
            out: Where to write them (a reused buffer: a fresh matrix per
                document cost more in page faults than the arithmetic).
        """
        out = np.multiply(self.a, fmix32(hv32)[None, :], out=out)
        return np.add(out, self.b, out=out)

    def lean(self, signature: np.ndarray) -> LeanMinHash:
        """A datasketch MinHash object for a signature computed here."""
        return LeanMinHash(seed=self.seed, hashvalues=signature, scheme="affine32")


_buffer = np.empty(0, dtype=np.uint32)


def _work_matrix(rows: int, cols: int) -> np.ndarray:
    """A contiguous ``(rows, cols)`` view of this process's work buffer."""
    global _buffer
    if len(_buffer) < rows * cols:
        _buffer = np.empty(rows * max(cols, _SHINGLE_CHUNK // 16), dtype=np.uint32)
    return _buffer[: rows * cols].reshape(rows, cols)


def signatures(hv32: np.ndarray, groups: np.ndarray, perms: Permutations) -> tuple[np.ndarray | None, np.ndarray]:
    """MinHash signature of all shingles and of each group of shingles.

    The permuted values are laid out one permutation per row, so that every
    minimum runs over contiguous memory.

    Args:
        hv32: 32-bit hashes of a document's shingles, in text order.
        groups: ``(g, 2)`` array of ``[start, end)`` row ranges (paragraphs),
            sorted and non-overlapping.
        perms: The permutations.

    Returns:
        The document's signature (``None`` without shingles) and a
        ``(g, num_perm)`` array of group signatures.
    """
    num_perm = perms.num_perm
    group_sigs = np.full((len(groups), num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    if len(hv32) == 0:
        return None, group_sigs
    doc_sig = np.full(num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    for r0 in range(0, len(hv32), _SHINGLE_CHUNK):
        r1 = min(r0 + _SHINGLE_CHUNK, len(hv32))
        phv = perms.apply(hv32[r0:r1], out=_work_matrix(num_perm, r1 - r0))
        np.minimum(doc_sig, phv.min(axis=1), out=doc_sig)
        if len(groups) == 0:
            continue
        inside = (groups[:, 1] > r0) & (groups[:, 0] < r1)
        if not inside.any():
            continue
        which = np.flatnonzero(inside)
        clipped = np.clip(groups[which], r0, r1) - r0
        bounds = clipped.reshape(-1)
        # reduceat over [s0, e0, s1, e1, ...]: even slots are the group minima.
        if bounds[-1] == r1 - r0:
            bounds = bounds[:-1]
        mins = np.minimum.reduceat(phv, bounds, axis=1)[:, 0::2]
        group_sigs[which] = np.minimum(group_sigs[which], mins.T)
    return doc_sig, group_sigs


@dataclass
class Fingerprint:
    """Everything later stages need of one document, as numpy arrays.

    Token ``i`` is ``text[starts[i]:ends[i]]``. ``seeds[j]`` hashes tokens
    ``j .. j+seed_size-1``; ``content[i]`` is false for function words;
    ``distinctive[j]`` says whether that n-gram
    holds at least two non-function words, and ``seed_set`` holds the
    distinct distinctive seeds, sorted. ``quote[i]`` is the index of the
    quotation holding token ``i`` or -1; ``paragraph[i]`` its paragraph.
    """

    doc_id: str
    starts: np.ndarray
    ends: np.ndarray
    tokens: np.ndarray
    content: np.ndarray
    seeds: np.ndarray
    distinctive: np.ndarray
    seed_set: np.ndarray
    repeats: np.ndarray
    quote: np.ndarray
    paragraph: np.ndarray
    signature: np.ndarray | None
    passage_signatures: dict[int, np.ndarray]

    def __len__(self) -> int:
        return len(self.starts)

    def sketch(self) -> Sketch:
        """What the candidates stage reads: a few KB instead of the whole
        fingerprint, so that workers can hand it back cheaply."""
        return Sketch(self.signature, self.passage_signatures, self.seed_set, self.repeats)

    def for_spans(self) -> Fingerprint:
        """A copy with only what maps tokens back to text (``starts``,
        ``ends``, ``paragraph``): what the classify stage reads. Offsets are
        kept as 32-bit when they fit: the classify stage
        holds these for every document a passage names."""
        none = np.zeros(0, dtype=np.uint64)
        wide = len(self.ends) and self.ends[-1] >= 2**31
        starts, ends = (self.starts, self.ends) if wide else (self.starts.astype(np.int32), self.ends.astype(np.int32))
        empty = (none,) * 7
        return Fingerprint(self.doc_id, starts, ends, *empty, self.paragraph, None, {})


@dataclass
class Sketch:
    """The part of a :class:`Fingerprint` that proposes candidates.

    ``repeats`` holds the distinctive seeds found more than once in the
    document, sorted (a repeated block shows up there).
    """

    signature: np.ndarray | None
    passage_signatures: dict[int, np.ndarray]
    seed_set: np.ndarray
    repeats: np.ndarray


def _index_of(ranges: list[tuple[int, int]], positions: np.ndarray) -> np.ndarray:
    """For each character position, the index of the range holding it, or -1."""
    if not ranges:
        return np.full(len(positions), -1, dtype=np.int32)
    arr = np.asarray(ranges, dtype=np.int64)
    idx = np.searchsorted(arr[:, 0], positions, side="right") - 1
    ok = (idx >= 0) & (positions < arr[np.maximum(idx, 0), 1])
    return np.where(ok, idx, -1).astype(np.int32)


def fingerprint(
    doc: Document,
    settings: Settings,
    perms: Permutations,
    signed: bool = True,
    paras: list[tuple[int, int]] | None = None,
) -> Fingerprint:
    """Tokenise, hash and sign one document.

    Args:
        doc: The document.
        settings: Shingle and seed sizes, ``min_words`` for passage signatures.
        perms: MinHash permutations shared by the whole scan.
        signed: Compute the MinHash signatures (alignment does without:
            they are a third of the work).
        paras: Its :func:`~provenance.segment.paragraphs`, when already at hand.

    Returns:
        The document's :class:`Fingerprint`.
    """
    text = doc.text
    toks = tokenise(text)
    starts, ends, tokens, content = toks.starts, toks.ends, toks.hashes, toks.content

    k = settings.seed_size
    seeds = ngram_hashes(tokens, k)
    csum = np.concatenate(([0], np.cumsum(content, dtype=np.int64)))
    distinctive = (csum[k:] - csum[:-k]) >= 2 if len(seeds) else np.zeros(0, dtype=bool)

    paras = paragraphs(text) if paras is None else paras
    paragraph = _index_of(paras, starts)
    quote = _index_of(quotations(text, paras), starts)
    seed_set, counts = np.unique(seeds[distinctive], return_counts=True)

    doc_sig, group_sigs, group_ids = None, np.zeros((0, perms.num_perm), dtype=np.uint32), []
    if signed:
        s = settings.shingle_size
        groups, group_ids = _passage_groups(paragraph, s, settings.min_words)
        doc_sig, group_sigs = signatures(fold32(ngram_hashes(tokens, s)), groups, perms)
    return Fingerprint(
        doc_id=doc.id,
        starts=starts,
        ends=ends,
        tokens=tokens,
        content=content,
        seeds=seeds,
        distinctive=distinctive,
        seed_set=seed_set,
        repeats=seed_set[counts > 1],
        quote=quote,
        paragraph=paragraph,
        signature=doc_sig,
        passage_signatures=dict(zip(group_ids, group_sigs, strict=False)),
    )


def _passage_groups(paragraph: np.ndarray, s: int, min_words: int) -> tuple[np.ndarray, list[int]]:
    """Shingle-row ranges lying wholly inside paragraphs of ``min_words`` or more."""
    if len(paragraph) == 0:
        return np.zeros((0, 2), dtype=np.int64), []
    change = np.flatnonzero(np.diff(paragraph)) + 1
    first = np.concatenate(([0], change))
    last = np.concatenate((change, [len(paragraph)]))  # exclusive token bounds
    keep = (last - first) >= max(min_words, s)
    ranges = np.stack([first[keep], last[keep] - s + 1], axis=1)
    return ranges.astype(np.int64), [int(paragraph[i]) for i in first[keep]]
