"""Normalisation, token offsets, n-gram hashes and MinHash signatures."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from provenance import Document, Settings
from provenance.fingerprint import (
    Permutations,
    _passage_groups,
    _seed_arrays,
    fingerprint,
    fold32,
    in_sorted,
    ngram_hashes,
)

SETTINGS = Settings()
PERMS = Permutations(SETTINGS.num_perm, SETTINGS.minhash_seed)


def fp_of(text: str):
    return fingerprint(Document(id="d", text=text), SETTINGS, PERMS)


def test_tokens_point_into_the_original_text():
    text = "“Russia’s\r\nclaim,” he said —\tthe ﬁnance ＣＥＯ.\n"
    fp = fp_of(text)
    words = [text[s:e] for s, e in zip(fp.starts.tolist(), fp.ends.tolist(), strict=True)]
    assert words == ["Russia", "s", "claim", "he", "said", "the", "ﬁnance", "ＣＥＯ"]


def test_normalisation_ignores_case_quotes_dashes_and_compatibility_forms():
    a = fp_of("He said: “Russia’s finance CEO—resigned” today.")
    b = fp_of('he SAID "Russia\'s ﬁnance ＣＥＯ - resigned" today')
    assert np.array_equal(a.tokens, b.tokens)
    assert np.array_equal(a.seeds, b.seeds)


def test_ngram_hashes_depend_on_words_and_order():
    tokens = fp_of("alpha beta gamma delta alpha beta gamma delta delta gamma beta alpha").tokens
    h = ngram_hashes(tokens, 4)
    assert len(h) == len(tokens) - 3
    assert h[0] == h[4]  # same four words
    assert len(set(h[[0, 8]].tolist())) == 2  # same words, reversed order
    assert len(ngram_hashes(tokens[:3], 4)) == 0


def test_signature_is_datasketch_minhash_of_the_shingles():
    text = "The quick brown fox jumps over the lazy dog near the quiet river bank at dawn."
    fp = fp_of(text)
    shingles = fold32(ngram_hashes(fp.tokens, SETTINGS.shingle_size))
    reference = MinHash(num_perm=SETTINGS.num_perm, seed=SETTINGS.minhash_seed, hashfunc=int)
    reference.update_batch(shingles.tolist())
    assert np.array_equal(fp.signature, reference.hashvalues)


def test_paragraph_signatures_equal_signatures_of_each_paragraph_alone():
    first = "Officials in the capital confirmed the agreement late on Tuesday evening after talks."
    second = "Farmers across the northern valley reported record harvests of barley and rye this year."
    fp = fp_of(first + "\n\n" + second + "\n")
    assert sorted(fp.passage_signatures) == [0, 1]
    assert np.array_equal(fp.passage_signatures[0], fp_of(first).signature)
    assert np.array_equal(fp.passage_signatures[1], fp_of(second).signature)


def test_lsh_finds_near_copies_and_not_unrelated_text():
    base = " ".join(f"word{i} token{i % 7}" for i in range(300))
    edited = base.replace("word150 ", "changed150 ").replace("word20 ", "changed20 ")
    other = " ".join(f"other{i} thing{i % 5}" for i in range(300))
    lsh = MinHashLSH(threshold=SETTINGS.lsh_threshold, num_perm=SETTINGS.num_perm)
    for key, text in [("base", base), ("other", other)]:
        lsh.insert(key, PERMS.lean(fp_of(text).signature))
    assert lsh.query(PERMS.lean(fp_of(edited).signature)) == ["base"]


def test_function_word_ngrams_are_not_distinctive():
    fp = fp_of("and it was one of the reasons for the strike on the airfield")
    words = fp.content.tolist()
    assert words[:6] == [False] * 6  # and it was one of the
    assert fp.distinctive[0] == np.False_
    assert fp.distinctive.any()


def test_empty_document_has_no_signature():
    fp = fp_of("")
    assert fp.signature is None and len(fp) == 0 and fp.passage_signatures == {}


def test_in_sorted_is_isin_for_a_sorted_set():
    rng = np.random.default_rng(3)
    for size in (0, 1, 5, 300):
        universe = rng.integers(0, 2**64 - 1, 400, dtype=np.uint64, endpoint=True)
        universe[:3] = [0, 2**64 - 1, 7]  # the ends of the range, where a binary search overruns
        sorted_set = np.unique(rng.choice(universe, size))
        values = rng.choice(universe, 500)
        assert np.array_equal(in_sorted(values, sorted_set), np.isin(values, sorted_set)), size


def _passage_groups_by_definition(paragraph, s, min_words):
    """The numpy form the compiled loop replaced."""
    if len(paragraph) == 0:
        return np.zeros((0, 2), dtype=np.int64), []
    change = np.flatnonzero(np.diff(paragraph)) + 1
    first = np.concatenate(([0], change))
    last = np.concatenate((change, [len(paragraph)]))
    keep = (last - first) >= max(min_words, s)
    return np.stack([first[keep], last[keep] - s + 1], axis=1), [int(paragraph[i]) for i in first[keep]]


def test_passage_groups_follow_their_definition():
    rng = np.random.default_rng(5)
    for _ in range(300):
        lengths = rng.integers(1, 14, rng.integers(0, 9))
        numbers = rng.permutation(20)[: len(lengths)] - 1  # -1: tokens outside any paragraph
        paragraph = np.repeat(numbers, lengths).astype(np.int64)
        s, min_words = int(rng.integers(1, 6)), int(rng.integers(1, 10))
        ranges, ids = _passage_groups(paragraph, s, min_words)
        want_ranges, want_ids = _passage_groups_by_definition(paragraph, s, min_words)
        assert np.array_equal(ranges, want_ranges.reshape(-1, 2)) and ids == want_ids
        assert all(type(i) is int for i in ids)


def test_seed_arrays_follow_their_definition():
    rng = np.random.default_rng(11)
    for _ in range(300):
        n, k = int(rng.integers(0, 60)), int(rng.integers(1, 6))
        tokens = rng.integers(0, 6, n).astype(np.uint64)  # few words: seeds repeat
        content = rng.random(n) < 0.6
        seeds, distinctive, seed_set, repeats = _seed_arrays(tokens, content, k)
        want = ngram_hashes(tokens, k)
        csum = np.concatenate(([0], np.cumsum(content, dtype=np.int64)))
        want_distinctive = (csum[k:] - csum[:-k]) >= 2 if len(want) else np.zeros(0, dtype=bool)
        unique, counts = np.unique(want[want_distinctive], return_counts=True)
        assert np.array_equal(seeds, want) and np.array_equal(distinctive, want_distinctive)
        assert np.array_equal(seed_set, unique) and np.array_equal(repeats, unique[counts > 1])
        assert seed_set.dtype == repeats.dtype == np.uint64


def test_a_prepared_text_gives_the_documents_fingerprint_and_lines(seed_texts):
    from provenance.boilerplate import lines
    from provenance.prepared import Prepared

    settings = Settings()
    perms = Permutations(settings.num_perm, settings.minhash_seed)
    for name, text in seed_texts.items():
        doc = Document(id=name, text=text)
        prep = Prepared(doc)
        assert lines(prep) == lines(text)
        a, b = fingerprint(prep, settings, perms), fingerprint(doc, settings, perms)
        assert a.doc_id == b.doc_id == name
        for attr in ("starts", "ends", "tokens", "seeds", "quote"):
            assert np.array_equal(getattr(a, attr), getattr(b, attr)), attr
        assert np.array_equal(a.sketch().signature, b.sketch().signature)
        # The code points and paragraphs were worked out once, for both.
        assert prep.__dict__["cps"] is prep.cps and "paras" in prep.__dict__
        assert prep.utf8 == text.encode("utf-8")


def test_a_lined_text_reads_its_lines_once_and_keeps_what_was_worked_out(seed_texts):
    from provenance.boilerplate import Lined, lined, lines
    from provenance.prepared import Prepared

    for name, text in seed_texts.items():
        doc = Document(id=name, text=text)
        prep = Prepared(doc)
        cps = prep.cps
        page = lined(prep)  # a Prepared becomes a Lined with its code points
        assert isinstance(page, Lined) and page.__dict__["cps"] is cps
        assert page.lines == lines(text) and page.lines is page.lines
        assert lined(page) is page
        held = Lined(doc).settled()  # its lines only, for holding many
        assert held.lines == lines(text) and not {"text", "cps", "paras"} & held.__dict__.keys()
