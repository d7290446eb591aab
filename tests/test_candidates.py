"""The candidates stage: numpy banding must propose exactly the pairs that
datasketch's MinHashLSH proposes for the same signatures."""

from __future__ import annotations

import random

import numpy as np
from conftest import SEEDS, read
from datasketch import MinHashLSH
from test_corpus import edit_words

from provenance.candidates import (
    KINDS,
    SHARD_BITS,
    SHARDS,
    band_hashes,
    banding,
    lsh_pairs,
    read_shard,
    shared_entries,
    write_postings,
)
from provenance.config import Settings
from provenance.fingerprint import Permutations, fingerprint, fmix64
from provenance.model import Document


def reference_pairs(fps, settings, perms) -> set[tuple[int, int]]:
    """What datasketch's MinHashLSH proposes: one insert and one query per
    document and per paragraph signature."""
    pairs = set()
    for kind in ("doc", "passage"):
        lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
        items = []
        for i, fp in enumerate(fps):
            sigs = {None: fp.signature} if kind == "doc" else fp.passage_signatures
            for p, sig in sigs.items():
                if sig is not None:
                    items.append(((i, p), perms.lean(sig)))
                    lsh.insert((i, p), items[-1][1])
        for (i, p), mh in items:
            for j, q in lsh.query(mh):
                if (j, q) != (i, p) and (kind == "passage" or i != j):
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def test_numpy_banding_matches_datasketch_lsh():
    rng = random.Random(7)
    texts = [read(p) for p in sorted(SEEDS.glob("*.txt"))]
    # Near-copies at rising edit rates, so that some pairs collide in a band and some do not.
    for rate in (0.02, 0.1, 0.25, 0.4, 0.6):
        for base in texts[:4]:
            texts.append(edit_words(base, rate, rng)[0])
    settings = Settings()
    perms = Permutations(settings.num_perm, settings.minhash_seed)
    fps = [fingerprint(Document(f"d{i}", t), settings, perms) for i, t in enumerate(texts)]
    expected = reference_pairs(fps, settings, perms)
    found = lsh_pairs(fps, settings, perms)
    assert found == expected
    # The corpus exercises both outcomes: some edited copies collide, some do not.
    assert 0 < len({p for p in found if p[0] != p[1]}) < len(texts) * (len(texts) - 1) // 2
    assert (0, 0) in found  # 000 repeats its Reuters story: two of its paragraphs collide


def test_band_keys_agree_exactly_when_the_band_agrees():
    b, r = banding(0.5, 128)
    rng = np.random.default_rng(1)
    a = rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32)
    c = a.copy()
    c[r * 3] ^= 1  # change one value of band 3
    ka, kc = band_hashes(np.stack([a, c]), b, r)
    assert [int(x == y) for x, y in zip(ka, kc, strict=True)] == [0 if i == 3 else 1 for i in range(b)]
    # The band number is part of the key: equal values in two bands do not meet.
    same = np.tile(a[:r], b)
    keys = band_hashes(same[None, :], b, r)[0]
    assert len(set(keys.tolist())) == b


def test_shared_entries_are_the_keys_held_twice_or_more():
    """Against the definition, on keys that often share their top bits
    (which the fast path sorts on) while differing below them."""
    rng = np.random.default_rng(2)
    for n in (0, 1, 2, 3, 17, 300, 5000):
        base = rng.integers(0, 2**64 - 1, max(1, n // 8), dtype=np.uint64, endpoint=True)
        keys = rng.choice(base, n) ^ rng.integers(0, 4, n).astype(np.uint64)  # the low bits: other keys
        positions = shared_entries(keys)
        values, counts = np.unique(keys, return_counts=True)
        held = set(values[counts > 1].tolist())
        want = sorted((int(k), i) for i, k in enumerate(keys.tolist()) if int(k) in held)
        assert [(int(keys[p]), int(p)) for p in positions] == want, n


def test_band_hashes_follow_their_definition():
    """The compiled loop against the numpy form it replaced."""
    rng = np.random.default_rng(4)
    poly = np.uint64(0x100000001B3)
    for m, b, r in ((0, 4, 3), (1, 25, 5), (40, 9, 14), (7, 1, 1)):
        sigs = rng.integers(0, 2**32, (m, b * r + 3), dtype=np.uint64).astype(np.uint32)  # spare columns unused
        want = np.empty((m, b), dtype=np.uint64)
        for band in range(b):
            acc = np.full(m, band + 1, dtype=np.uint64)
            for col in range(band * r, (band + 1) * r):
                acc = acc * poly + sigs[:, col].astype(np.uint64)
            want[:, band] = fmix64(acc)
        assert np.array_equal(band_hashes(sigs, b, r), want)
        assert np.array_equal(band_hashes(sigs[:, ::-1][:, ::-1], b, r), want)  # any memory layout


def test_postings_read_back_shard_by_shard_in_their_order(tmp_path):
    rng = np.random.default_rng(6)
    found = {
        kind: (rng.integers(0, 2**64 - 1, n, dtype=np.uint64, endpoint=True), rng.integers(0, 10**6, n))
        for kind, n in zip(KINDS, (0, 1, 5000), strict=True)
    }
    counts = write_postings(found, 0, str(tmp_path))
    for kind, (keys, owners) in found.items():
        shard = keys >> np.uint64(64 - SHARD_BITS)
        assert counts[kind].tolist() == [int((shard == s).sum()) for s in range(SHARDS)]
        for s in range(SHARDS):
            got_keys, got_owners = read_shard(str(tmp_path), [(0, counts)], kind, s)
            assert np.array_equal(got_keys, keys[shard == s]) and np.array_equal(got_owners, owners[shard == s])
