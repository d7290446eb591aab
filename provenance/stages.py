"""The scan's stages, in their order, whichever engine runs them.

``load and fingerprint → boilerplate → candidates →
annotate → cluster → align (verify) → groups → classify → lineage → report``

:func:`run` is the one place that says so. An engine (:mod:`provenance.engine`
on this machine's cores, :mod:`provenance.spark` on a cluster) runs the first
three its own way (an :class:`Engine`), then hands this module the plan and
an :class:`Aligner`: how it aligns pairs and annotates documents where its
workers are. Every decision after the candidates is made here, so the
engines write the same report.

Documents are annotated first (their articles, credits and dates), so that
each provisional story can be represented by the member that would be its
root (the earliest published, see :func:`provenance.classify.choose_root`)
once one pair per story says it is a copy of the story's heaviest document:
verifying a member then also measures it against the root. Alignment then
runs in up to three rounds, each far smaller than the one before:

1. the plan (:func:`provenance.cluster.plan`): each member of a provisional
   story with its representative, one pair per pair of stories sharing text,
   each document that may repeat itself with itself;
2. each document found to be no copy of its story's representative with the
   representatives of the other stories it is linked to
   (:func:`provenance.cluster.rejoin_pairs`);
3. for a group whose root is not the representative (members that failed
   verification left it, or groups were merged), each member with the root,
   so that containment is measured against the root.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np

from . import lineage as lineage_
from .classify import Group, choose_root, classify, root_among
from .cluster import Links, Plan, is_copy, rejoin_pairs, represented
from .config import Settings
from .model import Boilerplate, Document, Finding, RepeatedBlock, Report, ScanError, SharedPassage
from .relate import Match, Relation
from .version import __version__

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``, called as work completes."""

# What aligning a pair gives: a relation between two documents, or the
# findings inside one (a pair of a document with itself).
Aligned = Relation | list[RepeatedBlock | SharedPassage]


class Aligner(Protocol):
    """Where an engine aligns pairs and annotates documents."""

    def align(self, pairs: Sequence[tuple[int, int]], stage: str, copies: bool = False) -> list[Aligned]:
        """Align each pair (``(i, i)``: document ``i`` with itself), in order.

        With ``copies``, the pairs are expected to be copies of one text:
        they are aligned whole (:func:`provenance.align.align_copy`), and
        again piece by piece (:func:`provenance.align.align_pair`) where that
        finds too little for them to be copies (text moved about)."""

    def annotate(self, numbers: Sequence[int], noise: Callable[[int], Sequence[Finding] | None]) -> None:
        """Segment, attribute and date documents ``numbers`` in place
        (:func:`provenance.lineage.annotate`); ``noise(i)`` is document ``i``'s
        boilerplate and repeated blocks, or None when it is its boilerplate
        alone, as the aligner was given it."""


class Front(Protocol):
    """What an engine's first stages leave for the rest: every document,
    numbered as the plan numbers them."""

    docs: list[Document]
    errors: list[ScanError]
    checked: int  # docs[:checked] are the scan's own; the rest, an index's context
    annotated: int  # docs[:annotated] have their segments, credits and dates


class Engine(Protocol):
    """An engine: how it runs each of the scan's first stages and where it
    aligns. :func:`run` calls them in the pipeline's order."""

    def fingerprint(self, watch: Stopwatch) -> Front:
        """Load the documents and fingerprint them (their tokens, seeds,
        MinHash signatures and each line's shape)."""

    def boilerplate(self, front: Front, watch: Stopwatch) -> list[list[Boilerplate]]:
        """Each checked document's boilerplate, the corpus's templates
        included (they need every document)."""

    def candidates(self, front: Front, boilerplate: list[list[Boilerplate]], watch: Stopwatch) -> tuple[Plan, Links]:
        """The star links between documents and the plan of what to align."""

    def aligner(self, front: Front, boilerplate: list[list[Boilerplate]]) -> contextlib.AbstractContextManager[Aligner]:
        """The engine's workers, for as long as the rest of the scan runs."""


def run(engine: Engine, settings: Settings, watch: Stopwatch, *, lineage: bool = True) -> Report:
    """The scan's stages in their order, whichever engine runs them:
    load and fingerprint → boilerplate → candidates → (:func:`conclude`)
    annotate → cluster → align → groups → classify → lineage → report."""
    front = engine.fingerprint(watch)
    boilerplate = engine.boilerplate(front, watch)
    plan, links = engine.candidates(front, boilerplate, watch)
    with engine.aligner(front, boilerplate) as aligner:
        return conclude(
            front.docs,
            front.errors,
            plan,
            links,
            boilerplate,
            settings,
            aligner,
            watch,
            checked=front.checked,
            lineage=lineage,
            annotated=front.annotated,
        )


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


