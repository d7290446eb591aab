"""The vectorised tokeniser against its definition: Python's ``\\w+`` for the
offsets, and the hash of ``NFKC(token).casefold()`` for the hashes."""

from __future__ import annotations

import random
import re
import unicodedata

from conftest import SEEDS, read

from provenance.kernels.tokens import STOPWORDS, normalise, string_hash, tokenise

# Letters of many scripts, digits, punctuation, and the awkward cases: ß and
# ẞ (fold to two letters), ligatures and full-width forms (NFKC), dotted
# capital I, a titlecase digraph, conjoining Hangul jamo (NFKC composes them),
# characters beyond the BMP, combining marks (not word characters).
_AWKWARD = list("ßẞﬁﬂＡｂ１İǅ\u1100\u1161\u11a8가😀𝔄𐐀\u0301\u0308_’'-—“”\n\t ,.")
_POOL = [chr(c) for c in range(32, 0x3100) if unicodedata.category(chr(c))[0] not in "CZ"] + _AWKWARD * 40


def reference(text: str) -> tuple[list[int], list[int], list[int]]:
    matches = list(re.finditer(r"\w+", text))
    return (
        [m.start() for m in matches],
        [m.end() for m in matches],
        [string_hash(normalise(m.group())) for m in matches],
    )


def test_tokens_and_hashes_match_the_definition_on_random_unicode():
    rng = random.Random(20261123)
    for _ in range(400):
        text = "".join(rng.choice(_POOL) for _ in range(rng.randint(0, 400)))
        toks = tokenise(text)
        starts, ends, hashes = reference(text)
        assert toks.starts.tolist() == starts, text
        assert toks.ends.tolist() == ends, text
        assert toks.hashes.tolist() == hashes, text


def test_seeds_tokenise_as_the_regex_does():
    for path in sorted(SEEDS.glob("*.txt")):
        text = read(path)
        toks = tokenise(text)
        assert (toks.starts.tolist(), toks.ends.tolist(), toks.hashes.tolist()) == reference(text)


def test_a_lone_surrogate_is_no_word_character():
    # Only a text made in memory can hold one; the regex reads it as a separator.
    text = "Kyiv\ud800talks \udfff end"
    toks = tokenise(text)
    starts, ends, hashes = reference(text)
    assert (toks.starts.tolist(), toks.ends.tolist(), toks.hashes.tolist()) == (starts, ends, hashes)
    assert len(starts) == 3


def test_case_and_compatibility_forms_hash_alike():
    toks = tokenise("Straße STRASSE strasse ﬁnal final ＦＩＮＡＬ Final")
    h = toks.hashes.tolist()
    assert h[0] == h[1] == h[2]
    assert h[3] == h[4] == h[5] == h[6]
    assert h[0] != h[3]


def test_function_words_are_not_content():
    text = "The Minister of Finance SAID that they would resign"
    toks = tokenise(text)
    words = [text[s:e] for s, e in zip(toks.starts.tolist(), toks.ends.tolist(), strict=True)]
    expected = [w.casefold() not in STOPWORDS for w in words]
    assert toks.content.tolist() == expected
    assert expected.count(False) >= 4  # the sample has function words to find
