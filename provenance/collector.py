"""The garbage collector's tuning, in one place.

A scan makes millions of objects that live to its end (documents, findings,
the workers' results) and no reference cycles: every full collection of the
cycle collector would walk them all, more with every stage. So a scan runs
with the collector paused, and a command leaves the objects it still holds
out of the collections the interpreter runs at exit. Figures in
``docs/performance.md``.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off (unless it was already), then as it was: for
    work that makes no reference cycles but many objects that live on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def skip_collection_at_exit() -> None:
    """Freeze every object alive at exit, so that the interpreter's final
    collections pass over them (nothing a command keeps needs a cycle's
    finaliser to run at exit). Registered once however often it is asked."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
