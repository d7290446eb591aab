"""The embedded backend: one SQLite file, no server.

Writes take SQLite's write lock up front (``BEGIN IMMEDIATE``), so two CI jobs
writing at once take turns instead of failing half-way, and readers never wait
(write-ahead log; opening an existing index takes no lock). A process killed mid-write leaves an uncommitted
transaction that SQLite rolls back on the next open.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..kernels.sets import unique
from .storage import FORMAT, Record, Storage, StorageError, as_blob, as_int64, from_blob

# How long a writer waits for another to finish before giving up.
BUSY_TIMEOUT = 600.0
_CHUNK = 500  # host parameters per IN (...) query
_MAX_BAND_POSTINGS = 1000
_OPEN_RETRIES = 40

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    chars INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    published TEXT,
    text BLOB NOT NULL,
    bands BLOB NOT NULL,
    seeds BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_sha256 ON docs (sha256);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seeds (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
"""
_COLUMNS = "n, key, doc_id, sha256, chars, encoding, published, text, bands, seeds"


def _record(row: tuple) -> Record:
    n, key, doc_id, sha, chars, encoding, published, text, bands, seeds = row
    return Record(key, doc_id, sha, chars, encoding, published, text, from_blob(bands), from_blob(seeds), n)


class SQLiteStorage(Storage):
    """An index in one SQLite file.

    Args:
        path: The file; it and its folder are created when missing, if
            ``create``.
        create: Whether a missing file is a new index or an error.

    Raises:
        StorageError: the path is a folder, a file that is not an index,
            or missing when not to be created.
    """

    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        if self.path.is_dir():
            raise StorageError(f"{self.path}: is a folder; give the index file's path")
        if not create and not self.path.exists():
            # A mistyped path must not become a new, empty index a check passes against.
            raise StorageError(
                f"{self.path}: no index there (`provenance index add PATHS --index {self.path}` makes one)"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are begun explicitly below.
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
            for attempt in range(_OPEN_RETRIES):
                try:
                    self._prepare()
                    break
                except sqlite3.OperationalError as exc:
                    # Two writers creating one new file: switching it to WAL
                    # needs an exclusive lock, and SQLite refuses the loser
                    # at once instead of making it wait.
                    if "locked" not in str(exc) or attempt == _OPEN_RETRIES - 1:
                        raise
                    time.sleep(0.05 * (attempt + 1))
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(f"{self.path}: cannot open as an index: {exc}") from exc

    def _prepare(self) -> None:
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"meta", "docs", "bands", "seeds"} <= tables:
            # Only a new index takes the write lock here: a check opening an
            # existing one never waits for a writer.
            with self._write() as db:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: {exc}") from exc

    def meta(self) -> dict[str, str]:
        return dict(self._query("SELECT name, value FROM meta"))

    def init_meta(self, meta: dict[str, str]) -> dict[str, str]:
        with self._write() as db:
            if not db.execute("SELECT 1 FROM meta LIMIT 1").fetchone():
                db.executemany("INSERT INTO meta VALUES (?, ?)", sorted({**meta, "format": FORMAT}.items()))
        return self.meta()

    def entries(self, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        out: dict[str, tuple[int, str]] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = list(keys[i : i + _CHUNK])
            marks = ",".join("?" * len(chunk))
            for key, n, sha in self._query(f"SELECT key, n, sha256 FROM docs WHERE key IN ({marks})", chunk):
                out[key] = (n, sha)
        return out

    def by_sha(self, sha256: str) -> Record | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM docs WHERE sha256 = ? ORDER BY n LIMIT 1", (sha256,))
        return _record(rows[0]) if rows else None

    def _delete(self, db: sqlite3.Connection, n: int, bands: bytes, seeds: bytes) -> None:
        db.executemany("DELETE FROM bands WHERE key = ? AND doc = ?", [(k, n) for k in as_int64(from_blob(bands))])
        db.executemany("DELETE FROM seeds WHERE key = ? AND doc = ?", [(k, n) for k in as_int64(from_blob(seeds))])
        db.execute("DELETE FROM docs WHERE n = ?", (n,))

    def put(self, records: Sequence[Record]) -> list[str]:
        statuses = []
        try:
            with self._write() as db:
                for rec in records:
                    old = db.execute("SELECT n, sha256, bands, seeds FROM docs WHERE key = ?", (rec.key,)).fetchone()
                    if old and old[1] == rec.sha256:
                        rec.n = old[0]
                        statuses.append("unchanged")
                        continue
                    if old:
                        self._delete(db, old[0], old[2], old[3])
                    cur = db.execute(
                        "INSERT INTO docs (key, doc_id, sha256, chars, encoding, published, text, bands, seeds)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            rec.key,
                            rec.doc_id,
                            rec.sha256,
                            rec.chars,
                            rec.encoding,
                            rec.published,
                            rec.text,
                            as_blob(rec.bands),
                            as_blob(rec.seeds),
                        ),
                    )
                    rec.n = int(cur.lastrowid)
                    for table, keys in (("bands", rec.bands), ("seeds", rec.seeds)):
                        rows = [(k, rec.n) for k in as_int64(keys)]
                        db.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", rows)
                    statuses.append("replaced" if old else "added")
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: cannot write: {exc}") from exc
        return statuses

    def remove(self, keys: Iterable[str]) -> int:
        removed = 0
        try:
            with self._write() as db:
                for key in keys:
                    old = db.execute("SELECT n, bands, seeds FROM docs WHERE key = ?", (key,)).fetchone()
                    if old:
                        self._delete(db, *old)
                        removed += 1
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: cannot write: {exc}") from exc
        return removed

    def keys(self) -> list[str]:
        return [k for (k,) in self._query("SELECT key FROM docs ORDER BY key")]

    def _postings(self, table: str, keys: np.ndarray, limit: int) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        cursor = self.db.cursor()
        sql = f"SELECT doc FROM {table} WHERE key = ? LIMIT ?"
        try:
            for key in sorted(set(as_int64(keys))):
                docs = [d for (d,) in cursor.execute(sql, (key, limit + 1))]
                if 0 < len(docs) <= limit:
                    out[key] = docs
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: {exc}") from exc
        return out

    def band_postings(self, keys: np.ndarray) -> dict[int, list[int]]:
        return self._postings("bands", keys, _MAX_BAND_POSTINGS)

    def seed_postings(self, keys: np.ndarray, max_df: int) -> dict[int, list[int]]:
        return self._postings("seeds", keys, max_df)

    def fetch(self, numbers: Sequence[int]) -> list[Record]:
        found: dict[int, Record] = {}
        for i in range(0, len(numbers), _CHUNK):
            chunk = list(numbers[i : i + _CHUNK])
            marks = ",".join("?" * len(chunk))
            for row in self._query(f"SELECT {_COLUMNS} FROM docs WHERE n IN ({marks})", chunk):
                found[row[0]] = _record(row)
        return [found[n] for n in numbers if n in found]

    def stats(self) -> dict[str, int | str]:
        ((docs, chars),) = self._query("SELECT COUNT(*), COALESCE(SUM(chars), 0) FROM docs")
        ((bands,),) = self._query("SELECT COUNT(*) FROM bands")
        ((seeds,),) = self._query("SELECT COUNT(*) FROM seeds")
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return {
            "backend": "sqlite",
            "location": str(self.path),
            "documents": docs,
            "characters": chars,
            "band_postings": bands,
            "seed_postings": seeds,
            "bytes": size,
        }

    def verify(self) -> list[str]:
        problems = [r for (r,) in self._query("PRAGMA integrity_check") if r != "ok"]
        expected = {"bands": 0, "seeds": 0}
        for bands, seeds in self._query("SELECT bands, seeds FROM docs"):
            expected["bands"] += len(unique(from_blob(bands)))
            expected["seeds"] += len(unique(from_blob(seeds)))
        for table, count in expected.items():
            ((orphans,),) = self._query(f"SELECT COUNT(*) FROM {table} WHERE doc NOT IN (SELECT n FROM docs)")
            ((total,),) = self._query(f"SELECT COUNT(*) FROM {table}")
            if orphans:
                problems.append(f"{orphans} {table} postings of documents no longer indexed")
            if total - orphans != count:
                problems.append(f"{table}: {total - orphans} postings, documents list {count}")
        return problems

    def close(self) -> None:
        self.db.close()
