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
its keys hold ``limit`` characters, it is emptied and starts again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

V = TypeVar("V")

# Characters of keys one memo holds before it starts again: some tens of
# megabytes per process with the answers, against the gigabytes a scan of
# 100 000 files may use.
LIMIT = 8_000_000

_MISSING = object()  # a result may be None


class Memo:
    """A bounded map from what a piece of work reads to what it gave.

    Args:
        limit: Characters of keys held before the memo is emptied.
    """

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._held: dict[Hashable, object] = {}
        self._size = 0

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
        value = self._held.get(key, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        value = work(*args)
        if size > self.limit:  # would empty the memo on every call
            return value
        if self._size + size > self.limit:
            self._held.clear()
            self._size = 0
        self._held[key] = value
        self._size += size
        return value
