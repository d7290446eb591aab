"""The CI gate: which findings fail a check, which a baseline accepts, and
where each one is, in the file and line terms CI tools speak.

A baseline matches findings by a key that survives unrelated edits: the
kind, the files (by :func:`provenance.load.source_key`) and a hash of the
duplicated text with case and spacing normalised, not character offsets,
which move whenever a line above changes. This is how linters adopt a gate
on an old code base (SARIF's ``partialFingerprints`` serve the same end).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clean import removes
from .config import expand_names
from .load import source_key
from .model import (
    FINDING_KINDS,
    Boilerplate,
    Document,
    DuplicateDocument,
    Finding,
    RepeatedBlock,
    Report,
    SharedPassage,
    Span,
    json_text,
)

DEFAULT_FAIL_ON = ("repeated-block", "duplicate-document")
BASELINE_FORMAT = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read, with why."""


@dataclass(frozen=True)
class Location:
    """Where a finding is, for a person or a CI tool.

    Attributes:
        doc: The document id.
        path: The file as CI names it (relative to the working directory).
        span: The characters.
        first_line, last_line: 1-based, inclusive.
        start_column, end_column: 1-based, in characters; ``end_column``
            follows the last character (SARIF's convention).
    """

    doc: str
    path: str
    span: Span
    first_line: int
    last_line: int
    start_column: int
    end_column: int

    @property
    def lines(self) -> str:
        return str(self.first_line) if self.first_line == self.last_line else f"{self.first_line}-{self.last_line}"

    def __str__(self) -> str:
        return f"{self.path}:{self.lines}"


def locate(doc: Document, span: Span) -> Location:
    first, last = doc.lines_of(span)
    end = max(span.start, span.end - 1)
    return Location(doc.id, source_key(doc), span, first, last, doc.column_of(span.start), doc.column_of(end) + 1)


def _extent(spans: Iterable[Span]) -> Span:
    spans = list(spans)
    return Span(spans[0].doc, min(s.start for s in spans), max(s.end for s in spans))


def locations(finding: Finding, by_id: dict[str, Document], checked: set[str]) -> list[Location]:
    """Every place a finding names, the one in a checked file first.

    A group of duplicate documents is located at its first checked member
    other than the root (or at the root, when no other member is checked),
    by the part it shares with the root; then the root, at that part; then
    every other member.
    """
    if isinstance(finding, RepeatedBlock):
        spans = [finding.span, finding.copy_of]
    elif isinstance(finding, DuplicateDocument):
        spans = _group_spans(finding, checked)
    elif isinstance(finding, SharedPassage):
        spans = list(finding.spans)
    elif isinstance(finding, Boilerplate):
        spans = [finding.span]
    else:  # pragma: no cover - every kind is handled above
        raise TypeError(f"unknown finding {finding!r}")
    if not isinstance(finding, DuplicateDocument):
        spans.sort(key=lambda s: s.doc not in checked)  # stable: keeps the order otherwise
    return [locate(by_id[s.doc], s) for s in spans]


def primary_member(finding: DuplicateDocument, checked: set[str]) -> str:
    """The member a check names a group by: the first checked copy that is
    not the root, else the root."""
    return next((d for d in finding.docs if d in checked and d != finding.root), finding.root)


def _group_spans(finding: DuplicateDocument, checked: set[str]) -> list[Span]:
    first = primary_member(finding, checked)
    k = finding.member(first)
    own, root = finding.extents[k]
    out = [own, root]  # for the root itself: its closest member's part
    seen = {out[0].doc, out[1].doc}
    out += [ext for d, (ext, _) in zip(finding.docs, finding.extents, strict=True) if d not in seen]
    return out


