"""Fingerprint stage: normalise, tokenise with offsets, hash n-grams, MinHash.

Normalisation is used only for hashing and comparing: every token keeps the
character range it came from, so anything found later maps straight back to
the original text. Tokens are maximal runs of word characters; a token is
compared by ``NFKC(token).casefold()``, which makes case, compatibility forms
(ligatures, full-width letters) and all quote, apostrophe, dash and
punctuation variants irrelevant, since punctuation never enters a token.

Tokenising and token hashing are one compiled pass over the code points
(:mod:`provenance.kernels.tokens`); n-gram hashes are a polynomial over the
token-hash array, and MinHash signatures one compiled pass over the shingles,
each shingle permuted by all permutations at once (numba turns that inner
loop into vector instructions).

MinHash follows Broder, "On the resemblance and containment of documents"
(1997), with datasketch's ``affine32`` permutation scheme reproduced exactly
(MurmurHash3 finaliser, then ``a * h + b mod 2**32``), so that the signatures
are interchangeable with ``datasketch.MinHash`` built from the same values
(a test holds this).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numba import njit

from . import datasketch_defaults
from .config import Settings
from .kernels.sets import unique
from .kernels.tokens import STOPWORDS, fmix64, normalise, tokenise
from .model import Document
from .prepared import Prepared, prepared
from .segment import quotations

if TYPE_CHECKING:
    from datasketch import LeanMinHash

__all__ = [
    "STOPWORDS",
    "Fingerprint",
    "Permutations",
    "Sketch",
    "fingerprint",
    "fmix64",
    "normalise",
    "seeds_of",
]

POLY = np.uint64(0x100000001B3)


@njit(cache=True)
def fmix32(h: np.ndarray | np.uint32) -> np.ndarray | np.uint32:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before permuting."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@njit(cache=True, boundscheck=False)
def ngram_hashes(token_hashes: np.ndarray, n: int) -> np.ndarray:
    """64-bit hashes of every run of ``n`` consecutive tokens (order-sensitive).

    Returns:
        ``uint64`` array of length ``max(0, len(token_hashes) - n + 1)``;
        element ``i`` hashes tokens ``i .. i+n-1``.
    """
    count = max(0, len(token_hashes) - n + 1)
    out = np.empty(count, np.uint64)
    for i in range(count):
        acc = token_hashes[i]
        for j in range(1, n):
            acc = acc * POLY + token_hashes[i + j]  # wraps mod 2**64
        out[i] = fmix64(acc)
    return out


def fold32(h: np.ndarray) -> np.ndarray:
    """64-bit hashes to the 32-bit values datasketch's affine32 scheme takes."""
    return ((h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF))).astype(np.uint32)


def in_sorted(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_set)`` for a sorted ``sorted_set``, by binary
    search: ``np.isin`` sorts the set again on each call, which for the
    corpus's common seeds cost milliseconds a pair of documents."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_set, values)
    at[at == len(sorted_set)] = 0
    return sorted_set[at] == values


class Permutations:
    """datasketch's MinHash permutations for ``(num_perm, seed)``.

    Args:
        num_perm: Permutations per signature.
        seed: datasketch's seed.
        a, b: The permutations themselves, as recorded by an index; by
            default those :mod:`provenance.datasketch_defaults` keeps for
            ``(num_perm, seed)``, else datasketch makes them (importing
            datasketch, which loads scipy, is slow).
    """

    def __init__(self, num_perm: int, seed: int, a: np.ndarray | None = None, b: np.ndarray | None = None) -> None:
        if (a is None or b is None) and (num_perm, seed) in datasketch_defaults.PERMUTATIONS:
            values = np.frombuffer(bytes.fromhex(datasketch_defaults.PERMUTATIONS[num_perm, seed]), dtype="<u4")
            a, b = values[:num_perm], values[num_perm:]
        elif a is None or b is None:
            from datasketch import MinHash

            a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        # Copies, writable whatever they came from (a read-only buffer, say):
        # numba compiles and loads a read-only array as another type, which
        # each worker would load again (_load_compiled loads one).
        self.a = np.array(a, dtype=np.uint32, order="C")
        self.b = np.array(b, dtype=np.uint32, order="C")
        if self.a.shape != (num_perm,) or self.b.shape != (num_perm,):
            raise ValueError(f"expected {num_perm} permutations")
        self.num_perm = num_perm
        self.seed = seed

    def to_hex(self) -> str:
        """The permutations as text, for an index to record."""
        return np.concatenate((self.a, self.b)).astype("<u4").tobytes().hex()

    @classmethod
    def from_hex(cls, text: str, seed: int) -> Permutations:
        """Permutations :meth:`to_hex` recorded."""
        values = np.frombuffer(bytes.fromhex(text), dtype="<u4")
        half = len(values) // 2
        return cls(half, seed, values[:half], values[half:])

    def lean(self, signature: np.ndarray) -> LeanMinHash:
        """A datasketch MinHash object for a signature computed here."""
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.seed, hashvalues=signature, scheme="affine32")


