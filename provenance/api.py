"""The library entry points: what the CLI calls, and what a notebook user calls.

>>> import provenance
>>> report = provenance.scan(["seeds"])
>>> [f.kind for f in report.findings]  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import itertools
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from . import __version__
from . import boilerplate as noise
from . import lineage as lineage_
from .align import Passage, align_pair
from .candidates import (
    KINDS,
    SHARDS,
    Grouped,
    Layout,
    banding,
    group,
    merge,
    postings,
    read_shard,
    restrict,
    self_pairs,
    write_postings,
)
from .check import DEFAULT_FAIL_ON, Baseline, CheckResult, gate
from .classify import Fingerprints, classify
from .clean import Cleaned, CleanError, CleanReport, plan, write
from .config import Settings
from .fingerprint import Fingerprint, Permutations, fingerprint
from .index import AddResult, Index, to_document
from .load import JSONL_SUFFIXES, load, path_key
from .model import Boilerplate, Document, Finding, PublicationDate, Report, ScanError, Segment
from .segment import paragraphs
from .tokens import codepoints

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``, called as work completes."""

T = TypeVar("T")
R = TypeVar("R")

# Below this many work items a process pool costs more than it saves: a
# document fingerprints in well under a millisecond, and starting the pool and
# shipping results back took longer than that for the 100 files of the
# check benchmark (1.54 s with two jobs against 1.37 s with one).
_MIN_PARALLEL_ITEMS = 500
_CHUNK = 256

# Fingerprints one process keeps between chunks of pairs: enough for a
# check's few files; a scan's would take 1.9 GB at 100 000 articles.
_ALIGN_CACHE = 1024

# Worker state, set before the pool forks so it is shared copy-on-write
# instead of pickled to every task.
_shared: dict[str, Any] = {}


def _fingerprint_chunk(indices: range) -> list[Fingerprint]:
    docs, settings, perms = _shared["docs"], _shared["settings"], _shared["perms"]
    return [fingerprint(docs[i], settings, perms) for i in indices]


@dataclass
class _Analysed:
    """What the first pass gives for a run of documents."""

    start: int
    postings: dict[str, np.ndarray]  # per kind, how many postings fell in each shard
    repeats: list[np.ndarray]
    contexts: noise.Contexts
    boilerplate: list[list[Boilerplate]]
    titles: list[str | None]


def _analyse_chunk(chunk: tuple[int, list[Document]]) -> _Analysed:
    """Everything a document gives alone, for a run of documents numbered
    from ``start``: candidate postings (written to shard files, not handed
    back), the line contexts templates are found from, and boilerplate but
    for templates (which need every document)."""
    start, docs = chunk
    settings, perms = _shared["settings"], _shared["perms"]
    sketches, numbered, found = [], [], []
    for i, doc in enumerate(docs, start):
        text = doc.text
        paras, cps = paragraphs(text), codepoints(text)
        lines = noise.lines(text, paras, cps)
        sketches.append(fingerprint(doc, settings, perms, paras=paras, text=text, cps=cps).sketch())
        numbered.append((i, lines))
        found.append(noise.detect(doc, settings, None, lines))
    counts = write_postings(postings(sketches, start, _shared["bands"]), start, _shared["shards"])
    contexts = noise.Contexts.of(numbered)
    # Nearly every document repeats no seed: one shared empty array pickles
    # once per chunk instead of once per document.
    repeats = [sk.repeats if len(sk.repeats) else _NO_REPEATS for sk in sketches]
    # Titles are read here, in parallel: the graph and the report show every
    # document's, 0.4 s in the main process at 100 000 articles.
    titles = [doc.title for doc in docs]
    return _Analysed(start, counts, repeats, contexts, found, titles)


