"""A persistent index of the corpus for ``provenance check``: document
signatures and passage fingerprints in an embedded SQLite file or a shared
Redis server (:mod:`.storage`), looked up with LSH bands and winnowed seeds
(:mod:`.keys`)."""

from .backends import open_storage
from .corpus import MAX_CANDIDATES, AddResult, Index, to_document
from .storage import Record, Storage, StorageError

__all__ = ["MAX_CANDIDATES", "AddResult", "Index", "Record", "Storage", "StorageError", "open_storage", "to_document"]
