"""The JSON report of ``docs/report-format.md`` (format version 1)."""

from __future__ import annotations

import json

from ..model import Report


def to_json(report: Report) -> str:
    """The report as one JSON object; byte-identical for identical input."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(report: Report) -> str:
    """The findings as JSON Lines, one finding object per line in report
    order, each as in the JSON report; for runs too large to read as one
    object. Documents, errors and lineage are left out."""
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in report.findings)
