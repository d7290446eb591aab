"""The local engine's stages (a :class:`provenance.stages.Engine`) and its scan; stale posting folders swept."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from ..boilerplate import Contexts, corpus_templates, template_seeds
from ..candidates import (
    banding,
    postings,
    write_postings,
)
from ..cluster import DocStats, Links, Plan, plan
from ..collector import collector_paused
from ..config import Settings
from ..fingerprint import Fingerprint, Permutations, fingerprint
from ..index import Index, to_document
from ..load import load
from ..model import Boilerplate, Document, Report, ScanError
from ..stages import Progress, Stopwatch, run
from ..temporary import abandoned
from .tasks import (
    LocalAligner,
    _candidates,
    _first_pass,
    _second_chunk,
)
from .workers import (
    ScanContext,
    Workers,
    gathered,
    resolve_jobs,
)


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
    watch = Stopwatch()
    sweep_stale_shards()
    shards = tempfile.mkdtemp(prefix=f"{_SHARDS_PREFIX}{os.getpid()}-")
    # A scan makes no reference cycles but keeps millions of objects alive to
    # its end (documents, boilerplate, relations): each full collection of
    # the cycle collector would walk them all, more with every stage.
    with collector_paused():
        try:
            return run(LocalEngine(paths, settings, progress, index, shards), settings, watch, lineage=lineage)
        finally:
            shutil.rmtree(shards, ignore_errors=True)


@dataclass
class _LocalFront:
    """The first pass's results (see :class:`provenance.stages.Front`)."""

    docs: list[Document]
    errors: list[ScanError]
    checked: int
    annotated: int
    repeats: list[np.ndarray]
    counts: np.ndarray  # per document: tokens, seeds, its longest run of repeated seeds
    own: list[list[Boilerplate]]  # boilerplate from each document's own evidence
    contexts: Contexts | None  # the lines' neighbours, until templates are found


class LocalEngine:
    """The scan's first stages on this machine's cores (a
    :class:`provenance.stages.Engine`): documents stream through a pool of
    workers that fingerprint them, label their lines and write their
    postings to shard files; the candidates are grouped shard by shard.

    Args:
        paths: Files and folders to scan.
        settings: The scan's settings.
        progress: Called as work completes.
        index: An index the files are checked against: its documents join
            the scan as context, and its permutations and banding are used.
        shards: The folder for this scan's posting files.
    """

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        settings: Settings,
        progress: Progress | None,
        index: Index | None,
        shards: str,
    ) -> None:
        # Checked against an index: signatures and band keys as the index made them.
        if index is not None:
            perms, bands = index.permutations, index.banding
        else:
            perms = Permutations(settings.num_perm, settings.minhash_seed)
            bands = banding(settings.lsh_threshold, settings.num_perm)
        self.paths, self.settings, self.progress, self.index = paths, settings, progress, index
        self.jobs = resolve_jobs(settings.jobs)
        self.ctx = ScanContext(settings, perms, bands, shards)
        self.pairs = 0

    def fingerprint(self, watch: Stopwatch) -> _LocalFront:
        """Load, fingerprint and label every document in one streamed pass."""
        ctx = self.ctx
        docs, errors, analysed = _first_pass(ctx, load(self.paths, self.settings), self.jobs, watch, self.progress)
        for doc, title in zip(docs, (t for a in analysed for t in a.titles), strict=True):
            doc.title = title  # primes the cached property
        ctx.layout = [(a.start, a.postings) for a in analysed]
        front = _LocalFront(
            docs,
            errors,
            checked=len(docs),
            annotated=len(docs),
            repeats=[r for a in analysed for r in a.repeats],
            counts=np.concatenate([a.stats for a in analysed] or [np.zeros((0, 3), np.int64)]),
            own=[b for a in analysed for b in a.boilerplate],
            contexts=Contexts.merge([a.contexts for a in analysed]),
        )
        watch.lap("fingerprint")
        return front

    def boilerplate(self, front: _LocalFront, watch: Stopwatch) -> list[list[Boilerplate]]:
        """The corpus's templates, then a second pass that relabels the
        documents holding one and annotates every document."""
        ctx, docs = self.ctx, front.docs
        templates = corpus_templates(front.contexts, len(docs), self.settings)
        # Templates change the boilerplate of only the documents that have one.
        holders = set(templates.holders(front.contexts) if templates else [])
        front.contexts = None
        found = front.own
        ctx.docs = docs
        ctx.templates, ctx.noise = templates, found
        firsts = range(0, len(docs), ctx.chunk)  # as the first pass cut its chunks
        parts = [(i, [k in holders for k in range(i, min(i + ctx.chunk, len(docs)))]) for i in firsts]
        with Workers(ctx, self.jobs, len(docs) >= ctx.min_parallel) as workers:
            holds = [p[1] for p in parts]
            retold = gathered(workers.map(_second_chunk, parts), holds, "boilerplate", self.progress)
            for i, (doc_found, annotation) in enumerate(retold):
                if doc_found is not None:
                    found[i] = doc_found
                docs[i].segments, docs[i].published, docs[i].publication = annotation
        watch.lap("boilerplate")
        return found

    def candidates(
        self, front: _LocalFront, boilerplate: list[list[Boilerplate]], watch: Stopwatch
    ) -> tuple[Plan, Links]:
        """The index's context (for a check), then the links and the plan."""
        ctx, docs, settings = self.ctx, front.docs, self.settings
        if self.index is not None:
            self._add_context(front, watch)
        stats = DocStats(front.counts[:, 0], front.counts[:, 1])
        ctx.weight = stats.weight
        ctx.ignore = template_seeds(boilerplate, docs, settings, ctx.perms)
        links, cross, selfs, stories = _candidates(
            ctx, stats, front.repeats, front.counts[:, 2], front.checked, self.jobs
        )
        planned = plan(links, cross, selfs, stats, stories, front.checked)
        watch.lap("candidates")
        watch.timings["candidate_pairs"] = len(planned.pairs)
        ctx.noise = boilerplate + [[] for _ in range(len(docs) - front.checked)]
        self.pairs = len(planned.pairs)
        return planned, links

    def _add_context(self, front: _LocalFront, watch: Stopwatch) -> None:
        """A check's few files: their whole fingerprints, for the lookup;
        the indexed documents they may copy join the scan after them."""
        ctx, docs, settings = self.ctx, front.docs, self.settings
        fps = [fingerprint(d, settings, ctx.perms) for d in docs]
        context, _ = _context(self.index, docs, fps)
        cfps = [fingerprint(d, settings, ctx.perms) for d in context]
        sketches = [fp.sketch() for fp in cfps]
        if sketches:
            ctx.layout.append(
                (len(docs), write_postings(postings(sketches, len(docs), ctx.bands), len(docs), ctx.shards))
            )
        front.repeats += [sk.repeats for sk in sketches]
        more = [(len(fp), len(sk.seed_set), sk.repeat_run) for fp, sk in zip(cfps, sketches, strict=True)]
        front.counts = np.concatenate([front.counts, np.array(more, dtype=np.int64).reshape(-1, 3)])
        docs += context
        watch.lap("index")

    @contextlib.contextmanager
    def aligner(self, front: _LocalFront, boilerplate: list[list[Boilerplate]]) -> Iterator[LocalAligner]:
        """A pool, when the alignments to come are worth one."""
        parallel = self.pairs + len(front.docs) >= self.ctx.min_parallel
        with Workers(self.ctx, self.jobs, parallel) as workers:
            yield LocalAligner(workers, self.progress)
