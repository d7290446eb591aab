"""The JSON report of ``docs/report-format.md`` (format version 2)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TextIO

import orjson

from ..model import Report, json_text


def to_json(report: Report) -> str:
    """The report as one JSON object; byte-identical for identical input."""
    out = io.StringIO()
    write_json(report, out)
    return out.getvalue()


def write_json(report: Report, out: TextIO) -> None:
    """Write :func:`to_json`'s text to ``out`` a document and a finding at a
    time, instead of building the whole object first: for a large corpus the
    report's dictionaries would take more memory than the corpus.

    The layout is one item per line: the top-level fields and the lineage
    block's lists indented, and each document, finding, node, edge and error
    on a line of its own in compact JSON, so that ``grep`` and ``jq -c``
    work on it line by line and the report stays small (indenting every
    nested value doubled its size). The report's own floats are rounded to
    4 places.
    """
    _write(out, dict(report.parts()), 0)
    out.write("\n")


def _write(out: TextIO, value: object, depth: int) -> None:
    """``value`` at ``depth``: the top-level object and the lineage block
    key by key, their lists item by item, anything deeper compact."""
    pad = "\n" + "  " * depth
    if isinstance(value, dict) and depth <= 1 and value and any(_listy(v) for v in value.values()):
        for n, (key, item) in enumerate(value.items()):
            out.write(("{" if n == 0 else ",") + pad + "  " + _dumps(key) + ": ")
            _write(out, item, depth + 1)
        out.write(pad + "}")
    elif _listy(value):
        empty = True
        for item in value:  # type: ignore[attr-defined]
            out.write(("[" if empty else ",") + pad + "  ")
            out.write(_dumps(item))
            empty = False
        out.write("[]" if empty else pad + "]")
    else:
        out.write(_dumps(value))


def _listy(value: object) -> bool:
    return isinstance(value, Iterator | list)


def _dumps(value: object) -> str:
    # orjson: the standard encoder is pure Python, which took seconds of a
    # 100 000-article scan.
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # a lone surrogate in a text: orjson refuses it
        return json_text(value, separators=(",", ":"))


def to_jsonl(report: Report) -> str:
    """The findings as JSON Lines, one finding object per line in report
    order, each as in the JSON report; for runs too large to read as one
    object. Documents, errors and lineage are left out."""
    return "".join(json_text(f.to_dict()) + "\n" for f in report.findings)
