"""Clean stage: a document's text without the later copies of its repeated
blocks and without the boilerplate of the chosen categories.

The rules that keep it from losing data:

* Only whole lines go. A line goes when a finding covers all of it; a line a
  finding only touches stays.
* A line of a repeated block's later copy goes only when the same line (white
  space aside) stays earlier in the file (in the earlier copy, or in an
  earlier copy of it): words that differ between the copies are the only
  copy of themselves and stay.
* A file is never emptied: when every line would go, it is left as it is.
* Blank lines next to removed text are tidied (no doubled blank line, none
  left at either end of the file where there was none); every other byte stays
  as it was, including line endings and whether the file ends with one.

:func:`write` then replaces a file atomically (temporary file in the same
folder, fsync, rename), in the encoding it was read in, and only if it still
holds the bytes that were scanned.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import REPEATED_BLOCK
from .model import Boilerplate, Document, Finding, RepeatedBlock, Report, ScanError
from .temporary import abandoned

_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


class CleanError(Exception):
    """A file that could not be rewritten; it was left untouched."""


@dataclass(frozen=True)
class _Line:
    start: int  # first character
    end: int  # past the line terminator
    content: tuple[int, int]  # the text without surrounding white space
    key: str  # the text with white space collapsed, for comparing copies

    @property
    def blank(self) -> bool:
        return not self.key


def _physical_lines(text: str) -> list[_Line]:
    out = []
    for m in _PHYSICAL_LINE.finditer(text):
        raw = m.group().rstrip("\r\n")
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        cs = m.start() + lead
        out.append(_Line(m.start(), m.end(), (cs, cs + len(stripped)), " ".join(stripped.split())))
    return out


@dataclass(frozen=True)
class Removal:
    """Lines removed for one finding: ``what`` is ``repeated-block`` or a
    boilerplate category; lines are 1-based and inclusive."""

    what: str
    finding: str
    lines: tuple[int, ...]

    def describe(self) -> str:
        first, last = self.lines[0], self.lines[-1]
        label = "repeated block" if self.what == REPEATED_BLOCK else self.what
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        return f"{label} ({where})"


def _runs(numbers: Sequence[int]) -> list[str]:
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"line {start}" if start == prev else f"lines {start}-{prev}")
        if n is not None:
            start = prev = n
    return out


@dataclass
class Cleaned:
    """What cleaning one document does.

    Attributes:
        doc: The document as scanned.
        text: Its text after cleaning (the same string when nothing changes).
        removals: What went, per finding.
        kept: Why something a finding covers stayed (for the user to review).
        error: Set when the file could not be rewritten; nothing was written.
    """

    doc: Document
    text: str
    removals: list[Removal] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    error: str | None = None
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.text != self.doc.text


def _inside(line: _Line, start: int, end: int) -> bool:
    return not line.blank and start <= line.content[0] and line.content[1] <= end


def plan(doc: Document, findings: Iterable[Finding], strip: Iterable[str]) -> Cleaned:
    """The cleaned text of one document; touches no file.

    Args:
        doc: The document.
        findings: The scan's findings about it (others are ignored).
        strip: ``repeated-block`` and/or boilerplate categories to remove.

    Returns:
        A :class:`Cleaned` with the new text and what was removed or kept.
    """
    strip = set(strip)
    lines = _physical_lines(doc.text)
    mine = [f for f in findings if doc.id in f.docs_involved()]
    noise: dict[int, tuple[str, str]] = {}  # line index -> (category, finding id)
    for f in mine:
        if isinstance(f, Boilerplate) and f.category in strip:
            for i, line in enumerate(lines):
                if i not in noise and _inside(line, f.span.start, f.span.end):
                    noise[i] = (f.category, f.id)
    gone: dict[int, tuple[str, str]] = {}  # line index -> (what, finding id)
    kept: list[str] = []
    if REPEATED_BLOCK in strip:
        blocks = sorted((f for f in mine if isinstance(f, RepeatedBlock)), key=lambda b: b.span.start)
        for block in blocks:
            # Lines that stay before the later copy: a line of it goes only
            # if its twin is among them (or it is noise that goes anyway).
            # Any earlier line that stays will do, not only the earlier
            # copy's: when a block was pasted three times and the second copy
            # goes as a copy of the first, the third, found as a copy of the
            # second, goes too (the first still holds its text), so that one
            # clean leaves nothing for a second one to remove.
            earlier = {
                line.key
                for i, line in enumerate(lines)
                if i not in gone and i not in noise and line.end <= block.span.start
            }
            differ = []
            for i, line in enumerate(lines):
                if i in gone or not _inside(line, block.span.start, block.span.end):
                    continue
                if line.key in earlier or i in noise:
                    gone[i] = (REPEATED_BLOCK, block.id)
                else:
                    differ.append(i + 1)
                    earlier.add(line.key)
            if differ:
                lines_kept = ", ".join(_runs(differ))
                kept.append(f"kept {lines_kept} of the repeated block: not found verbatim earlier in the file")
    for i, what in noise.items():
        gone.setdefault(i, what)
    if not gone:
        return Cleaned(doc, doc.text, kept=kept)
    if all(i in gone for i, line in enumerate(lines) if not line.blank):
        return Cleaned(doc, doc.text, kept=["left as it is: every line would be removed"])
    drop = _with_blank_lines(lines, set(gone))
    text = "".join(doc.text[line.start : line.end] for i, line in enumerate(lines) if i not in drop)
    if not doc.text.endswith(("\r", "\n")):  # no final newline before: none after
        text = _without_final_newline(text)
    by_finding: dict[tuple[str, str], list[int]] = {}
    for i in sorted(gone):
        by_finding.setdefault(gone[i], []).append(i + 1)
    removals = [Removal(what, fid, tuple(nums)) for (what, fid), nums in by_finding.items()]
    removals.sort(key=lambda r: r.lines[0])
    return Cleaned(doc, text, removals, kept)


def removes(
    doc: Document,
    blocks: Sequence[RepeatedBlock],
    find_repeats: Callable[[Document], Sequence[RepeatedBlock]] | None = None,
) -> bool:
    """Whether cleaning takes a document's repeated blocks away. ``check``
    says so of each failure, so that a check never fails for good on what
    ``clean`` would leave without saying so.

    With ``find_repeats`` (the scan's detection on one document), exactly:
    once cleaned of them (and settled, as ``clean`` does) the document
    repeats nothing. Without, by the rule: each block covers whole lines,
    each of them found earlier in the file.
    """
    if find_repeats is not None:
        cleaned = plan(doc, blocks, (REPEATED_BLOCK,))
        return cleaned.changed and _settle(cleaned, find_repeats)
    return all(_removes_whole(doc, block) for block in blocks)


def _removes_whole(doc: Document, block: RepeatedBlock) -> bool:
    lines = _physical_lines(doc.text)
    span = block.span
    touched = [line for line in lines if not line.blank and line.content[0] < span.end and span.start < line.content[1]]
    if not touched or not all(_inside(line, span.start, span.end) for line in touched):
        return False
    cleaned = plan(doc, [block], (REPEATED_BLOCK,))
    return cleaned.changed and not cleaned.kept


# Rounds of settle(): each removes copies the round before brought together.
_ROUNDS = 4


def settle(cleaned: Cleaned, find_repeats: Callable[[Document], Sequence[RepeatedBlock]]) -> Cleaned:
    """Clean the cleaned text again until no repeated block is left in it,
    so that a second ``clean`` changes nothing.

    Removing a copy can bring two others together (``A B A C A``: once the
    second ``A`` is gone as a copy of the first, what is left may repeat
    where it did not before). Each round looks for repeated blocks in the
    text the round before left (``find_repeats``, the scan's own detection
    on one document) and removes their later copies by the same rules;
    boilerplate is not looked for again (it depends on the whole corpus).

    Args:
        cleaned: The first round's result.
        find_repeats: The repeated blocks of a document.

    Returns:
        ``cleaned`` with the text of the last round, and every round's
        removals, by their lines in the file as it was.
    """
    _settle(cleaned, find_repeats)
    return cleaned


def _settle(cleaned: Cleaned, find_repeats: Callable[[Document], Sequence[RepeatedBlock]]) -> bool:
    """:func:`settle` ``cleaned`` in place; whether its text repeats nothing
    at the end (False when a repeated block is left that cleaning cannot
    take away)."""
    for _ in range(_ROUNDS):
        doc = replace(cleaned.doc, text=cleaned.text)
        blocks = find_repeats(doc)
        if not blocks:
            return True
        again = plan(doc, blocks, (REPEATED_BLOCK,))
        if not again.changed:
            return False
        numbers = _line_numbers(cleaned.doc.text, cleaned.text)
        moved = [Removal(r.what, r.finding, tuple(numbers[n - 1] for n in r.lines)) for r in again.removals]
        cleaned.removals = sorted([*cleaned.removals, *moved], key=lambda r: r.lines[0])
        cleaned.kept.extend(again.kept)
        cleaned.text = again.text
    return not find_repeats(replace(cleaned.doc, text=cleaned.text))


def _line_numbers(before: str, after: str) -> list[int]:
    """Per physical line of ``after`` (``before`` with whole lines removed),
    its 1-based number in ``before``."""
    old = [line.key for line in _physical_lines(before)]
    out, k = [], 0
    for line in _physical_lines(after):
        while k < len(old) - 1 and old[k] != line.key:
            k += 1
        out.append(k + 1)
        k += 1
    return out


def _without_final_newline(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith(("\r", "\n")) else text


def _with_blank_lines(lines: list[_Line], gone: set[int]) -> set[int]:
    """``gone`` plus the blank lines that removing it would leave stranded:
    blank lines between removed lines, at an end of the file next to removed
    text, and the second of two blank lines that removal would make adjacent."""
    drop = set(gone)
    n = len(lines)
    i = 0
    while i < n:
        if i not in gone:
            i += 1
            continue
        j = i
        # Extend over blank lines as long as removed text follows them.
        while True:
            k = j + 1
            while k < n and lines[k].blank:
                k += 1
            if k < n and k in gone:
                drop.update(range(j + 1, k + 1))
                j = k
            else:
                break
        before = i - 1
        while before >= 0 and lines[before].blank and before not in gone:
            before -= 1
        after = j + 1
        while after < n and lines[after].blank and after not in gone:
            after += 1
        if after >= n:  # removed text reaches the end: no blank tail
            drop.update(range(before + 1, i))
            drop.update(range(j + 1, n))
        elif before < 0 or (before < i - 1 and after > j + 1):  # removed text starts the file: no blank head
            drop.update(range(j + 1, after))
        i = j + 1
    return drop


def encode_like(text: str, doc: Document, raw: bytes) -> bytes:
    """``text`` in the encoding (and byte-order mark) ``raw`` was read in.

    Raises:
        CleanError: when re-encoding the scanned text would not give ``raw``
            back, so writing would change bytes nobody asked to change.
    """
    codec, prefix = doc.encoding, b""
    if codecs.lookup(codec).name == "utf-16":
        prefix = raw[:2]
        codec = "utf-16-le" if prefix == codecs.BOM_UTF16_LE else "utf-16-be"
    try:
        same = prefix + doc.text.encode(codec) == raw
    except UnicodeEncodeError:
        same = False
    if not same:
        raise CleanError(f"re-encoding as {doc.encoding} would change bytes outside the removed text")
    return prefix + text.encode(codec)


def write(cleaned: Cleaned, inside: Sequence[str] | None = None) -> None:
    """Replace the document's file with its cleaned text, atomically.

    Only a regular file is written, and only inside the folders and files
    given (``inside``, real paths; a link into the tree is followed, one out
    of it is refused unless ``inside`` is None). The file is re-read first
    and left alone if it changed or went away since the scan; a read-only
    file is not replaced. The new file gets the old one's permission bits and,
    where this process may set them, its owner and group. Right before the
    rename the file is looked at once more, and left alone if it changed
    meanwhile (a line appended while the new text was written is not lost).

    Raises:
        CleanError: the reason nothing was written.
    """
    doc = cleaned.doc
    if doc.path is None:
        raise CleanError("no file to write")
    path = Path(os.path.realpath(doc.path))
    if inside is not None and not any(_within(str(path), root) for root in inside):
        raise CleanError(f"a link to {path}, outside the paths given; left untouched")
    try:
        # Not blocking on a named pipe put where the file was: opened
        # without waiting, then refused unless it is a regular file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise CleanError("not a regular file; left untouched")
            if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
                raise CleanError("read-only file; left untouched")
            raw = fh.read()
    except FileNotFoundError as exc:
        raise CleanError("vanished during the run; nothing written") from exc
    except OSError as exc:
        raise CleanError(f"unreadable: {exc.strerror or exc}; left untouched") from exc
    if hashlib.sha256(raw).hexdigest() != doc.sha256:
        raise CleanError("changed since it was scanned; left untouched")
    data = encode_like(cleaned.text, doc, raw)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise CleanError(f"cannot create a temporary file in {path.parent}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        with contextlib.suppress(PermissionError):  # only root may give a file away
            os.chown(tmp, st.st_uid, st.st_gid)
        if not _unchanged(path, st):
            raise CleanError("changed while it was being cleaned; left untouched")
        os.replace(tmp, path)
    except (OSError, CleanError) as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, CleanError):
            raise
        raise CleanError(f"could not write: {exc.strerror or exc}; left untouched") from exc
    _fsync_dir(path.parent)
    cleaned.written = True


# A file being written is ``.NAME.PID.RANDOM.provenance-tmp`` beside the file
# it replaces: a run killed before the rename leaves it, and a later clean
# of that folder removes it (provenance.temporary).
TEMP_SUFFIX = ".provenance-tmp"
_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+" + re.escape(TEMP_SUFFIX) + "$")


def sweep_stale_temporaries(folders: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Remove the temporary files killed cleans left in ``folders``.

    Returns:
        The files removed.
    """
    removed = []
    for folder in dict.fromkeys(os.fspath(f) for f in folders):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            m = _TEMP.match(name)
            path = os.path.join(folder, name)
            if m is not None and os.path.isfile(path) and abandoned(int(m.group(1)), path):
                with contextlib.suppress(OSError):
                    os.unlink(path)
                    removed.append(path)
    return removed


def _within(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or below it (both real paths)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _unchanged(path: Path, st: os.stat_result) -> bool:
    """Whether the file at ``path`` is still the one read (same inode, size
    and modification time)."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    return (now.st_ino, now.st_dev, now.st_size, now.st_mtime_ns) == (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class CleanReport:
    """The outcome of cleaning a set of files.

    Attributes:
        report: The scan the cleaning was based on.
        files: One :class:`Cleaned` per plain-text document, in scan order.
        skipped: Inputs that were not cleaned (unreadable, JSON Lines), and why.
    """

    report: Report
    files: list[Cleaned]
    skipped: list[ScanError]

    @property
    def changed(self) -> list[Cleaned]:
        return [c for c in self.files if c.changed]

    @property
    def failed(self) -> list[Cleaned]:
        return [c for c in self.files if c.error is not None]
