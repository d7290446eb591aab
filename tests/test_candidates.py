"""The candidates stage: numpy banding collides exactly where datasketch's
MinHashLSH does; documents sharing a key are linked as a star, to the key's
heaviest holder, never as a clique."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
from conftest import SEEDS, read
from datasketch import MinHashLSH
from test_corpus import edit_words

from provenance.candidates import (
    KINDS,
    PARAGRAPH_BITS,
    SHARD_BITS,
    SHARDS,
    band_hashes,
    banding,
    cross_stars,
    postings,
    read_shard,
    shared_entries,
    stars,
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


def colliding(found, kind: str) -> set[tuple[int, int]]:
    """Every pair of documents whose postings of ``kind`` share a key, by
    definition (all pairs of holders)."""
    keys, owners = found[kind]
    docs = owners >> PARAGRAPH_BITS if kind == "paragraph" else owners
    holders: dict[int, set[int]] = {}
    for key, doc in zip(keys.tolist(), docs.tolist(), strict=True):
        holders.setdefault(key, set()).add(doc)
    pairs = set()
    for ds in holders.values():
        pairs |= {(a, b) for a in ds for b in ds if a < b}
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
    found = postings([fp.sketch() for fp in fps], 0, banding(settings.lsh_threshold, settings.num_perm))
    by_keys = colliding(found, "document") | colliding(found, "paragraph")
    selfs = stars("paragraph", *found["paragraph"], np.ones(len(fps), np.int64)).selfs
    assert by_keys | {(int(i), int(i)) for i in selfs} == expected
    # The corpus exercises both outcomes: some edited copies collide, some do not.
    assert 0 < len({p for p in expected if p[0] != p[1]}) < len(texts) * (len(texts) - 1) // 2
    assert (0, 0) in expected  # 000 repeats its Reuters story: two of its paragraphs collide
    # The star links of each kind join exactly the documents the collisions
    # join, with one link per holder of a key but its hub, not one per pair.
    weight = np.array([len(fp) for fp in fps], dtype=np.int64)
    for kind in ("document", "paragraph", "seed"):
        linked = stars(kind, *found[kind], weight)
        n = len(fps)
        star_edges = {(int(k // n), int(k % n)) for k in linked.pairs}
        assert all(weight[h] >= weight[m] for m, h in star_edges)  # to the heavier
        want, got = nx.Graph(), nx.Graph()
        want.add_nodes_from(range(n))
        got.add_nodes_from(range(n))
        want.add_edges_from(colliding(found, kind))
        got.add_edges_from(star_edges)
        assert sorted(map(sorted, nx.connected_components(got))) == sorted(map(sorted, nx.connected_components(want)))
        assert len(star_edges) <= len(colliding(found, kind))


def test_a_key_held_by_k_documents_makes_k_minus_one_links_to_its_heaviest_holder():
    weight = np.array([5, 9, 9, 2, 7], dtype=np.int64)  # 1 and 2 tie: the lower number is the hub
    keys = np.array([10, 10, 10, 10, 10, 20, 20, 30], dtype=np.uint64)
    owners = np.array([0, 1, 2, 3, 4, 3, 4, 0], dtype=np.int64)
    found = stars("seed", keys, owners, weight)
    links = {(int(k // 5), int(k % 5)): int(c) for k, c in zip(found.pairs, found.counts, strict=True)}
    # Key 10: four links to 1; key 20: 3 to 4 (3 shares two keys with 4 but one with 1).
    assert links == {(0, 1): 1, (2, 1): 1, (3, 1): 1, (4, 1): 1, (3, 4): 1}
    # 200 holders of one key: 199 links, not 19 900.
    many = stars("seed", np.full(200, 7, np.uint64), np.arange(200), np.arange(200))
    assert len(many.pairs) == 199 and set((many.pairs % 200).tolist()) == {199}


def test_a_paragraph_held_twice_by_one_document_may_repeat():
    weight = np.array([3, 4], dtype=np.int64)
    keys = np.array([1, 1, 1, 2, 2], dtype=np.uint64)
    owners = np.array([0 << PARAGRAPH_BITS | 0, 0 << PARAGRAPH_BITS | 5, 1 << PARAGRAPH_BITS | 2, 1 << 20, 1 << 20 | 1])
    found = stars("paragraph", keys, owners, weight)
    assert found.selfs.tolist() == [0, 1]
    assert [(int(k // 2), int(k % 2)) for k in found.pairs] == [(0, 1)]
    assert found.counts.tolist() == [1]  # held twice, counted once


def test_seeds_are_common_by_the_stories_that_hold_them():
    """A seed every copy of one story holds is evidence however many copies
    there are; one found in more than max_df stories is not."""
    weight = np.ones(300, dtype=np.int64)
    story = np.zeros(300, dtype=np.int64)
    story[250:] = np.arange(1, 51)  # 250 copies of story 0, then 50 stories of one document
    reprinted = np.full(250, 1, np.uint64)  # a sentence of story 0, in all its copies
    stock = np.full(50, 2, np.uint64)  # a phrase in each of the 50 other stories
    keys = np.concatenate([reprinted, stock, np.array([3, 3], np.uint64)])
    owners = np.concatenate([np.arange(250), np.arange(250, 300), np.array([0, 260])])
    found = cross_stars(keys, owners, weight, story, max_df=40)
    assert found.common.tolist() == [2]
    # Links only across stories: the sentence of story 0 makes none, seed 3
    # joins story 0 and the story of document 260.
    assert [(int(k // 300), int(k % 300)) for k in found.pairs] == [(260, 0)]


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


def test_stars_follow_their_definition_on_random_postings():
    """Links against a plain reading of the definition: per key, its holders
    (each counted once), the heaviest the hub (the lowest number on a tie),
    every other holder linked to it; a document holding a key twice may
    repeat itself. Owners in document order within a key, as the shards
    hold them, and shuffled."""
    rng = np.random.default_rng(18)
    for trial in range(40):
        n = int(rng.integers(2, 40))
        weight = rng.integers(0, 5, n).astype(np.int64)
        m = int(rng.integers(0, 300))
        keys = rng.integers(0, max(1, m // 4), m).astype(np.uint64)
        docs = rng.integers(0, n, m).astype(np.int64)
        paras = rng.integers(0, 3, m).astype(np.int64)
        for ordered in (True, False):
            order = np.lexsort((docs, keys)) if ordered else rng.permutation(m)
            k, d, p = keys[order], docs[order], paras[order]
            found = stars("paragraph", k, d << PARAGRAPH_BITS | p, weight)
            held: dict[int, list[int]] = {}
            for key, doc in zip(k.tolist(), d.tolist(), strict=True):
                held.setdefault(key, []).append(doc)
            want: dict[tuple[int, int], int] = {}
            selfs = set()
            for ds in held.values():
                if len(ds) < 2:
                    continue
                selfs |= {x for x in ds if ds.count(x) > 1}
                hub = max(set(ds), key=lambda x: (weight[x], -x))
                for x in set(ds) - {hub}:
                    want[(x, hub)] = want.get((x, hub), 0) + 1
            got = {(int(q // n), int(q % n)): int(c) for q, c in zip(found.pairs, found.counts, strict=True)}
            assert got == want, (trial, ordered)
            assert set(found.selfs.tolist()) == selfs, (trial, ordered)
