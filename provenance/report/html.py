"""The report as one self-contained HTML page: an overview, the lineage
drawn as a forest of small trees, copies side by side with the differing
words marked, and each document with its boilerplate struck through.

The page is rendered from the JSON report's dictionary (what ``scan`` writes
and ``provenance report`` reads back) and the documents' texts. Everything it
shows goes into two JSON data blocks that a script renders from, with DOM
text nodes only: a document that holds ``<script>`` or ``</textarea>`` shows
as text. A Content-Security-Policy in the page runs only the page's own
script (by its hash) and loads nothing from anywhere. The texts are a block
of their own, parsed the first time a text is shown, so that opening the
page costs the findings, not the corpus.

The differing words of two copies are rapidfuzz's Levenshtein opcodes over
the copies' words (each word a token), from the first to the last word they
share (the ``extents`` of the report).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from rapidfuzz.distance import Levenshtein

from ..clean import plan
from ..model import Boilerplate, Document, RepeatedBlock, Span
from .layout import NODE_HEIGHT, NODE_WIDTH, forest

# Two copies longer than this many word pairs (words of one times words of
# the other) are shown without their differences marked: the comparison's
# time grows with the product.
MAX_DIFF_CELLS = 400_000_000
# Characters of a title shown in a list or on a node.
_TITLE_CHARS = 90
_WORD = re.compile(r"\S+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def write_html(
    report: Mapping[str, Any],
    texts: Mapping[str, str | None],
    out: TextIO,
    *,
    strip: Iterable[str],
    link_base: str | os.PathLike[str] | None = None,
    layout: str = "auto",
) -> None:
    """Write the page for ``report`` (the JSON report as a dictionary).

    Args:
        report: The report, as :meth:`provenance.model.Report.to_dict` gives
            it or as read back from its JSON file.
        texts: Each document's text by id; None where it could not be read
            (the page says so and shows the document's findings).
        out: Where to write the page.
        strip: The categories ``clean`` removes, for the characters it would.
        link_base: The folder the page will sit in, to link each document's
            file relative to it; None to link absolute paths.
        layout: How the lineage trees are laid out: ``"auto"``, ``"dot"``
            or ``"networkx"`` (see :func:`provenance.report.layout.forest`).
    """
    data = page_data(report, texts, strip=strip, link_base=link_base, layout=layout)
    order = [d["id"] for d in report["documents"]]
    shown = [_displayable(texts.get(doc_id)) for doc_id in order]
    style = _asset("report.css")
    script = _asset("report.js")
    title = f"provenance report: {len(order)} documents"
    csp = (
        "default-src 'none'; "
        f"script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    out.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        "<noscript><p>This report is drawn by its own script: allow scripts for this file.</p></noscript>\n"
        '<div id="app"></div>\n'
        '<script type="application/json" id="report-data">'
    )
    out.write(script_json(data))
    out.write('</script>\n<script type="application/json" id="report-texts">')
    out.write(script_json(shown))
    out.write(f"</script>\n<script>{script}</script>\n</body>\n</html>\n")


def page_data(
    report: Mapping[str, Any],
    texts: Mapping[str, str | None],
    *,
    strip: Iterable[str],
    link_base: str | os.PathLike[str] | None = None,
    layout: str = "auto",
) -> dict[str, Any]:
    """What the page's script renders: documents by position, the findings
    grouped for showing, the laid-out trees and the overview figures."""
    docs = report["documents"]
    at = {d["id"]: n for n, d in enumerate(docs)}
    findings = report["findings"]
    kinds = Counter(f["kind"] for f in findings)
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        if f["kind"] in ("boilerplate", "repeated-block"):
            by_doc[f["span"]["doc"]].append(f)
    categories: list[str] = sorted({f["category"] for f in findings if f["kind"] == "boilerplate"})
    cat_index = {c: n for n, c in enumerate(categories)}
    strip = tuple(strip)
    removed = 0
    marks: list[list[Any]] = []
    for d in docs:
        own = by_doc.get(d["id"], [])
        text = texts.get(d["id"])
        if text is not None and own:
            removed += len(text) - len(plan(Document(id=d["id"], text=text), _findings(own), strip).text)
        marks.append(
            [
                [f["span"]["start"], f["span"]["end"], cat_index[f["category"]], f["reason"]]
                for f in own
                if "category" in f
            ]
        )
    groups = [_group(f, at, texts) for f in findings if f["kind"] == "duplicate-document"]
    groups.sort(key=lambda g: -len(g["members"]))
    passages = [_passage(f, at, texts) for f in findings if f["kind"] == "shared-passage"]
    passages.sort(key=lambda p: (-len(p["copies"]), -p["words"]))
    blocks = [
        {
            "id": f["id"],
            "doc": at[f["span"]["doc"]],
            "span": [f["span"]["start"], f["span"]["end"]],
            "copy": [f["copy_of"]["start"], f["copy_of"]["end"]],
            "words": f["words"],
            "similarity": f["similarity"],
            "message": f["message"],
        }
        for f in findings
        if f["kind"] == "repeated-block"
    ]
    return {
        "tool": report.get("tool", {}),
        "categories": categories,
        "strip": list(strip),
        "docs": [_doc(d, texts.get(d["id"]) is not None, link_base) for d in docs],
        "marks": marks,
        "groups": groups,
        "passages": passages,
        "blocks": blocks,
        "trees": _trees(report.get("lineage", {}), at, docs, layout),
        "agencies": _agencies(report.get("lineage", {})),
        "overview": {
            "documents": len(docs),
            "characters": sum(d["chars"] for d in docs),
            "findings": dict(sorted(kinds.items())),
            "removed": removed,
            "errors": [[e["path"], e["error"]] for e in report.get("errors", [])],
        },
        "node": [NODE_WIDTH, NODE_HEIGHT],
    }


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&``
    (so no ``</script>`` or ``<!--`` can end or change the element), and no
    line or paragraph separator, each written as a ``\\u`` escape instead."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _displayable(text: str | None) -> str | None:
    """A text as the page can carry it: a lone surrogate (from a file that
    is not valid UTF-8) shown as U+FFFD, one code point for one, so that the
    report's offsets still hold."""
    return None if text is None else _SURROGATE.sub("\ufffd", text)


def _findings(own: list[dict[str, Any]]) -> list[Boilerplate | RepeatedBlock]:
    """The findings ``clean`` acts on, back from their JSON."""
    out: list[Boilerplate | RepeatedBlock] = []
    for f in own:
        span = Span(**f["span"])
        if f["kind"] == "boilerplate":
            out.append(Boilerplate(message=f["message"], span=span, category=f["category"], reason=f["reason"]))
        else:
            out.append(RepeatedBlock(message=f["message"], span=span, copy_of=Span(**f["copy_of"])))
    return out


def _doc(d: Mapping[str, Any], has_text: bool, link_base: str | os.PathLike[str] | None) -> dict[str, Any]:
    segments = [
        {
            "span": [s["start"], s["end"]],
            "title": (s.get("title") or "")[:_TITLE_CHARS],
            "credit": s.get("attribution"),
            "evidence": [[e["start"], e["end"]] for e in s.get("attribution_evidence", [])],
            "published": s.get("published"),
            "boundary": s.get("boundary"),
        }
        for s in d.get("segments", [])
    ]
    return {
        "id": d["id"],
        "title": (d.get("title") or "")[:_TITLE_CHARS],
        "published": d.get("published"),
        "chars": d["chars"],
        "href": _href(d.get("path"), link_base),
        "text": has_text,
        "segments": segments,
    }


def _href(path: str | None, link_base: str | os.PathLike[str] | None) -> str | None:
    """A link to a document's file: relative to the page's folder when it is
    known, else a ``file:`` URL; None for a URI or a path that is not a
    file here."""
    if not path or "://" in path:
        return None
    file = Path(path.rsplit(":", 1)[0] if not Path(path).exists() and ":" in path else path)
    if not file.is_file():
        return None
    if link_base is None:
        return file.resolve().as_uri()
    relative = os.path.relpath(file.resolve(), Path(link_base).resolve())
    return quote(Path(relative).as_posix())


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text, start, end)]


