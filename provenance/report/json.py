"""The JSON report of ``docs/report-format.md`` (format version 1)."""

from __future__ import annotations

import json

from ..model import Report


def to_json(report: Report) -> str:
    """The report as one JSON object; byte-identical for identical input."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
