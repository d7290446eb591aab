"""The shared backend: a Redis server that several CI runners use as one index.

Layout, under a key prefix (``provenance`` unless the URL says
``?prefix=NAME``): ``P:meta`` and ``P:keys`` (key -> document number) hashes,
one hash ``P:doc:N`` per document, a set ``P:sha:SHA256`` of the documents
with that content, and one set per posting, ``P:b:KEY`` (band) and
``P:s:KEY`` (seed), holding document numbers.

Every batch is one ``MULTI``/``EXEC`` transaction under ``WATCH`` of the keys
table (optimistic locking, the pattern the Redis manual gives for
check-and-set): Redis applies all of it or, if the writer dies before
``EXEC``, none of it, and a batch that raced another writer is refused and
retried. No lock is held, so a killed writer blocks nobody.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import redis

from .storage import FORMAT, Record, Storage, StorageError, from_blob

_MAX_BAND_POSTINGS = 1000
_RETRIES = 50


def _display(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def _key8(key: int) -> bytes:
    return int(key).to_bytes(8, "little")


def _record(n: int, fields: dict[bytes, bytes]) -> Record:
    return Record(
        key=fields[b"key"].decode(),
        doc_id=fields[b"id"].decode(),
        sha256=fields[b"sha256"].decode(),
        chars=int(fields[b"chars"]),
        encoding=fields[b"encoding"].decode(),
        published=fields[b"published"].decode() or None,
        text=fields[b"text"],
        bands=from_blob(fields[b"bands"]),
        seeds=from_blob(fields[b"seeds"]),
        n=n,
    )


class RedisStorage(Storage):
    """An index on a Redis server.

    Args:
        url: ``redis://[[user]:password@]host:port/db[?prefix=NAME]``, or
            ``rediss://`` or ``unix://``, as redis-py reads it.

    Raises:
        StorageError: the server cannot be reached.
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        prefix = query.pop("prefix", "provenance")
        self.url = _display(url)
        self.p = prefix.encode()
        try:
            self.r = redis.Redis.from_url(
                urlunsplit(parts._replace(query=urlencode(query))), socket_connect_timeout=5, socket_timeout=60
            )
            self.r.ping()
        except (redis.RedisError, ValueError) as exc:
            raise StorageError(f"{self.url}: cannot reach the Redis index: {exc}") from exc

    def _k(self, *parts: bytes | str) -> bytes:
        return b":".join([self.p, *(p.encode() if isinstance(p, str) else p for p in parts)])

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except redis.RedisError as exc:
            raise StorageError(f"{self.url}: {exc}") from exc

    def meta(self) -> dict[str, str]:
        raw = self._call(self.r.hgetall, self._k("meta"))
        return {k.decode(): v.decode() for k, v in raw.items()}

    def init_meta(self, meta: dict[str, str]) -> dict[str, str]:
        # Written whole in one transaction, so that a second writer starting
        # at the same moment reads all of it or nothing.
        try:
            with self.r.pipeline(transaction=True) as pipe:
                pipe.watch(self._k("meta"))
                if not pipe.exists(self._k("meta")):
                    pipe.multi()
                    pipe.hset(self._k("meta"), mapping={**meta, "format": FORMAT})
                    pipe.execute()
        except redis.WatchError:
            pass  # another writer created it first: read theirs
        except redis.RedisError as exc:
            raise StorageError(f"{self.url}: {exc}") from exc
        return self.meta()

    def entries(self, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        if not keys:
            return {}
        numbers = self._call(self.r.hmget, self._k("keys"), list(keys))
        found = [(k, int(n)) for k, n in zip(keys, numbers, strict=True) if n is not None]
        pipe = self.r.pipeline(transaction=False)
        for _, n in found:
            pipe.hget(self._k("doc", str(n)), "sha256")
        shas = self._call(pipe.execute)
        return {k: (n, s.decode()) for (k, n), s in zip(found, shas, strict=True) if s is not None}

    def by_sha(self, sha256: str) -> Record | None:
        members = sorted(int(n) for n in self._call(self.r.smembers, self._k("sha", sha256)))
        records = self.fetch(members[:1])
        return records[0] if records else None

    def _queue_delete(self, pipe: redis.client.Pipeline, n: int, fields: dict[bytes, bytes]) -> None:
        bands, seeds = from_blob(fields[b"bands"]), from_blob(fields[b"seeds"])
        for k in bands.tolist():
            pipe.srem(self._k("b", _key8(k)), n)
        for k in seeds.tolist():
            pipe.srem(self._k("s", _key8(k)), n)
        pipe.srem(self._k("sha", fields[b"sha256"]), n)
        pipe.hdel(self._k("keys"), fields[b"key"])
        pipe.delete(self._k("doc", str(n)))
        pipe.incrby(self._k("count", "bands"), -len(bands))
        pipe.incrby(self._k("count", "seeds"), -len(seeds))

    def _transaction(self, work) -> object:
        """Run ``work(pipe)`` as one transaction under ``WATCH`` of the keys
        table, which every write changes: if another writer committed in
        between, Redis refuses the ``EXEC`` and the batch is read and queued
        again."""
        try:
            for attempt in range(_RETRIES):
                with self.r.pipeline(transaction=True) as pipe:
                    try:
                        pipe.watch(self._k("keys"))
                        result = work(pipe)
                        pipe.execute()
                        return result
                    except redis.WatchError:
                        time.sleep(random.uniform(0, 0.05 * (attempt + 1)))  # let the other writer through
            raise StorageError(f"{self.url}: other writers kept changing the index; try again")
        except redis.RedisError as exc:
            raise StorageError(f"{self.url}: cannot write: {exc}") from exc

    def put(self, records: Sequence[Record]) -> list[str]:
        def work(pipe: redis.client.Pipeline) -> list[str]:
            # Immediate mode (after WATCH): read what is there now.
            numbers = pipe.hmget(self._k("keys"), [r.key for r in records]) if records else []
            olds = {rec.key: int(n) for rec, n in zip(records, numbers, strict=True) if n is not None}
            old_fields = {key: pipe.hgetall(self._k("doc", str(n))) for key, n in olds.items()}
            todo = [r for r in records if old_fields.get(r.key, {}).get(b"sha256", b"").decode() != r.sha256]
            first = pipe.incrby(self._k("next"), len(todo)) - len(todo) + 1 if todo else 0
            pipe.multi()
            statuses = []
            fresh = {id(r): first + i for i, r in enumerate(todo)}
            for rec in records:
                if id(rec) not in fresh:
                    rec.n = olds[rec.key]
                    statuses.append("unchanged")
                    continue
                if rec.key in olds:
                    self._queue_delete(pipe, olds[rec.key], old_fields[rec.key])
                rec.n = fresh[id(rec)]
                self._queue_put(pipe, rec)
                statuses.append("replaced" if rec.key in olds else "added")
            return statuses

        return self._transaction(work)

    def _queue_put(self, pipe: redis.client.Pipeline, rec: Record) -> None:
        n = rec.n
        pipe.hset(
            self._k("doc", str(n)),
            mapping={
                "key": rec.key,
                "id": rec.doc_id,
                "sha256": rec.sha256,
                "chars": rec.chars,
                "encoding": rec.encoding,
                "published": rec.published or "",
                "text": rec.text,
                "bands": np.asarray(rec.bands, dtype="<u8").tobytes(),
                "seeds": np.asarray(rec.seeds, dtype="<u8").tobytes(),
            },
        )
        pipe.hset(self._k("keys"), rec.key, n)
        pipe.sadd(self._k("sha", rec.sha256), n)
        for k in rec.bands.tolist():
            pipe.sadd(self._k("b", _key8(k)), n)
        for k in rec.seeds.tolist():
            pipe.sadd(self._k("s", _key8(k)), n)
        pipe.incrby(self._k("count", "bands"), len(rec.bands))
        pipe.incrby(self._k("count", "seeds"), len(rec.seeds))

    def remove(self, keys: Iterable[str]) -> int:
        keys = list(keys)

        def work(pipe: redis.client.Pipeline) -> int:
            numbers = pipe.hmget(self._k("keys"), keys) if keys else []
            found = [(int(n), pipe.hgetall(self._k("doc", str(int(n))))) for n in numbers if n is not None]
            pipe.multi()
            for n, fields in found:
                self._queue_delete(pipe, n, fields)
            return len(found)

        return self._transaction(work)

    def keys(self) -> list[str]:
        return sorted(k.decode() for k in self._call(self.r.hkeys, self._k("keys")))

    def _postings(self, kind: str, keys: np.ndarray, limit: int) -> dict[int, list[int]]:
        wanted = sorted({int(k) for k in np.asarray(keys, dtype=np.uint64).tolist()})
        names = [self._k(kind, _key8(k)) for k in wanted]
        pipe = self.r.pipeline(transaction=False)
        for name in names:
            pipe.scard(name)
        sizes = self._call(pipe.execute)
        chosen = [(k, name) for k, name, size in zip(wanted, names, sizes, strict=True) if 0 < size <= limit]
        pipe = self.r.pipeline(transaction=False)
        for _, name in chosen:
            pipe.smembers(name)
        members = self._call(pipe.execute)
        signed = np.asarray([k for k, _ in chosen], dtype=np.uint64).view(np.int64).tolist()
        return {s: sorted(int(n) for n in m) for s, m in zip(signed, members, strict=True) if m}

    def band_postings(self, keys: np.ndarray) -> dict[int, list[int]]:
        return self._postings("b", keys, _MAX_BAND_POSTINGS)

    def seed_postings(self, keys: np.ndarray, max_df: int) -> dict[int, list[int]]:
        return self._postings("s", keys, max_df)

    def fetch(self, numbers: Sequence[int]) -> list[Record]:
        pipe = self.r.pipeline(transaction=False)
        for n in numbers:
            pipe.hgetall(self._k("doc", str(n)))
        rows = self._call(pipe.execute)
        return [_record(n, fields) for n, fields in zip(numbers, rows, strict=True) if fields]

    def stats(self) -> dict[str, int | str]:
        pipe = self.r.pipeline(transaction=False)
        pipe.hlen(self._k("keys"))
        pipe.get(self._k("count", "bands"))
        pipe.get(self._k("count", "seeds"))
        pipe.info("memory")
        docs, bands, seeds, memory = self._call(pipe.execute)
        return {
            "backend": "redis",
            "location": f"{self.url} (prefix {self.p.decode()!r})",
            "documents": docs,
            "band_postings": int(bands or 0),
            "seed_postings": int(seeds or 0),
            "bytes": int(memory.get("used_memory", 0)),
        }

    def verify(self) -> list[str]:
        problems: list[str] = []
        numbers = {k.decode(): int(n) for k, n in self._call(self.r.hgetall, self._k("keys")).items()}
        totals = {"b": 0, "s": 0}
        for key, n in sorted(numbers.items()):
            fields = self._call(self.r.hgetall, self._k("doc", str(n)))
            if not fields or fields[b"key"].decode() != key:
                problems.append(f"{key}: document {n} missing or under another key")
                continue
            pipe = self.r.pipeline(transaction=False)
            for kind, field in (("b", b"bands"), ("s", b"seeds")):
                keys = from_blob(fields[field]).tolist()
                totals[kind] += len(keys)
                for k in keys:
                    pipe.sismember(self._k(kind, _key8(k)), n)
            if not all(self._call(pipe.execute)):
                problems.append(f"{key}: postings missing")
        live = set(numbers.values())
        for kind in ("b", "s"):
            seen = 0
            for name in self.r.scan_iter(match=self._k(kind, b"*"), count=1000):
                members = {int(m) for m in self._call(self.r.smembers, name)}
                seen += len(members)
                if members - live:
                    problems.append(f"{name!r}: postings of documents no longer indexed")
            if seen != totals[kind]:
                name = "bands" if kind == "b" else "seeds"
                problems.append(f"{name}: {seen} postings, documents list {totals[kind]}")
        return problems

    def close(self) -> None:
        self.r.close()
