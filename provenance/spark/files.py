"""Files for Spark to read: local paths and URIs listed, contents decoded in
executors, each numbered as the local engine numbers it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from ..config import Settings
from ..load import (
    JSONL_SUFFIXES,
    UndecodableError,
    check_size,
    jsonl_documents,
    text_document,
    walk_order,
    wanted,
)
from ..model import Document, ScanError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_uri(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a location by URI (``hdfs://…``, ``file:/…``)
    rather than as a local path."""
    return bool(_URI.match(os.fspath(path))) and not Path(path).exists()


def _root_path(root: str) -> str:
    """The path part of a root URI, without a trailing slash."""
    return unquote(urlparse(root).path).rstrip("/")


def _path(uri: str) -> str:
    """A listed file's path, the same whichever way Spark spells the URI
    (``file:/a`` and ``file:///a``)."""
    return unquote(urlparse(uri).path)


def _files(spark: SparkSession, roots: list[str], settings: Settings) -> tuple[dict[tuple, tuple], list, list]:
    """List the input files on the driver.

    Returns:
        ``(table, frames, ready)``: per ``(root number, path)``, ``(order,
        report path, document id, is JSON Lines, file name)`` of each file
        to read; one binaryFile DataFrame per root; and ``((order, k), item)``
        for what needs no reading: files too large (errors) and empty files,
        which Spark lists but never reads.
    """
    table: dict[tuple, tuple] = {}
    ready: list[tuple[tuple, Document | ScanError]] = []
    frames = []
    read: set[object] = set()  # each file once, however often it is reached (as load.load)
    for r, given in enumerate(roots):
        local = not is_uri(given)
        uri = Path(given).absolute().as_uri() if local else given
        frame = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(uri)
        frames.append(frame)
        lengths = {_path(row.path): row.length for row in frame.select("path", "length").collect()}
        listed = frame.inputFiles()
        base = _root_path(uri)
        single = len(listed) == 1 and _path(listed[0]) == base
        entries = []
        for spelled in listed:
            full = _path(spelled)
            rel = full.rsplit("/", 1)[-1] if single else full[len(base) + 1 :]
            if not single and not wanted(rel, settings):
                continue
            # As the local engine names files: the root as given, joined.
            shown = str(Path(given) if single else Path(given) / rel) if local else spelled
            entries.append((walk_order(rel), full, rel, shown, lengths.get(full, 0)))
        entries.sort(key=lambda e: e[0])
        for i, (_, full, rel, shown, length) in enumerate(entries):
            same = _identity(full) if local else full
            if same in read:
                continue
            read.add(same)
            order = (r, i)
            name = rel.rsplit("/", 1)[-1]
            entry = (order, shown, rel, name.lower().endswith(JSONL_SUFFIXES), name)
            try:
                check_size(length, settings)
            except UndecodableError as exc:
                ready.append(((order, 0), ScanError(shown, str(exc))))
                continue
            if length == 0:
                ready.extend(_items(b"", entry))
            else:
                table[r, full] = entry
    return table, frames, ready


def _identity(path: str) -> object:
    """A local file's device and inode (its path if it cannot be read)."""
    try:
        st = os.stat(path)
    except OSError:
        return path
    return (st.st_dev, st.st_ino)


def _items(data: bytes, entry: tuple) -> Iterator[tuple[tuple, Document | ScanError]]:
    """A file's documents (or errors), keyed by file order and position."""
    order, shown, doc_id, jsonl, name = entry
    items: Iterable[Document | ScanError] = (
        jsonl_documents(data, shown, name) if jsonl else [text_document(data, doc_id, shown)]
    )
    for k, item in enumerate(items):
        yield (order, k), item


def _decode(r: int, row: Any, table: dict[tuple, tuple]) -> Iterator[tuple[tuple, Document | ScanError]]:
    entry = table.get((r, _path(row.path)))
    if entry is not None:
        yield from _items(bytes(row.content), entry)
