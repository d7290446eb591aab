"""The compiled literal search against its definition: ``key in text``, a
space in a key standing for any run of spaces, tabs and no-break spaces."""

from __future__ import annotations

import random
import re

import pytest
from conftest import SEEDS, read

from provenance.agencies import _LOWER_KEYS, _UPPER_KEYS, agency_keys
from provenance.literals import Literals

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


def test_agency_keys_of_the_seeds_are_the_literal_tests():
    for path in sorted(SEEDS.glob("*.txt")):
        text = read(path)
        folded = text.casefold()
        lower, upper = agency_keys(text, folded)
        assert lower == tuple(k for k in _LOWER_KEYS if k in folded)
        assert upper == tuple(k for k in _UPPER_KEYS if k in text)
    assert any(agency_keys(read(p)) != ((), ()) for p in SEEDS.glob("*.txt"))  # the seeds credit Reuters


def test_keys_must_be_ascii_two_characters_and_start_with_no_space():
    with pytest.raises(ValueError):
        Literals(("é",))
    with pytest.raises(ValueError):
        Literals(("a",))
    with pytest.raises(ValueError):
        Literals((" a",))
