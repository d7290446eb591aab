"""The JSON report of ``docs/report-format.md`` (format version 1)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import TextIO

import orjson

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

    The text is what ``json.dumps(report.to_dict(), indent=2,
    ensure_ascii=False)`` gives: a nested value is dumped alone and indented
    to its depth. (orjson writes a float below 1e-4 without an exponent; the
    report's own floats are rounded to 4 places.)
    """
    _write(out, dict(report.parts()), 0)
    out.write("\n")


# A list longer than this is written an item at a time (the lineage's nodes
# and edges: one string of them all took 150 MB at 100 000 articles).
_STREAM_ITEMS = 64


def _write(out: TextIO, value: object, depth: int) -> None:
    """``value`` as ``json.dumps`` indents it at ``depth``, streaming the
    top-level objects, iterators and long lists item by item."""
    pad = "\n" + "  " * depth
    if isinstance(value, dict) and depth <= 1 and value:
        for n, (key, item) in enumerate(value.items()):
            out.write(("{" if n == 0 else ",") + pad + "  " + _dumps(key) + ": ")
            _write(out, item, depth + 1)
        out.write(pad + "}")
    elif isinstance(value, Iterator) or (isinstance(value, list) and len(value) > _STREAM_ITEMS):
        empty = True
        for item in value:
            out.write(("[" if empty else ",") + pad + "  ")
            out.write(_dumps(item).replace("\n", pad + "  "))
            empty = False
        out.write("[]" if empty else pad + "]")
    else:
        out.write(_dumps(value).replace("\n", pad))


def _dumps(value: object) -> str:
    # orjson: the standard encoder indents in pure Python, which took 5 s of
    # a 100 000-article scan.
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:  # a lone surrogate in a text: orjson refuses it
        return json.dumps(value, ensure_ascii=False, indent=2)


def to_jsonl(report: Report) -> str:
    """The findings as JSON Lines, one finding object per line in report
    order, each as in the JSON report; for runs too large to read as one
    object. Documents, errors and lineage are left out."""
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in report.findings)
