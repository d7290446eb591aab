"""Tokenise and hash a text in one compiled pass over its code points.

A token is a maximal run of word characters, exactly as Python's ``\\w+``
finds them (``str.isalnum()`` or ``_``), and is compared by
``NFKC(token).casefold()``. Instead of a regex match object and a
dictionary lookup per word, the text is viewed as an array of code points
(UTF-32) and walked once by a loop compiled with numba: a table of the Basic
Multilingual Plane gives each code point's folded form (or says it is not a
word character), and every token's hash is a polynomial over its folded code
points, accumulated as the token is read:

    poly(token) = sum(v[s + i] * P**i)   (mod 2**64)

Tokens holding a character whose folded form is not one character (``ß`` ->
``ss``, ligatures, Hangul jamo that NFKC composes) or lies outside the BMP
are hashed by the same formula from their NFKC-casefolded string
(:func:`string_hash`, the reference); a test holds both paths to it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
from numba import njit

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

_P = 0x100000001B3  # odd: a polynomial base with no common factor with 2**64
_LEN = 0x9E3779B97F4A7C15
BMP = 0x10000
""":func:`fold_table` covers the code points below this."""
# Code points whose NFKC composes with a neighbour (conjoining Hangul jamo).
_COMPOSING = ((0x1100, 0x1200), (0xA960, 0xA980), (0xD7B0, 0xD800))
NOT_WORD = -2
""":func:`fold_table`'s value for a code point that is not a word character."""
_COMPLEX = -1


