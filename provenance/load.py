"""Load stage: files, folders and JSON Lines into :class:`Document` objects.

Nothing here raises for a bad file: every file that cannot become a document
turns into a :class:`ScanError` with a reason a person understands, and the
scan goes on. Only a path that does not exist is the caller's mistake.
"""

from __future__ import annotations

import codecs
import fnmatch
import functools
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import charset_normalizer

from .config import Settings
from .model import Document, ScanError

JSONL_SUFFIXES = (".jsonl", ".ndjson")

# When the detector finds several encodings about equally plausible, these are
# what scraped news text is far more likely to be in, in this order.
_PREFERRED = ("cp1252", "iso8859-15", "latin-1", "cp1250", "cp1251", "utf-16")
_CHAOS_SLACK = 0.1


class UndecodableError(ValueError):
    """Bytes that are binary or fit no text encoding."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes exactly as read (line endings untouched).

    Args:
        data: The raw bytes of a file.

    Returns:
        ``(text, encoding)`` where ``encoding`` is a Python codec name that
        reproduces ``text`` from ``data`` (``utf-8-sig`` when a BOM was removed).

    Raises:
        UndecodableError: binary content, or no encoding fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"undecodable: UTF-8 BOM but invalid UTF-8 at byte {exc.start + 3}") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UndecodableError("undecodable: UTF-16 BOM but invalid UTF-16") from exc
    nul = data.find(b"\x00")
    if nul != -1:
        raise UndecodableError(f"binary: NUL byte at offset {nul}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        raise UndecodableError(
            f"undecodable: not UTF-8 (invalid byte at offset {utf8_error.start}) and no other encoding fits"
        )
    text = str(best)
    near = {codecs.lookup(r.encoding).name for r in results if r.chaos <= best.chaos + _CHAOS_SLACK}
    for name in _PREFERRED:
        candidate = codecs.lookup(name).name
        if candidate in near:
            return data.decode(candidate), candidate
        try:
            if data.decode(candidate) == text:  # same text, better-known name
                return text, candidate
        except UnicodeDecodeError:
            continue
    return text, codecs.lookup(best.encoding).name


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    rel = os.path.normcase(rel)
    glob = _globs(tuple(patterns))
    return glob.match(rel) is not None or glob.match(rel.rsplit("/", 1)[-1]) is not None


@functools.cache
def _globs(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Globs as one pattern, as ``fnmatch.fnmatch`` reads each (a folder of
    100 000 files made 400 000 calls)."""
    return re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in patterns) or "(?!)")


def walk(root: Path, settings: Settings) -> Iterator[tuple[str, str]]:
    """Files below ``root`` that the include/exclude globs select, sorted.

    Hidden files and folders are skipped; a symlink loop is entered once.

    Returns:
        ``(path, rel)`` pairs: the path as ``str(Path(folder) / name)``
        names it (made as a string, not through pathlib: once a file), ``rel`` the
        POSIX path relative to ``root``.
    """
    # A stack, not os.walk's recursion: folders nested thousands deep are
    # read like any other (os.walk raised RecursionError at about 1 000).
    seen: set[tuple[int, int]] = set()
    stack = [(str(root), "")]
    while stack:
        dirpath, rel_dir = stack.pop()
        try:
            st = os.stat(dirpath)
            with os.scandir(dirpath) as it:
                entries = [(e.name, _is_dir(e)) for e in it]
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        prefix = "" if dirpath == "." else os.path.join(dirpath, "")
        for name in sorted(n for n, is_dir in entries if not is_dir):
            rel = rel_dir + name
            if _file_wanted(rel, settings):
                yield prefix + name, rel
        folders = sorted(n for n, is_dir in entries if is_dir and _folder_wanted(rel_dir + n, settings))
        stack.extend((prefix + name, rel_dir + name + "/") for name in reversed(folders))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (followed, as os.walk(followlinks=True))."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _folder_wanted(rel: str, settings: Settings) -> bool:
    return not rel.rsplit("/", 1)[-1].startswith(".") and not _matches(rel, settings.exclude)


def _file_wanted(rel: str, settings: Settings) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return not name.startswith(".") and _matches(rel, settings.include) and not _matches(rel, settings.exclude)


def wanted(rel: str, settings: Settings) -> bool:
    """Whether :func:`walk` reads the file at ``rel`` (POSIX, relative to the
    folder given): no hidden or excluded folder on the way, and the file
    itself included, not excluded and not hidden."""
    parts = rel.split("/")
    folders = ("/".join(parts[: i + 1]) for i in range(len(parts) - 1))
    return all(_folder_wanted(f, settings) for f in folders) and _file_wanted(rel, settings)


def walk_order(rel: str) -> tuple[list[str], str]:
    """A sort key putting relative paths in the order :func:`walk` yields
    them: a folder's files first, then its sub-folders, each sorted."""
    *folders, name = rel.split("/")
    return folders, name


