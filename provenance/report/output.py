"""Report files written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text file to write a report to, which appears at ``path`` only once
    it is complete: written to a temporary file beside it, flushed to disk,
    then renamed over ``path``. On any error (a full disk, an interrupted
    run) the temporary file is removed and ``path`` is as it was."""
    target = Path(path)
    folder = target.parent or "."
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".provenance-tmp", dir=folder)
    try:
        os.chmod(tmp, _mode(target))  # a temporary file is private; the report is not
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode(target: Path) -> int:
    """The permission bits a report gets: those of the file it replaces,
    else what the umask leaves of read and write for everyone (as ``open``
    would give)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