class _Aligned:
    """Every pair aligned so far, either way round, so none is aligned twice."""

    def __init__(self, aligner: Aligner) -> None:
        self._aligner = aligner
        self.results: dict[tuple[int, int], Aligned] = {}
        self.rounds: list[int] = []  # pairs aligned per call, for the timings

    def __call__(self, pairs: Sequence[tuple[int, int]], stage: str, copies: bool = False) -> list[Aligned]:
        todo = list(dict.fromkeys(p for p in pairs if p not in self.results and (p[1], p[0]) not in self.results))
        self.rounds.append(len(todo))
        self.results.update(zip(todo, self._aligner.align(todo, stage, copies), strict=True))
        return [self[p] for p in pairs]

    def __getitem__(self, pair: tuple[int, int]) -> Aligned:
        return self.results[pair] if pair in self.results else self.results[(pair[1], pair[0])]


def conclude(
    docs: list[Document],
    errors: list[ScanError],
    plan: Plan,
    links: Links,
    boilerplate: Sequence[Sequence[Boilerplate]],
    settings: Settings,
    aligner: Aligner,
    watch: Stopwatch,
    *,
    checked: int | None = None,
    lineage: bool = True,
    annotated: int = 0,
) -> Report:
    """Align, verify and classify; annotate; draw the lineage; the report.

    Args:
        docs: Every document, numbered as the plan numbers them.
        errors: Files that could not be read.
        plan: What to align first (:func:`provenance.cluster.plan`).
        links: Every star link, for documents that must look elsewhere.
        boilerplate: Per checked document, its boilerplate.
        settings: The scan's settings.
        aligner: The engine's workers.
        watch: Timings so far; this adds its own stages.
        checked: How many of ``docs`` are the scan's own (the rest are
            context from an index); all of them by default.
        lineage: Build the lineage graph.
        annotated: How many of ``docs`` are annotated already (segments,
            credits, dates from their boilerplate); the rest are annotated
            first, and those in which alignment finds a repeated block again.
    """
    checked = len(docs) if checked is None else checked
    # Dates and credits first: they say which copy of a story is its root,
    # and the members are verified against it, so that what the report
    # measures against the root is what verification aligned.
    aligner.annotate(range(annotated, len(docs)), lambda i: None)
    watch.lap("lineage")
    align = _Aligned(aligner)
    plan = represented(plan, _roots(plan, docs, align, settings, checked), checked)
    align(plan.copies, "align", copies=True)
    align(plan.others, "align")
    planned = len(align.rounds)  # the rounds after these align again
    watch.lap("align")
    within = [f for a, b in plan.others if a == b for f in align[(a, b)]]  # type: ignore[union-attr]
    number = {d.id: i for i, d in enumerate(docs)}
    _annotate(aligner, within, number, boilerplate)
    watch.lap("lineage")
    groups, matches = _groups(plan, links, align, settings)
    groups = _merged(groups, plan, align, settings)
    matches += [m for a, b in plan.across.tolist() for m in align[(a, b)].matches]  # type: ignore[union-attr]
    in_group = _rooted(groups, docs, align)
    watch.lap("align")
    watch.timings["aligned_pairs"] = sum(align.rounds)
    watch.timings["aligned_again"] = sum(align.rounds[planned:])
    matches = [m for m in matches if _apart(m, number, in_group)]
    found_noise = [b for doc_found in boilerplate for b in doc_found]
    findings = classify(docs, list(groups.values()), matches, within, found_noise, settings)
    watch.lap("classify")
    if checked < len(docs):
        named = {doc_id for f in findings for doc_id in f.docs_involved()}
        docs = docs[:checked] + [d for d in docs[checked:] if d.id in named]
    graph = lineage_.graph(docs, findings) if lineage else {"nodes": [], "edges": [], "clusters": []}
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


def _annotate(
    aligner: Aligner,
    within: Sequence[Finding],
    number: dict[str, int],
    boilerplate: Sequence[Sequence[Boilerplate]],
) -> None:
    """Annotate again the documents in which a repeated block was found (no
    article starts inside its later copy)."""
    repeats: dict[int, list[Finding]] = {}
    for f in within:
        if isinstance(f, RepeatedBlock):
            repeats.setdefault(number[f.span.doc], []).append(f)

    def noise(i: int) -> Sequence[Finding] | None:
        if i not in repeats:
            return None
        return sorted([*(boilerplate[i] if i < len(boilerplate) else ()), *repeats[i]], key=lambda f: f.span.start)

    aligner.annotate(sorted(repeats), noise)


def _roots(plan: Plan, docs: Sequence[Document], align: _Aligned, settings: Settings, checked: int) -> np.ndarray:
    """Per provisional story, the member :func:`~provenance.classify.choose_root`
    would choose as its root, where alignment says it is a copy of the
    story's heaviest document; else the heaviest. (A story may hold a
    document that joined it through one of its members without being a
    copy: it must not represent the story, however early it is dated.)"""
    stories = plan.stories
    rep = stories.rep.copy()
    order = np.argsort(stories.label, kind="stable")
    cuts = np.flatnonzero(np.diff(stories.label[order])) + 1
    tries = []
    for members in np.split(order, cuts):
        if len(members) > 1 and members.min() < checked:
            story = int(stories.label[members[0]])
            root = root_among(members.tolist(), docs)[0]
            if root != rep[story]:
                tries.append((story, int(rep[story]), root))
    found = align([(heavy, root) for _, heavy, root in tries], "align", copies=True)
    for (story, _, root), rel in zip(tries, found, strict=True):
        if is_copy(rel, settings):  # type: ignore[arg-type]
            rep[story] = root
    return rep


