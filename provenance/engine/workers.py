"""A scan's pool of workers and what it shares with them (its :class:`ScanContext`)."""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from ..boilerplate import Templates, lines
from ..candidates import (
    Layout,
)
from ..config import Settings
from ..fingerprint import Fingerprint, Permutations, fingerprint
from ..memo import Memo
from ..model import Boilerplate, Document
from ..relate import article_words
from ..stages import Progress

T = TypeVar("T")
R = TypeVar("R")

# Below this many work items a process pool costs more than it saves: a
# document fingerprints in well under a millisecond, and starting a pool and
# shipping results back takes longer for the few files of a check.
MIN_PARALLEL_ITEMS = 500
CHUNK = 256

# Fingerprints one worker keeps between chunks of pairs (about 20 KB each): a
# story's representative is aligned with each of its members in turn, and a
# document meets several pairs across the rounds.
_ALIGN_CACHE = 4096

_NO_REPEATS = np.zeros(0, dtype=np.uint64)

# A document's fingerprint and which of its tokens are article text.
ForAlignment = tuple[Fingerprint, np.ndarray]


@dataclass
class ScanContext:
    """What one scan's stages and workers share.

    Attributes:
        settings: The scan's settings.
        perms: MinHash permutations.
        bands: ``(b, r)`` LSH banding.
        shards: The folder of this scan's posting files.
        min_parallel, chunk: When a pool pays, and how much work a task holds.
        docs: Every document, by number (once loaded).
        noise: Per document number, its boilerplate (once found).
        common: Seeds too common to align on, sorted.
        weight: Per document number, its article text in words.
        ignore: Seeds that are no evidence of reuse (templates'), sorted.
        layout: The posting files written.
        templates: The corpus's template lines, once found.
        prepared: A worker's own cache of fingerprints and article words,
            by number.
        memo: What rules read in a line or paragraph alone gave (a worker
            fills its own copy).
    """

    settings: Settings
    perms: Permutations
    bands: tuple[int, int]
    shards: str
    min_parallel: int = field(default_factory=lambda: MIN_PARALLEL_ITEMS)
    chunk: int = field(default_factory=lambda: CHUNK)
    docs: list[Document] = field(default_factory=list)
    noise: list[list[Boilerplate]] = field(default_factory=list)
    common: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    weight: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ignore: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    layout: Layout = field(default_factory=list)
    templates: Templates | None = None
    prepared: dict[int, ForAlignment] = field(default_factory=dict)
    memo: Memo = field(default_factory=Memo)

    def prepare(self, n: int) -> ForAlignment:
        """Document ``n``'s fingerprint without signatures (alignment's) and
        its article words, kept while among the last ``_ALIGN_CACHE`` used."""
        found = self.prepared.pop(n, None)
        if found is None:
            fp = fingerprint(self.docs[n], self.settings, self.perms, signed=False)
            found = (fp, article_words(fp, self.noise[n]))
            if len(self.prepared) >= _ALIGN_CACHE:
                del self.prepared[next(iter(self.prepared))]  # the least recently used
        self.prepared[n] = found
        return found


# --- Workers ------------------------------------------------------------------------

# In a worker process only: the context of the scan whose pool it belongs to,
# set by the pool's initializer when the process starts (see Workers).
_worker_context: ScanContext | None = None


def _adopt(ctx: ScanContext) -> None:
    global _worker_context
    _worker_context = ctx


def _in_worker(work: Callable[[ScanContext, Sequence[T]], R], chunk: Sequence[T]) -> R:
    assert _worker_context is not None, "a task ran outside its scan's pool"
    return work(_worker_context, chunk)


class Workers:
    """Chunks of work queued on a pool of forked processes and read back in
    order; done in this process, when each result is read, if a pool would
    not pay (see :func:`pooled`).

    The workers fork when the first chunk is queued and see ``ctx`` as it was
    then. One pool serves several stages, so a stage queued behind another
    keeps the workers busy while the main process reads the first one's
    results.
    """

    def __init__(self, ctx: ScanContext, jobs: int, parallel: bool) -> None:
        self.ctx = ctx
        self.pooled = pooled(jobs, parallel)
        self._jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def map(self, work: Callable[[ScanContext, Sequence[T]], R], chunks: Iterable[Sequence[T]]) -> Iterator[R]:
        """``work(ctx, chunk)`` of each chunk, in order (queued now on a pool)."""
        if not self.pooled:
            return (work(self.ctx, chunk) for chunk in chunks)
        if self._pool is None:
            _load_compiled()
            self._pool = ProcessPoolExecutor(
                max_workers=self._jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_adopt,
                initargs=(self.ctx,),
            )
        futures = [self._pool.submit(_in_worker, work, chunk) for chunk in chunks]
        return (future.result() for future in futures)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pooled(jobs: int, enough: bool) -> bool:
    """Whether work goes to a pool: several jobs, ``enough`` work to pay for
    one, and processes that fork (sharing what the main process holds)."""
    return jobs > 1 and enough and "fork" in multiprocessing.get_all_start_methods()


@functools.cache
def _load_compiled() -> None:
    """Load the compiled code of the per-document stages (numba's, cached on
    disk) before a pool forks: each worker would otherwise load it again."""
    text = "Compiled once. By Ana Lima\n\nThe end."
    any_perms = Permutations(1, 0, np.ones(1), np.zeros(1))  # the code does not depend on them
    fingerprint(Document(id="-", text=text), Settings(), any_perms)
    lines(text)


def resolve_jobs(jobs: int) -> int:
    """``0`` means one job per available core."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def gathered(results: Iterable[list[R]], parts: Sequence[Sized], stage: str, progress: Progress | None) -> Iterator[R]:
    """The items of the results of ``parts``, their items reported as progress."""
    total = sum(len(part) for part in parts)
    done = 0
    for part, result in zip(parts, results, strict=True):
        yield from result
        done += len(part)
        if progress:
            progress(stage, done, total)
