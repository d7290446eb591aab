"""Sorted sets of integer keys (band keys, seeds, document pairs), made by
sorting.

``np.unique`` (and ``np.union1d``, which calls it) finds the distinct values
of an array with a hash table since numpy 2.3 when it is asked for nothing
but the values, and sorts them after. On keys that are mostly distinct, as
hashes and pair numbers are, that is 2.5 times slower than sorting the array
and keeping each run's first value at a thousand keys, and ten times slower
at millions, where the table no longer fits in the caches
(``docs/performance.md``). The results are the same array.
"""

from __future__ import annotations

import numpy as np


def unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``: the distinct values, sorted, of the same dtype."""
    ordered = np.sort(values, axis=None)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.union1d(a, b)``: the values of either, distinct and sorted."""
    return unique(np.concatenate((np.ravel(a), np.ravel(b))))
