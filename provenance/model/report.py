"""A scan's report: documents, findings, lineage and the paths it could not
read, with the JSON text every writer uses."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .documents import Document, quick_pickling
from .findings import Finding

FORMAT_VERSION = 2


def json_text(value: Any, **options: Any) -> str:
    """``json.dumps`` as UTF-8 text: non-ASCII characters as they are, unless
    the value holds a lone surrogate (a file name that is not UTF-8, as
    Python reads it), which no UTF-8 file can hold: then every non-ASCII
    character is escaped (``\\udce9``), which JSON reads back the same."""
    text = json.dumps(value, ensure_ascii=False, **options)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True, **options)
    return text


@quick_pickling
@dataclass(frozen=True, slots=True)
class ScanError:
    """A path that could not be turned into a document, and why."""

    path: str
    error: str
    skipped: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "error": self.error, "skipped": self.skipped}


@dataclass
class Report:
    """Everything one scan found; renderers in :mod:`provenance.report` print it."""

    settings: dict[str, Any]
    documents: list[Document]
    findings: list[Finding]
    errors: list[ScanError]
    lineage: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"nodes": [], "edges": []})
    version: str = ""
    # Seconds per stage and work counts; not part of the JSON report, which
    # must be identical run to run.
    timings: dict[str, float] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def only(self, kinds: Iterable[str]) -> Report:
        """The report with only the findings of ``kinds`` (documents, errors
        and the lineage graph as they are)."""
        wanted = set(kinds)
        return replace(self, findings=[f for f in self.findings if f.kind in wanted])

    def parts(self) -> list[tuple[str, Any]]:
        """The report's top-level fields in order; the long arrays as
        iterators, so that a writer can stream them one item at a time."""
        return [
            ("format_version", FORMAT_VERSION),
            ("tool", {"name": "provenance", "version": self.version}),
            ("settings", self.settings),
            ("documents", (d.to_dict() for d in self.documents)),
            ("findings", (f.to_dict() for f in self.findings)),
            ("lineage", self.lineage),
            ("errors", (e.to_dict() for e in self.errors)),
        ]

    def to_dict(self) -> dict[str, Any]:
        return {key: value if isinstance(value, dict | int) else list(value) for key, value in self.parts()}
