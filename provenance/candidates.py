"""Candidates stage: which documents are linked by shared text, and how strongly.

Two complementary sources, both cheap compared with alignment:

* **MinHash LSH** (datasketch ``MinHashLSH``; Indyk & Motwani 1998, banding as
  in Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3) over
  whole-document signatures and over paragraph signatures: near-copies of a
  document or of a paragraph, however many times they occur.
* **Hashed n-gram postings**, as in passim (Smith et al., "Infectious
  texts", 2013) and BLAST's seed step: documents sharing distinctive word
  n-grams. This is what finds reuse down to a shared phrase, where Jaccard
  similarity is near zero.

Documents that share a key are linked as a *star*, never as a clique: each
holder of a key to the key's heaviest holder (:class:`Stars`). A story
carried by ``N`` outlets then costs ``N - 1`` links per key, not
``N (N - 1) / 2``, and :mod:`provenance.cluster` turns the links into stories
and the few pairs worth aligning. Seeds found in more than ``max_df``
*stories* are too common to be evidence (:func:`cross_stars`).

Postings are written to shard files by the first pass's workers and grouped
shard by shard (:func:`write_postings`, :func:`read_shard`), so that no step
holds more than a sixteenth of them sorted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numba import njit

from . import datasketch_defaults
from .fingerprint import POLY, Sketch, fmix64, in_sorted
from .kernels.sets import unique

Pair = tuple[int, int]


@cache  # datasketch integrates numerically for it
def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(b, r)``: bands and rows per band, as datasketch's ``MinHashLSH``
    chooses them for a threshold (weighing false positives and negatives
    equally); recorded for the usual thresholds (:mod:`provenance.datasketch_defaults`)."""
    if (threshold, num_perm) in datasketch_defaults.BANDING:
        return datasketch_defaults.BANDING[threshold, num_perm]
    from datasketch import MinHashLSH  # imports scipy: only when asked for

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_hashes(signatures: np.ndarray, b: int, r: int) -> np.ndarray:
    """One 64-bit key per band of each signature.

    Two signatures collide in a band (the LSH candidate rule) when their
    keys for it are equal; the band number is hashed in, so keys of
    different bands never meet. A false collision of distinct bands has
    probability about 2**-64 per pair, and alignment verifies every pair.

    Args:
        signatures: ``(m, num_perm)`` MinHash values.
        b, r: Bands and rows per band.

    Returns:
        ``(m, b)`` array of ``uint64``.
    """
    return _band_keys(np.ascontiguousarray(signatures, dtype=np.uint32), b, r)


@njit(cache=True, boundscheck=False)
def _band_keys(sigs: np.ndarray, b: int, r: int) -> np.ndarray:
    """:func:`band_hashes` in one compiled loop (in numpy it was ``b * r``
    vector operations an article)."""
    out = np.empty((sigs.shape[0], b), np.uint64)
    for i in range(sigs.shape[0]):
        for band in range(b):
            acc = np.uint64(band + 1)
            for col in range(band * r, (band + 1) * r):
                acc = acc * POLY + np.uint64(sigs[i, col])  # wraps mod 2**64
            out[i, band] = fmix64(acc)
    return out


KINDS = ("document", "paragraph", "seed")
"""Posting kinds: document and paragraph LSH band keys, distinctive seeds."""

SHARD_BITS = 4
SHARDS = 1 << SHARD_BITS
"""Postings are grouped shard by shard, a shard being the keys with the same
top bits, so that no step holds more than a sixteenth of them sorted."""

Postings = tuple[np.ndarray, np.ndarray]
_EMPTY_KEYS = np.zeros((0, 0), dtype=np.uint64)

PARAGRAPH_BITS = 20
"""A paragraph posting's owner is ``document << PARAGRAPH_BITS | paragraph``."""


