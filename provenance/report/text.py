"""The human report: findings grouped by file, ``path:lines``, an excerpt each."""

from __future__ import annotations

from collections import defaultdict

import click

from ..model import Boilerplate, Document, DuplicateDocument, Finding, RepeatedBlock, Report, SharedPassage, Span
from .escape import printable

_EXCERPT = 90
# Other copies a shared passage names, and members a group lists, before
# the rest are counted.
_LISTED = 3
_LISTED_MEMBERS = 10


def excerpt(doc: Document, span: Span, width: int = _EXCERPT) -> str:
    """The start of a passage on one line, cut at a word boundary."""
    text = " ".join(doc.text[span.start : span.end].split())
    if len(text) > width:
        text = text[:width].rsplit(" ", 1)[0] + " …"
    return printable(text)


def _name(doc: Document) -> str:
    """The document's path (its id for JSON Lines), safe to print."""
    return printable(doc.path or doc.id)


def _where(doc: Document, span: Span) -> str:
    first, last = doc.lines_of(span)
    lines = f"{first}" if first == last else f"{first}-{last}"
    return f"{_name(doc)}:{lines}"


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
        first = f.source if f.source is not None else 0
        a = f.spans[first]
        da = docs[a.doc]
        others = [s for k, s in enumerate(f.spans) if k != first]
        quoted = "quoted passage" if f.quoted else "shared passage"
        places = ", ".join(_where(docs[s.doc], s) for s in others[:_LISTED])
        if len(others) > _LISTED:
            places += f" and {len(others) - _LISTED} more"
        head = f"{style(_where(da, a), bold=True)}  {quoted}, {f.words} words, also at {places}"
        if f.source is not None:
            head += f"; first here: {printable(f.source_why)}"
        head += f" (similarity {f.similarity:.2f})"
        return da.id, [head, f"    “{excerpt(da, a)}”"]
    if isinstance(f, DuplicateDocument):
        root = docs[f.root]
        head = f"{style(_name(root), bold=True)}  duplicate group: {len(f.docs)} copies of one article,"
        head += f" this one the root ({printable(f.root_why)}); similarity {f.similarity:.2f} or more"
        lines = [head]
        members = [(d, k) for k, d in enumerate(f.docs) if d != f.root]
        for doc_id, k in members[:_LISTED_MEMBERS]:
            doc = docs[doc_id]
            lines.append(
                f"    {_name(doc)}: {f.containment[k]:.0%} of it in the root, keeps"
                f" {f.carries[k]:.0%} of the root (similarity {f.similarities[k]:.2f})"
            )
        if len(members) > _LISTED_MEMBERS:
            rest = members[_LISTED_MEMBERS:]
            low = min(f.containment[k] for _, k in rest)
            lines.append(f"    … and {len(rest)} more copies, each {low:.0%} or more in the root")
        lines.append(f"    “{excerpt(root, Span(root.id, 0, root.chars))}”")
        return root.id, lines
    if isinstance(f, Boilerplate):
        doc = docs[f.span.doc]
        head = f"{style(_where(doc, f.span), bold=True)}  boilerplate ({f.category}): {printable(f.reason)}"
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
        head = _name(doc) + (f": {len(segments)} articles" if many else "")
        out.append(style(head, bold=True))
        for k, s in enumerate(segments, 1):
            first, last = doc.lines_of(Span(doc.id, s.start, max(s.start + 1, s.end)))
            parts = []
            if s.attribution:
                parts.append(f"from {printable(s.attribution.agency)}{_quoted(doc, s.attribution.evidence[0])}")
                parts.extend(f"also {printable(a.agency)}" for a in s.attributions[1:])
            if s.published and s.published.date:
                parts.append(f"published {s.published.date}{_quoted(doc, s.published.evidence)}")
            elif s.published and s.published.ambiguous:
                readings = " or ".join(s.published.readings)
                parts.append(f"published {readings}? (day and month ambiguous){_quoted(doc, s.published.evidence)}")
            where = f"  article {k}, lines {first}-{last}: " if many else "  "
            out.append(where + ("; ".join(parts) or "origin unknown"))
    arrows = {True: "→", False: "—"}
    relations = [e for e in report.lineage.get("edges", []) if e["relation"] != "wire-copy"]
    for e in relations:
        source, target = printable(e["source"]), printable(e["target"])
        line = f"{e['relation']}: {source} {arrows[e['directed']]} {target} (confidence {e['confidence']:.2f})"
        if e.get("primary_source"):
            line += f", both quoting {printable(e['primary_source'].removeprefix('source:'))}"
        out.append(line)
    for c in report.lineage.get("clusters", []):
        named = printable(", ".join(c["documents"][:_LISTED_MEMBERS]))
        if len(c["documents"]) > _LISTED_MEMBERS:
            named += f" and {len(c['documents']) - _LISTED_MEMBERS} more"
        root, why = printable(str(c["root"])), printable(c["why"])
        out.append(f"cluster of {len(c['documents'])} copies rooted at {root} ({why}): {named}")
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
        out.append(style(f"{printable(err.path)}: skipped: {printable(err.error)}", fg="yellow"))
    if report.errors:
        out.append("")
    counts = defaultdict(int)
    for f in report.findings:
        counts[f.kind] += 1
    summary = (
        f"{_plural(len(report.documents), 'document')} scanned, {_plural(len(report.errors), 'file')} skipped: "
        f"{_plural(counts['repeated-block'], 'repeated block')}, "
        f"{_plural(counts['duplicate-document'], 'group')} of duplicate documents, "
        f"{_plural(counts['shared-passage'], 'shared passage')}, "
        f"{_plural(counts['boilerplate'], 'boilerplate region')}"
    )
    if elapsed is not None:
        summary += f" in {elapsed:.2f} s"
    out.append(style(summary, bold=True))
    return "\n".join(out) + "\n"