def diff(a: str, a_span: tuple[int, int], b: str, b_span: tuple[int, int]) -> tuple[list[int], list[int]] | None:
    """Where two copies differ, word by word: the character ranges of ``a``
    that ``b`` does not have and of ``b`` that ``a`` does not, as flat lists
    ``[start, end, start, end, …]``; None when they are too long to compare
    (:data:`MAX_DIFF_CELLS`)."""
    wa, wb = _words(a, *a_span), _words(b, *b_span)
    if len(wa) * len(wb) > MAX_DIFF_CELLS:
        return None
    vocab: dict[str, int] = {}
    ta = [vocab.setdefault(a[s:e], len(vocab)) for s, e in wa]
    tb = [vocab.setdefault(b[s:e], len(vocab)) for s, e in wb]
    only_a: list[int] = []
    only_b: list[int] = []
    for op in Levenshtein.opcodes(ta, tb):
        if op.tag == "equal":
            continue
        if op.src_end > op.src_start:
            only_a += [wa[op.src_start][0], wa[op.src_end - 1][1]]
        if op.dest_end > op.dest_start:
            only_b += [wb[op.dest_start][0], wb[op.dest_end - 1][1]]
    return only_a, only_b


def _group(f: Mapping[str, Any], at: Mapping[str, int], texts: Mapping[str, str | None]) -> dict[str, Any]:
    """A duplicate group: root first, each member's containment, extent and
    differences from the root."""
    root = f["root"]
    members = [root] + [d for d in f["docs"] if d != root]
    root_text = texts.get(root)
    rows = []
    for d in members:
        own, in_root = f.get("extents", {}).get(d, [[0, 0], [0, 0]])
        text = texts.get(d)
        changes = None
        if d != root and text is not None and root_text is not None:
            changes = diff(root_text, tuple(in_root), text, tuple(own))
        rows.append(
            {
                "doc": at[d],
                "containment": f["containment"].get(d),
                "carries": f.get("carries", {}).get(d),
                "extent": own,
                "root_extent": in_root,
                "diff": changes,
            }
        )
    return {
        "id": f["id"],
        "message": f["message"],
        "why": f.get("root_why", ""),
        "similarity": f["similarity"],
        "members": rows,
    }


