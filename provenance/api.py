"""The library entry points: what the CLI calls, and what a notebook user calls.

>>> import provenance
>>> report = provenance.scan(["seeds"])
>>> [f.kind for f in report.findings]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from . import engine
from .clean import Cleaned, CleanError, CleanReport, plan, settle, sweep_stale_temporaries, write
from .config import REPEATED_BLOCK, Settings
from .fingerprint import Fingerprint
from .gate import DEFAULT_FAIL_ON, Baseline, CheckResult, gate
from .index import AddResult, Index
from .load import JSONL_SUFFIXES, load, path_key, storable
from .model import Document, RepeatedBlock, Report, ScanError
from .stages import Progress


def scan(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    progress: Progress | None = None,
    *,
    index: Index | None = None,
    lineage: bool = True,
    **overrides: Any,
) -> Report:
    """Find repeated blocks, duplicate documents, shared passages and boilerplate.

    Safe to call from several threads at once: each call keeps its state to
    itself.

    Args:
        paths: Files and folders (folders are searched recursively; ``.jsonl``
            files are read as JSON Lines).
        settings: A :class:`Settings`; defaults apply where omitted.
        progress: Optional callback ``(stage, done, total)``.
        index: An open :class:`~provenance.index.Index`: the files are also
            compared with the indexed corpus. Indexed documents that a
            finding names are added to the report's documents, with
            ``index`` set; their own duplication is not reported.
        lineage: Build the lineage graph (``check`` does without).
        **overrides: Individual settings, e.g. ``threshold=0.9``.

    Returns:
        A :class:`Report` whose spans index the documents' original text.

    Raises:
        FileNotFoundError: a path does not exist.
        provenance.index.StorageError: the index cannot be read.
    """
    settings = (settings or Settings()).with_overrides(**overrides)
    return engine.scan(paths, settings, progress, index=index, lineage=lineage)


def clean(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    follow_links: bool = False,
    **overrides: Any,
) -> CleanReport:
    """Remove doubled blocks and boilerplate from files, in place.

    Scans ``paths`` together (so templates shared by the files are found),
    then rewrites each plain-text file without the later copies of its
    repeated blocks and without the boilerplate categories in
    ``settings.strip``. See :mod:`provenance.clean` for what is never removed.

    Args:
        paths: Files and folders, as for :func:`scan`.
        settings: A :class:`Settings`; ``strip`` says what goes.
        dry_run: Work out the changes but write nothing.
        progress: Optional callback ``(stage, done, total)``.
        follow_links: Also rewrite files that links inside ``paths`` point
            to outside them (refused by default: a link must not let a
            cleaning of one folder rewrite another).
        **overrides: Individual settings.

    Returns:
        A :class:`CleanReport`: per file, the new text, what was removed, and
        any error that kept it from being written.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    settings = (settings or Settings()).with_overrides(**overrides)
    paths = list(paths)
    inside = None if follow_links else [os.path.realpath(p) for p in paths]
    report = scan(paths, settings, progress=progress)
    if not dry_run:  # what killed cleans left beside the files
        sweep_stale_temporaries(os.path.dirname(os.path.realpath(d.path)) for d in report.documents if d.path)
    by_doc: dict[str, list[Any]] = {}
    for f in report.findings:
        for doc_id in f.docs_involved():
            by_doc.setdefault(doc_id, []).append(f)
    files: list[Cleaned] = []
    skipped = list(report.errors)
    jsonl: set[str] = set()
    for doc in report.documents:
        source = doc.source or ""
        if source.lower().endswith(JSONL_SUFFIXES):
            if source not in jsonl:
                jsonl.add(source)
                skipped.append(ScanError(source, "JSON Lines: scanned, but clean rewrites plain-text files only"))
            continue
        cleaned = plan(doc, by_doc.get(doc.id, ()), settings.strip)
        if cleaned.changed and REPEATED_BLOCK in settings.strip:
            # Until nothing repeats: a second clean must change nothing.
            cleaned = settle(cleaned, _repeats(settings))
        if cleaned.changed and not dry_run:
            try:
                write(cleaned, inside)
            except CleanError as exc:
                cleaned.error = str(exc)
        files.append(cleaned)
    return CleanReport(report, files, skipped)


def _repeats(settings: Settings) -> Callable[[Document], list[RepeatedBlock]]:
    """The scan's repeated-block detection on one document, for clean's
    and check's second look at a cleaned text."""
    return functools.partial(engine.repeats_of, settings=settings)


def _open(index: Index | str | os.PathLike[str], settings: Settings | None, create: bool = False) -> tuple[Index, bool]:
    """An open index, and whether this call opened it (and must close it).
    Only adding to an index creates it: reading a mistyped path is an error."""
    if isinstance(index, Index):
        return index, False
    return Index(index, settings, create), True