def _first_pass(
    items: Iterable[Document | ScanError], jobs: int, watch: Stopwatch, progress: Progress | None
) -> tuple[list[Document], list[ScanError], list[_Analysed]]:
    """Load the documents and analyse each (:func:`_analyse_chunk`).

    On a pool, both run at once: each chunk of documents goes to the workers
    as soon as it is read, while the main process reads the next, and the
    two cores are busy from the start (loading alone took 2 s at 100 000
    articles, with one core idle). The workers fork before the documents
    exist, so each chunk travels to them pickled (its UTF-8 bytes).

    Returns:
        ``(documents, errors, analysed)``, chunks in document order.
    """
    docs: list[Document] = []
    errors: list[ScanError] = []

    def chunks() -> Iterator[tuple[int, list[Document]]]:
        chunk: list[Document] = []
        for item in items:
            if not isinstance(item, Document):
                errors.append(item)
                continue
            docs.append(item)
            chunk.append(item)
            if len(chunk) == _CHUNK:
                yield len(docs) - len(chunk), chunk
                chunk = []
        if chunk:
            yield len(docs) - len(chunk), chunk

    with contextlib.ExitStack() as stack:
        # Loading makes no cycles, nor do the results workers send back, and
        # the collector's walks over all that is kept grow with each document.
        stack.enter_context(_collector_paused())
        stream = chunks()
        head = []  # read before a pool is known to pay
        for chunk in stream:
            head.append(chunk)
            if len(docs) >= _MIN_PARALLEL_ITEMS:
                break
        pooled = _pooled(jobs, len(docs) >= _MIN_PARALLEL_ITEMS)
        if pooled:
            pool = stack.enter_context(_pool(jobs))
            futures = [pool.submit(_analyse_chunk, chunk) for chunk in itertools.chain(head, stream)]
        else:
            head.extend(stream)
        gc.freeze()  # kept to the end (see _settles_heap)
        watch.lap("load")
        if pooled:
            analysed = _in_order((future.result() for future in futures), len(docs), progress)
    if not pooled:
        analysed = _in_order((_analyse_chunk(chunk) for chunk in head), len(docs), progress)
    return docs, errors, analysed


_NO_REPEATS = np.zeros(0, dtype=np.uint64)