def _passage(f: Mapping[str, Any], at: Mapping[str, int], texts: Mapping[str, str | None]) -> dict[str, Any]:
    """A shared passage: every copy's span and its differences from the
    source copy (the first copy when no source is known)."""
    spans = f["spans"]
    source = f.get("source")
    base = spans[source if source is not None else 0]
    base_text = texts.get(base["doc"])
    copies = []
    for n, s in enumerate(spans):
        text = texts.get(s["doc"])
        changes = None
        if n != (source or 0) and text is not None and base_text is not None:
            changes = diff(base_text, (base["start"], base["end"]), text, (s["start"], s["end"]))
        copies.append({"doc": at[s["doc"]], "span": [s["start"], s["end"]], "diff": changes})
    return {
        "id": f["id"],
        "message": f["message"],
        "words": f["words"],
        "similarity": f["similarity"],
        "quoted": f["quoted"],
        "source": source,
        "why": f.get("source_why"),
        "copies": copies,
    }


def _trees(
    lineage: Mapping[str, Any], at: Mapping[str, int], docs: list[Mapping[str, Any]], layout: str
) -> list[dict[str, Any]]:
    """The lineage forest laid out, each node with what it shows."""
    nodes = {n["id"]: n for n in lineage.get("nodes", [])}
    out = []
    for tree in forest(dict(lineage), layout):
        shown = []
        for node_id, (x, y) in zip(tree.nodes, tree.xy, strict=True):
            node = nodes.get(node_id, {"id": node_id, "type": "document"})
            doc = at.get(node_id.split("#", 1)[0]) if node.get("type") in ("document", "segment") else None
            label = node.get("label") or node_id
            shown.append(
                {
                    "id": node_id,
                    "type": node.get("type", "document"),
                    "label": str(label)[:_TITLE_CHARS],
                    "doc": doc,
                    "published": node.get("published"),
                    "x": round(x, 1),
                    "y": round(y, 1),
                }
            )
        out.append(
            {
                "nodes": shown,
                "edges": [[a, b, r] for a, b, r in tree.edges],
                "width": round(tree.width, 1),
                "height": round(tree.height, 1),
            }
        )
    return out


def _agencies(lineage: Mapping[str, Any]) -> list[list[Any]]:
    """Agencies credited, with the number of texts crediting each."""
    count: Counter[str] = Counter()
    for e in lineage.get("edges", []):
        if e["relation"] == "wire-copy" and str(e["source"]).startswith("agency:"):
            count[e["source"].split(":", 1)[1]] += 1
    return [[name, n] for name, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))]


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