def check_size(size: int, settings: Settings) -> None:
    """Refuse a file too large to be an article.

    Raises:
        UndecodableError: ``size`` is over ``settings.max_file_bytes``.
    """
    if size > settings.max_file_bytes:
        raise UndecodableError(f"too large: {size} bytes (limit {settings.max_file_bytes})")


def _read(path: str, settings: Settings, found: bool = False) -> bytes:
    """Read a file's bytes, refusing one too large to be an article.

    Read with ``os.read`` into a buffer of the size ``fstat`` gives (a
    buffered file object adds a copy and a cost per file), to
    the end of the file however it changes meanwhile; a file that outgrows
    the limit while read, or a device that never ends, is refused too.

    Args:
        path: The file.
        settings: ``max_file_bytes``.
        found: The file was found in a folder rather than named: then a named
            pipe, a device or a socket is refused (reading a pipe nobody
            writes to would wait forever); one named is read.

    Raises:
        UndecodableError: too large, or not a file to read.
        OSError: the file cannot be opened or read.
    """
    # A pipe named on the command line (`scan <(cmd)`) is opened waiting for
    # its writer, as `cat` would: opened without waiting, a pipe whose writer
    # has not opened it yet reads as empty. Anything else is opened without
    # waiting, so that a pipe found in a folder is refused, not waited on.
    fd = os.open(path, _READ_FLAGS if not found and _is_fifo(path) else _READ_FLAGS | _NO_WAIT)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            if found:
                raise UndecodableError(f"not a regular file: {_file_kind(st.st_mode)}")
            if _NO_WAIT:
                os.set_blocking(fd, True)
        size = st.st_size
        check_size(size, settings)
        chunks, total, want = [], 0, size + 1  # a byte more: a file that grew shows in one call
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            total += len(chunk)
            if total > settings.max_file_bytes:  # grew while read, or a device
                raise UndecodableError(f"too large: more than {settings.max_file_bytes} bytes")
            want = _READ_BLOCK
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _is_fifo(path: str) -> bool:
    """Whether ``path`` is a named pipe (False when it cannot be read)."""
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


_READ_BLOCK = 1 << 16
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: no newline translation on Windows
_NO_WAIT = getattr(os, "O_NONBLOCK", 0)  # no effect on regular files


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def load_text_file(path: str, doc_id: str, settings: Settings, found: bool = False) -> Document | ScanError:
    """One plain-text file as a document, or the reason it cannot be one
    (``found``: in a folder, see :func:`_read`)."""
    try:
        data = _read(path, settings, found)
    except UndecodableError as exc:
        return ScanError(path, str(exc))
    except OSError as exc:
        return ScanError(path, f"unreadable: {exc.strerror or exc}")
    return text_document(data, doc_id, path)


def text_document(data: bytes, doc_id: str, path: str) -> Document | ScanError:
    """A plain-text file's bytes as a document, or why they cannot be one.

    Args:
        data: The file's bytes.
        doc_id: The document's id.
        path: The file, as named in the report.
    """
    try:
        text, encoding = decode(data)
    except UndecodableError as exc:
        return ScanError(path, str(exc))
    sha256 = hashlib.sha256(data).hexdigest()
    fields = {"id": doc_id, "path": path, "encoding": encoding, "source": path, "sha256": sha256}
    if encoding == "utf-8":  # the bytes are the text's UTF-8
        return Document.from_utf8(data, text, **fields)
    return Document(text=text, **fields)


def load_jsonl(path: str, settings: Settings, found: bool = False) -> Iterator[Document | ScanError]:
    """Documents from a JSON Lines file: ``id``, ``text``, optional ``date``,
    ``source``, ``url``; every other field is kept in :attr:`Document.meta`
    (``found``: in a folder, see :func:`_read`)."""
    try:
        data = _read(path, settings, found)
    except UndecodableError as exc:
        yield ScanError(path, str(exc))
        return
    except OSError as exc:
        yield ScanError(path, f"unreadable: {exc.strerror or exc}")
        return
    yield from jsonl_documents(data, path, os.path.basename(path))


