"""Steps 1 and 2 of alignment: the seeds two texts share, and the chains of
seeds that follow one another in both (as BLAST's hits are chained before
they are extended, Altschul et al., 1990).

A seed is a distinctive word n-gram of a :class:`~provenance.fingerprint.Fingerprint`
(``seed_size`` words, at least two of them not function words), at a token
position of each text; a corpus's too-common n-grams are no evidence. The
walks are compiled (numba): a pair of long texts shares tens of thousands of
seeds.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .fingerprint import Fingerprint, in_sorted

_MAX_SEED_REPEATS = 16  # a seed repeated more often in one text is no evidence


def _positions_by_hash(hashes: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(hashes, kind="stable")
    return hashes[order], positions[order]


def shared_seeds(fa: Fingerprint, fb: Fingerprint, common: np.ndarray) -> np.ndarray:
    """``(m, 2)`` array of ``(pos_a, pos_b)`` where both texts have the same
    distinctive seed, not among ``common`` (sorted), and ``b`` has it at most
    ``_MAX_SEED_REPEATS`` times; ordered by seed, then ``pos_a``, ``pos_b``."""
    pa = np.flatnonzero(fa.distinctive)
    pb = np.flatnonzero(fb.distinctive)
    ha, hb = fa.seeds[pa], fb.seeds[pb]
    order_a, order_b = np.argsort(ha, kind="stable"), np.argsort(hb, kind="stable")
    return _join_seeds(ha[order_a], pa[order_a], hb[order_b], pb[order_b], common, _MAX_SEED_REPEATS)


@njit(cache=True, boundscheck=False)
def _join_seeds(
    ha: np.ndarray, pa: np.ndarray, hb: np.ndarray, pb: np.ndarray, common: np.ndarray, most: int
) -> np.ndarray:
    """A merge join of two texts' seeds sorted by hash (positions in text
    order within a hash), skipping the common seeds: the three sorted arrays
    are walked together (numpy's set operations sort again on every pair)."""
    out = np.empty((0, 2), np.int64)
    out = np.empty((_walk_seeds(ha, pa, hb, pb, common, most, out), 2), np.int64)
    _walk_seeds(ha, pa, hb, pb, common, most, out)
    return out


@njit(cache=True, boundscheck=False)
def _walk_seeds(
    ha: np.ndarray, pa: np.ndarray, hb: np.ndarray, pb: np.ndarray, common: np.ndarray, most: int, out: np.ndarray
) -> int:
    """The pairs of :func:`_join_seeds`, written to ``out`` while it has
    room; returns how many there are."""
    size = i = j = c = 0
    while i < len(ha) and j < len(hb):
        if ha[i] < hb[j]:
            i += 1
        elif hb[j] < ha[i]:
            j += 1
        else:
            h = ha[i]
            i_end, j_end = i, j
            while i_end < len(ha) and ha[i_end] == h:
                i_end += 1
            while j_end < len(hb) and hb[j_end] == h:
                j_end += 1
            while c < len(common) and common[c] < h:
                c += 1
            if j_end - j <= most and not (c < len(common) and common[c] == h):
                for x in range(i, i_end):
                    for y in range(j, j_end):
                        if size < len(out):
                            out[size, 0], out[size, 1] = pa[x], pb[y]
                        size += 1
            i, j = i_end, j_end
    return size


def repeated_seeds(fp: Fingerprint, common: np.ndarray) -> np.ndarray:
    """``(m, 2)`` array of ``(earlier, later)`` positions of the same seed in one text."""
    pos = np.flatnonzero(fp.distinctive)
    h = fp.seeds[pos]
    if len(common):
        keep = ~in_sorted(h, common)
        h, pos = h[keep], pos[keep]
    if len(h) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    h, pos = _positions_by_hash(h, pos)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(h)) + 1))
    sizes = np.diff(np.append(starts, len(h)))
    # Positions of one hash are in text order (the sort is stable). Seeds
    # found twice are nearly all of them: paired without a Python loop.
    two = starts[sizes == 2]
    pairs = [np.stack([pos[two], pos[two + 1]], axis=1)]
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        if 2 < size <= _MAX_SEED_REPEATS:
            ii, jj = np.triu_indices(size, k=1)
            group = pos[start : start + size]
            pairs.append(np.stack([group[ii], group[jj]], axis=1))
    return np.concatenate(pairs).astype(np.int64, copy=False)


def chain(seeds: np.ndarray, reach: int, max_drift: int) -> list[np.ndarray]:
    """Group seeds into chains that advance together in both texts.

    Args:
        seeds: ``(m, 2)`` seed positions.
        reach: Largest step, in words, between consecutive seeds of a chain.
        max_drift: Largest change of diagonal (``pos_b - pos_a``) between them.

    Returns:
        Chains as ``(k, 2)`` arrays, in order of their first seed.
    """
    if len(seeds) == 0:
        return []
    order = np.lexsort((seeds[:, 1], seeds[:, 0]))
    ordered = seeds[order]
    # A copy's seeds mostly lie on one diagonal: when every seed extends the
    # one before it, the loop below would make one chain of them all.
    step = np.diff(ordered, axis=0)
    if bool(np.all((step > 0) & (step <= reach)) and np.all(np.abs(step[:, 1] - step[:, 0]) <= max_drift)):
        return [ordered.astype(np.int64, copy=False)]
    ids, count = _chain_ids(np.ascontiguousarray(ordered, dtype=np.int64), reach, max_drift)
    # Chains are numbered as they start, so in order of their first seed.
    grouped = ordered[np.argsort(ids, kind="stable")].astype(np.int64, copy=False)
    return np.split(grouped, np.cumsum(np.bincount(ids, minlength=count))[:-1])


@njit(cache=True, boundscheck=False)
def _chain_ids(ordered: np.ndarray, reach: int, max_drift: int) -> tuple[np.ndarray, int]:
    """The chain of each seed (seeds in text order of the first side).

    A seed extends the open chain whose last seed it follows on both sides
    within ``reach`` words with the least change of diagonal (at most
    ``max_drift``; the earliest such chain on a tie), else starts a chain.
    A chain closes when a seed lies more than ``reach`` words past its end.

    Returns:
        Per seed its chain number, and the number of chains.
    """
    ids = np.empty(len(ordered), np.int64)
    open_ids = np.empty(len(ordered), np.int64)  # open chains, oldest first
    last = np.empty((len(ordered), 2), np.int64)  # last seed of each chain
    n_open = 0
    count = 0
    for i in range(len(ordered)):
        pa, pb = ordered[i, 0], ordered[i, 1]
        best, best_drift = -1, max_drift + 1
        kept = 0
        for j in range(n_open):
            c = open_ids[j]
            la, lb = last[c, 0], last[c, 1]
            if pa - la > reach:
                continue  # closed for good
            open_ids[kept] = c
            kept += 1
            if pa - la > 0 and 0 < pb - lb <= reach:
                drift = abs((pb - pa) - (lb - la))
                if drift < best_drift:
                    best, best_drift = c, drift
        n_open = kept
        if best == -1:
            best = count
            count += 1
            open_ids[n_open] = best
            n_open += 1
        ids[i] = best
        last[best, 0], last[best, 1] = pa, pb
    return ids, count
