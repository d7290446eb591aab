"""The compiled literal search against its definition: ``key in text``, a
space in a key standing for any run of spaces, tabs and no-break spaces."""

from __future__ import annotations

import random
import re

import pytest
from conftest import SEEDS, read

from provenance.cues.agencies import _LOWER_KEYS, _UPPER_KEYS, agency_keys
from provenance.kernels.literals import Literals, fold_for_words

# Keys sharing first bigrams, prefixes of one another, and a key that is a
# whole text; pieces that make near misses and non-ASCII neighbours.
_KEYS = ("reuters", "re", "reut", "press", "pr", "ap", "AP", "xinhua", "news service", "via ", "ab c a", "zz")
_PIECES = ["reuter", "s", "re", "ut", "pre", "ss", "p", "a", "AP", "A", "xin", "hua", " ", "news", "service", "z"]
_PIECES += ["é", "ſ", "’", "😀", "\n", "\ud800", "REUTERS", "\t", "\xa0", "  ", "via", "b", "c"]


def holds(key: str, text: str) -> bool:
    return re.search(re.escape(key).replace(r"\ ", "[ \t\xa0]+"), text) is not None


def test_every_key_found_exactly_where_in_finds_it():
    rng = random.Random(20261123)
    literals = Literals(_KEYS)
    for _ in range(3000):
        text = "".join(rng.choices(_PIECES, k=rng.randint(0, 12)))
        assert literals.found_in(text) == tuple(k for k in _KEYS if holds(k, text)), repr(text)
        assert literals.found_in(text, utf8=text.encode("utf-8", "surrogatepass")) == literals.found_in(text)


def test_in_any_case_keys_are_found_where_ignorecase_finds_them():
    """Lower-case keys, any case in the text: as ``re.IGNORECASE`` finds
    them, the Kelvin sign, long s and dotted or dotless i included; a text
    holding one of those is casefolded first, which may find more (a
    ligature), never less."""
    rng = random.Random(23)
    keys = tuple(k for k in _KEYS if k == k.lower())
    literals = Literals(keys)
    pieces = [*_PIECES, "Reu", "TERS", "Pre", "SS", "Z", "\u212a", "İ", "ı", "XIN", "ﬆ", "ß", "K"]
    twins = seen_twins = 0
    for _ in range(4000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 12)))
        found = literals.found_in(text, any_case=True)
        assert literals.found_in(text, any_case=True, utf8=text.encode("utf-8", "surrogatepass")) == found
        expected = tuple(k for k in keys if re.search(re.escape(k).replace(r"\ ", "[ \t\xa0]+"), text, re.I))
        if any(c in text for c in "\u212aſİı"):
            twins += 1
            seen_twins += expected != tuple(k for k in keys if holds(k, text.lower()))
            assert set(expected) <= set(found), repr(text)
        else:
            assert found == expected, repr(text)
    assert twins > 300 and seen_twins  # texts where the twins decide were tried


def test_agency_keys_of_the_seeds_are_the_literal_tests():
    for path in sorted(SEEDS.glob("*.txt")):
        text = read(path)
        lower, upper = agency_keys(text)
        assert lower == tuple(k for k in _LOWER_KEYS if holds(k, text.casefold()))
        assert upper == tuple(k for k in _UPPER_KEYS if k in text)
    assert any(agency_keys(read(p)) != ((), ()) for p in SEEDS.glob("*.txt"))  # the seeds credit Reuters


def test_keys_must_be_ascii_two_characters_and_start_with_no_space():
    with pytest.raises(ValueError):
        Literals(("é",))
    with pytest.raises(ValueError):
        Literals(("a",))
    with pytest.raises(ValueError):
        Literals((" a",))


# --- Equal to pyahocorasick's answer -------------------------------------------------
# The compiled walk is a hand-written multi-keyword search, kept for speed
# (docs/performance.md measures pyahocorasick with the same semantics at
# eight times the time); here it must give pyahocorasick's answer.

_SPACES = re.compile(r"[ \t\xa0]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _aho_found(keys: tuple[str, ...], text: str, any_case: bool) -> tuple[str, ...]:
    ahocorasick = pytest.importorskip("ahocorasick", reason="needs the test extra (pyahocorasick)")
    automaton = ahocorasick.Automaton()
    for n, key in enumerate(keys):
        automaton.add_word(key, n)
    automaton.make_automaton()
    if any_case and any(c in text for c in "\u212aſİı"):
        text = fold_for_words(text)
    text = _SPACES.sub(" ", text)
    if any_case:
        text = text.translate(_ASCII_LOWER)
    hit = {n for _, n in automaton.iter(text)}
    return tuple(k for n, k in enumerate(keys) if n in hit)


def _key_sets():
    from provenance.boilerplate.rules import HINT_LITERALS
    from provenance.cues.agencies import _LOWER_LITERALS, _UPPER_LITERALS
    from provenance.lineage.attribution import _HINT_LITERALS

    return [(_LOWER_LITERALS, True), (_UPPER_LITERALS, False), (_HINT_LITERALS, True), (HINT_LITERALS, True)]


TRICKY = [
    "Reporting by\tJane Roe; editing by AP\xa0staff",
    "ASSOCIATED  PRESS writers contributed. (c) The Associated Press",
    "Photo: GETTY IMAGES via\xa0\xa0Reuters, © AFP",
    "NEW YORK (AP) — a story; ap; Ap; aP",
    "\u212aelvin reuters İstanbul ıt",
    "",
    "a",
]


@pytest.mark.parametrize("which", range(4))
def test_found_in_gives_pyahocorasicks_answer(which, seed_texts):
    literals, any_case = _key_sets()[which]
    for text in [*seed_texts.values(), *TRICKY]:
        assert literals.found_in(text, any_case=any_case) == _aho_found(literals.keys, text, any_case), text[:80]
