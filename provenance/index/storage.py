"""The index's storage layer: one interface, an embedded SQLite backend and a
shared Redis backend, as datasketch's ``storage.py`` swaps a dict for Redis
without touching the LSH algorithm.

A backend stores :class:`Record` objects (one per document) and two inverted
indexes from 64-bit keys to document numbers: LSH band keys and winnowed
seeds. Every write of a record, with its postings and the removal of the
entry it replaces, is one atomic transaction, so a crash mid-write leaves the
index as it was before that record, and two writers never interleave.
"""

from __future__ import annotations

import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

FORMAT = "1"


class StorageError(RuntimeError):
    """An index that cannot be opened, read or written, with why."""


@dataclass
class Record:
    """One indexed document.

    Attributes:
        key: Where it lives (:func:`provenance.load.source_key`); unique.
        doc_id: The id it is reported under.
        sha256: Hex digest of its content.
        chars: Length of its text.
        encoding: Its file's codec.
        published: ISO date, when known.
        text: Its text, zlib-compressed UTF-8, so that a check can align
            against it wherever it runs.
        bands: LSH band keys of its signature.
        seeds: Its winnowed seeds.
        n: Its number in the storage (0 until stored).
    """

    key: str
    doc_id: str
    sha256: str
    chars: int
    encoding: str
    published: str | None
    text: bytes
    bands: np.ndarray = field(repr=False)
    seeds: np.ndarray = field(repr=False)
    n: int = 0

    @staticmethod
    def pack(text: str) -> bytes:
        return zlib.compress(text.encode("utf-8"), 6)

    def unpack(self) -> str:
        return zlib.decompress(self.text).decode("utf-8")


def as_int64(keys: np.ndarray) -> list[int]:
    """Unsigned 64-bit keys as the signed integers SQLite stores."""
    return np.asarray(keys, dtype=np.uint64).view(np.int64).tolist()


def as_blob(keys: np.ndarray) -> bytes:
    return np.asarray(keys, dtype="<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


class Storage(ABC):
    """What the index algorithm needs of a backend."""

    url: str

    @abstractmethod
    def meta(self) -> dict[str, str]:
        """The settings the index was built with (empty for a new index)."""

    @abstractmethod
    def init_meta(self, meta: dict[str, str]) -> dict[str, str]:
        """Record ``meta`` unless some is already there; return what is stored."""

    @abstractmethod
    def entries(self, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        """``key -> (document number, sha256)`` of those keys that are indexed."""

    @abstractmethod
    def by_sha(self, sha256: str) -> Record | None:
        """Some record with this content, if any."""

    @abstractmethod
    def put(self, records: Sequence[Record]) -> list[str]:
        """Store records, each replacing the entry of the same key.

        Decided inside the transaction: a record whose key is indexed with
        the same content is left alone. Each record is atomic; a batch may
        share one transaction.

        Returns:
            Per record, ``"added"``, ``"replaced"`` or ``"unchanged"``.
        """

    @abstractmethod
    def remove(self, keys: Iterable[str]) -> int:
        """Remove the entries of these keys; returns how many there were."""

    @abstractmethod
    def keys(self) -> list[str]:
        """Every indexed key, sorted."""

    @abstractmethod
    def band_postings(self, keys: np.ndarray) -> dict[int, list[int]]:
        """``band key -> document numbers`` for the keys that have any."""

    @abstractmethod
    def seed_postings(self, keys: np.ndarray, max_df: int) -> dict[int, list[int]]:
        """``seed -> document numbers`` for seeds in 1 to ``max_df`` documents."""

    @abstractmethod
    def fetch(self, numbers: Sequence[int]) -> list[Record]:
        """The records of these document numbers, in that order (missing ones
        skipped)."""

    @abstractmethod
    def stats(self) -> dict[str, int | str]:
        """Counts for ``provenance index stats``."""

    @abstractmethod
    def verify(self) -> list[str]:
        """Problems found by a full consistency check (empty when sound)."""

    def close(self) -> None:  # noqa: B027 - optional for backends holding nothing open
        """Release connections."""

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