def postings(sketches: Sequence[Sketch], first: int, bands: tuple[int, int]) -> dict[str, Postings]:
    """The postings of some documents, by kind: what the grouping stage sorts.

    Args:
        sketches: The documents' sketches.
        first: The number of the first of them in the scan.
        bands: ``(b, r)``, the :func:`banding` of the scan (or of the index
            it is checked against).

    Returns:
        ``(keys, owners)`` per kind in :data:`KINDS`: ``uint64`` band keys or
        seed hashes, and ``int64`` owners (document numbers, or paragraph
        ids for the paragraph kind).
    """
    b, r = bands
    numbers = np.arange(first, first + len(sketches), dtype=np.int64)
    signed = [i for i, sk in enumerate(sketches) if sk.signature is not None]
    # np.array, not np.stack: stack checks every row's shape on its own.
    doc_keys = band_hashes(np.array([sketches[i].signature for i in signed]), b, r) if signed else _EMPTY_KEYS
    paragraph_sigs = [sig for sk in sketches for sig in sk.passage_signatures.values()]
    paragraph_ids = [
        (int(n) << PARAGRAPH_BITS) | p for n, sk in zip(numbers, sketches, strict=True) for p in sk.passage_signatures
    ]
    para_keys = band_hashes(np.array(paragraph_sigs), b, r) if paragraph_sigs else _EMPTY_KEYS
    seeds = [sk.seed_set for sk in sketches]
    return {
        "document": (doc_keys.reshape(-1), np.repeat(numbers[signed], b)),
        "paragraph": (para_keys.reshape(-1), np.repeat(np.asarray(paragraph_ids, dtype=np.int64), b)),
        "seed": (
            np.concatenate(seeds) if seeds else _EMPTY_KEYS.reshape(-1),
            np.repeat(numbers, [len(x) for x in seeds]),
        ),
    }


Layout = list[tuple[int, dict[str, np.ndarray]]]
"""Posting files written: per file, its first document and, per kind, how
many postings it holds in each shard."""


def write_postings(found: dict[str, Postings], start: int, folder: str) -> dict[str, np.ndarray]:
    """Write some documents' postings to one file per kind, keys then owners,
    each ordered by shard, so a shard is one slice to read.

    Args:
        found: :func:`postings` of the documents.
        start: The number of their first document: it names the files.
        folder: Where to write.

    Returns:
        Per kind, the count of postings in each shard.
    """
    counts = {}
    for kind, (keys, owners) in found.items():
        keys, owners, counts[kind] = _by_shard(keys, owners.astype(np.int64, copy=False), SHARD_BITS)
        with open(os.path.join(folder, f"{kind}-{start:012d}"), "wb") as fh:
            fh.write(keys.data)
            fh.write(owners.data)
    return counts


