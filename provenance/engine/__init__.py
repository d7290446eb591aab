"""The local engine: a scan on this machine's cores.

:class:`LocalEngine` runs the first stages its own way (one streamed pass
that loads, fingerprints and labels; the corpus's templates and a second
pass; the candidates, shard by shard) and :func:`provenance.stages.run`
takes it through the rest, this engine's :class:`Workers` aligning.
:mod:`.workers` holds the pool and the :class:`ScanContext`, :mod:`.tasks`
the work a worker does, :mod:`.local` the engine and its scan.

Everything one scan needs is in its :class:`ScanContext`, made by the scan
and handed to its workers; nothing is kept at module level, so two scans
may run at once (from two threads). Pools fork, so a worker sees the context
as it was when its pool started, without pickling it: what the scan learns
later reaches the workers in the chunks of work they are sent.
"""

from __future__ import annotations

from .local import LocalEngine, scan, sweep_stale_shards
from .tasks import align_one, fingerprints, repeats_of
from .workers import CHUNK, MIN_PARALLEL_ITEMS, ScanContext, Workers, resolve_jobs

__all__ = [
    "CHUNK",
    "MIN_PARALLEL_ITEMS",
    "LocalEngine",
    "ScanContext",
    "Workers",
    "align_one",
    "fingerprints",
    "repeats_of",
    "resolve_jobs",
    "scan",
    "sweep_stale_shards",
]
