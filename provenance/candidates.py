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

from collections.abc import Sequence

import numpy as np
from datasketch import MinHashLSH

from .config import Settings
from .fingerprint import POLY, Permutations, Sketch, fmix64

Pair = tuple[int, int]


def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(b, r)``: bands and rows per band, as datasketch's ``MinHashLSH``
    chooses them for a threshold (weighing false positives and negatives
    equally)."""
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
    sigs = np.asarray(signatures, dtype=np.uint32).astype(np.uint64)
    out = np.empty((len(sigs), b), dtype=np.uint64)
    for band in range(b):  # b * r vector operations, whatever m is
        acc = np.full(len(sigs), band + 1, dtype=np.uint64)
        for col in range(band * r, (band + 1) * r):
            acc = acc * POLY + sigs[:, col]
        out[:, band] = fmix64(acc)
    return out


def _groups(keys: np.ndarray, owners: np.ndarray, max_size: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of owners whose keys are equal: ``(left, right)`` arrays with
    ``left <= right``, one row per pair of entries sharing a key (repeats
    included). ``owners`` must be non-decreasing. Keys held by more than
    ``max_size`` entries are ignored."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")  # owners arrive in order, and stay so within a key
    keys, owners = keys[order], owners[order]
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
    return np.concatenate(left), np.concatenate(right)


def lsh_pairs(fps: Sequence[Sketch], settings: Settings, perms: Permutations) -> set[Pair]:
    """Pairs whose document or paragraph signatures collide in MinHash LSH.

    Banding as datasketch's ``MinHashLSH`` does it (same ``b`` and ``r``), but
    for all signatures at once: band keys are hashed with numpy and equal
    keys found by one sort, instead of one insert and one query per
    signature.

    Args:
        fps: Sketches of the fingerprints, indexed by document number.
        settings: ``lsh_threshold`` and ``num_perm``.
        perms: The permutations the signatures were made with.

    Returns:
        Document-number pairs ``(i, j)`` with ``i <= j``; ``(i, i)`` when two
        paragraphs of one document collide.
    """
    b, r = banding(settings.lsh_threshold, perms.num_perm)
    pairs: set[Pair] = set()
    with_sig = [i for i, fp in enumerate(fps) if fp.signature is not None]
    if with_sig:
        keys = band_hashes(np.stack([fps[i].signature for i in with_sig]), b, r)
        owners = np.repeat(np.asarray(with_sig, dtype=np.int64), b)
        left, right = _groups(keys.reshape(-1), owners)
        pairs.update(zip(left[left != right].tolist(), right[left != right].tolist(), strict=True))
    counts = [len(fp.passage_signatures) for fp in fps]
    if sum(counts):
        sigs = np.stack([sig for fp in fps for sig in fp.passage_signatures.values()])
        docs = np.repeat(np.arange(len(fps), dtype=np.int64), counts)
        # Owners are passages, so that two copies of one paragraph in one
        # document pair up (a repeat) while one passage never pairs itself.
        keys = band_hashes(sigs, b, r).reshape(-1)
        passage = np.repeat(np.arange(len(sigs), dtype=np.int64), b)
        left, right = _groups(keys, passage)
        distinct = left != right
        pairs.update(zip(docs[left[distinct]].tolist(), docs[right[distinct]].tolist(), strict=True))
    return pairs


def seed_postings(fps: Sequence[Sketch]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct distinctive seed hashes of every document, as one posting list.

    Returns:
        ``(hashes, docs)`` sorted by hash then document; each (hash, doc)
        appears once.
    """
    if not fps:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    h = np.concatenate([fp.seed_set for fp in fps])
    d = np.repeat(np.arange(len(fps), dtype=np.int64), [len(fp.seed_set) for fp in fps])
    order = np.argsort(h, kind="stable")  # documents stay in order within a hash
    return h[order], d[order]


def common_seeds(hashes: np.ndarray, max_df: int) -> np.ndarray:
    """Sorted seed hashes found in more than ``max_df`` documents."""
    uniq, counts = np.unique(hashes, return_counts=True)
    return uniq[counts > max_df]


def posting_pairs(hashes: np.ndarray, docs: np.ndarray, settings: Settings, min_shared: int = 2) -> set[Pair]:
    """Document pairs sharing ``min_shared`` or more seeds of document frequency
    between 2 and ``max_df``.

    Args:
        hashes, docs: Postings from :func:`seed_postings`.
        settings: ``max_df``.
        min_shared: Distinct shared seeds needed to propose a pair.

    Returns:
        Pairs ``(i, j)`` with ``i < j``.
    """
    a, b = _groups(hashes, docs, settings.max_df)
    if len(a) == 0:
        return set()
    n = int(docs.max()) + 1
    keys, counts = np.unique(a * n + b, return_counts=True)
    keys = keys[counts >= min_shared]
    return {(int(k // n), int(k % n)) for k in keys}


def repeats_itself(sketch: Sketch, common: np.ndarray) -> bool:
    """Whether some distinctive seed, not among ``common``, occurs twice in
    the document: then it may repeat a block of itself."""
    repeats = sketch.repeats
    if len(repeats) and len(common):
        repeats = repeats[~np.isin(repeats, common)]
    return len(repeats) > 0


def self_pairs(fps: Sequence[Sketch], common: np.ndarray) -> set[Pair]:
    """``(i, i)`` for each document that :func:`repeats_itself`."""
    return {(i, i) for i, fp in enumerate(fps) if repeats_itself(fp, common)}


def candidate_pairs(
    fps: Sequence[Sketch], settings: Settings, perms: Permutations, context: int = 0
) -> tuple[list[Pair], np.ndarray]:
    """All candidate pairs, sorted, and the seeds too common to align on.

    Args:
        fps: Sketches of the fingerprints, indexed by document number.
        settings: Thresholds.
        perms: The permutations the signatures were made with.
        context: How many of the last ``fps`` are context (documents read
            back from an index): they are paired with the others, never with
            one another or themselves, since their own duplication is not
            what is being checked.

    Returns:
        ``(pairs, common)``: pairs ``(i, j)`` with ``i <= j`` in sorted order,
        and the sorted array of seed hashes over ``max_df``.
    """
    hashes, docs = seed_postings(fps)
    common = common_seeds(hashes, settings.max_df)
    pairs = lsh_pairs(fps, settings, perms)
    pairs |= posting_pairs(hashes, docs, settings)
    pairs |= self_pairs(fps, common)
    if context:
        first = len(fps) - context
        pairs = {(i, j) for i, j in pairs if i < first}
    return sorted(pairs), common
