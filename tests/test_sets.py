"""The sorted sets of kernels.sets against numpy's own np.unique and
np.union1d: the same values, order and dtype, on the keys the scan holds
(uint64 hashes past 2**63, int64 pair numbers, mostly or hardly distinct)."""

from __future__ import annotations

import numpy as np
import pytest

from provenance.kernels.sets import union, unique


def _cases() -> list[np.ndarray]:
    rng = np.random.default_rng(20261206)
    hashes = rng.integers(0, 2**64 - 1, size=5000, dtype=np.uint64, endpoint=True)
    return [
        np.zeros(0, np.int64),
        np.zeros(0, np.uint64),
        np.array([7], np.int64),
        np.array([3, 3], np.int64),
        np.array([2**64 - 1, 0, 2**63, 2**63 - 1, 2**63], np.uint64),
        hashes,  # nearly all distinct
        hashes[rng.integers(0, 40, size=5000)],  # forty values, many times each
        rng.integers(-(2**62), 2**62, size=3000, dtype=np.int64),
        rng.integers(0, 50, size=(40, 30), dtype=np.int64),  # two dimensions: flattened, as np.unique does
    ]


@pytest.mark.parametrize("values", _cases(), ids=lambda a: f"{a.dtype}-{a.size}")
def test_unique_is_numpys(values):
    got, expected = unique(values), np.unique(values)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)
    assert unique(values) is not values  # never the caller's array, sorted in place


def test_unique_leaves_its_argument_as_it_was():
    values = np.array([5, 1, 5, 3], np.int64)
    unique(values)
    np.testing.assert_array_equal(values, [5, 1, 5, 3])


@pytest.mark.parametrize("a", _cases()[:6], ids=lambda a: f"{a.dtype}-{a.size}")
def test_union_is_numpys(a):
    for b in (np.zeros(0, a.dtype), a[::-1][:7], np.arange(10).astype(a.dtype)):
        got, expected = union(a, b), np.union1d(a, b)
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)
