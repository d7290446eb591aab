"""Which storage backend a URL names: the one place that knows every backend
(:mod:`.sqlite`, and :mod:`.redis` imported only when asked for), above the
interface they implement (:mod:`.storage`)."""

from __future__ import annotations

from pathlib import Path

from .storage import Storage


def open_storage(url: str | Path, create: bool = True) -> Storage:
    """The backend a URL names.

    Args:
        url: ``redis://[:password@]host:port/db`` (or ``rediss://``,
            ``unix://``) for a shared Redis index; anything else is the path
            of an SQLite file, created with its folder when missing
            (``sqlite:///`` may precede it, as in SQLAlchemy: a fourth
            slash starts an absolute path).
        create: Create an SQLite index that does not exist yet; else a
            missing file is an error (and nothing is created).

    Raises:
        StorageError: the index cannot be opened, or is missing and not
            to be created.
    """
    text = str(url)
    if text.startswith(("redis://", "rediss://", "unix://")):
        from .redis import RedisStorage  # only when asked: redis is an optional dependency

        return RedisStorage(text)
    from .sqlite import SQLiteStorage

    return SQLiteStorage(text.removeprefix("sqlite:///"), create=create)
