"""Candidates stage: which document pairs are worth aligning.

Two complementary sources, both cheap compared with alignment:

* **MinHash LSH** (datasketch ``MinHashLSH``; Indyk & Motwani 1998, banding as
  in Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3) over
  whole-document signatures and over paragraph signatures. It finds near-copies
  however many times they occur, which the postings below deliberately ignore.
* **Hashed n-gram postings** with document-frequency pruning, as in passim
  (Smith et al., "Infectious texts", 2013) and BLAST's seed step: two documents
  sharing at least ``min_shared`` distinctive word n-grams that occur in no
  more than ``max_df`` documents become a candidate. This is what finds reuse
  down to a shared phrase, where Jaccard similarity is near zero.

A pair ``(i, i)`` means "document ``i`` may repeat itself".
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numba import njit

from . import recorded
from .config import Settings
from .fingerprint import POLY, Permutations, Sketch, fmix64, in_sorted

Pair = tuple[int, int]


@cache  # datasketch integrates for it: 20 ms a call
def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(b, r)``: bands and rows per band, as datasketch's ``MinHashLSH``
    chooses them for a threshold (weighing false positives and negatives
    equally); recorded for the usual thresholds (:mod:`provenance.recorded`)."""
    if (threshold, num_perm) in recorded.BANDING:
        return recorded.BANDING[threshold, num_perm]
    from datasketch import MinHashLSH  # imports scipy: 0.2-0.4 s

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
    vector operations, 8 µs an article in the first pass)."""
    out = np.empty((sigs.shape[0], b), np.uint64)
    for i in range(sigs.shape[0]):
        for band in range(b):
            acc = np.uint64(band + 1)
            for col in range(band * r, (band + 1) * r):
                acc = acc * POLY + np.uint64(sigs[i, col])  # wraps mod 2**64
            out[i, band] = fmix64(acc)
    return out


def _groups(keys: np.ndarray, owners: np.ndarray, max_size: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of owners whose keys are equal: ``(left, right)`` arrays with
    ``left <= right``, one row per pair of entries sharing a key (repeats
    included). Keys held by more than ``max_size`` entries are ignored.
    ``keys`` are sorted, and each is held by two entries or more (see
    :func:`shared_entries`)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(keys)) + 1))
    sizes = np.diff(np.concatenate((starts, [len(keys)])))
    keep = sizes >= 2
    if max_size is not None:
        keep &= sizes <= max_size
    left, right = [], []
    # Groups of two are the vast majority: pair them without a Python loop.
    two = starts[keep & (sizes == 2)]
    left.append(owners[two])
    right.append(owners[two + 1])
    for start, size in zip(starts[keep & (sizes > 2)], sizes[keep & (sizes > 2)], strict=False):
        ii, jj = np.triu_indices(size, k=1)
        group = owners[start : start + size]
        left.append(group[ii])
        right.append(group[jj])
    left_, right_ = np.concatenate(left), np.concatenate(right)
    return np.minimum(left_, right_), np.maximum(left_, right_)


def lsh_pairs(sketches: Sequence[Sketch], settings: Settings, perms: Permutations) -> set[Pair]:
    """Pairs whose document or paragraph signatures collide in MinHash LSH.

    Banding as datasketch's ``MinHashLSH`` does it (same ``b`` and ``r``), but
    for all signatures at once: band keys are hashed with numpy and equal
    keys found by sorting, instead of one insert and one query per
    signature.

    Args:
        sketches: Sketches of the fingerprints, indexed by document number.
        settings: ``lsh_threshold`` and ``num_perm``.
        perms: The permutations the signatures were made with.

    Returns:
        Document-number pairs ``(i, j)`` with ``i <= j``; ``(i, i)`` when two
        paragraphs of one document collide.
    """
    n = len(sketches)
    found = postings(sketches, 0, banding(settings.lsh_threshold, perms.num_perm))
    pairs, _ = merge(((kind, group(kind, *found[kind], n, settings.max_df)) for kind in KINDS[:2]), n)
    return pairs


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
    # np.array, not np.stack: a third of the time on thousands of rows.
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


@dataclass
class Grouped:
    """What one kind's postings give, for one shard or all of them.

    ``pairs`` are pair keys ``i * n + j`` (``n`` documents, ``i <= j``) with
    ``counts``: for seeds, how many distinct seeds the pair shares; for band
    keys, how many bands collided. ``common`` holds the seeds over ``max_df``,
    sorted.
    """

    pairs: np.ndarray
    counts: np.ndarray
    common: np.ndarray


def shared_entries(keys: np.ndarray) -> np.ndarray:
    """Positions of the keys held by two entries or more, ordered by key
    (and by position among equal keys).

    Most keys are held once. A key's top bits beside its position make one
    ``uint64`` that numpy sorts ten times faster than an argsort of the keys
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


