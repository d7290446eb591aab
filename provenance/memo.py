"""Results of work that reads one line or paragraph alone, kept for the
texts that come again.

A news corpus repeats itself line by line: a story's paragraphs come back in
each of its reprints, an outlet's page furniture in each of its pages, a
credit line under every story of an agency. Rules that read a line or a
paragraph and nothing around it give the same answer each time, so a scan
keeps the answers (memoization, Michie, *"Memo" functions and machine
learning*, Nature 218, 1968). How often a text comes again on the benchmark
corpora is in ``docs/performance.md``.

A :class:`Memo` belongs to one scan (its context, or one worker's copy of
it) and is never module state: two scans never share one. Its keys hold
everything the work reads, so a result is reused only for the same input,
and the answer is the one working it out again gives. It is bounded: once
its keys hold ``limit`` characters, it is emptied and starts again. And it
keeps answers only while they pay: on text that seldom repeats itself (a
corpus of distinct articles), looking up and keeping every answer costs more
than the few found again save, so when fewer than one look-up in
:data:`MIN_HITS` of a window finds its answer, the memo rests (every call
works its answer out) for :data:`REST` windows, then tries again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

V = TypeVar("V")

# Characters of keys one memo holds before it starts again: some tens of
# megabytes per process with the answers, against the gigabytes a scan of
# 100 000 files may use.
LIMIT = 8_000_000

# Look-ups per window, the share of them that must find their answer for
# the memo to go on (one in MIN_HITS), and how many windows' worth of calls
# it rests when they do not.
WINDOW = 4096
MIN_HITS = 10
REST = 8

_MISSING = object()  # a result may be None


class Memo:
    """A bounded map from what a piece of work reads to what it gave.

    Args:
        limit: Characters of keys held before the memo is emptied.
        window: Look-ups after which the memo weighs whether it pays.
    """

    def __init__(self, limit: int = LIMIT, window: int = WINDOW) -> None:
        self.limit, self.window = limit, window
        self._held: dict[Hashable, object] = {}
        self._size = 0
        self._looked = self._found = 0  # in this window
        self._resting = 0  # calls left before the memo looks up again

    def __len__(self) -> int:
        return len(self._held)

    def get(self, key: Hashable, size: int, work: Callable[..., V], *args: object) -> V:
        """The result of ``work(*args)`` for ``key``: kept from an earlier
        call with an equal key, else worked out now and kept.

        Args:
            key: Everything ``work`` reads, with a tag naming the work (keys
                of different work never meet).
            size: The key's size in characters, as the bound counts it.
            work, args: What gives the result when it is not kept.
        """
        if self._resting:
            self._resting -= 1
            return work(*args)
        value = self._held.get(key, _MISSING)
        self._looked += 1
        if value is not _MISSING:
            self._found += 1
            return value  # type: ignore[return-value]
        if self._looked >= self.window:
            if self._found * MIN_HITS < self._looked:
                self._resting = REST * self.window
            self._looked = self._found = 0
        value = work(*args)
        if size > self.limit:  # would empty the memo on every call
            return value
        if self._size + size > self.limit:
            self._held.clear()
            self._size = 0
        self._held[key] = value
        self._size += size
        return value


def through(memo: Memo | None, key: Hashable, size: int, work: Callable[..., V], *args: object) -> V:
    """``work(*args)``, kept in ``memo`` for ``key`` when there is a memo
    (see :meth:`Memo.get`)."""
    return work(*args) if memo is None else memo.get(key, size, work, *args)