def _candidates(
    n: int, checked: int, layout: Layout, repeats: list[np.ndarray], settings: Settings, jobs: int
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Candidate pairs and common seeds from the posting files (in
    ``_shared["shards"]``), grouped shard by shard on the pool."""
    _shared.update(layout=layout, n=n, max_df=settings.max_df)
    tasks = [(kind, shard) for kind in KINDS for shard in range(SHARDS)]
    grouped = _run(_group_task, tasks, jobs, "candidates", None, chunk=1, parallel=n >= _MIN_PARALLEL_ITEMS)
    pairs, common = merge(grouped, n)
    pairs |= self_pairs(repeats, common)
    return restrict(pairs, checked), common


def _group_task(tasks: Sequence[tuple[str, int]]) -> list[tuple[str, Grouped]]:
    """Group one kind's postings of one shard."""
    folder, layout, n, max_df = _shared["shards"], _shared["layout"], _shared["n"], _shared["max_df"]
    out = []
    for kind, shard in tasks:
        keys, owners = read_shard(folder, layout, kind, shard)
        out.append((kind, group(kind, keys, owners, n, max_df)))
    return out


def _boilerplate_chunk(indices: Sequence[int]) -> list[list[Boilerplate]]:
    docs, settings, templates = _shared["docs"], _shared["settings"], _shared["templates"]
    return [noise.detect(docs[i], settings, templates) for i in indices]


# A document's number, and its noise or None (see _Annotating.begin).
_Noted = tuple[int, Sequence[Finding] | None]


def _annotate_chunk(chunk: Sequence[_Noted]) -> list[Annotation]:
    docs, first = _shared["docs"], _shared["noise"]
    out = []
    for i, noise_ in chunk:
        doc = docs[i]
        lineage_.annotate(doc, first[i] if noise_ is None else noise_)
        out.append((doc.segments, doc.published, doc.publication))
    return out


def _align_chunk(pairs: Sequence[tuple[int, int]]) -> list[tuple[list[Passage], dict[int, Fingerprint]]]:
    """Passages of each pair, and the span-mapping part of the fingerprints
    of the documents they name. Fingerprints are made again here, where
    they are used, rather than shipped between processes: remaking one costs
    less than moving it."""
    docs, common, settings, perms = _shared["docs"], _shared["common"], _shared["settings"], _shared["perms"]
    made: dict[int, Fingerprint] = _shared.get("fps", {})
    out: list[Passage] = []
    used: dict[int, Fingerprint] = {}
    for a, b in pairs:
        for n in (a, b):
            if n not in made:
                made[n] = fingerprint(docs[n], settings, perms, signed=False)
        found = align_pair(a, b, made[a], made[b], common, settings)
        out.extend(found)
        if found:
            used[a], used[b] = made[a].for_spans(), made[b].for_spans()
    if "fps" not in _shared or len(made) > _ALIGN_CACHE:
        made.clear()
    return [(out, used)]


def _in_order(results: Iterable[_Analysed], n: int, progress: Progress | None) -> list[_Analysed]:
    """The first pass's chunks as they come, reported as ``n`` documents' progress."""
    out = []
    for result in results:
        out.append(result)
        if progress:
            progress("fingerprint", result.start + len(result.titles), n)
    return out


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off (unless it was already), then as it was.

    For work that makes no reference cycles but many objects that live on:
    each full collection walks all of them, more with every one kept (the
    lineage stage's results from the workers set off 0.3 s of them at
    100 000 articles).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _run(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    jobs: int,
    stage: str,
    progress: Progress | None,
    chunk: int = _CHUNK,
    parallel: bool | None = None,
) -> list[R]:
    """``work`` over ``items`` in chunks, in order, on ``jobs`` processes
    (when ``parallel``; by default when there are enough items to pay for a pool)."""
    if parallel is None:
        parallel = len(items) >= _MIN_PARALLEL_ITEMS
    chunks = _chunks(items, chunk)
    with _Workers(jobs, parallel) as workers, _collector_paused():  # results from workers hold no cycles
        return list(_gathered(workers.map(work, chunks), chunks, stage, progress))


def _chunks(items: Sequence[T], size: int = _CHUNK) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _gathered(
    results: Iterable[list[R]], chunks: Sequence[Sized], stage: str, progress: Progress | None
) -> Iterator[R]:
    """The items of the results of ``chunks``, their items reported as progress."""
    total = sum(len(chunk) for chunk in chunks)
    done = 0
    for chunk, result in zip(chunks, results, strict=True):
        yield from result
        done += len(chunk)
        if progress:
            progress(stage, done, total)


class _Workers:
    """Chunks of work queued on a pool of forked processes and read back in
    order; done in this process, when each result is read, if a pool would
    not pay (see :func:`_pooled`).

    The workers fork when the first chunk is queued and see ``_shared`` as it
    was then: what the main process learns later reaches them in the chunks.
    One pool serves several stages, so a stage queued behind another keeps
    the workers busy while the main process reads the first one's results.
    """

    def __init__(self, jobs: int, parallel: bool) -> None:
        self.pooled = _pooled(jobs, parallel)
        self._jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def map(self, work: Callable[[Sequence[T]], list[R]], chunks: Iterable[Sequence[T]]) -> Iterator[list[R]]:
        """``work`` of each chunk, in order (queued now on a pool)."""
        if not self.pooled:
            return map(work, chunks)
        if self._pool is None:
            self._pool = _pool(self._jobs)
        futures = [self._pool.submit(work, chunk) for chunk in chunks]
        return (future.result() for future in futures)

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def _pooled(jobs: int, enough: bool) -> bool:
    """Whether work goes to a pool: several jobs, ``enough`` work to pay for
    one, and processes that fork (sharing what the main process holds)."""
    return jobs > 1 and enough and "fork" in multiprocessing.get_all_start_methods()


def _pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers, with the compiled code loaded."""
    _load_compiled()
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


@functools.cache
def _load_compiled() -> None:
    """Load the compiled code of the per-document stages (numba's, cached on
    disk) before a pool forks: each worker would otherwise load it again,
    0.2-0.3 s each time."""
    text = "Compiled once. By Ana Lima\n\nThe end."
    any_perms = Permutations(1, 0, np.ones(1), np.zeros(1))  # the code does not depend on them
    fingerprint(Document(id="-", text=text), Settings(), any_perms)
    noise.lines(text)


def resolve_jobs(jobs: int) -> int:
    """``0`` means one job per available core."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context(index: Index, docs: list[Document], fps: list[Fingerprint]) -> tuple[list[Document], set[tuple[int, int]]]:
    """Indexed documents the new ones may copy, and the pairs to align.

    Returns:
        The documents read back from the index (numbered after ``docs``), and
        pairs ``(new document, context document)`` by document number.
    """
    wanted = index.lookup(docs, fps)
    numbers = sorted({n for ns in wanted.values() for n in ns})
    records = index.fetch(numbers)
    position = {rec.n: len(docs) + i for i, rec in enumerate(records)}
    taken = {d.id for d in docs}
    context = []
    for rec in records:
        doc = to_document(rec)
        doc.index = index.url
        if doc.id in taken:  # a checked file is named like an indexed one
            doc.id = f"index:{doc.id}"
        context.append(doc)
    pairs = {(i, position[n]) for i, ns in wanted.items() for n in ns if n in position}
    return context, pairs


def _settles_heap(func: Callable[..., R]) -> Callable[..., R]:
    """Lets ``func`` freeze the objects it keeps (``gc.freeze``) and unfreezes
    them when it returns.

    Python's cycle collector walks every tracked object at each full
    collection, and a scan keeps millions alive to its end (documents, their
    boilerplate, passages): those walks took 0.85 s of a 30 000-article scan
    in the main process. Frozen objects are left out of the walks.
    """

    @functools.wraps(func)
    def settled(*args: Any, **kwargs: Any) -> R:
        try:
            return func(*args, **kwargs)
        finally:
            gc.unfreeze()

    return settled


@_settles_heap
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
    jobs = resolve_jobs(settings.jobs)
    watch = Stopwatch()
    # Checked against an index: signatures and band keys as the index made them.
    if index is not None:
        perms, bands = index.permutations, index.banding
    else:
        perms = Permutations(settings.num_perm, settings.minhash_seed)
        bands = banding(settings.lsh_threshold, settings.num_perm)
    shards = tempfile.mkdtemp(prefix="provenance-postings-")
    try:
        _shared.update(settings=settings, perms=perms, bands=bands, shards=shards)
        docs, errors, analysed = _first_pass(load(paths, settings), jobs, watch, progress)
        checked = len(docs)
        repeats = [r for a in analysed for r in a.repeats]
        found = [b for a in analysed for b in a.boilerplate]
        for doc, title in zip(docs, (t for a in analysed for t in a.titles), strict=True):
            doc.title = title  # primes the cached property
        contexts = noise.Contexts.merge([a.contexts for a in analysed])
        layout = [(a.start, a.postings) for a in analysed]
        del analysed
        templates = noise.corpus_templates(contexts, len(docs), settings)
        # Templates change the boilerplate of only the documents that have one.
        again = templates.holders(contexts) if templates else []
        del contexts
        gc.freeze()
        watch.lap("fingerprint")
        extra: set[tuple[int, int]] = set()
        if index is not None:
            # A check's few files: their whole fingerprints, for the lookup.
            fps = _fingerprints(docs, settings, perms, 1, None)
            context, extra = _context(index, docs, fps)
            sketches = [fp.sketch() for fp in _fingerprints(context, settings, perms, jobs, progress)]
            if sketches:
                found_postings = postings(sketches, len(docs), bands)
                layout.append((len(docs), write_postings(found_postings, len(docs), shards)))
            repeats += [sk.repeats for sk in sketches]
            docs += context
            watch.lap("index")
        pairs, common = _candidates(len(docs), checked, layout, repeats, settings, jobs)
        pairs = sorted(set(pairs) | extra)
        watch.lap("candidates")
        watch.timings["candidate_pairs"] = len(pairs)
        # The lineage of a document no repeated block can be found in needs
        # nothing from the stages after this one: it is worked out behind the
        # alignment, on the same workers, while this process classifies.
        early_lineage = lineage and index is None
        repeating = {a for a, b in pairs if a == b}
        early = [i for i in range(checked) if i not in repeating] if early_lineage else []
        _shared.update(docs=docs, common=common, templates=templates, noise=found)
        parallel = len(pairs) + len(again) + len(early) >= _MIN_PARALLEL_ITEMS
        # Neither the workers' results nor the findings and graph made
        # meanwhile hold reference cycles (a 10 000-article scan leaves a few
        # hundred objects to collect at its end).
        with _Workers(jobs, parallel) as workers, _collector_paused():
            if not workers.pooled:
                _shared["fps"] = {}  # one process: make each fingerprint once
            again_chunks, pair_chunks = _chunks(again), _chunks(pairs)
            templated = workers.map(_boilerplate_chunk, again_chunks)
            aligned = workers.map(_align_chunk, pair_chunks)
            retold = dict(zip(again, _gathered(templated, again_chunks, "boilerplate", progress), strict=True))
            for i, doc_found in retold.items():
                found[i] = doc_found
            boilerplate = [b for doc_found in found for b in doc_found]
            watch.lap("boilerplate")
            annotating = _Annotating(docs, workers) if early_lineage else None
            if annotating:
                # Only templates' boilerplate is news to the workers: the rest
                # they have in _shared["noise"]. A document's boilerplate is in
                # text order, as classify() orders its findings.
                annotating.begin(early, lambda i: retold.get(i))
            passages: list[Passage] = []
            spans: dict[int, Fingerprint] = {}
            for passages_found, used in _gathered(aligned, pair_chunks, "align", progress):
                passages += passages_found
                spans.update(used)
            _shared.pop("fps", None)
            gc.freeze()
            watch.lap("align")
            return conclude(
                docs,
                spans,
                passages,
                errors,
                settings,
                watch,
                checked=checked,
                lineage=lineage,
                boilerplate=boilerplate,
                jobs=jobs,
                _annotating=annotating,
            )
    finally:
        _shared.clear()
        shutil.rmtree(shards, ignore_errors=True)


class Stopwatch:
    """Seconds per stage, for :attr:`Report.timings`."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._clock = time.perf_counter()

    def lap(self, stage: str) -> None:
        """Charge the time since the last lap to ``stage``."""
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self._clock
        self._clock = now


@_settles_heap
def conclude(
    docs: list[Document],
    fps: Fingerprints,
    passages: list[Passage],
    errors: list[ScanError],
    settings: Settings,
    watch: Stopwatch,
    *,
    checked: int | None = None,
    lineage: bool = True,
    boilerplate: list[Boilerplate] | None = None,
    jobs: int = 1,
    _annotating: _Annotating | None = None,
) -> Report:
    """The stages after alignment, whichever engine ran those before it:
    boilerplate, classify, lineage, and the report.

    Args:
        docs: Every document, numbered as the passages number them.
        fps: Fingerprints by document number; only those of documents named
            by a passage are read.
        passages: Aligned passages, in candidate-pair order.
        errors: Files that could not be read.
        settings: The scan's settings.
        watch: Timings so far; this adds its own stages.
        checked: How many of ``docs`` are the scan's own (the rest are
            context from an index); all of them by default.
        lineage: Build the lineage graph.
        boilerplate: The checked documents' boilerplate, when already found
            (by workers); else it is found here.
        jobs: Processes for the lineage stage's work per document.
        _annotating: For :func:`scan` only: that work, begun already for
            some documents.
    """
    checked = len(docs) if checked is None else checked
    if boilerplate is None:
        boilerplate = noise.find_boilerplate(docs[:checked], settings)
    watch.lap("boilerplate")
    findings = classify(docs, fps, passages, settings, boilerplate)
    watch.lap("classify")
    if checked < len(docs):
        named = {doc_id for f in findings for doc_id in f.docs_involved()}
        docs = docs[:checked] + [d for d in docs[checked:] if d.id in named]
    graph = _lineage(docs, findings, jobs, _annotating) if lineage else {"nodes": [], "edges": []}
    watch.lap("lineage")
    return Report(
        settings=settings.to_dict(),
        documents=docs,
        findings=findings,
        errors=errors,
        lineage=graph,
        version=__version__,
        timings=watch.timings,
    )


def _lineage(
    docs: list[Document], findings: list[Finding], jobs: int, annotating: _Annotating | None = None
) -> dict[str, Any]:
    """:func:`lineage.build_lineage`, with each document segmented, attributed
    and dated in the workers (those of ``annotating``, when it has begun)."""
    if annotating is None:
        by_doc = lineage_.noise_by_document(findings)
        _shared.update(docs=docs, noise=[by_doc.get(doc.id, ()) for doc in docs])
        try:
            with _Workers(jobs, len(docs) >= _MIN_PARALLEL_ITEMS) as workers, _collector_paused():
                annotating = _Annotating(docs, workers)
                annotating.begin(range(len(docs)), lambda i: None)
                annotating.finish(findings)
        finally:
            _shared.clear()
    else:
        annotating.finish(findings)
    gc.freeze()  # kept to the end (see _settles_heap): the graph set off two full collections
    return lineage_.graph(docs, findings)


# A document's segments, its publication date, and where that was read.
Annotation = tuple[list[Segment], datetime.date | None, PublicationDate | None]


class _Annotating:
    """The lineage stage's work per document (:func:`lineage.annotate`), on
    workers, queued for each document as soon as its noise (boilerplate and
    repeated blocks) is known, and applied to the documents at the end."""

    def __init__(self, docs: list[Document], workers: _Workers) -> None:
        self.docs = docs
        self._workers = workers
        self._queued: list[tuple[list[_Noted], Iterator[list[Annotation]]]] = []

    def begin(self, numbers: Sequence[int], noise_of: Callable[[int], Sequence[Finding] | None]) -> None:
        """Queue documents ``numbers``; ``noise_of(i)`` is document ``i``'s
        noise, or None where the workers find it in ``_shared["noise"][i]``
        (which pickles nothing)."""
        chunks = [[(i, noise_of(i)) for i in chunk] for chunk in _chunks(numbers)]
        self._queued.append((chunks, self._workers.map(_annotate_chunk, chunks)))

    def finish(self, findings: Sequence[Finding]) -> None:
        """Queue the documents not yet queued, their noise read from
        ``findings``, and annotate every document with its results."""
        queued = {i for chunks, _ in self._queued for chunk in chunks for i, _ in chunk}
        if len(queued) < len(self.docs):
            by_doc = lineage_.noise_by_document(findings)
            rest = [i for i in range(len(self.docs)) if i not in queued]
            self.begin(rest, lambda i: by_doc.get(self.docs[i].id, ()))
        for chunks, results in self._queued:
            numbers = (i for chunk in chunks for i, _ in chunk)
            for i, annotation in zip(numbers, _gathered(results, chunks, "lineage", None), strict=True):
                doc = self.docs[i]
                doc.segments, doc.published, doc.publication = annotation


def _fingerprints(
    docs: list[Document], settings: Settings, perms: Permutations, jobs: int, progress: Progress | None
) -> list[Fingerprint]:
    _shared.update(docs=docs, settings=settings, perms=perms)
    return _run(_fingerprint_chunk, range(len(docs)), jobs, "fingerprint", progress)


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
        source = doc.source or ""
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


def _open(index: Index | str | os.PathLike[str], settings: Settings | None) -> tuple[Index, bool]:
    """An open index, and whether this call opened it (and must close it)."""
    if isinstance(index, Index):
        return index, False
    return Index(index, settings), True


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
        baseline: A :class:`~provenance.check.Baseline` or its file.
        progress: Optional callback ``(stage, done, total)``.
        **overrides: Individual settings.

    Returns:
        A :class:`~provenance.check.CheckResult`; ``exit_code`` is 1 when it
        failed.

    Raises:
        FileNotFoundError: a path does not exist.
        provenance.check.BaselineError: the baseline cannot be read.
        provenance.index.StorageError: the index cannot be opened or read.
    """
    settings = (settings or Settings()).with_overrides(**overrides)
    if baseline is not None and not isinstance(baseline, Baseline):
        baseline = Baseline.load(baseline)
    if index is None:
        report = scan(paths, settings, progress, lineage=False)
        return gate(report, fail_on, baseline)
    idx, opened = _open(index, settings)
    try:
        report = scan(paths, settings, progress, index=idx, lineage=False)
    finally:
        if opened:
            idx.close()
    return gate(report, fail_on, baseline, idx.url)


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
    jobs = resolve_jobs(settings.jobs)
    idx, opened = _open(index, settings)
    perms = idx.permutations
    total = AddResult()
    try:

        def fingerprints(docs: Sequence[Document]) -> list[Fingerprint]:
            try:
                return _fingerprints(list(docs), settings, perms, jobs, None)
            finally:
                _shared.clear()

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
            seen = set(total.keys) | {path_key(e.path) for e in total.errors}
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