def _digest(text: str) -> str:
    normal = " ".join(text.split()).casefold()
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def stable_key(finding: Finding, by_id: dict[str, Document]) -> str:
    """A key that names the same finding after unrelated edits to its files.

    Returns:
        ``kind:`` and a 20-hex-digit hash of the files and the duplicated
        text (for a duplicate document, of the two files alone).
    """

    def part(span: Span) -> str:
        doc = by_id[span.doc]
        return f"{source_key(doc)}|{_digest(doc.text[span.start : span.end])}"

    if isinstance(finding, DuplicateDocument):
        parts = sorted(source_key(by_id[d]) for d in finding.docs)
    elif isinstance(finding, RepeatedBlock):
        parts = [part(finding.span)]
    elif isinstance(finding, Boilerplate):
        parts = [part(finding.span), finding.category]
    else:
        parts = sorted(part(s) for s in finding.spans_for_id())
    digest = hashlib.sha1("\n".join([finding.kind, *parts]).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return f"{finding.kind}:{digest}"


@dataclass
class Baseline:
    """Findings accepted as known, so that a gate can start on an old corpus.

    Attributes:
        path: The file it was read from.
        keys: Stable keys (:func:`stable_key`) of accepted findings.
        ids: Their finding ids, which also match (while offsets hold).
    """

    path: str
    keys: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read a baseline written by :meth:`write`.

        Raises:
            BaselineError: unreadable, not JSON, or not a baseline.
        """
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: unreadable: {exc.strerror or exc}") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: not a JSON baseline: {exc}") from exc
        if not isinstance(data, dict) or data.get("provenance_baseline") != BASELINE_FORMAT:
            raise BaselineError(f"{path}: not a provenance baseline (format {BASELINE_FORMAT})")
        entries = data.get("findings")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise BaselineError(f"{path}: 'findings' must be a list of objects")
        return cls(str(path), {str(e.get("key")) for e in entries}, {str(e.get("id")) for e in entries})

    def accepts(self, finding_id: str, key: str) -> bool:
        return key in self.keys or finding_id in self.ids

    @staticmethod
    def write(path: str | os.PathLike[str], result: CheckResult) -> int:
        """Write every finding of the failing kinds (accepted ones included) as
        the new baseline, atomically.

        Returns:
            How many findings it lists.
        """
        by_id = result.report.by_id
        entries = [
            {
                "key": result.keys[f.id],
                "id": f.id,
                "kind": f.kind,
                "where": [str(loc) for loc in locations(f, by_id, result.checked)],
                "message": f.message,
            }
            for f in [*result.failures, *result.accepted]
        ]
        entries.sort(key=lambda e: (e["key"], e["id"]))
        text = json_text({"provenance_baseline": BASELINE_FORMAT, "findings": entries}, indent=2)
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return len(entries)


@dataclass
class CheckResult:
    """The outcome of a check.

    Attributes:
        report: The scan report (checked files, plus indexed documents that
            findings name).
        fail_on: The kinds that fail the check.
        failures: Findings of those kinds not in the baseline.
        accepted: Findings of those kinds the baseline accepts.
        others: Findings of other kinds: reported, never failing.
        keys: Finding id -> stable key.
        checked: Ids of the documents checked (not read from the index).
        index: The index compared against, if any.
        baseline: The baseline applied, if any.
        fixable: Ids of the failures ``provenance clean`` takes away (see
            :func:`provenance.clean.removes`); the rest need a person (a
            re-wrapped copy to edit, a duplicate document: which file to
            keep).
    """

    report: Report
    fail_on: tuple[str, ...]
    failures: list[Finding]
    accepted: list[Finding]
    others: list[Finding]
    keys: dict[str, str]
    checked: set[str]
    index: str | None = None
    baseline: str | None = None
    fixable: frozenset[str] = frozenset()

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def exit_code(self) -> int:
        """0 when it passed, 1 when it failed (2 is for usage errors)."""
        return 0 if self.passed else 1

    def where(self, finding: Finding) -> list[Location]:
        return locations(finding, self.report.by_id, self.checked)

    def summary(self) -> dict[str, Any]:
        """The ``check`` block of the JSON report."""
        return {
            "passed": self.passed,
            "fail_on": list(self.fail_on),
            "failures": [f.id for f in self.failures],
            "fixed_by_clean": [f.id for f in self.failures if f.id in self.fixable],
            "accepted": [f.id for f in self.accepted],
            "keys": {f.id: self.keys[f.id] for f in self.report.findings},
            "index": self.index,
            "baseline": self.baseline,
        }


def parse_kinds(values: Iterable[str]) -> tuple[str, ...]:
    """Finding kinds from comma-separated lists; ``all`` means every kind.

    Raises:
        ValueError: an unknown kind.
    """
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    kinds = expand_names(names, FINDING_KINDS, FINDING_KINDS, "finding kind")
    return tuple(k for k in FINDING_KINDS if k in kinds)


def gate(
    report: Report,
    fail_on: Iterable[str] = DEFAULT_FAIL_ON,
    baseline: Baseline | None = None,
    index: str | None = None,
    find_repeats: Callable[[Document], Sequence[RepeatedBlock]] | None = None,
) -> CheckResult:
    """Sort a report's findings into failures, accepted and others.

    Args:
        report: A scan of the files checked (and the index, if any).
        fail_on: The kinds that fail.
        baseline: Findings to accept.
        index: The index's URL, for the record.
        find_repeats: The scan's repeated-block detection on one document,
            to tell exactly which failures ``clean`` takes away
            (:func:`provenance.clean.removes`).
    """
    fail_on = tuple(k for k in FINDING_KINDS if k in set(fail_on))
    checked = {d.id for d in report.documents if d.index is None}
    by_id = report.by_id
    keys = {f.id: stable_key(f, by_id) for f in report.findings}
    failures, accepted, others = [], [], []
    for f in report.findings:
        if f.kind not in fail_on:
            others.append(f)
        elif baseline is not None and baseline.accepts(f.id, keys[f.id]):
            accepted.append(f)
        else:
            failures.append(f)
    blocks: dict[str, list[RepeatedBlock]] = {}
    for f in failures:
        if isinstance(f, RepeatedBlock):
            blocks.setdefault(f.span.doc, []).append(f)
    fixable = frozenset(
        f.id for doc_id, found in blocks.items() if removes(by_id[doc_id], found, find_repeats) for f in found
    )
    return CheckResult(
        report, fail_on, failures, accepted, others, keys, checked, index, baseline.path if baseline else None, fixable
    )
