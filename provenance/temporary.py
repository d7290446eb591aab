"""Temporary files and folders a killed run left behind.

Each is named for the process that made it (``…{pid}…``). A later run
removes one when that process is gone and it has not changed for an hour:
the hour guards a run in another PID namespace that shares the folder (its
process looks gone, but it is still writing).
"""

from __future__ import annotations

import os
import time

STALE_AFTER = 3600.0


def alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def abandoned(pid: int, path: str) -> bool:
    """Whether what process ``pid`` left at ``path`` may be removed: the
    process is gone and the file or folder is an hour old."""
    if alive(pid):
        return False
    try:
        return time.time() - os.lstat(path).st_mtime >= STALE_AFTER
    except OSError:
        return False
