"""Classify stage: what alignment found becomes findings of the spec's kinds,
one per group of copies, never one per pair.

* Inside one document, a passage at least ``threshold`` similar that covers
  at least ``threshold`` of the paragraphs it touches, on both sides, is a
  ``repeated-block`` (the later copy is the finding; the earliest copy is
  ``copy_of``); a looser one is a ``shared-passage`` (two articles of one file
  sharing wording). :func:`repeated_blocks` works on one document, where it
  was aligned.
* A story and its copies are one ``duplicate-document`` (:class:`Group`):
  every member, the ``root`` they descend from, and per member the share of
  its text found in the root. Who is a member was decided against the
  story's representative (:func:`provenance.cluster.is_copy`).
* Passages shared across stories are clustered (:func:`passage_findings`):
  the copies of one passage, joined through the pairs aligned, are one
  ``shared-passage`` with every copy's span and the ``source`` copy when
  dates or credits say which.
* A passage that falls inside the later copy of a repeated block says
  nothing new (the earlier copy carries it) and is dropped; so is a repeat
  inside boilerplate (a link listed twice in a sidebar), which the
  boilerplate finding stands for.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Settings
from ..model import Boilerplate, Document, Finding, RepeatedBlock, SharedPassage, Span
from ..relate import Match
from .groups import Group, choose_root, dated, duplicate_finding, origin, root_among
from .passages import evidence, passage_findings
from .repeats import repeated_blocks, repeated_runs
from .spans import _KIND_ORDER, _by_doc, _mostly_inside, paragraph_share, snap_to_paragraphs

__all__ = [
    "Group",
    "choose_root",
    "classify",
    "dated",
    "duplicate_finding",
    "evidence",
    "origin",
    "paragraph_share",
    "passage_findings",
    "repeated_blocks",
    "repeated_runs",
    "root_among",
    "snap_to_paragraphs",
]


# --- All together -----------------------------------------------------------------------


def classify(
    docs: Sequence[Document],
    groups: Sequence[Group],
    matches: Sequence[Match],
    within: Sequence[RepeatedBlock | SharedPassage],
    boilerplate: Sequence[Boilerplate] = (),
    settings: Settings | None = None,
) -> list[Finding]:
    """Every finding of a scan, in a stable order.

    Args:
        docs: The documents, by number, annotated (segments, dates, credits).
        groups: Groups of copies with their roots and relations to them.
        matches: Passages shared by documents of different groups.
        within: What :func:`repeated_blocks` found inside documents.
        boilerplate: What :mod:`provenance.boilerplate` found; reported as is,
            and repeats inside it are not reported again.
        settings: What a shared passage must be to be reported
            (:func:`evidence`); the defaults if None.

    Returns:
        Findings sorted by kind, document and position.
    """
    later = _by_doc(f.span for f in within if isinstance(f, RepeatedBlock))
    noise = _by_doc(b.span for b in boilerplate)
    findings: list[Finding] = [duplicate_finding(g, docs) for g in groups if len(g.members) > 1]
    findings.extend(f for f in within if not _redundant(f, later, noise))
    findings.extend(passage_findings(matches, {d.id: d for d in docs}, later, noise, settings))
    return sorted([*findings, *boilerplate], key=_sort_key)


def _redundant(f: Finding, later_copies: dict[str, list[Span]], noise: dict[str, list[Span]]) -> bool:
    """What other findings say already, inside one document: a repeated
    block inside boilerplate; wording two articles of one file share inside
    the later copy of a repeated block, or inside boilerplate."""
    if isinstance(f, RepeatedBlock):
        return _mostly_inside(f.span, noise.get(f.span.doc, ()))
    if isinstance(f, SharedPassage):
        return any(_mostly_inside(s, later_copies.get(s.doc, ())) for s in f.spans) or all(
            _mostly_inside(s, noise.get(s.doc, ())) for s in f.spans
        )
    return False


def _sort_key(f: Finding) -> tuple:
    spans = f.spans_for_id()
    return (_KIND_ORDER.get(f.kind, 9), [(s.doc, s.start, s.end) for s in spans])