@njit(cache=True)
def fmix64(h: np.ndarray | np.uint64) -> np.ndarray | np.uint64:
    """MurmurHash3's 64-bit finaliser: spreads every input bit over the output
    (of one value or of each in an array)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def normalise(token: str) -> str:
    """The comparison form of a token."""
    return unicodedata.normalize("NFKC", token).casefold()


@cache
def fold_table() -> np.ndarray:
    """Per code point of the BMP, its one-character NFKC-casefolded form;
    ``_COMPLEX`` for a word character whose folded form is not one character
    (or may compose with a neighbour), ``NOT_WORD`` for any other."""
    bmp = "".join(map(chr, range(BMP))).replace("\n", " ")
    words = np.asarray([m.start() for m in re.finditer(r"\w", bmp)], dtype=np.int64)
    # One normalisation of all word characters, each on a line of its own: a
    # line break is a starter, so nothing composes across it.
    folded = normalise("\n".join(bmp[c] for c in words.tolist())).split("\n")
    assert len(folded) == len(words), "a folded character held a line break"
    table = np.full(BMP, NOT_WORD, dtype=np.int32)
    table[words] = [ord(f) if len(f) == 1 else _COMPLEX for f in folded]
    for lo, hi in _COMPOSING:
        table[lo:hi] = np.where(table[lo:hi] == NOT_WORD, NOT_WORD, _COMPLEX)
    return table


def string_hash(folded: str) -> int:
    """The 64-bit hash of a token's comparison form (the reference the
    compiled pass reproduces)."""
    poly = sum((ord(c) + 1) * pow(_P, i, 2**64) for i, c in enumerate(folded))
    return int(fmix64(np.uint64((poly ^ (len(folded) * _LEN)) % 2**64)))


@cache
def stop_set() -> np.ndarray:
    """The hashes of :data:`STOPWORDS` as an open-addressing hash set (0 marks
    an empty slot): the compiled pass tests every token against it, and a
    binary search mispredicts a branch at every level."""
    words = " ".join(sorted(STOPWORDS)).encode("utf-32-le")  # plain ASCII: the compiled pass hashes them all
    _, _, hashes, _, _ = _scan(np.frombuffer(words, dtype=np.uint32), fold_table(), np.zeros(1, np.uint64))
    slots = np.zeros(1 << (2 * len(STOPWORDS)).bit_length(), dtype=np.uint64)
    mask = len(slots) - 1
    for h in hashes.tolist():
        assert h != 0, "a stop word hashed to the empty-slot marker"
        k = h & mask
        while slots[k]:
            k = (k + 1) & mask
        slots[k] = h
    return slots


@njit(cache=True, boundscheck=False)
def in_set(slots: np.ndarray, h: np.uint64) -> bool:
    """Whether ``h`` is in the :func:`stop_set`-style hash set ``slots``."""
    mask = np.uint64(len(slots) - 1)
    k = h & mask
    while slots[k] != 0:
        if slots[k] == h:
            return True
        k = (k + np.uint64(1)) & mask
    return False


@njit(cache=True, boundscheck=False)
def folded_hash(cps: np.ndarray, start: int, end: int, table: np.ndarray) -> np.uint64:
    """The token hash of the word characters ``cps[start:end]``, each folded
    by the table (a character it cannot fold counts as nothing: the caller
    hashes such a token from its string)."""
    poly = np.uint64(0)
    power = np.uint64(1)
    for i in range(start, end):
        poly, power = _hash_step(poly, power, table[cps[i]])
    return _hash_end(poly, end - start)


@njit(cache=True, inline="always")
def _hash_step(poly: np.uint64, power: np.uint64, folded: int) -> tuple[np.uint64, np.uint64]:
    """One character of the token hash: a polynomial in the folded
    characters (one that cannot be folded adds nothing)."""
    if folded >= 0:
        poly += np.uint64(folded + 1) * power
    return poly, power * np.uint64(_P)


@njit(cache=True, inline="always")
def _hash_end(poly: np.uint64, length: int) -> np.uint64:
    return fmix64(poly ^ (np.uint64(length) * np.uint64(_LEN)))


@njit(cache=True, boundscheck=False)
def _scan(cps: np.ndarray, table: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, ...]:
    """Tokens of a code-point array: starts, ends, hashes, content flags, and
    which tokens hold a character the table cannot fold (the caller hashes
    those again)."""
    n = len(cps)
    cap = n // 2 + 1  # tokens are separated: at most one per two code points
    starts = np.empty(cap, np.int64)
    ends = np.empty(cap, np.int64)
    hashes = np.empty(cap, np.uint64)
    content = np.empty(cap, np.bool_)
    odd = np.zeros(cap, np.bool_)
    t = 0
    i = 0
    while i < n:
        if cps[i] >= BMP or table[cps[i]] == NOT_WORD:  # tokenise() stands in for those beyond
            i += 1
            continue
        start = i
        poly = np.uint64(0)
        power = np.uint64(1)
        while i < n and cps[i] < BMP and table[cps[i]] != NOT_WORD:  # hashed as it is read
            folded = table[cps[i]]
            odd[t] |= folded == _COMPLEX
            poly, power = _hash_step(poly, power, folded)
            i += 1
        starts[t], ends[t], hashes[t] = start, i, _hash_end(poly, i - start)
        content[t] = not in_set(stop, hashes[t])
        t += 1
    return starts[:t], ends[:t], hashes[:t], content[:t], odd[:t]


@dataclass(frozen=True)
class Tokens:
    """Token ``i`` is ``text[starts[i]:ends[i]]``; ``hashes[i]`` hashes its
    comparison form; ``content[i]`` is false for function words."""

    starts: np.ndarray
    ends: np.ndarray
    hashes: np.ndarray
    content: np.ndarray


def codepoints(text: str) -> np.ndarray:
    """The code points of ``text``, read-only, indexed as the string is: what
    the compiled passes over a text read. A lone surrogate (only a text made
    in memory can hold one) is a code point like any other, and no word
    character."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def tokenise(text: str, cps: np.ndarray | None = None) -> Tokens:
    """Every ``\\w+`` token of ``text`` with its offsets and hash.

    Args:
        text: The document's text.
        cps: Its :func:`codepoints` if the caller has them (a
            :class:`~provenance.prepared.Prepared` does).

    Returns:
        :class:`Tokens`; offsets are Python string indexes.
    """
    table = fold_table()
    cps = codepoints(text) if cps is None else cps
    if len(cps) and cps.max() >= BMP:  # beyond the BMP: rare, looked up one by one
        cps = cps.copy()
        for pos in np.flatnonzero(cps >= BMP).tolist():
            # Stand-ins the table knows: a word character that is hashed
            # again from the string, or a space.
            cps[pos] = _complex_word_char() if text[pos].isalnum() else ord(" ")
    stop = stop_set()
    starts, ends, hashes, content, odd = _scan(cps, table, stop)
    for i in np.flatnonzero(odd).tolist():
        hashes[i] = string_hash(normalise(text[starts[i] : ends[i]]))
        content[i] = not in_set(stop, hashes[i])
    return Tokens(starts, ends, hashes, content)


@cache
def _complex_word_char() -> int:
    return int(np.flatnonzero(fold_table() == _COMPLEX)[0])