def check(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    *,
    index: Index | str | os.PathLike[str] | None = None,
    fail_on: Iterable[str] = DEFAULT_FAIL_ON,
    baseline: Baseline | str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **overrides: Any,
) -> CheckResult:
    """Check files for duplication, as a CI gate.

    Scans ``paths`` against each other and, with ``index``, against the
    indexed corpus (an indexed entry under the same file name is the file's
    older version and is not compared). The check fails on findings of the
    ``fail_on`` kinds that ``baseline`` does not accept.

    Args:
        paths: Files and folders, as for :func:`scan`.
        settings: A :class:`Settings`.
        index: An :class:`~provenance.index.Index` or its URL (an SQLite
            path or ``redis://host:port/db``).
        fail_on: Finding kinds that fail the check.
        baseline: A :class:`~provenance.gate.Baseline` or its file.
        progress: Optional callback ``(stage, done, total)``.
        **overrides: Individual settings.

    Returns:
        A :class:`~provenance.gate.CheckResult`; ``exit_code`` is 1 when it
        failed.

    Raises:
        FileNotFoundError: a path does not exist.
        provenance.gate.BaselineError: the baseline cannot be read.
        provenance.index.StorageError: the index cannot be opened or read.
    """
    settings = (settings or Settings()).with_overrides(**overrides)
    if baseline is not None and not isinstance(baseline, Baseline):
        baseline = Baseline.load(baseline)
    if index is None:
        report = scan(paths, settings, progress, lineage=False)
        return gate(report, fail_on, baseline, find_repeats=_repeats(settings))
    idx, opened = _open(index, settings)
    try:
        report = scan(paths, settings, progress, index=idx, lineage=False)
    finally:
        if opened:
            idx.close()
    return gate(report, fail_on, baseline, idx.url, find_repeats=_repeats(settings))


# Documents read, fingerprinted and written per index transaction: bounds
# memory to one batch and keeps each writer's lock short.
_INDEX_BATCH = 1000


def index_add(
    paths: Iterable[str | os.PathLike[str]],
    index: Index | str | os.PathLike[str],
    settings: Settings | None = None,
    *,
    prune: bool = False,
    progress: Progress | None = None,
    **overrides: Any,
) -> AddResult:
    """Add files to an index, or bring their entries up to date.

    Unchanged files (same key, same content hash) are not fingerprinted
    again; changed ones replace their entries; content already indexed under
    another name is copied from that entry.

    Args:
        paths: Files and folders, as for :func:`scan`.
        index: An index or its URL; created when missing.
        settings: Must match the settings the index was built with.
        prune: Also remove entries under ``paths`` whose files are gone.
        progress: Optional callback ``(stage, done, total)``.
        **overrides: Individual settings.

    Returns:
        Counts of what was added, replaced, unchanged, fingerprinted, pruned.
    """
    paths = list(paths)
    settings = (settings or Settings()).with_overrides(**overrides)
    jobs = engine.resolve_jobs(settings.jobs)
    idx, opened = _open(index, settings, create=True)
    perms = idx.permutations
    total = AddResult()
    try:

        def fingerprints(docs: Sequence[Document]) -> list[Fingerprint]:
            return engine.fingerprints(list(docs), settings, perms, jobs)

        batch: list[Document] = []
        for item in load(paths, settings):
            if isinstance(item, ScanError):
                total.errors.append(item)
                continue
            batch.append(item)
            if len(batch) >= _INDEX_BATCH:
                total.absorb(idx.add(batch, fingerprints))
                batch = []
                if progress:
                    progress("index", total.documents, 0)
        if batch:
            total.absorb(idx.add(batch, fingerprints))
        if prune:
            seen = set(total.keys) | {storable(path_key(e.path)) for e in total.errors}
            gone = [k for k in idx.keys_under(paths) if k not in seen]
            total.pruned = idx.storage.remove(gone)
    finally:
        if opened:
            idx.close()
    return total


def index_remove(paths: Iterable[str | os.PathLike[str]], index: Index | str | os.PathLike[str]) -> list[str]:
    """Remove the entries of files, or of every file under folders, from an
    index; the files need not exist.

    Returns:
        The keys removed.
    """
    idx, opened = _open(index, None)
    try:
        return idx.remove(paths)
    finally:
        if opened:
            idx.close()


def index_stats(index: Index | str | os.PathLike[str], verify: bool = False) -> dict[str, Any]:
    """Counts, size and settings of an index; with ``verify``, also the
    problems a full consistency check finds (``problems``, empty when sound)."""
    idx, opened = _open(index, None)
    try:
        stats: dict[str, Any] = idx.stats()
        if verify:
            stats["problems"] = idx.verify()
        return stats
    finally:
        if opened:
            idx.close()