@njit(cache=True, boundscheck=False)
def _by_shard(keys: np.ndarray, owners: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Postings ordered by shard (a key's top ``bits``), in their order
    within one, and the count in each shard: a counting sort, one pass to
    count and one to place (an argsort and two gathers took longer)."""
    shift = np.uint64(64 - bits)
    counts = np.zeros(1 << bits, np.int64)
    for key in keys:
        counts[np.int64(key >> shift)] += 1
    at = np.zeros(1 << bits, np.int64)
    for s in range(1, 1 << bits):
        at[s] = at[s - 1] + counts[s - 1]
    out_keys = np.empty_like(keys)
    out_owners = np.empty_like(owners)
    for i in range(len(keys)):
        s = np.int64(keys[i] >> shift)
        out_keys[at[s]] = keys[i]
        out_owners[at[s]] = owners[i]
        at[s] += 1
    return out_keys, out_owners, counts


def read_shard(folder: str, layout: Layout, kind: str, shard: int) -> Postings:
    """One shard of one kind's postings, from every file :func:`write_postings` wrote."""
    keys, owners = [np.zeros(0, dtype=np.uint64)], [np.zeros(0, dtype=np.int64)]
    for start, counts in layout:
        c = counts[kind].tolist()
        total, before, size = sum(c), sum(c[:shard]), c[shard]
        if size:
            with open(os.path.join(folder, f"{kind}-{start:012d}"), "rb") as fh:  # one open for both reads
                fh.seek(before * 8)
                keys.append(np.fromfile(fh, dtype=np.uint64, count=size))
                fh.seek((total + before) * 8)
                owners.append(np.fromfile(fh, dtype=np.int64, count=size))
    return np.concatenate(keys), np.concatenate(owners)


def shared_entries(keys: np.ndarray) -> np.ndarray:
    """Positions of the keys held by two entries or more, ordered by key
    (and by position among equal keys).

    Most keys are held once. A key's top bits beside its position make one
    ``uint64`` that numpy sorts in place, far faster than an argsort of the keys
    (with its two gathers); an entry whose top bits no other entry has holds
    a key no other entry has. Only the rest, a few per cent, are ordered by
    their whole key.
    """
    n = len(keys)
    if n < 2:
        return np.zeros(0, dtype=np.int64)
    bits = np.uint64(max(1, (n - 1).bit_length()))
    packed = (keys >> bits << bits) | np.arange(n, dtype=np.uint64)
    packed.sort()
    prefix = packed >> bits
    maybe = np.flatnonzero(_in_runs(prefix))
    position = (packed[maybe] & ((np.uint64(1) << bits) - np.uint64(1))).astype(np.int64)
    position = position[np.argsort(keys[position], kind="stable")]
    return position[_in_runs(keys[position])]


def _in_runs(ordered: np.ndarray) -> np.ndarray:
    """Which entries of a sorted array equal a neighbour."""
    same = ordered[1:] == ordered[:-1]
    out = np.zeros(len(ordered), dtype=bool)
    out[1:] |= same
    out[:-1] |= same
    return out


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of equal keys in a sorted array: their starts, sizes, and each
    entry's run number."""
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else np.zeros(0, np.int64)
    sizes = np.diff(np.append(starts, len(keys)))
    return starts, sizes, np.repeat(np.arange(len(starts), dtype=np.int64), sizes)


def heaviest(docs: np.ndarray, starts: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Per run of ``docs`` (runs beginning at ``starts``), the document with
    the most article text (``weight``); the lowest number on a tie."""
    n = np.int64(len(weight))
    score = weight[docs].astype(np.int64) * (n + 1) + (n - docs)
    best = np.maximum.reduceat(score, starts) if len(starts) else np.zeros(0, np.int64)
    return n - best % (n + 1)


@dataclass
class Stars:
    """What one kind's postings give, for one shard or all of them.

    For every key held by two or more documents, each holder is linked to
    the key's *hub*, the holder with the most article text, and to no other
    holder: a key carried by ``k`` documents makes ``k - 1`` links, not
    ``k (k - 1) / 2`` (a story reprinted by 200 outlets is 199 links per
    key, where every pair of copies would be 19 900). The hub is the copy
    most likely to hold the others' text, so the links of one story's copies
    mostly meet in one document.

    Attributes:
        pairs: ``member * n + hub`` keys, sorted and distinct (``n``
            documents; ``member != hub``).
        counts: Per pair, how many keys of the kind link the member to the hub.
        selfs: Documents holding one key twice (a paragraph repeated), sorted.
        common: Keys too common to be evidence (seeds in more stories than
            ``max_df``), sorted; only :func:`cross_stars` finds them.
    """

    pairs: np.ndarray
    counts: np.ndarray
    selfs: np.ndarray
    common: np.ndarray

    @staticmethod
    def empty() -> Stars:
        none = np.zeros(0, dtype=np.int64)
        return Stars(none, none, none, np.zeros(0, dtype=np.uint64))


Held = tuple[np.ndarray, np.ndarray]
"""Keys held by two postings or more, sorted, and each posting's document."""


def holders(kind: str, keys: np.ndarray, owners: np.ndarray, ignore: np.ndarray | None = None) -> Held:
    """The entries of keys held twice or more, ordered by key, and their
    documents; keys among ``ignore`` (sorted) left out."""
    shared = shared_entries(keys)
    keys, owners = keys[shared], owners[shared]
    if ignore is not None and len(ignore) and len(keys):
        keep = ~in_sorted(keys, ignore)
        keys, owners = keys[keep], owners[keep]
    return keys, (owners >> PARAGRAPH_BITS if kind == "paragraph" else owners)


def _star_pairs(docs: np.ndarray, run: np.ndarray, hubs: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``member * n + hub`` of every entry but the hubs, with how many runs link each pair."""
    hub_of = hubs[run]
    member = docs != hub_of
    return np.unique(docs[member] * np.int64(n) + hub_of[member], return_counts=True)


def stars(
    kind: str, keys: np.ndarray, owners: np.ndarray, weight: np.ndarray, ignore: np.ndarray | None = None
) -> Stars:
    """Star links of documents whose postings share a key.

    Args:
        kind: One of :data:`KINDS`.
        keys, owners: Postings of that kind (any subset holding every
            posting of its keys, such as one shard).
        weight: Per document, its article text in words: the hub of a key is
            its heaviest holder.
        ignore: Keys that are no evidence, sorted (the seeds of the corpus's
            page templates).
    """
    return link(holders(kind, keys, owners, ignore), weight)


def link(held: Held, weight: np.ndarray) -> Stars:
    """:func:`stars` of the :func:`holders` of some postings."""
    n = len(weight)
    keys, docs = held
    starts, _, run = _runs(keys)
    selfs = np.zeros(0, dtype=np.int64)
    # A document holding a key twice (a paragraph repeated, only possible
    # for paragraphs) counts once for it, and may repeat itself. Holders
    # come in document order within a key, so when they rise strictly no
    # document holds one twice, and nothing need be sorted again.
    if np.any((run[1:] == run[:-1]) & (docs[1:] <= docs[:-1])):
        held, times = np.unique(run * np.int64(n) + docs, return_counts=True)
        selfs = unique(held[times > 1] % n)
        run, docs = held // n, held % n
        starts = np.flatnonzero(np.concatenate(([True], run[1:] != run[:-1]))) if len(run) else starts[:0]
        run = np.repeat(np.arange(len(starts), dtype=np.int64), np.diff(np.append(starts, len(run))))
    pairs, counts = _star_pairs(docs, run, heaviest(docs, starts, weight), n)
    return Stars(pairs, counts.astype(np.int64), selfs, np.zeros(0, dtype=np.uint64))


def cross_stars(
    keys: np.ndarray,
    owners: np.ndarray,
    weight: np.ndarray,
    story: np.ndarray,
    max_df: int,
    ignore: np.ndarray | None = None,
    kind: str = "seed",
) -> Stars:
    """Star links between documents of different stories through the seeds
    (or paragraphs) they share, and the keys too common to be evidence.

    The document frequency that makes a key common counts *stories* (see
    :mod:`provenance.cluster`), not documents: a sentence of one story
    reprinted by 500 outlets is one story's sentence, while a stock phrase,
    or an outlet's sign-off paragraph, found in more than ``max_df`` stories
    says nothing about reuse. Counting documents, as passim and BLAST's seed
    step do, hid exactly the most reprinted text.

    Args:
        keys, owners: Postings of ``kind`` (one shard, or all).
        weight: Per document, its article text in words.
        story: Per document, its provisional story.
        max_df: Keys in more stories than this are common.
        ignore: Keys that are no evidence, sorted: left out, and not
            counted among the common ones.
        kind: ``"seed"`` or ``"paragraph"``.
    """
    return link_across(holders(kind, keys, owners, ignore), weight, story, max_df)


def link_across(held: Held, weight: np.ndarray, story: np.ndarray, max_df: int) -> Stars:
    """:func:`cross_stars` of the :func:`holders` of some postings."""
    n = len(weight)
    keys, docs = held
    starts, _, run = _runs(keys)
    stories = story[docs].astype(np.int64)
    distinct = unique(run * np.int64(len(story) + 1) + stories) // (len(story) + 1)
    df = np.bincount(distinct, minlength=len(starts))
    common = np.sort(keys[starts[df > max_df]])
    keep = (df >= 2) & (df <= max_df)
    entries = keep[run]
    docs, run = docs[entries], run[entries]
    starts = np.flatnonzero(np.concatenate(([True], run[1:] != run[:-1]))) if len(run) else starts[:0]
    run = np.repeat(np.arange(len(starts), dtype=np.int64), np.diff(np.append(starts, len(run))))
    hubs = heaviest(docs, starts, weight)
    across = story[docs] != story[hubs[run]]
    pairs, counts = _star_pairs(docs[across], run[across], hubs, n) if len(run) else (run, run)
    return Stars(pairs, counts.astype(np.int64), np.zeros(0, dtype=np.int64), common)


def merge(found: Iterable[Stars]) -> Stars:
    """One kind's stars from every shard: the counts of a pair added up."""
    found = list(found)
    if not found:
        return Stars.empty()
    pairs = np.concatenate([s.pairs for s in found])
    counts = np.concatenate([s.counts for s in found])
    order = np.argsort(pairs, kind="stable")
    pairs, counts = pairs[order], counts[order]
    starts = np.flatnonzero(np.concatenate(([True], pairs[1:] != pairs[:-1]))) if len(pairs) else pairs[:0]
    return Stars(
        pairs[starts],
        np.add.reduceat(counts, starts) if len(starts) else counts[:0],
        unique(np.concatenate([s.selfs for s in found])),
        np.sort(np.concatenate([s.common for s in found])),
    )


MIN_REPEAT_RUN = 3
"""Consecutive repeated seeds a document must hold to be aligned with
itself: six words written twice. A block repeated whole makes a run of
``words - seed_size + 1``, one repeated at 0.8 similarity a run of three or
more; a name or a stock phrase a story uses twice, which a fifth of real
articles do, a run of one or two."""


def repeats_itself(repeats: np.ndarray, common: np.ndarray, run: int = MIN_REPEAT_RUN) -> bool:
    """Whether a document may repeat a block of itself: a run of ``run``
    consecutive positions holding seeds it repeats (see ``Sketch.repeat_run``),
    one of them not among ``common``."""
    if run < MIN_REPEAT_RUN:
        return False
    if len(repeats) and len(common):
        repeats = repeats[~in_sorted(repeats, common)]
    return len(repeats) > 0


def self_pairs(repeats: Sequence[np.ndarray], runs: Sequence[int], common: np.ndarray) -> set[Pair]:
    """``(i, i)`` for each document ``i`` that :func:`repeats_itself`."""
    return {(i, i) for i, (r, k) in enumerate(zip(repeats, runs, strict=True)) if repeats_itself(r, common, k)}
