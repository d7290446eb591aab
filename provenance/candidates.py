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
from .fingerprint import Fingerprint, Permutations

Pair = tuple[int, int]


def lsh_pairs(fps: Sequence[Fingerprint], settings: Settings, perms: Permutations) -> set[Pair]:
    """Pairs whose document or paragraph signatures collide in MinHash LSH.

    Args:
        fps: Fingerprints, indexed by document number.
        settings: ``lsh_threshold`` and ``num_perm``.
        perms: The permutations the signatures were made with.

    Returns:
        Document-number pairs ``(i, j)`` with ``i <= j``.
    """
    pairs: set[Pair] = set()
    docs = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    passages = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    doc_hashes = {}
    passage_hashes = {}
    with docs.insertion_session() as d_session, passages.insertion_session() as p_session:
        for i, fp in enumerate(fps):
            if fp.signature is not None:
                doc_hashes[i] = perms.lean(fp.signature)
                d_session.insert(i, doc_hashes[i], check_duplication=False)
            for p, sig in fp.passage_signatures.items():
                passage_hashes[(i, p)] = perms.lean(sig)
                p_session.insert((i, p), passage_hashes[(i, p)], check_duplication=False)
    for i, mh in doc_hashes.items():
        pairs.update((min(i, j), max(i, j)) for j in docs.query(mh) if j != i)
    for (i, p), mh in passage_hashes.items():
        for j, q in passages.query(mh):
            if (j, q) != (i, p):
                pairs.add((min(i, j), max(i, j)))
    return pairs


def seed_postings(fps: Sequence[Fingerprint]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct distinctive seed hashes of every document, as one posting list.

    Returns:
        ``(hashes, docs)`` sorted by hash then document; each (hash, doc)
        appears once.
    """
    hashes, docs = [], []
    for i, fp in enumerate(fps):
        uniq = np.unique(fp.seeds[fp.distinctive])
        hashes.append(uniq)
        docs.append(np.full(len(uniq), i, dtype=np.int64))
    if not hashes:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    h = np.concatenate(hashes)
    d = np.concatenate(docs)
    order = np.lexsort((d, h))
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
    if len(hashes) == 0:
        return set()
    bounds = np.flatnonzero(np.diff(hashes)) + 1
    starts = np.concatenate(([0], bounds))
    sizes = np.diff(np.concatenate((starts, [len(hashes)])))
    keep = (sizes >= 2) & (sizes <= settings.max_df)
    left, right = [], []
    # Groups of two are the vast majority: pair them without a Python loop.
    two = starts[keep & (sizes == 2)]
    left.append(docs[two])
    right.append(docs[two + 1])
    for start, size in zip(starts[keep & (sizes > 2)], sizes[keep & (sizes > 2)], strict=False):
        group = docs[start : start + size]
        ii, jj = np.triu_indices(size, k=1)
        left.append(group[ii])
        right.append(group[jj])
    a = np.concatenate(left)
    b = np.concatenate(right)
    if len(a) == 0:
        return set()
    n = int(docs.max()) + 1
    keys, counts = np.unique(a * n + b, return_counts=True)
    keys = keys[counts >= min_shared]
    return {(int(k // n), int(k % n)) for k in keys}


def self_pairs(fps: Sequence[Fingerprint], common: np.ndarray) -> set[Pair]:
    """Documents in which some distinctive, not-too-common seed occurs twice."""
    out = set()
    for i, fp in enumerate(fps):
        seeds = fp.seeds[fp.distinctive]
        if len(seeds) < 2:
            continue
        if len(common):
            seeds = seeds[~np.isin(seeds, common)]
        if len(seeds) != len(np.unique(seeds)):
            out.add((i, i))
    return out


def candidate_pairs(
    fps: Sequence[Fingerprint], settings: Settings, perms: Permutations, context: int = 0
) -> tuple[list[Pair], np.ndarray]:
    """All candidate pairs, sorted, and the seeds too common to align on.

    Args:
        fps: Fingerprints, indexed by document number.
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
