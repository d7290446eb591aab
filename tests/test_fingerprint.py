"""Normalisation, token offsets, n-gram hashes and MinHash signatures."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from provenance import Document, Settings
from provenance.fingerprint import Permutations, fingerprint, fold32, in_sorted, ngram_hashes

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
