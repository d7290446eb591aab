"""Which of a fixed set of ASCII strings a text holds, in one compiled pass.

``any(key in text for key in keys)`` scans the whole text once per key; for
the two dozen agency names every document is tested for, that dominated
the lineage stage. Here the text's UTF-8 bytes are walked once: a table of
the keys' first two bytes says where a key may start (a bigram of English
text starts one at a few per cent of positions), and only the keys that start
with that bigram are compared there. An ASCII key is a substring of a text
exactly when its bytes are a substring of the text's UTF-8 bytes, since no
byte of a multi-byte character is ASCII.

A space in a key stands for any run of spaces, tabs and no-break spaces, as
in the agency patterns (``[ \\t\\xa0]+``): scraped text keeps ``&nbsp;``.

:func:`may_hold` is the per-line form: whether a text holds words a
case-insensitive pattern needs, before the pattern is tried.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def may_hold(text: str, *needs: tuple[str, ...], folded: str | None = None) -> bool:
    """Whether a case-insensitive pattern that needs a word of each group in
    ``needs`` may match in ``text``: False only when some group has no word
    in it, in any case. A cheap test before a pattern that would read the
    whole text to fail.

    ``re.IGNORECASE`` also matches "İ" and "ı" to "i", which fold to
    "i\u0307" and "ı": those are mapped back to "i" before looking.

    Args:
        text: The text.
        needs: Groups of words, lower case.
        folded: :func:`fold_for_words` of ``text``, when the caller has it.
    """
    folded = fold_for_words(text) if folded is None else folded
    return all(any(word in folded for word in group) for group in needs)


def fold_for_words(text: str) -> str:
    """``text`` folded as :func:`may_hold` reads it: a case-insensitive
    match of a lower-case word in ``text`` leaves the word in the result."""
    return text.lower() if text.isascii() else text.casefold().replace("\u0307", "").replace("ı", "i")


class Literals:
    """A set of ASCII strings to look for.

    Args:
        keys: The strings, each at least two characters long, the first two
            not spaces.
    """

    def __init__(self, keys: tuple[str, ...]) -> None:
        if not all(k.isascii() and len(k) >= 2 and " " not in k[:2] for k in keys):
            raise ValueError("keys must be ASCII, at least two characters long, and start with no space")
        self.keys = keys
        raw = [k.encode("ascii") for k in keys]
        bigrams = np.asarray([b[0] << 8 | b[1] for b in raw], dtype=np.int64)
        self._bucket = np.argsort(bigrams, kind="stable").astype(np.int64)  # key numbers by bigram
        self._starts = np.searchsorted(bigrams[self._bucket], np.arange((1 << 16) + 1), side="left").astype(np.int64)
        # A bit per bigram, set for the keys' first two bytes: 8 KB, which
        # stays in the first-level cache where the table above does not.
        self._bits = np.zeros(1 << 13, dtype=np.uint8)
        np.bitwise_or.at(self._bits, bigrams >> 3, (1 << (bigrams & 7)).astype(np.uint8))
        self._bytes = np.frombuffer(b"".join(raw), dtype=np.uint8)
        self._offsets = np.cumsum([0] + [len(b) for b in raw]).astype(np.int64)

    def found_in(self, text: str, any_case: bool = False, utf8: bytes | None = None) -> tuple[str, ...]:
        """The keys ``text`` holds, in the order they were given.

        Args:
            text: The text.
            any_case: Find (lower-case) keys in any case, as
                ``re.IGNORECASE`` would: without casefolding the text first,
                which cost as much as the walk.
            utf8: ``text`` as UTF-8 (``surrogatepass``) if the caller has
                it (a :class:`~provenance.prepared.Prepared` does), so that
                it is not encoded again.
        """
        if any_case and not text.isascii() and any(c in text for c in _ASCII_TWINS):
            text, utf8 = fold_for_words(text), None  # the walk folds ASCII letters only
        if utf8 is None:
            utf8 = text.encode("utf-8", "surrogatepass")
        data = np.frombuffer(utf8, dtype=np.uint8)
        hits = _present(data, self._bits, self._starts, self._bucket, self._bytes, self._offsets, any_case)
        return tuple(k for k, hit in zip(self.keys, hits.tolist(), strict=True) if hit)


# What re.IGNORECASE matches to ASCII letters besides their other case.
_ASCII_TWINS = "\u212aſİı"


@njit(cache=True, boundscheck=False)
def _present(
    data: np.ndarray,
    bits: np.ndarray,
    starts: np.ndarray,
    bucket: np.ndarray,
    key_bytes: np.ndarray,
    offsets: np.ndarray,
    fold: bool,
) -> np.ndarray:
    """Per key, whether it occurs in ``data``.

    Args:
        data: The text's bytes.
        bits: Bit ``b0 << 8 | b1`` is set when a key starts with those bytes.
        starts: For each bigram ``b0 << 8 | b1``, where its keys start in
            ``bucket`` (``starts[bigram + 1]`` is where they end).
        bucket: Key numbers ordered by their first two bytes.
        key_bytes, offsets: Key ``k`` is ``key_bytes[offsets[k]:offsets[k + 1]]``.
        fold: Read ASCII capitals as small letters.
    """
    found = np.zeros(len(offsets) - 1, np.bool_)
    n = len(data)
    second = _byte(data, 0, fold) if n else 0
    for i in range(n - 1):
        first, second = second, _byte(data, i + 1, fold)  # each byte read once
        bigram = first << 8 | second
        if not bits[bigram >> 3] & (1 << (bigram & 7)):
            continue
        for j in range(starts[bigram], starts[bigram + 1]):
            k = bucket[j]
            if not found[k]:
                found[k] = _matches_at(data, i + 2, key_bytes, offsets[k] + 2, offsets[k + 1], fold)
    return found


@njit(cache=True)
def _byte(data: np.ndarray, i: int, fold: bool) -> np.int64:
    b = np.int64(data[i])
    return b + 32 if fold and 65 <= b <= 90 else b


@njit(cache=True, boundscheck=False)
def _matches_at(data: np.ndarray, at: int, key_bytes: np.ndarray, lo: int, hi: int, fold: bool) -> bool:
    """Whether ``key_bytes[lo:hi]`` occurs in ``data`` at ``at``, a space
    standing for a run of spaces, tabs and no-break spaces (C2 A0)."""
    n = len(data)
    for m in range(lo, hi):
        if key_bytes[m] != 32:
            if at >= n or _byte(data, at, fold) != key_bytes[m]:
                return False
            at += 1
            continue
        start = at
        while True:
            if at < n and (data[at] == 32 or data[at] == 9):
                at += 1
            elif at + 1 < n and data[at] == 0xC2 and data[at + 1] == 0xA0:
                at += 2
            else:
                break
        if at == start:
            return False
    return True
