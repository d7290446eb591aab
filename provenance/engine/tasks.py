"""The work a worker does for the local engine, a chunk at a time: the first
pass, the candidates' shards, alignment and annotation."""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import lineage as lineage_
from ..align import align_copy, align_pair
from ..boilerplate import Contexts, Lined, Own, detect, detect_alone, publisher, scraped_article
from ..candidates import (
    KINDS,
    SHARDS,
    Stars,
    holders,
    link,
    link_across,
    merge,
    postings,
    read_shard,
    self_pairs,
    write_postings,
)
from ..classify import repeated_blocks
from ..cluster import DocStats, Links, Stories, is_copy, provisional_stories
from ..collector import collector_paused
from ..config import Settings
from ..fingerprint import Fingerprint, Permutations, fingerprint
from ..kernels.sets import union
from ..model import Boilerplate, Document, Finding, RepeatedBlock, ScanError
from ..relate import article_words, relate
from ..stages import Aligned, Progress, Stopwatch
from .workers import (
    _NO_REPEATS,
    ForAlignment,
    ScanContext,
    Workers,
    chunks,
    gathered,
)

# --- First pass ---------------------------------------------------------------------


@dataclass
class _Analysed:
    """What the first pass gives for a run of documents."""

    start: int
    postings: dict[str, np.ndarray]  # per kind, how many postings fell in each shard
    repeats: list[np.ndarray]
    contexts: Contexts
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
    sketches, numbered, found, evidence, stats = [], [], [], [], []
    for i, doc in enumerate(docs, start):
        page = Lined(doc)
        fp = fingerprint(page, settings, perms)
        doc_found, own = detect_alone(page, settings, ctx.memo)
        numbered.append((i, page.lines, publisher(doc), scraped_article(own[1])))
        found.append(doc_found)
        evidence.append(own)
        article = article_words(fp, found[-1])
        sketches.append(fp.sketch(article))
        sk = sketches[-1]
        stats.append((int(article.sum()), len(sk.seed_set), sk.repeat_run))
    counts = write_postings(postings(sketches, start, ctx.bands), start, ctx.shards)
    contexts = Contexts.of(numbered)
    # Nearly every document repeats no seed: one shared empty array pickles
    # once per chunk instead of once per document.
    repeats = [sk.repeats if len(sk.repeats) else _NO_REPEATS for sk in sketches]
    titles = [doc.title for doc in docs]  # read here, in parallel: the graph and report show them
    stats_ = np.array(stats, dtype=np.int64).reshape(-1, 3)
    # What the rules said of each line, and the page's shape, are read again
    # only by the pass after templates, in a worker: they wait on disk,
    # beside the postings.
    with open(os.path.join(ctx.shards, f"labels-{start:012d}.pickle"), "wb") as fh:
        pickle.dump(evidence, fh, protocol=pickle.HIGHEST_PROTOCOL)
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
    ctx.common = union(cross["seed"].common, ctx.ignore)
    selfs = union(
        merged["paragraph"].selfs,
        np.fromiter((i for i, _ in self_pairs(repeats, runs.tolist(), ctx.common)), dtype=np.int64),
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
    prepared_a: ForAlignment,
    prepared_b: ForAlignment,
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
        lineage_.annotate(doc, ctx.noise[i] if noise is None else noise, ctx.memo)
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
    template line (from what the rules said of its lines and of its page in
    the first pass, its lines read once more), and its articles, credits
    and dates, from its boilerplate (its repeated blocks, if alignment finds
    any, are read later)."""
    start, holds = chunk
    evidence: list[Own] = []
    if any(holds):
        with open(os.path.join(ctx.shards, f"labels-{start:012d}.pickle"), "rb") as fh:
            evidence = pickle.load(fh)
    out: list[tuple[list[Boilerplate] | None, Annotation]] = []
    for k, holder in enumerate(holds):
        doc = ctx.docs[start + k]
        page, found = Lined(doc), None
        if holder:
            found = detect(page, ctx.settings, ctx.templates, evidence[k], ctx.memo)
        lineage_.annotate(page, ctx.noise[start + k] if found is None else found, ctx.memo)
        out.append((found, (doc.segments, doc.published, doc.publication)))
    return out