def jsonl_documents(data: bytes, path: str, name: str) -> Iterator[Document | ScanError]:
    """The records of a JSON Lines file's bytes, as :func:`load_jsonl` reads them.

    Args:
        data: The file's bytes.
        path: The file, as named in the report.
        name: Its file name, for ids of records without one.
    """
    try:
        text, _ = decode(data)
    except UndecodableError as exc:
        yield ScanError(path, str(exc))
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ScanError(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ScanError(where, "invalid record: expected an object with a string 'text' field")
            continue
        if _SURROGATE_ESCAPE.search(line) and not _is_unicode(record):
            yield ScanError(where, "invalid record: an unpaired surrogate escape (\\udXXX) is not Unicode text")
            continue
        doc_id = str(record["id"]) if record.get("id") is not None else f"{name}:{lineno}"
        meta = {k: v for k, v in record.items() if k not in ("id", "text")}
        yield Document(
            id=doc_id,
            text=record["text"],
            path=where,
            encoding="utf-8",
            source=str(path),
            published=_iso_date(record.get("date")),
            meta=meta,
        )


# JSON may escape half of a UTF-16 surrogate pair alone, which decodes to a
# string no UTF-8 report can hold.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _is_unicode(record: object) -> bool:
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _iso_date(value: object) -> str | None:
    """An ISO 8601 date string from a JSONL ``date`` field, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return parse(v).isoformat()
        except ValueError:
            continue
    return None


def source_key(doc: Document) -> str:
    """Where a document lives, the same from one run to the next: its file's
    POSIX path relative to the working directory (absolute when outside it),
    and for a JSON Lines record that path, ``#`` and the record's id.

    The index and baselines name documents by this key, because a document
    id depends on which folder was given. CI jobs and pre-commit run from the
    repository root, so the key is the path relative to the repository.
    """
    if doc.source is None:
        return doc.id
    key = path_key(doc.source)
    return f"{key}#{doc.id}" if key.lower().endswith(JSONL_SUFFIXES) else key


def path_key(path: str | os.PathLike[str]) -> str:
    """A path as :func:`source_key` names files: POSIX, relative to the
    working directory, absolute when outside it."""
    resolved = Path(os.path.abspath(path))
    try:
        return resolved.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return resolved.as_posix()


def storable(name: str) -> str:
    """``name`` as any store takes it (an index's keys): the bytes of a file
    name that is not UTF-8, which Python reads as lone surrogates, are
    written ``\\xNN`` (SQLite and Redis refuse lone surrogates); a UTF-8
    name is unchanged."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def load(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[Document | ScanError]:
    """Every document (or error) under the given files and folders, in a
    deterministic order.

    Document ids are paths relative to the folder given (a file given directly
    is named by its file name); where two would collide, the later one keeps
    the path as given. A file reached twice (given twice, or in a folder
    also given, or through a link) is read once, where it is first reached.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise FileNotFoundError(f"path does not exist: {root}")
    unique = UniqueIds()
    read: set[tuple[int, int]] = set()  # device and inode of every file read
    for root in roots:
        found = root.is_dir()
        files = walk(root, settings) if found else iter([(str(root), root.name)])
        for path, rel in files:
            # A file given twice (`check a a`, a folder and a file in it, a
            # link to a file also given) is one document, not its own copy.
            try:
                st = os.stat(path)
            except OSError:
                pass  # reading it says what is wrong
            else:
                if (st.st_dev, st.st_ino) in read:
                    continue
                read.add((st.st_dev, st.st_ino))
            if os.path.splitext(path)[1].lower() in JSONL_SUFFIXES:
                for item in load_jsonl(path, settings, found):
                    yield unique(item, path)
            else:
                yield unique(load_text_file(path, rel, settings, found), path)


class UniqueIds:
    """Keeps document ids unique, in load order: a document whose id is taken
    is renamed to its file's path as given (``path#id`` for a JSON Lines
    record), and refused when that is taken too."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, item: Document | ScanError, path: str) -> Document | ScanError:
        """``item`` with a unique id, or a :class:`ScanError` saying why not.

        Args:
            item: A loaded document or error (errors pass through).
            path: The file it was read from, as given.
        """
        if not isinstance(item, Document):
            return item
        if item.id in self.seen:
            fallback = f"{path}#{item.id}" if path.lower().endswith(JSONL_SUFFIXES) else path
            if fallback in self.seen:
                return ScanError(item.path or fallback, f"duplicate document id {item.id!r}")
            item.id = fallback
        self.seen.add(item.id)
        return item


def read_texts(
    documents: Iterable[dict[str, object]], settings: Settings, root: str | os.PathLike[str] = "."
) -> dict[str, str | None]:
    """The texts of a report's documents read back from their files, by id:
    None for a document whose file is gone, unreadable or changed since the
    scan (its SHA-256 differs). A JSON Lines file is read once for all its
    records.

    Args:
        documents: The report's ``documents`` (their ``id``, ``path`` and
            ``sha256``).
        settings: Size limits for reading.
        root: The folder the report's paths are relative to.
    """
    texts: dict[str, str | None] = {}
    records: dict[str, dict[str, Document]] = {}
    for entry in documents:
        doc_id, path, digest = str(entry["id"]), str(entry.get("path") or ""), entry.get("sha256")
        file, _, line = path.rpartition(":")
        if file and line.isdigit() and os.path.splitext(file)[1].lower() in JSONL_SUFFIXES:
            if file not in records:
                found = load_jsonl(os.path.join(root, file), settings)
                records[file] = {d.path.rpartition(":")[2]: d for d in found if isinstance(d, Document) and d.path}
            doc: Document | ScanError | None = records[file].get(line)
        elif path:
            doc = load_text_file(os.path.join(root, path), doc_id, settings)
        else:
            doc = None
        texts[doc_id] = doc.text if isinstance(doc, Document) and doc.sha256 == digest else None
    return texts
