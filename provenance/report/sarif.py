"""SARIF 2.1.0 (OASIS) for code-scanning tools, GitHub's among them.

One rule per finding kind; one result per finding, located by file, lines and
columns (``columnKind`` is Unicode code points, Python's own string indexes),
with the other copies as related locations linked from the message. Results
carry a stable ``partialFingerprints`` key, so an alert keeps its identity
when unrelated lines move; findings a baseline accepts are included as
suppressed (``suppressions``, ``baselineState: unchanged``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..gate import CheckResult, Location
from ..model import FINDING_KINDS, Boilerplate, Finding, json_text
from ..version import __version__
from .gate import describe

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "provenance/stableKey/v1"
_SNIPPET = 1000

RULES: dict[str, tuple[str, str, str]] = {
    "repeated-block": (
        "RepeatedBlock",
        "Text repeated inside one file",
        "A block of whole paragraphs appears twice in one file: the same text was ingested twice. "
        "The later copy is the location; 'provenance clean' removes it.",
    ),
    "duplicate-document": (
        "DuplicateDocument",
        "The same article in two files",
        "Two files carry the same article: a duplicated ingest, a re-publication or an updated "
        "version. Keep one of them.",
    ),
    "shared-passage": (
        "SharedPassage",
        "Wording shared with another file",
        "A passage, down to a phrase, appears in another file too: shared wire copy, reused text "
        "or a quotation both carry.",
    ),
    "boilerplate": (
        "Boilerplate",
        "Page noise, not article text",
        "A newsletter prompt, link list, comment widget, caption, credit or similar line scraped "
        "with the article. 'provenance clean' removes it.",
    ),
}


def _uri(path: str) -> dict[str, str]:
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(os.fsencode(path)), "uriBaseId": "%SRCROOT%"}  # a name's own bytes, UTF-8 or not


def _physical(loc: Location, result: CheckResult) -> dict[str, Any]:
    doc = result.report.by_id[loc.doc]
    region: dict[str, Any] = {
        "startLine": loc.first_line,
        "endLine": loc.last_line,
        "startColumn": loc.start_column,
        "endColumn": loc.end_column,
    }
    if len(loc.span) <= _SNIPPET:  # a snippet is the region's exact text, or absent
        region["snippet"] = {"text": doc.text[loc.span.start : loc.span.end]}
    return {"artifactLocation": _uri(loc.path), "region": region}


def _level(f: Finding, result: CheckResult) -> str:
    if f.kind in result.fail_on:
        return "error"
    return "note" if isinstance(f, Boilerplate) else "warning"


def _result(f: Finding, result: CheckResult, accepted: bool) -> dict[str, Any]:
    locs = result.where(f)
    text = f"{f.kind}: {describe(f, locs, result)}"
    # Markdown-style links [text](id) point at the related locations.
    for i, loc in enumerate(locs[1:], start=1):
        text = text.replace(str(loc), f"[{loc}]({i})", 1)
    out: dict[str, Any] = {
        "ruleId": f.kind,
        "ruleIndex": FINDING_KINDS.index(f.kind),
        "level": _level(f, result),
        "message": {"text": text},
        "locations": [{"physicalLocation": _physical(locs[0], result)}],
        "partialFingerprints": {FINGERPRINT: result.keys[f.id]},
        "properties": {"findingId": f.id},
    }
    if len(locs) > 1:
        out["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(loc, result), "message": {"text": f"also at {loc}"}}
            for i, loc in enumerate(locs[1:], start=1)
        ]
    if result.baseline:
        out["baselineState"] = "unchanged" if accepted else "new"
    if accepted:
        out["suppressions"] = [{"kind": "external", "justification": f"accepted in the baseline {result.baseline}"}]
    return out


def to_sarif(result: CheckResult) -> dict[str, Any]:
    """The check as a SARIF 2.1.0 log (a JSON-ready dict)."""
    rules = [
        {
            "id": kind,
            "name": name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "help": {"text": full},
            "defaultConfiguration": {"level": "error" if kind in result.fail_on else "warning"},
            "properties": {"tags": ["duplication" if kind != "boilerplate" else "noise", "news-corpus"]},
        }
        for kind, (name, short, full) in RULES.items()
    ]
    accepted = {f.id for f in result.accepted}
    findings = [*result.failures, *result.accepted, *result.others]
    order = {f.id: i for i, f in enumerate(result.report.findings)}
    findings.sort(key=lambda f: order[f.id])
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "provenance",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, result, f.id in accepted) for f in findings],
                "invocations": [{"executionSuccessful": True, "exitCode": result.exit_code}],
            }
        ],
    }


def render(result: CheckResult) -> str:
    return json_text(to_sarif(result), indent=2) + "\n"
