"""The local engine: a scan on this machine's cores.

``load + first pass → templates → candidates → cluster →`` then
:func:`provenance.stages.conclude` with this engine's :class:`Workers` as
its aligner.

Everything one scan needs is in its :class:`ScanContext`, made by the scan
and handed to its workers; nothing is kept at module level, so two scans
may run at once (from two threads). Pools fork, so a worker sees the context
as it was when its pool started, without pickling it: what the scan learns
later reaches the workers in the chunks of work they are sent.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from . import boilerplate as noise_
from . import lineage as lineage_
from .align import align_copy, align_pair
from .candidates import (
    KINDS,
    SHARDS,
    Layout,
    Stars,
    banding,
    holders,
    link,
    link_across,
    merge,
    postings,
    read_shard,
    self_pairs,
    write_postings,
)
from .classify import repeated_blocks
from .cluster import DocStats, Links, Stories, is_copy, plan, provisional_stories
from .collector import collector_paused
from .config import Settings
from .fingerprint import Fingerprint, Permutations, fingerprint
from .index import Index, to_document
from .kernels.tokens import codepoints
from .load import load
from .model import Boilerplate, Document, Finding, RepeatedBlock, Report, ScanError
from .relate import article_words, relate
from .segment import paragraphs
from .stages import Aligned, Progress, Stopwatch, conclude
from .temporary import abandoned

T = TypeVar("T")
R = TypeVar("R")

# Below this many work items a process pool costs more than it saves: a
# document fingerprints in well under a millisecond, and starting a pool and
# shipping results back takes longer for the few files of a check.
MIN_PARALLEL_ITEMS = 500
CHUNK = 256

# Fingerprints one worker keeps between chunks of pairs (about 20 KB each): a
# story's representative is aligned with each of its members in turn, and a
# document meets several pairs across the rounds.
_ALIGN_CACHE = 4096

_NO_REPEATS = np.zeros(0, dtype=np.uint64)

# A document's fingerprint and which of its tokens are article text.
Prepared = tuple[Fingerprint, np.ndarray]


@dataclass
class ScanContext:
    """What one scan's stages and workers share.

    Attributes:
        settings: The scan's settings.
        perms: MinHash permutations.
        bands: ``(b, r)`` LSH banding.
        shards: The folder of this scan's posting files.
        min_parallel, chunk: When a pool pays, and how much work a task holds.
        docs: Every document, by number (once loaded).
        noise: Per document number, its boilerplate (once found).
        common: Seeds too common to align on, sorted.
        weight: Per document number, its article text in words.
        ignore: Seeds that are no evidence of reuse (templates'), sorted.
        layout: The posting files written.
        templates: The corpus's template lines, once found.
        prepared: A worker's own cache of fingerprints and article words,
            by number.
    """

    settings: Settings
    perms: Permutations
    bands: tuple[int, int]
    shards: str
    min_parallel: int = field(default_factory=lambda: MIN_PARALLEL_ITEMS)
    chunk: int = field(default_factory=lambda: CHUNK)
    docs: list[Document] = field(default_factory=list)
    noise: list[list[Boilerplate]] = field(default_factory=list)
    common: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    weight: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ignore: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    layout: Layout = field(default_factory=list)
    templates: noise_.Templates | None = None
    prepared: dict[int, Prepared] = field(default_factory=dict)

    def prepare(self, n: int) -> Prepared:
        """Document ``n``'s fingerprint without signatures (alignment's) and
        its article words, kept while among the last ``_ALIGN_CACHE`` used."""
        found = self.prepared.pop(n, None)
        if found is None:
            fp = fingerprint(self.docs[n], self.settings, self.perms, signed=False)
            found = (fp, article_words(fp, self.noise[n]))
            if len(self.prepared) >= _ALIGN_CACHE:
                del self.prepared[next(iter(self.prepared))]  # the least recently used
        self.prepared[n] = found
        return found


# --- Workers ------------------------------------------------------------------------

# In a worker process only: the context of the scan whose pool it belongs to,
# set by the pool's initializer when the process starts (see Workers).
_worker_context: ScanContext | None = None


def _adopt(ctx: ScanContext) -> None:
    global _worker_context
    _worker_context = ctx


def _in_worker(work: Callable[[ScanContext, Sequence[T]], R], chunk: Sequence[T]) -> R:
    assert _worker_context is not None, "a task ran outside its scan's pool"
    return work(_worker_context, chunk)


class Workers:
    """Chunks of work queued on a pool of forked processes and read back in
    order; done in this process, when each result is read, if a pool would
    not pay (see :func:`pooled`).

    The workers fork when the first chunk is queued and see ``ctx`` as it was
    then. One pool serves several stages, so a stage queued behind another
    keeps the workers busy while the main process reads the first one's
    results.
    """

    def __init__(self, ctx: ScanContext, jobs: int, parallel: bool) -> None:
        self.ctx = ctx
        self.pooled = pooled(jobs, parallel)
        self._jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def map(self, work: Callable[[ScanContext, Sequence[T]], R], chunks: Iterable[Sequence[T]]) -> Iterator[R]:
        """``work(ctx, chunk)`` of each chunk, in order (queued now on a pool)."""
        if not self.pooled:
            return (work(self.ctx, chunk) for chunk in chunks)
        if self._pool is None:
            _load_compiled()
            self._pool = ProcessPoolExecutor(
                max_workers=self._jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_adopt,
                initargs=(self.ctx,),
            )
        futures = [self._pool.submit(_in_worker, work, chunk) for chunk in chunks]
        return (future.result() for future in futures)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pooled(jobs: int, enough: bool) -> bool:
    """Whether work goes to a pool: several jobs, ``enough`` work to pay for
    one, and processes that fork (sharing what the main process holds)."""
    return jobs > 1 and enough and "fork" in multiprocessing.get_all_start_methods()


@functools.cache
def _load_compiled() -> None:
    """Load the compiled code of the per-document stages (numba's, cached on
    disk) before a pool forks: each worker would otherwise load it again."""
    text = "Compiled once. By Ana Lima\n\nThe end."
    any_perms = Permutations(1, 0, np.ones(1), np.zeros(1))  # the code does not depend on them
    fingerprint(Document(id="-", text=text), Settings(), any_perms)
    noise_.lines(text)


def resolve_jobs(jobs: int) -> int:
    """``0`` means one job per available core."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def gathered(results: Iterable[list[R]], parts: Sequence[Sized], stage: str, progress: Progress | None) -> Iterator[R]:
    """The items of the results of ``parts``, their items reported as progress."""
    total = sum(len(part) for part in parts)
    done = 0
    for part, result in zip(parts, results, strict=True):
        yield from result
        done += len(part)
        if progress:
            progress(stage, done, total)