@njit(cache=True, boundscheck=False)
def _permute_into(sig: np.ndarray, x: np.uint32, a: np.ndarray, b: np.ndarray) -> None:
    for p in range(len(a)):  # over contiguous permutations: the compiler vectorises it
        v = np.uint32(a[p] * x + b[p])  # wraps mod 2**32, as datasketch's affine32
        if v < sig[p]:
            sig[p] = v


@njit(cache=True, boundscheck=False)
def signatures(hv32: np.ndarray, groups: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signature of all shingles and of each group of shingles.

    Each shingle is permuted once per permutation and kept by the signature
    of its group, or of the document when it lies in no group; the
    document's signature then takes the minimum of its groups'.

    Args:
        hv32: 32-bit hashes of a document's shingles, in text order.
        groups: ``(g, 2)`` array of ``[start, end)`` row ranges (paragraphs),
            sorted and non-overlapping.
        a, b: The permutations (:class:`Permutations`).

    Returns:
        The document's signature (all ``0xFFFFFFFF`` without shingles) and a
        ``(g, num_perm)`` array of group signatures.
    """
    x = fmix32(hv32)
    doc = np.full(len(a), np.uint32(0xFFFFFFFF))
    sigs = np.full((len(groups), len(a)), np.uint32(0xFFFFFFFF))
    k = 0
    for j in range(len(x)):
        while k < len(groups) and groups[k, 1] <= j:
            k += 1
        inside = k < len(groups) and groups[k, 0] <= j
        _permute_into(sigs[k] if inside else doc, x[j], a, b)
    for k in range(len(groups)):
        for p in range(len(a)):
            doc[p] = min(doc[p], sigs[k, p])
    return doc, sigs


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

    def sketch(self, article: np.ndarray | None = None) -> Sketch:
        """What the candidates stage reads: a few KB instead of the whole
        fingerprint, so that workers can hand it back cheaply.

        Args:
            article: Per token, whether it is article text (not the page's
                boilerplate); when given, only seeds all of whose words are
                article text, and only paragraphs mostly of article text,
                are evidence of reuse: an outlet's menu on two of its pages
                links nothing.
        """
        evidence = self.distinctive
        passages = self.passage_signatures
        seed_set, repeats = self.seed_set, self.repeats
        if article is not None and not article.all():
            k = len(self) - len(self.seeds) + 1
            inside = np.concatenate(([0], np.cumsum(article, dtype=np.int64)))
            whole = inside[k:] - inside[:-k] == k if len(self.seeds) else np.zeros(0, dtype=bool)
            evidence = evidence & whole
            seed_set, repeats = _distinct(np.sort(self.seeds[evidence]))
            words = np.bincount(self.paragraph[self.paragraph >= 0], minlength=1)
            kept = np.bincount(self.paragraph[(self.paragraph >= 0) & article], minlength=len(words))
            passages = {p: sig for p, sig in passages.items() if 2 * kept[p] > words[p]}
        run = _longest_run(evidence & in_sorted(self.seeds, repeats)) if len(repeats) else 0
        return Sketch(self.signature, passages, seed_set, repeats, run)

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
    document, sorted (a repeated block shows up there); ``repeat_run`` is
    the most consecutive positions holding one of them (a block of ``w``
    words written twice makes a run of ``w - seed_size + 1``).
    """

    signature: np.ndarray | None
    passage_signatures: dict[int, np.ndarray]
    seed_set: np.ndarray
    repeats: np.ndarray
    repeat_run: int = 0


@njit(cache=True, boundscheck=False)
def _index_of(ranges: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """For each position, the index of the range holding it, or -1.

    Args:
        ranges: ``(r, 2)`` character ranges ``[start, end)``, sorted and
            non-overlapping.
        positions: Sorted character positions.
    """
    out = np.full(len(positions), -1, np.int32)
    k = 0
    for i in range(len(positions)):
        while k < len(ranges) and ranges[k, 1] <= positions[i]:
            k += 1
        if k < len(ranges) and ranges[k, 0] <= positions[i]:
            out[i] = k
    return out


def _ranges(ranges: list[tuple[int, int]]) -> np.ndarray:
    return np.asarray(ranges, dtype=np.int64).reshape(-1, 2)


def fingerprint(
    doc: Document | Prepared,
    settings: Settings,
    perms: Permutations,
    signed: bool = True,
) -> Fingerprint:
    """Tokenise, hash and sign one document.

    Args:
        doc: The document, or its :class:`~provenance.prepared.Prepared`
            text (its code points and paragraphs then read once for every
            stage that asks).
        settings: Shingle and seed sizes, ``min_words`` for passage signatures.
        perms: MinHash permutations shared by the whole scan.
        signed: Compute the MinHash signatures (alignment does without:
            they are a large part of the work).

    Returns:
        The document's :class:`Fingerprint`.
    """
    prep = prepared(doc)
    text = prep.text
    toks = tokenise(text, prep.cps)
    starts, ends, tokens, content = toks.starts, toks.ends, toks.hashes, toks.content

    seeds, distinctive, seed_set, repeats = _seed_arrays(tokens, content, settings.seed_size)
    paras = prep.paras
    paragraph = _index_of(_ranges(paras), starts)
    quote = _index_of(_ranges(quotations(text, paras)), starts)

    doc_sig, group_sigs, group_ids = None, np.zeros((0, perms.num_perm), dtype=np.uint32), []
    if signed:
        s = settings.shingle_size
        groups, group_ids = _passage_groups(paragraph, s, settings.min_words)
        hv32 = fold32(ngram_hashes(tokens, s))
        doc_sig, group_sigs = signatures(hv32, groups, perms.a, perms.b)
        doc_sig = doc_sig if len(hv32) else None
    return Fingerprint(
        doc_id=prep.doc.id,
        starts=starts,
        ends=ends,
        tokens=tokens,
        content=content,
        seeds=seeds,
        distinctive=distinctive,
        seed_set=seed_set,
        repeats=repeats,
        quote=quote,
        paragraph=paragraph,
        signature=doc_sig,
        passage_signatures=dict(zip(group_ids, group_sigs, strict=False)),
    )


def _seed_arrays(
    tokens: np.ndarray, content: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A text's seeds (hashes of ``k`` tokens), whether each is distinctive
    (two or more content words), and the distinct distinctive seeds, sorted,
    with those found more than once. Compiled loops around numpy's sort
    (which is vectorised): in numpy alone it took many small calls an
    article.

    Returns:
        ``(seeds, distinctive, seed_set, repeats)``.
    """
    seeds, distinctive = _seeds(tokens, content, k)
    seed_set, repeats = _distinct(np.sort(seeds[distinctive]))
    return seeds, distinctive, seed_set, repeats


@njit(cache=True, boundscheck=False)
def _seeds(tokens: np.ndarray, content: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    seeds = ngram_hashes(tokens, k)
    distinctive = np.zeros(len(seeds), np.bool_)
    window = 0  # content words among the seed's tokens
    for i in range(min(k - 1, len(content))):
        window += np.int64(content[i])
    for i in range(len(seeds)):
        window += np.int64(content[i + k - 1])
        distinctive[i] = window >= 2
        window -= np.int64(content[i])
    return seeds, distinctive


def _longest_run(flags: np.ndarray) -> int:
    """The most consecutive true values."""
    if not flags.any():
        return 0
    edges = np.diff(np.concatenate(([0], flags.view(np.int8), [0])))
    return int((np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)).max())


@njit(cache=True, boundscheck=False)
def _distinct(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array, and those found more than once."""
    seed_set = np.empty(len(ordered), ordered.dtype)
    repeats = np.empty(len(ordered), ordered.dtype)
    n_set = n_repeats = 0
    i = 0
    while i < len(ordered):
        j = i + 1
        while j < len(ordered) and ordered[j] == ordered[i]:
            j += 1
        seed_set[n_set] = ordered[i]
        n_set += 1
        if j - i > 1:
            repeats[n_repeats] = ordered[i]
            n_repeats += 1
        i = j
    return seed_set[:n_set].copy(), repeats[:n_repeats].copy()


def _passage_groups(paragraph: np.ndarray, s: int, min_words: int) -> tuple[np.ndarray, list[int]]:
    """Shingle-row ranges lying wholly inside paragraphs of ``min_words`` or
    more, and those paragraphs' numbers."""
    ranges, ids = _paragraph_runs(paragraph, s, max(min_words, s))
    return ranges, ids.tolist()


@njit(cache=True, boundscheck=False)
def _paragraph_runs(paragraph: np.ndarray, s: int, fewest: int) -> tuple[np.ndarray, np.ndarray]:
    """Runs of tokens with one paragraph number, of ``fewest`` tokens or
    more: ``(first shingle, end shingle)`` rows and the runs' numbers (one
    loop, where numpy would make many small calls an article)."""
    n = len(paragraph)
    ranges = np.empty((n, 2), np.int64)
    ids = np.empty(n, np.int64)
    m = 0
    first = 0
    for i in range(1, n + 1):
        if i == n or paragraph[i] != paragraph[first]:
            if i - first >= fewest:
                ranges[m, 0] = first
                ranges[m, 1] = i - s + 1
                ids[m] = paragraph[first]
                m += 1
            first = i
    return ranges[:m].copy(), ids[:m].copy()


def seeds_of(texts: Iterable[str], settings: Settings, perms: Permutations) -> np.ndarray:
    """The distinctive seeds lying wholly inside any of ``texts``, sorted:
    of a page template's lines, say, which every page carrying the template
    shares whatever article it wraps."""
    found = [fingerprint(Document("-", t), settings, perms, signed=False).seed_set for t in set(texts)]
    return unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.uint64)
