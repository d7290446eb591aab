"""Tokenise and hash a text in one vectorised pass over its code points.

A token is a maximal run of word characters, exactly as Python's ``\\w+``
finds them (``str.isalnum()`` or ``_``), and is compared by
``NFKC(token).casefold()``. Instead of a regex match object and a
dictionary lookup per word, the text is viewed as an array of code points
(UTF-32), word characters and their folded forms are looked up in tables
of the Basic Multilingual Plane, token boundaries are where that changes, and
every token's hash is a polynomial over its folded code points, taken for all
tokens at once from one prefix sum:

    poly(token) = sum(v[s + i] * P**i) = (S[e] - S[s]) * P**-s   (mod 2**64)

where ``S`` is the prefix sum of ``v[j] * P**j`` and ``P`` is odd, so
invertible modulo 2**64. Tokens holding a character whose folded form is
not one character (``ß`` -> ``ss``, ligatures, Hangul jamo that NFKC
composes) or lies outside the BMP are hashed by the same formula from their
NFKC-casefolded string; a test holds both paths to the reference.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

# English function words: an n-gram made only of these (and at most one other
# word) says nothing about where a text came from.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own s same she should so some such t
    than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves said says say one two like get got
    just also could would may might must shall us mr mrs ms re ll ve d m""".split()
)

_P = np.uint64(0x100000001B3)  # odd: invertible modulo 2**64
_P_INV = np.uint64(pow(0x100000001B3, -1, 2**64))
_LEN = np.uint64(0x9E3779B97F4A7C15)
_BMP = 0x10000
# Code points whose NFKC composes with a neighbour (conjoining Hangul jamo).
_COMPOSING = ((0x1100, 0x1200), (0xA960, 0xA980), (0xD7B0, 0xD800))


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: spreads every input bit over the output."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def normalise(token: str) -> str:
    """The comparison form of a token."""
    return unicodedata.normalize("NFKC", token).casefold()


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """``(is_word, fold)`` over the BMP: whether a code point is ``\\w``, and
    its one-character NFKC-casefolded form (-1 when that is not one
    character, or may compose with a neighbour)."""
    bmp = "".join(map(chr, range(_BMP))).replace("\n", " ")
    is_word = np.zeros(_BMP, dtype=bool)
    is_word[[m.start() for m in re.finditer(r"\w", bmp)]] = True
    words = np.flatnonzero(is_word)
    # One normalisation of all word characters, each on a line of its own: a
    # line break is a starter, so nothing composes across it.
    folded = normalise("\n".join(bmp[c] for c in words.tolist())).split("\n")
    assert len(folded) == len(words), "a folded character held a line break"
    fold = np.full(_BMP, -1, dtype=np.int64)
    single = np.fromiter((len(f) == 1 for f in folded), dtype=bool, count=len(folded))
    fold[words[single]] = [ord(f) for f, one in zip(folded, single.tolist(), strict=True) if one]
    for lo, hi in _COMPOSING:
        fold[lo:hi] = -1
    return is_word, fold


_power_tables: dict[int, np.ndarray] = {}


def _powers(n: int, base: np.uint64) -> np.ndarray:
    """``base**i`` for ``i < n``, modulo 2**64 (a read-only view of a table
    kept per process and grown by doubling: every document needs them)."""
    table = _power_tables.get(int(base))
    if table is None or len(table) < n:
        size = max(n, 2 * len(table) if table is not None else 1 << 14)
        table = np.empty(size, dtype=np.uint64)
        table[0] = 1
        table[1:] = base
        np.cumprod(table, out=table)  # wraps modulo 2**64
        table.flags.writeable = False
        _power_tables[int(base)] = table
    return table[:n]


def string_hash(folded: str) -> int:
    """The 64-bit hash of a token's comparison form (the reference the
    vectorised path reproduces)."""
    v = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) + np.uint64(1)
    poly = np.asarray([np.sum(v * _powers(len(v), _P), dtype=np.uint64)], dtype=np.uint64)
    length = np.asarray([len(v)], dtype=np.uint64)  # arrays wrap silently; scalars warn
    return int(fmix64(poly ^ (length * _LEN))[0])


@cache
def _stop_hashes() -> np.ndarray:
    return np.unique(np.asarray([string_hash(w) for w in STOPWORDS], dtype=np.uint64))


@dataclass(frozen=True)
class Tokens:
    """Token ``i`` is ``text[starts[i]:ends[i]]``; ``hashes[i]`` hashes its
    comparison form; ``content[i]`` is false for function words."""

    starts: np.ndarray
    ends: np.ndarray
    hashes: np.ndarray
    content: np.ndarray


def tokenise(text: str) -> Tokens:
    """Every ``\\w+`` token of ``text`` with its offsets and hash.

    Args:
        text: The document's text.

    Returns:
        :class:`Tokens`; offsets are Python string indexes.
    """
    is_word, fold = _tables()
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    bmp = cps < _BMP
    index = np.where(bmp, cps, 0)
    word = is_word[index]
    folded = fold[index]
    if not bmp.all():  # characters beyond the BMP: rare, looked up one by one
        for pos in np.flatnonzero(~bmp).tolist():
            word[pos] = text[pos].isalnum()
            folded[pos] = -1
    edges = np.diff(np.concatenate(([0], word.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    lengths = (ends - starts).astype(np.uint64)

    v = np.where(folded >= 0, folded + 1, 0).astype(np.uint64)
    prefix = np.zeros(len(v) + 1, dtype=np.uint64)
    np.cumsum(v * _powers(len(v), _P), out=prefix[1:])
    poly = (prefix[ends] - prefix[starts]) * _powers(len(v) + 1, _P_INV)[starts]
    hashes = fmix64(poly ^ (lengths * _LEN))

    complex_chars = np.concatenate(([0], np.cumsum(word & (folded < 0))))
    for i in np.flatnonzero(complex_chars[ends] > complex_chars[starts]).tolist():
        hashes[i] = string_hash(normalise(text[starts[i] : ends[i]]))
    stop = _stop_hashes()  # sorted: a binary search beats np.isin's sort of both
    content = stop[np.minimum(np.searchsorted(stop, hashes), len(stop) - 1)] != hashes
    return Tokens(starts.astype(np.int64), ends.astype(np.int64), hashes, content)
