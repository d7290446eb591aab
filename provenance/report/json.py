"""The JSON report of ``docs/report-format.md`` (format version 1)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import TextIO

from ..model import Report


def to_json(report: Report) -> str:
    """The report as one JSON object; byte-identical for identical input."""
    out = io.StringIO()
    write_json(report, out)
    return out.getvalue()


def write_json(report: Report, out: TextIO) -> None:
    """Write :func:`to_json`'s text to ``out`` a document and a finding at a
    time, instead of building the whole object first: for a large corpus the
    report's dictionaries would take more memory than the corpus.

    The text is what ``json.dumps(report.to_dict(), indent=2)`` gives: a
    nested value is dumped alone and indented to its depth.
    """
    out.write("{")
    for n, (key, value) in enumerate(report.parts()):
        out.write(("," if n else "") + "\n  " + json.dumps(key) + ": ")
        if isinstance(value, Iterator):
            empty = True
            for item in value:
                out.write(("[" if empty else ",") + "\n    " + _dumps(item).replace("\n", "\n    "))
                empty = False
            out.write("[]" if empty else "\n  ]")
        else:
            out.write(_dumps(value).replace("\n", "\n  "))
    out.write("\n}\n")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def to_jsonl(report: Report) -> str:
    """The findings as JSON Lines, one finding object per line in report
    order, each as in the JSON report; for runs too large to read as one
    object. Documents, errors and lineage are left out."""
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in report.findings)
