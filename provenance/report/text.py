"""The human report: findings grouped by file, ``path:lines``, an excerpt each."""

from __future__ import annotations

from collections import defaultdict

import click

from ..model import Boilerplate, Document, DuplicateDocument, Finding, RepeatedBlock, Report, SharedPassage, Span

_EXCERPT = 90


def excerpt(doc: Document, span: Span, width: int = _EXCERPT) -> str:
    """The start of a passage on one line, cut at a word boundary."""
    text = " ".join(doc.text[span.start : span.end].split())
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + " …"


def _where(doc: Document, span: Span) -> str:
    first, last = doc.lines_of(span)
    lines = f"{first}" if first == last else f"{first}-{last}"
    return f"{doc.path or doc.id}:{lines}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _entry(report: Report, f: Finding, style) -> tuple[str, list[str]]:
    """(document id it is listed under, lines to print)."""
    docs = report.by_id
    if isinstance(f, RepeatedBlock):
        doc = docs[f.span.doc]
        head = f"{style(_where(doc, f.span), bold=True)}  repeated block, {f.words} words, copy of lines"
        first, last = doc.lines_of(f.copy_of)
        head += f" {first}-{last} (similarity {f.similarity:.2f})"
        return doc.id, [head, f"    “{excerpt(doc, f.span)}”"]
    if isinstance(f, SharedPassage):
        a, b = f.spans[0], f.spans[1]
        da, db = docs[a.doc], docs[b.doc]
        quoted = "quoted passage" if f.quoted else "shared passage"
        head = f"{style(_where(da, a), bold=True)}  {quoted}, {f.words} words, also at {_where(db, b)}"
        head += f" (similarity {f.similarity:.2f})"
        return da.id, [head, f"    “{excerpt(da, a)}”"]
    if isinstance(f, DuplicateDocument):
        da, db = docs[f.docs[0]], docs[f.docs[1]]
        ca, cb = f.containment
        head = f"{style(da.path or da.id, bold=True)}  duplicate document of {db.path or db.id}"
        head += f" ({ca:.0%} / {cb:.0%} contained, similarity {f.similarity:.2f})"
        return da.id, [head, f"    “{excerpt(da, Span(da.id, 0, len(da.text)))}”"]
    if isinstance(f, Boilerplate):
        doc = docs[f.span.doc]
        head = f"{style(_where(doc, f.span), bold=True)}  boilerplate ({f.category}): {f.reason}"
        return doc.id, [head, f"    “{excerpt(doc, f.span)}”"]
    return "", [f.message]


def _quoted(doc: Document, span: Span | None) -> str:
    return f" ({excerpt(doc, span, 50)!r})" if span is not None else ""


def _lineage(report: Report, style) -> list[str]:
    """Articles with an origin or a date, then the relations between texts."""
    out: list[str] = []
    for doc in report.documents:
        segments = doc.segments
        known = [s for s in segments if s.attributions or s.published]
        if not known and len(segments) <= 1:
            continue
        many = len(segments) > 1
        head = f"{doc.path or doc.id}" + (f": {len(segments)} articles" if many else "")
        out.append(style(head, bold=True))
        for k, s in enumerate(segments, 1):
            first, last = doc.lines_of(Span(doc.id, s.start, max(s.start + 1, s.end)))
            parts = []
            if s.attribution:
                parts.append(f"from {s.attribution.agency}{_quoted(doc, s.attribution.evidence[0])}")
                parts.extend(f"also {a.agency}" for a in s.attributions[1:])
            if s.published and s.published.date:
                parts.append(f"published {s.published.date}{_quoted(doc, s.published.evidence)}")
            elif s.published:
                readings = " or ".join(s.published.readings)
                parts.append(f"published {readings}? (day and month ambiguous){_quoted(doc, s.published.evidence)}")
            where = f"  article {k}, lines {first}-{last}: " if many else "  "
            out.append(where + ("; ".join(parts) or "origin unknown"))
    arrows = {True: "→", False: "—"}
    relations = [e for e in report.lineage.get("edges", []) if e["relation"] != "wire-copy"]
    for e in relations:
        line = (
            f"{e['relation']}: {e['source']} {arrows[e['directed']]} {e['target']} (confidence {e['confidence']:.2f})"
        )
        if e.get("primary_source"):
            line += f", both quoting {e['primary_source'].removeprefix('source:')}"
        out.append(line)
    for c in report.lineage.get("clusters", []):
        root = f"rooted at {c['root']}" if c["root"] else f"no root: {c['why']}"
        out.append(f"cluster of {len(c['documents'])} copies: {', '.join(c['documents'])}; {root}")
    if out:
        out.insert(0, style("Lineage", bold=True, underline=True))
    return out


def to_text(report: Report, color: bool = False, elapsed: float | None = None) -> str:
    """The findings grouped by the file they are listed under, then errors and
    a one-line summary."""

    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    grouped: dict[str, list[list[str]]] = defaultdict(list)
    for f in report.findings:
        doc_id, lines = _entry(report, f, style)
        grouped[doc_id].append(lines)
    out: list[str] = []
    for doc in report.documents:
        for lines in grouped.get(doc.id, []):
            out.extend(lines)
        if doc.id in grouped:
            out.append("")
    lineage = _lineage(report, style)
    if lineage:
        out.extend([*lineage, ""])
    for err in report.errors:
        out.append(style(f"{err.path}: skipped: {err.error}", fg="yellow"))
    if report.errors:
        out.append("")
    counts = defaultdict(int)
    for f in report.findings:
        counts[f.kind] += 1
    summary = (
        f"{_plural(len(report.documents), 'document')} scanned, {_plural(len(report.errors), 'file')} skipped: "
        f"{_plural(counts['repeated-block'], 'repeated block')}, "
        f"{_plural(counts['duplicate-document'], 'duplicate document')}, "
        f"{_plural(counts['shared-passage'], 'shared passage')}, "
        f"{_plural(counts['boilerplate'], 'boilerplate region')}"
    )
    if elapsed is not None:
        summary += f" in {elapsed:.2f} s"
    out.append(style(summary, bold=True))
    return "\n".join(out) + "\n"
