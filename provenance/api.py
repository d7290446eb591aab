"""The library entry points: what the CLI calls, and what a notebook user calls.

>>> import provenance
>>> report = provenance.scan(["seeds"])
>>> [f.kind for f in report.findings]  # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from . import __version__
from .align import Passage, align_pair
from .boilerplate import find_boilerplate
from .candidates import candidate_pairs
from .classify import classify
from .clean import Cleaned, CleanError, CleanReport, plan, write
from .config import Settings
from .fingerprint import Fingerprint, Permutations, fingerprint
from .lineage import build_lineage
from .load import JSONL_SUFFIXES, load
from .model import Document, Report, ScanError

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``, called as work completes."""

T = TypeVar("T")
R = TypeVar("R")

# Below this many work items a process pool costs more than it saves.
_MIN_PARALLEL_ITEMS = 64
_CHUNK = 256

# Worker state, set before the pool forks so it is shared copy-on-write
# instead of pickled to every task.
_shared: dict[str, Any] = {}


def _fingerprint_chunk(indices: range) -> list[Fingerprint]:
    docs, settings, perms = _shared["docs"], _shared["settings"], _shared["perms"]
    return [fingerprint(docs[i], settings, perms) for i in indices]


def _align_chunk(pairs: Sequence[tuple[int, int]]) -> list[Passage]:
    fps, common, settings = _shared["fps"], _shared["common"], _shared["settings"]
    out: list[Passage] = []
    for a, b in pairs:
        out.extend(align_pair(a, b, fps[a], fps[b], common, settings))
    return out


def _run(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    jobs: int,
    stage: str,
    progress: Progress | None,
) -> list[R]:
    """``work`` over ``items`` in chunks, in order, on ``jobs`` processes."""
    chunks = [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]
    out: list[R] = []
    done = 0
    if jobs > 1 and len(items) >= _MIN_PARALLEL_ITEMS and "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            results = pool.map(work, chunks)
            for chunk, result in zip(chunks, results, strict=False):
                out.extend(result)
                done += len(chunk)
                if progress:
                    progress(stage, done, len(items))
        return out
    for chunk in chunks:
        out.extend(work(chunk))
        done += len(chunk)
        if progress:
            progress(stage, done, len(items))
    return out


def resolve_jobs(jobs: int) -> int:
    """``0`` means one job per available core."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    progress: Progress | None = None,
    **overrides: Any,
) -> Report:
    """Find repeated blocks, duplicate documents, shared passages and boilerplate.

    Args:
        paths: Files and folders (folders are searched recursively; ``.jsonl``
            files are read as JSON Lines).
        settings: A :class:`Settings`; defaults apply where omitted.
        progress: Optional callback ``(stage, done, total)``.
        **overrides: Individual settings, e.g. ``threshold=0.9``.

    Returns:
        A :class:`Report` whose spans index the documents' original text.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    settings = (settings or Settings()).with_overrides(**overrides)
    jobs = resolve_jobs(settings.jobs)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now

    docs: list[Document] = []
    errors: list[ScanError] = []
    for item in load(paths, settings):
        (docs if isinstance(item, Document) else errors).append(item)
    lap("load")

    perms = Permutations(settings.num_perm, settings.minhash_seed)
    _shared.update(docs=docs, settings=settings, perms=perms)
    try:
        fps = _run(_fingerprint_chunk, range(len(docs)), jobs, "fingerprint", progress)
        lap("fingerprint")
        pairs, common = candidate_pairs(fps, settings, perms)
        lap("candidates")
        _shared.update(fps=fps, common=common)
        passages = _run(_align_chunk, pairs, jobs, "align", progress)
        lap("align")
    finally:
        _shared.clear()
    boilerplate = find_boilerplate(docs, settings)
    lap("boilerplate")
    findings = classify(docs, fps, passages, settings, boilerplate)
    lap("classify")
    lineage = build_lineage(docs, findings)
    lap("lineage")
    return Report(
        settings=settings.to_dict(),
        documents=docs,
        findings=findings,
        errors=errors,
        lineage=lineage,
        version=__version__,
        timings=timings | {"candidate_pairs": len(pairs)},
    )


def clean(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
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
        **overrides: Individual settings.

    Returns:
        A :class:`CleanReport`: per file, the new text, what was removed, and
        any error that kept it from being written.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    settings = (settings or Settings()).with_overrides(**overrides)
    report = scan(paths, settings, progress=progress)
    by_doc: dict[str, list[Any]] = {}
    for f in report.findings:
        for doc_id in f.docs_involved():
            by_doc.setdefault(doc_id, []).append(f)
    files: list[Cleaned] = []
    skipped = list(report.errors)
    jsonl: set[str] = set()
    for doc in report.documents:
        source = (doc.path or "").rsplit(":", 1)[0]
        if source.lower().endswith(JSONL_SUFFIXES):
            if source not in jsonl:
                jsonl.add(source)
                skipped.append(ScanError(source, "JSON Lines: scanned, but clean rewrites plain-text files only"))
            continue
        cleaned = plan(doc, by_doc.get(doc.id, ()), settings.strip)
        if cleaned.changed and not dry_run:
            try:
                write(cleaned)
            except CleanError as exc:
                cleaned.error = str(exc)
        files.append(cleaned)
    return CleanReport(report, files, skipped)