def _groups(plan: Plan, links: Links, align: _Aligned, settings: Settings) -> tuple[dict[int, Group], list[Match]]:
    """The groups of copies alignment confirms, by representative, and the
    passages of the documents found to be no copy of theirs.

    Each member of a provisional story is verified against its
    representative; one that is no copy of it, and one alone in its story
    but linked to others (``plan.loners``), is tried against the
    representatives of the other stories it is linked to, and joins the one
    holding most of it.
    """

    groups: dict[int, Group] = {}
    matches: list[Match] = []

    def join(rep: int, doc: int, rel: Relation) -> None:
        group = groups.setdefault(rep, Group(rep, [rep]))
        group.members.append(doc)
        group.relations[doc] = replace(rel, matches=())  # the group's finding says what they share

    failed = plan.loners.tolist()
    for rep, m in plan.copies:
        rel = align[(rep, m)]
        assert isinstance(rel, Relation)
        if is_copy(rel, settings):
            join(rep, m, rel)
        else:
            failed.append(m)
            matches.extend(rel.matches)
    if not failed:
        return groups, matches
    tries = [(r, d) for d, r in rejoin_pairs(np.asarray(failed, np.int64), links, plan.stories).tolist()]
    best: dict[int, tuple[float, int, Relation]] = {}
    for (rep, doc), rel in zip(tries, align(tries, "align", copies=True), strict=True):
        assert isinstance(rel, Relation)
        if not is_copy(rel, settings):
            matches.extend(rel.matches)
        elif doc not in best or (rel.share(doc), -rep) > best[doc][:2]:
            best[doc] = (rel.share(doc), -rep, rel)
    # The surest first; a document that others joined stays their
    # representative, and one that joined a group receives no other.
    joined: set[int] = set()
    for doc, (_, rep, rel) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if doc in groups or -rep in joined:
            matches.extend(rel.matches)
            continue
        join(-rep, doc, rel)
        joined.add(doc)
    return groups, matches


def _merged(groups: dict[int, Group], plan: Plan, align: _Aligned, settings: Settings) -> dict[int, Group]:
    """Groups (and documents alone) joined where a pair aligned across them
    turns out to be two copies of one article: a story whose copies formed
    two trees, each verified against its own representative, is one group.

    A merged group's representative is that of its largest part; its members
    keep their relation with the document they were verified against, and
    :func:`_rooted` aligns them with the root.
    """
    rep_of = {m: g.rep for g in groups.values() for m in g.members}
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    bridges: dict[int, Relation] = {}
    for a, b in plan.across.tolist():
        rel = align[(a, b)]
        assert isinstance(rel, Relation)
        if not is_copy(rel, settings):
            continue
        x, y = find(rep_of.get(a, a)), find(rep_of.get(b, b))
        if x != y:
            parent[max(x, y)] = min(x, y)
            for doc in (a, b):  # a document alone keeps the relation that joined it
                if doc not in rep_of:
                    bridges[doc] = rel
    if not parent:
        return groups
    parts: dict[int, list[int]] = {}
    for key in {*rep_of.values(), *bridges}:
        parts.setdefault(find(key), []).append(key)
    out: dict[int, Group] = {}
    for keys in parts.values():
        pieces = [groups[k] if k in groups else Group(k, [k], relations={k: bridges[k]}) for k in keys]
        main = max(pieces, key=lambda g: (len(g.members), -g.rep))
        merged = Group(main.rep, [m for g in pieces for m in g.members])
        for g in pieces:
            merged.relations.update(g.relations)
        merged.relations.pop(main.rep, None)
        out[merged.rep] = merged
    return out


def _rooted(groups: dict[int, Group], docs: Sequence[Document], align: _Aligned) -> dict[int, int]:
    """Choose each group's root, and align with it every member whose
    relation is with another document (the representative, when the root is
    not it), so that containment is measured against the root.

    Returns:
        Per document in a group, its group's representative.
    """
    in_group = {}
    again = []
    for g in groups.values():
        choose_root(g, docs)
        g.relations.pop(g.root, None)
        for m in g.members:
            in_group[m] = g.rep
            rel = g.relations.get(m)
            if m != g.root and (rel is None or g.root not in (rel.a, rel.b)):
                again.append((g.root, m))
    for (_, m), rel in zip(again, align(again, "align", copies=True), strict=True):
        assert isinstance(rel, Relation)
        groups[in_group[m]].relations[m] = replace(rel, matches=())
    return in_group


def _apart(m: Match, number: dict[str, int], in_group: dict[int, int]) -> bool:
    """Whether a match joins documents of different groups (within a group,
    the duplicate finding says it)."""
    a, b = number[m.a.doc], number[m.b.doc]
    return in_group.get(a, -1 - a) != in_group.get(b, -1 - b)