# --- First pass ---------------------------------------------------------------------


@dataclass
class _Analysed:
    """What the first pass gives for a run of documents."""

    start: int
    postings: dict[str, np.ndarray]  # per kind, how many postings fell in each shard
    repeats: list[np.ndarray]
    contexts: noise_.Contexts
    boilerplate: list[list[Boilerplate]]
    titles: list[str | None]
    stats: np.ndarray  # (k, 3): article words, distinct seeds, repeat run


def _analyse_chunk(ctx: ScanContext, chunk: tuple[int, list[Document]]) -> _Analysed:
    """Everything a document gives alone, for a run of documents numbered
    from ``start``: candidate postings (written to shard files, not handed
    back), the line contexts templates are found from, boilerplate but for
    templates (which need every document), and the counts the clustering
    weighs documents by."""
    start, docs = chunk
    settings, perms = ctx.settings, ctx.perms
    sketches, numbered, found, labels, stats = [], [], [], [], []
    for i, doc in enumerate(docs, start):
        text = doc.text
        paras, cps = paragraphs(text), codepoints(text)
        lines = noise_.lines(text, paras, cps)
        fp = fingerprint(doc, settings, perms, paras=paras, text=text, cps=cps)
        numbered.append((i, lines, noise_.publisher(doc)))
        doc_found, doc_labels = noise_.detect_alone(doc, settings, lines)
        found.append(doc_found)
        labels.append(doc_labels)
        article = article_words(fp, found[-1])
        sketches.append(fp.sketch(article))
        sk = sketches[-1]
        stats.append((int(article.sum()), len(sk.seed_set), sk.repeat_run))
    counts = write_postings(postings(sketches, start, ctx.bands), start, ctx.shards)
    contexts = noise_.Contexts.of(numbered)
    # Nearly every document repeats no seed: one shared empty array pickles
    # once per chunk instead of once per document.
    repeats = [sk.repeats if len(sk.repeats) else _NO_REPEATS for sk in sketches]
    titles = [doc.title for doc in docs]  # read here, in parallel: the graph and report show them
    stats_ = np.array(stats, dtype=np.int64).reshape(-1, 3)
    # What the rules said of each line is read again only by the pass after
    # templates, in a worker: it waits on disk, beside the postings.
    with open(os.path.join(ctx.shards, f"labels-{start:012d}.pickle"), "wb") as fh:
        pickle.dump(labels, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return _Analysed(start, counts, repeats, contexts, found, titles, stats_)


def _first_pass(
    ctx: ScanContext, items: Iterable[Document | ScanError], jobs: int, watch: Stopwatch, progress: Progress | None
) -> tuple[list[Document], list[ScanError], list[_Analysed]]:
    """Load the documents and analyse each (:func:`_analyse_chunk`).

    On a pool, both run at once: each chunk of documents goes to the workers
    as soon as it is read, while the main process reads the next. The
    workers fork before the documents exist, so each chunk travels to them
    pickled.

    Returns:
        ``(documents, errors, analysed)``, chunks in document order.
    """
    docs: list[Document] = []
    errors: list[ScanError] = []

    def read() -> Iterator[tuple[int, list[Document]]]:
        chunk: list[Document] = []
        for item in items:
            if not isinstance(item, Document):
                errors.append(item)
                continue
            docs.append(item)
            chunk.append(item)
            if len(chunk) == ctx.chunk:
                yield len(docs) - len(chunk), chunk
                chunk = []
        if chunk:
            yield len(docs) - len(chunk), chunk

    with collector_paused():
        stream = read()
        head = []  # read before a pool is known to pay
        for chunk in stream:
            head.append(chunk)
            if len(docs) >= ctx.min_parallel:
                break
        with Workers(ctx, jobs, len(docs) >= ctx.min_parallel) as workers:
            if workers.pooled:
                results = workers.map(_analyse_chunk, itertools.chain(head, stream))  # read while queued
                watch.lap("load")
                return docs, errors, _in_order(results, len(docs), progress)
        head.extend(stream)
        watch.lap("load")
        return docs, errors, _in_order((_analyse_chunk(ctx, chunk) for chunk in head), len(docs), progress)


def _in_order(results: Iterable[_Analysed], n: int, progress: Progress | None) -> list[_Analysed]:
    """The first pass's chunks as they come, reported as ``n`` documents' progress."""
    out = []
    for result in results:
        out.append(result)
        if progress:
            progress("fingerprint", result.start + len(result.titles), n)
    return out


# --- Candidates -------------------------------------------------------------------


def _star_task(ctx: ScanContext, tasks: Sequence[tuple[str, int]]) -> list[tuple[str, Stars]]:
    """Star links of one kind's postings in one shard. The keys of seeds and
    paragraphs held twice or more are kept, sorted, for :func:`_cross_task`
    (sorting a shard's seeds is most of the stage)."""
    out = []
    for kind, shard in tasks:
        keys, owners = read_shard(ctx.shards, ctx.layout, kind, shard)
        held = holders(kind, keys, owners, ctx.ignore if kind == "seed" else None)
        if kind != "document":
            for name, part in zip(("keys", "docs"), held, strict=True):
                np.save(os.path.join(ctx.shards, f"held-{kind}-{shard}-{name}.npy"), part)
        out.append((kind, link(held, ctx.weight)))
    return out


def _cross_task(ctx: ScanContext, tasks: Sequence[tuple[str, int, np.ndarray]]) -> list[tuple[str, Stars]]:
    """Links across provisional stories of one kind's postings in one
    shard, and its common keys."""
    out = []
    for kind, shard, story in tasks:
        keys, docs = (np.load(os.path.join(ctx.shards, f"held-{kind}-{shard}-{name}.npy")) for name in ("keys", "docs"))
        out.append((kind, link_across((keys, docs), ctx.weight, story, ctx.settings.max_df)))
    return out


def _candidates(
    ctx: ScanContext, stats: DocStats, repeats: list[np.ndarray], runs: np.ndarray, checked: int, jobs: int
) -> tuple[Links, dict[str, Stars], np.ndarray, Stories]:
    """The links between documents, the provisional stories, the links
    across them and the documents that may repeat themselves, grouped shard
    by shard on a pool."""
    n = len(stats.weight)
    parallel = n >= ctx.min_parallel
    with Workers(ctx, jobs, parallel) as workers:
        tasks = [[(kind, shard)] for kind in KINDS for shard in range(SHARDS)]
        by_kind: dict[str, list[Stars]] = {kind: [] for kind in KINDS}
        for found in workers.map(_star_task, tasks):
            for kind, s in found:
                by_kind[kind].append(s)
        merged = {kind: merge(found) for kind, found in by_kind.items()}
        links = Links.of(n, merged)
        stories = provisional_stories(links, stats)
        tasks = [[(kind, shard, stories.label)] for kind in ("seed", "paragraph") for shard in range(SHARDS)]
        across: dict[str, list[Stars]] = {"seed": [], "paragraph": []}
        for found in workers.map(_cross_task, tasks):
            for kind, s in found:
                across[kind].append(s)
        cross = {kind: merge(found) for kind, found in across.items()}
    ctx.common = np.union1d(cross["seed"].common, ctx.ignore)
    selfs = np.union1d(
        merged["paragraph"].selfs,
        np.array(sorted(i for i, _ in self_pairs(repeats, runs.tolist(), ctx.common)), dtype=np.int64),
    )
    return links, cross, selfs.astype(np.int64), stories


# --- Alignment and annotation -------------------------------------------------------


def _align_chunk(ctx: ScanContext, chunk: tuple[bool, Sequence[tuple[int, int]]]) -> list[Aligned]:
    """Each pair aligned and summed up where it was aligned: a relation, or
    a document's findings inside itself. Fingerprints are made again here,
    where they are used, rather than shipped between processes: remaking one
    costs less than moving it."""
    copies, pairs = chunk
    out = []
    for a, b in pairs:
        out.append(align_one(a, b, ctx.docs, ctx.prepare(a), ctx.prepare(b), ctx.common, ctx.settings, copies))
    return out


def align_one(
    a: int,
    b: int,
    docs: Mapping[int, Document] | Sequence[Document],
    prepared_a: Prepared,
    prepared_b: Prepared,
    common: np.ndarray,
    settings: Settings,
    copies: bool = False,
) -> Aligned:
    """One pair, as :meth:`~provenance.stages.Aligner.align` aligns it."""
    (fa, article_a), (fb, article_b) = prepared_a, prepared_b
    if a == b:
        return repeated_blocks(docs[a], fa, align_pair(a, b, fa, fb, common, settings), settings)
    fps, articles = {a: fa, b: fb}, {a: article_a, b: article_b}
    if copies:
        rel = relate(a, b, docs, fps, articles, align_copy(a, b, fa, fb, common, settings))
        if is_copy(rel, settings):
            return rel
    return relate(a, b, docs, fps, articles, align_pair(a, b, fa, fb, common, settings))


def repeats_of(doc: Document, settings: Settings) -> list[RepeatedBlock]:
    """The repeated blocks of one document alone, as a scan finds them
    (with no corpus, no seed is common)."""
    fp = fingerprint(doc, settings, Permutations(settings.num_perm, settings.minhash_seed))
    passages = align_pair(0, 0, fp, fp, np.zeros(0, np.uint64), settings)
    return [f for f in repeated_blocks(doc, fp, passages, settings) if isinstance(f, RepeatedBlock)]


# A document's number, and its noise or None (see LocalAligner.annotate).
_Noted = tuple[int, Sequence[Finding] | None]
# A document's segments, its publication date, and where that was read.
Annotation = tuple[list[Any], Any, Any]


def _annotate_chunk(ctx: ScanContext, chunk: Sequence[_Noted]) -> list[Annotation]:
    out = []
    for i, noise in chunk:
        doc = ctx.docs[i]
        lineage_.annotate(doc, ctx.noise[i] if noise is None else noise)
        out.append((doc.segments, doc.published, doc.publication))
    return out


class LocalAligner:
    """:class:`~provenance.stages.Aligner` on this engine's workers."""

    def __init__(self, workers: Workers, progress: Progress | None) -> None:
        self.workers = workers
        self.progress = progress

    def align(self, pairs: Sequence[tuple[int, int]], stage: str, copies: bool = False) -> list[Aligned]:
        parts = chunks(list(pairs), self.workers.ctx.chunk)
        results = self.workers.map(_align_chunk, [(copies, part) for part in parts])
        return list(gathered(results, parts, stage, self.progress))

    def annotate(self, numbers: Sequence[int], noise: Callable[[int], Sequence[Finding] | None]) -> None:
        docs = self.workers.ctx.docs
        parts = [[(i, noise(i)) for i in part] for part in chunks(list(numbers), self.workers.ctx.chunk)]
        done = gathered(self.workers.map(_annotate_chunk, parts), parts, "lineage", self.progress)
        for (i, _), annotation in zip((item for part in parts for item in part), done, strict=True):
            docs[i].segments, docs[i].published, docs[i].publication = annotation


# --- The scan -----------------------------------------------------------------------


def _fingerprint_chunk(ctx: ScanContext, numbers: Sequence[int]) -> list[Fingerprint]:
    return [fingerprint(ctx.docs[i], ctx.settings, ctx.perms) for i in numbers]


def fingerprints(docs: list[Document], settings: Settings, perms: Permutations, jobs: int) -> list[Fingerprint]:
    """The documents' whole fingerprints, on a pool when there are enough."""
    ctx = ScanContext(settings, perms, (0, 0), "", docs=docs)
    parts = chunks(range(len(docs)), ctx.chunk)
    with Workers(ctx, jobs, len(docs) >= ctx.min_parallel) as workers, collector_paused():
        return [fp for found in workers.map(_fingerprint_chunk, parts) for fp in found]


def _second_chunk(
    ctx: ScanContext, chunk: tuple[int, Sequence[bool]]
) -> list[tuple[list[Boilerplate] | None, Annotation]]:
    """What the documents numbered from ``start`` give once the corpus's
    templates are known: a document's boilerplate again where it holds a
    template line (from what the rules said of its lines in the first pass,
    its lines read once more), and its articles, credits and dates, from its
    boilerplate (its repeated blocks, if alignment finds any, are read
    later)."""
    start, holds = chunk
    labels: list[noise_.Labels] = []
    if any(holds):
        with open(os.path.join(ctx.shards, f"labels-{start:012d}.pickle"), "rb") as fh:
            labels = pickle.load(fh)
    out: list[tuple[list[Boilerplate] | None, Annotation]] = []
    for k, holder in enumerate(holds):
        doc = ctx.docs[start + k]
        found, doc_lines = None, None
        if holder:
            doc_lines = noise_.lines(doc.text)
            found = noise_.detect(doc, ctx.settings, ctx.templates, doc_lines, labels[k])
        lineage_.annotate(doc, ctx.noise[start + k] if found is None else found, doc_lines)
        out.append((found, (doc.segments, doc.published, doc.publication)))
    return out


def _context(index: Index, docs: list[Document], fps: list[Fingerprint]) -> tuple[list[Document], set[int]]:
    """Indexed documents the new ones may copy (numbered after ``docs``)."""
    wanted = index.lookup(docs, fps)
    numbers = sorted({n for ns in wanted.values() for n in ns})
    context = []
    taken = {d.id for d in docs}
    for rec in index.fetch(numbers):
        doc = to_document(rec)
        doc.index = index.url
        if doc.id in taken:  # a checked file is named like an indexed one
            doc.id = f"index:{doc.id}"
        context.append(doc)
    return context, set(range(len(docs), len(docs) + len(context)))


# A scan's postings wait on disk in a folder named for the process that made
# it: a scan killed before its cleanup (SIGKILL, a machine out of memory)
# leaves it behind, and a later scan removes it (provenance.temporary).
_SHARDS_PREFIX = "provenance-postings-"
_SHARDS = re.compile(re.escape(_SHARDS_PREFIX) + r"(\d+)-")


def sweep_stale_shards(folder: str | None = None) -> list[str]:
    """Remove the postings folders of scans whose process is gone.

    Args:
        folder: Where to look; the temporary folder by default.

    Returns:
        The folders removed.
    """
    folder = folder or tempfile.gettempdir()
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        m = _SHARDS.match(name)
        path = os.path.join(folder, name)
        if m is not None and abandoned(int(m.group(1)), path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def scan(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    progress: Progress | None = None,
    *,
    index: Index | None = None,
    lineage: bool = True,
) -> Report:
    """:func:`provenance.scan` on this machine (see there)."""
    jobs = resolve_jobs(settings.jobs)
    watch = Stopwatch()
    # Checked against an index: signatures and band keys as the index made them.
    if index is not None:
        perms, bands = index.permutations, index.banding
    else:
        perms = Permutations(settings.num_perm, settings.minhash_seed)
        bands = banding(settings.lsh_threshold, settings.num_perm)
    sweep_stale_shards()
    shards = tempfile.mkdtemp(prefix=f"{_SHARDS_PREFIX}{os.getpid()}-")
    # A scan makes no reference cycles but keeps millions of objects alive to
    # its end (documents, boilerplate, relations): each full collection of
    # the cycle collector would walk them all, more with every stage.
    with collector_paused():
        try:
            ctx = ScanContext(settings, perms, bands, shards)
            docs, errors, analysed = _first_pass(ctx, load(paths, settings), jobs, watch, progress)
            checked = len(docs)
            repeats = [r for a in analysed for r in a.repeats]
            found = [b for a in analysed for b in a.boilerplate]
            for doc, title in zip(docs, (t for a in analysed for t in a.titles), strict=True):
                doc.title = title  # primes the cached property
            counts = np.concatenate([a.stats for a in analysed] or [np.zeros((0, 3), np.int64)])
            contexts = noise_.Contexts.merge([a.contexts for a in analysed])
            ctx.layout = [(a.start, a.postings) for a in analysed]
            del analysed
            watch.lap("fingerprint")
            templates = noise_.corpus_templates(contexts, len(docs), settings)
            # Templates change the boilerplate of only the documents that have one.
            again = templates.holders(contexts) if templates else []
            del contexts
            ctx.docs = docs
            ctx.templates, ctx.noise = templates, found
            holders = set(again)
            firsts = range(0, len(docs), ctx.chunk)  # as the first pass cut its chunks
            parts = [(i, [k in holders for k in range(i, min(i + ctx.chunk, len(docs)))]) for i in firsts]
            with Workers(ctx, jobs, len(docs) >= ctx.min_parallel) as workers:
                holds = [p[1] for p in parts]
                retold = gathered(workers.map(_second_chunk, parts), holds, "boilerplate", progress)
                for i, (doc_found, annotation) in enumerate(retold):
                    if doc_found is not None:
                        found[i] = doc_found
                    docs[i].segments, docs[i].published, docs[i].publication = annotation
            watch.lap("boilerplate")
            if index is not None:
                # A check's few files: their whole fingerprints, for the lookup.
                fps = [fingerprint(d, settings, perms) for d in docs]
                context, _ = _context(index, docs, fps)
                cfps = [fingerprint(d, settings, perms) for d in context]
                sketches = [fp.sketch() for fp in cfps]
                if sketches:
                    ctx.layout.append(
                        (len(docs), write_postings(postings(sketches, len(docs), bands), len(docs), shards))
                    )
                repeats += [sk.repeats for sk in sketches]
                more = [(len(fp), len(sk.seed_set), sk.repeat_run) for fp, sk in zip(cfps, sketches, strict=True)]
                counts = np.concatenate([counts, np.array(more, dtype=np.int64).reshape(-1, 3)])
                docs += context
                watch.lap("index")
            stats = DocStats(counts[:, 0], counts[:, 1])
            ctx.weight = stats.weight
            ctx.ignore = noise_.template_seeds(found, docs, settings, perms)
            links, cross, selfs, stories = _candidates(ctx, stats, repeats, counts[:, 2], checked, jobs)
            planned = plan(links, cross, selfs, stats, stories, checked)
            watch.lap("candidates")
            watch.timings["candidate_pairs"] = len(planned.pairs)
            ctx.noise = found + [[] for _ in range(len(docs) - checked)]
            parallel = len(planned.pairs) + len(docs) >= ctx.min_parallel
            with Workers(ctx, jobs, parallel) as workers:
                return conclude(
                    docs,
                    errors,
                    planned,
                    links,
                    found,
                    settings,
                    LocalAligner(workers, progress),
                    watch,
                    checked=checked,
                    lineage=lineage,
                    annotated=checked,
                )
        finally:
            shutil.rmtree(shards, ignore_errors=True)