def group(kind: str, keys: np.ndarray, owners: np.ndarray, n: int, max_df: int) -> Grouped:
    """Pairs of documents whose postings share a key.

    Args:
        kind: One of :data:`KINDS`.
        keys, owners: Postings of that kind (any subset holding every
            posting of its keys, such as one shard).
        n: Documents in the scan.
        max_df: Seeds in more documents than this propose no pair.
    """
    common = np.zeros(0, dtype=np.uint64)
    shared = shared_entries(keys)
    keys, owners = keys[shared], owners[shared]
    if kind == "seed":
        if len(keys):
            starts = np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1))
            sizes = np.diff(np.concatenate((starts, [len(keys)])))
            common = keys[starts[sizes > max_df]]
        left, right = _groups(keys, owners, max_df)
    else:
        left, right = _groups(keys, owners)
        distinct = left != right  # a paragraph never pairs with itself
        left, right = left[distinct], right[distinct]
        if kind == "paragraph":
            left, right = left >> PARAGRAPH_BITS, right >> PARAGRAPH_BITS
        else:
            # One document's signature is never compared with itself.
            keep = left != right
            left, right = left[keep], right[keep]
    pairs, counts = np.unique(left * n + right, return_counts=True)
    return Grouped(pairs, counts, common)


def merge(groups: Iterable[tuple[str, Grouped]], n: int, min_shared: int = 2) -> tuple[set[Pair], np.ndarray]:
    """Candidate pairs from every kind and shard, and the common seeds.

    Band-key pairs all count; seed pairs count when they share
    ``min_shared`` distinct seeds across all shards.
    """
    lsh, seed_pairs, seed_counts, common = [], [], [], []
    for kind, g in groups:
        if kind == "seed":
            seed_pairs.append(g.pairs)
            seed_counts.append(g.counts)
            common.append(g.common)
        else:
            lsh.append(g.pairs)
    keys = np.unique(np.concatenate(lsh)) if lsh else np.zeros(0, dtype=np.int64)
    if seed_pairs:
        sp, sc = np.concatenate(seed_pairs), np.concatenate(seed_counts)
        order = np.argsort(sp, kind="stable")
        sp, sc = sp[order], sc[order]
        if len(sp):
            starts = np.concatenate(([0], np.flatnonzero(sp[1:] != sp[:-1]) + 1))
            totals = np.add.reduceat(sc, starts)
            keys = np.union1d(keys, sp[starts[totals >= min_shared]])
    pairs = {(int(k // n), int(k % n)) for k in keys.tolist()}
    common_seeds = np.sort(np.concatenate(common)) if common else np.zeros(0, dtype=np.uint64)
    return pairs, common_seeds


def repeats_itself(repeats: np.ndarray, common: np.ndarray) -> bool:
    """Whether some distinctive seed, not among ``common``, occurs twice in
    the document (``repeats``: a :class:`Sketch`'s): then it may repeat a
    block of itself."""
    if len(repeats) and len(common):
        repeats = repeats[~in_sorted(repeats, common)]
    return len(repeats) > 0


def self_pairs(repeats: Sequence[np.ndarray], common: np.ndarray) -> set[Pair]:
    """``(i, i)`` for each document ``i`` that :func:`repeats_itself`."""
    return {(i, i) for i, r in enumerate(repeats) if repeats_itself(r, common)}


def candidate_pairs(
    sketches: Sequence[Sketch], settings: Settings, perms: Permutations, context: int = 0
) -> tuple[list[Pair], np.ndarray]:
    """All candidate pairs, sorted, and the seeds too common to align on.

    The in-memory form of the stage; ``provenance.api.scan`` runs the same
    steps with postings written to shard files by the workers and grouped
    shard by shard (:func:`postings`, :func:`group`, :func:`merge`).

    Args:
        sketches: Sketches of the fingerprints, indexed by document number.
        settings: Thresholds.
        perms: The permutations the signatures were made with.
        context: How many of the last ``sketches`` are context (documents
            read back from an index): they are paired with the others, never
            with one another or themselves, since their own duplication is
            not what is being checked.

    Returns:
        ``(pairs, common)``: pairs ``(i, j)`` with ``i <= j`` in sorted order,
        and the sorted array of seed hashes over ``max_df``.
    """
    n = len(sketches)
    found = postings(sketches, 0, banding(settings.lsh_threshold, perms.num_perm))
    pairs, common = merge(((kind, group(kind, *found[kind], n, settings.max_df)) for kind in KINDS), n)
    pairs |= self_pairs([sk.repeats for sk in sketches], common)
    return restrict(pairs, n - context), common


def restrict(pairs: set[Pair], first_context: int) -> list[Pair]:
    """The pairs, sorted, without those between two context documents
    (numbered from ``first_context``)."""
    return sorted(p for p in pairs if p[0] < first_context)
