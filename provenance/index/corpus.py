"""The indexed corpus: what ``provenance index`` maintains and ``check`` reads.

Per document the index keeps its LSH band keys, its winnowed seeds (see
:mod:`provenance.index.keys`) and its text, compressed, so that a check can
align new files against it on any machine. A lookup costs ``b`` band probes
and one probe per winnowed seed of each new file, whatever the size of the
index; only the documents those probes name are read back and aligned.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..candidates import banding
from ..config import Settings
from ..fingerprint import Fingerprint, Permutations
from ..kernels.sets import unique
from ..load import path_key, source_key, storable
from ..model import Document, ScanError
from .backends import open_storage
from .keys import WINDOW, band_keys, winnow
from .storage import Record, Storage, StorageError

# Indexed documents aligned against one new file at most: the best-scoring
# candidates (band collisions first, then shared seeds).
MAX_CANDIDATES = 50


@dataclass
class AddResult:
    """What one ``index add`` did.

    Attributes:
        added, replaced, unchanged: Documents by outcome.
        fingerprinted: Documents whose signatures were computed; the rest
            were unchanged or had their content indexed under another key.
        pruned: Entries removed because their files are gone (``--prune``).
    """

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    fingerprinted: int = 0
    pruned: int = 0
    keys: list[str] = field(default_factory=list, repr=False)
    errors: list[ScanError] = field(default_factory=list, repr=False)

    @property
    def documents(self) -> int:
        return self.added + self.replaced + self.unchanged

    def absorb(self, other: AddResult) -> None:
        """Add another batch's counts to these."""
        for name in ("added", "replaced", "unchanged", "fingerprinted", "pruned"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.keys.extend(other.keys)
        self.errors.extend(other.errors)

    def merge(self, statuses: Sequence[str]) -> None:
        counts = Counter(statuses)
        self.added += counts["added"]
        self.replaced += counts["replaced"]
        self.unchanged += counts["unchanged"]


def _signature_meta(settings: Settings) -> dict[str, str]:
    """The settings an index's contents depend on, and what datasketch
    derives from them. A new index records both; it is then read with its
    own derived values, without asking datasketch again (importing it is most
    of a one-file check's start-up, and a later release may decide otherwise)."""
    b, r = banding(settings.lsh_threshold, settings.num_perm)
    return _input_meta(settings) | {
        "bands": str(b),
        "rows": str(r),
        "permutations": Permutations(settings.num_perm, settings.minhash_seed).to_hex(),
    }


def _input_meta(settings: Settings) -> dict[str, str]:
    return {
        "num_perm": str(settings.num_perm),
        "shingle_size": str(settings.shingle_size),
        "seed_size": str(settings.seed_size),
        "minhash_seed": str(settings.minhash_seed),
        "lsh_threshold": str(settings.lsh_threshold),
        "window": str(WINDOW),
        # How tokens are hashed: indexes made before the vectorised
        # tokeniser hold other hashes and must be rebuilt.
        "token_hash": "poly-nfkc-casefold",
    }


def to_document(rec: Record) -> Document:
    """An indexed document as the pipeline's :class:`Document`, named by its key."""
    return Document(
        id=rec.key,
        text=rec.unpack(),
        path=rec.key,
        encoding=rec.encoding,
        sha256=rec.sha256,
        published=rec.published,
        source=rec.key,
    )


class Index:
    """A persistent index of document signatures and passage fingerprints.

    Args:
        storage: A backend, or a URL for :func:`open_storage`.
        settings: The scan settings; those that shape signatures must match
            the index's own. None opens the index for removal and statistics
            only.
        create: Create the index when it does not exist (for adding to
            it); else a missing index is an error.

    Raises:
        StorageError: the index cannot be opened, or was built with other
            signature settings.
    """

    def __init__(
        self, storage: Storage | str | os.PathLike[str], settings: Settings | None = None, create: bool = True
    ) -> None:
        self.storage = storage if isinstance(storage, Storage) else open_storage(storage, create)
        if not create and not self.storage.meta():
            url = getattr(self.storage, "url", storage)
            self.storage.close()
            raise StorageError(f"{url}: no index there (`provenance index add` makes one)")
        self.settings = settings or Settings()
        self._stored: dict[str, str] = {}
        if settings is None:
            return
        stored = self.storage.meta() or self.storage.init_meta(_signature_meta(settings))
        differ = [
            f"{k} {stored.get(k, 'not recorded')} (this run: {v})"
            for k, v in _input_meta(settings).items()
            if stored.get(k) != v
        ]
        if differ:
            self.storage.close()
            raise StorageError(
                f"{self.storage.url}: the index was built with other settings: {'; '.join(differ)}."
                " Use the same settings, or build a new index."
            )
        self._stored = stored

    @cached_property
    def banding(self) -> tuple[int, int]:
        """``(bands, rows)`` the index's band keys were made with."""
        if "bands" in self._stored:
            return int(self._stored["bands"]), int(self._stored["rows"])
        return banding(self.settings.lsh_threshold, self.settings.num_perm)

    @cached_property
    def permutations(self) -> Permutations:
        """The MinHash permutations the index's signatures were made with
        (datasketch's, for an index that predates recording them)."""
        seed = self.settings.minhash_seed
        if "permutations" in self._stored:
            return Permutations.from_hex(self._stored["permutations"], seed)
        return Permutations(self.settings.num_perm, seed)

    @property
    def url(self) -> str:
        return self.storage.url

    def close(self) -> None:
        self.storage.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record(self, doc: Document, fp: Fingerprint) -> Record:
        """What the index stores of a document."""
        key = storable(source_key(doc))
        return Record(
            key=key,
            doc_id=key,
            sha256=doc.sha256,
            chars=len(doc.text),
            encoding=doc.encoding,
            published=doc.published,
            text=Record.pack(doc.text),
            bands=unique(band_keys(fp.signature, *self.banding)),
            seeds=winnow(fp, WINDOW),
        )

    def add(
        self, docs: Sequence[Document], fingerprints: Callable[[Sequence[Document]], list[Fingerprint]]
    ) -> AddResult:
        """Index a batch of documents; a document already indexed under its key
        with the same content is skipped, one with new content replaces its
        entry, and content already indexed under another key is copied from
        there instead of fingerprinted again.

        Args:
            docs: The batch.
            fingerprints: Computes the fingerprints of documents (the caller
                decides how, for instance on several processes).

        Returns:
            The counts of this batch.
        """
        result = AddResult()
        keys = [storable(source_key(d)) for d in docs]
        result.keys = keys
        indexed = {k: sha for k, (_, sha) in self.storage.entries(keys).items()}
        todo = [d for d, k in zip(docs, keys, strict=True) if indexed.get(k) != d.sha256]
        result.unchanged += len(docs) - len(todo)
        records: list[Record] = []
        to_hash: list[Document] = []
        for doc in todo:
            twin = self.storage.by_sha(doc.sha256)
            if twin is None:
                to_hash.append(doc)
                continue
            key = storable(source_key(doc))
            records.append(
                Record(key, key, doc.sha256, twin.chars, doc.encoding, doc.published, twin.text, twin.bands, twin.seeds)
            )
        for doc, fp in zip(to_hash, fingerprints(to_hash), strict=True):
            records.append(self.record(doc, fp))
        result.fingerprinted = len(to_hash)
        if records:
            result.merge(self.storage.put(records))
        return result

    def remove(self, paths: Iterable[str | os.PathLike[str]]) -> list[str]:
        """Remove the entries of these files, or of every file under these
        folders; the files need not exist any more.

        Returns:
            The keys removed.
        """
        keys = self.keys_under(paths)
        self.storage.remove(keys)
        return keys

    def keys_under(self, paths: Iterable[str | os.PathLike[str]]) -> list[str]:
        """Indexed keys of these files, JSON Lines files or folders."""
        prefixes = {storable(path_key(p)) for p in paths}
        out = []
        for key in self.storage.keys():  # noqa: SIM118 - a method of the storage, not a dict
            path = key.split("#", 1)[0]
            if any(p in (".", "") or path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes):
                out.append(key)
        return out

    def lookup(self, docs: Sequence[Document], fps: Sequence[Fingerprint]) -> dict[int, list[int]]:
        """Indexed documents worth aligning against each new document.

        An entry under the key of any of ``docs`` is an older version of a
        file being checked, not a copy of it, and is never proposed.

        Returns:
            ``position in docs -> indexed document numbers``, best first, at
            most :data:`MAX_CANDIDATES` each.
        """
        if not docs:
            return {}
        band_sets = [unique(band_keys(fp.signature, *self.banding)) for fp in fps]
        seed_sets = [winnow(fp, WINDOW) for fp in fps]
        bands = self.storage.band_postings(np.concatenate(band_sets))
        seeds = self.storage.seed_postings(np.concatenate(seed_sets), self.settings.max_df)
        skip = {n for n, _ in self.storage.entries([storable(source_key(d)) for d in docs]).values()}
        out: dict[int, list[int]] = {}
        for i, (bset, sset) in enumerate(zip(band_sets, seed_sets, strict=True)):
            band_hits = Counter(n for k in bset.view(np.int64).tolist() for n in bands.get(k, ()))
            seed_hits = Counter(n for k in sset.view(np.int64).tolist() for n in seeds.get(k, ()))
            scored = [
                (band_hits[n], seed_hits[n], n)
                for n in band_hits.keys() | seed_hits.keys()
                if n not in skip and (band_hits[n] or seed_hits[n] >= Settings.MIN_SHARED_SEEDS)
            ]
            scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
            if scored:
                out[i] = [n for _, _, n in scored[:MAX_CANDIDATES]]
        return out

    def fetch(self, numbers: Sequence[int]) -> list[Record]:
        return self.storage.fetch(numbers)

    def stats(self) -> dict[str, int | str]:
        return self.storage.stats() | {"settings": self.storage.meta()}

    def verify(self) -> list[str]:
        return self.storage.verify()
