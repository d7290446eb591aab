"""The shared vocabulary of every stage: documents, spans, findings, reports.

Plain dataclasses with no behaviour beyond serialisation and line lookup, so
that a stage can be tested on a hand-made :class:`Document` and a notebook user
can build or inspect any of them directly. Every offset is a Python ``str``
index into :attr:`Document.text` exactly as read (see
``docs/report-format.md``); nothing here ever points into normalised text.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, ClassVar

FORMAT_VERSION = 2

# Boilerplate categories of the report format, in the order reports list them.
BOILERPLATE_CATEGORIES = (
    "newsletter",
    "related-links",
    "comments",
    "caption",
    "credit",
    "byline",
    "dateline",
    "share",
    "navigation",
    "advert",
    "template",
    "other",
)
# Finding kinds of the report format, in the order reports list them.
FINDING_KINDS = ("repeated-block", "duplicate-document", "shared-passage", "boilerplate")
# What names where a text came from: kept by ``clean`` unless asked otherwise.
PROVENANCE_CATEGORIES = ("byline", "dateline", "credit")


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A half-open character range ``text[start:end]`` of one document."""

    doc: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end}

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Attribution:
    """An agency a text credits, with the evidence.

    Attributes:
        agency: The agency's canonical name (see :mod:`provenance.cues.agencies`).
        evidence: Where the text says so (a credit line, a dateline…).
        kinds: What kinds of evidence: ``dateline``, ``credit``, ``sign-off``,
            ``self-reference``, ``contributed``, ``via``.
        confidence: 0..1, from the kinds and how many there are.
    """

    agency: str
    evidence: tuple[Span, ...]
    kinds: tuple[str, ...] = ()
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "evidence": [s.to_dict() for s in self.evidence],
            "kinds": list(self.kinds),
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class PublicationDate:
    """When a text says it was published, and how we know.

    Attributes:
        date: ISO 8601 date, or None when day and month stay ambiguous.
        evidence: The date as written (with its label), or None for a
            JSON Lines ``date`` field.
        source: ``"published"``, ``"updated"``, ``"date line"``,
            ``"agency dateline"`` or ``"jsonl"``.
        readings: Every ISO reading a numeric date had (two when day and
            month could be swapped).
        resolved_by: The other date of the file that decided between them.
    """

    date: str | None
    evidence: Span | None = None
    source: str = "published"
    readings: tuple[str, ...] = ()
    resolved_by: Span | None = None

    @property
    def ambiguous(self) -> bool:
        return self.date is None and len(self.readings) > 1

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "source": self.source,
        }
        if len(self.readings) > 1:
            out["readings"] = list(self.readings)
            out["ambiguous"] = self.ambiguous
            out["resolved_by"] = self.resolved_by.to_dict() if self.resolved_by else None
        return out


@dataclass(frozen=True, slots=True)
class Segment:
    """One article inside a file: ``text[start:end]``.

    Attributes:
        doc: The document id.
        start, end: Its range; a document's segments tile its text.
        title: Its headline, when one was found.
        attributions: Agencies it credits, strongest first.
        published: Its publication date, when it gives one.
        boundary: Why a new article starts at ``start``.
    """

    doc: str
    start: int
    end: int
    title: str | None = None
    attributions: tuple[Attribution, ...] = ()
    published: PublicationDate | None = None
    boundary: str = "start of file"

    @property
    def span(self) -> Span:
        return Span(self.doc, self.start, self.end)

    @property
    def attribution(self) -> Attribution | None:
        return self.attributions[0] if self.attributions else None

    def to_dict(self) -> dict[str, Any]:
        top = self.attribution
        return {
            "start": self.start,
            "end": self.end,
            "attribution": top.agency if top else None,
            "attribution_evidence": [s.to_dict() for s in top.evidence] if top else [],
            "attributions": [a.to_dict() for a in self.attributions],
            "title": self.title,
            "published": self.published.date if self.published else None,
            "publication": self.published.to_dict() if self.published else None,
            "boundary": self.boundary,
        }


_TITLE_HEAD = 2000  # bytes of UTF-8 read for a title first


class _Utf8Text:
    """A document's ``text`` field, kept as UTF-8: half the size of the
    ``str`` of a text with any character beyond Latin-1 (a curly quote is
    enough), and decoding it again when the text is asked for is cheap
    beside what a stage then does with it. The field stays in ``__init__``,
    ``repr`` and comparisons; setting it also sets ``chars`` and forgets the
    line starts and title worked out from the old text."""

    def __get__(self, doc: Document | None, owner: type | None = None) -> str:
        if doc is None:
            raise AttributeError("text")  # a required field: no default
        return doc._utf8.decode("utf-8", "surrogatepass")

    def __set__(self, doc: Document, text: str) -> None:
        doc._utf8 = text.encode("utf-8", "surrogatepass")
        doc.chars = len(text)
        doc.__dict__.pop("_line_starts", None)
        doc.__dict__.pop("title", None)


@dataclass
class Document:
    """One article (or one file that may hold several articles).

    Args:
        id: Stable identifier: the path relative to the scanned root, or the
            ``id`` field of a JSON Lines record.
        text: The text exactly as decoded from disk (``newline=""``).
        path: Where it was read from (for JSONL, ``file:line``).
        encoding: The codec that re-reads ``path`` into ``text``.
        sha256: Hex digest of the raw bytes (of the UTF-8 text for JSONL).
        published: ISO 8601 date when known (a JSONL ``date`` field, or what
            the lineage stage reads in the text).
        meta: Other fields of a JSONL record, echoed in the report.
        segments: The articles in the file, found by the lineage stage;
            empty until then.
        publication: How ``published`` was found.
        source: The file it was read from (the ``.jsonl`` file for a
            record); None for a document made in memory.
        index: The index it was read back from, for an indexed document
            that a check compared new files with; None otherwise.
    """

    id: str
    text: str = _Utf8Text()  # type: ignore[assignment]
    path: str | None = None
    encoding: str = "utf-8"
    sha256: str = ""
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    publication: PublicationDate | None = None
    source: str | None = None
    index: str | None = None
    # Set with ``text`` (see ``_Utf8Text``): its UTF-8 and its length.
    _utf8: bytes = field(init=False, repr=False, compare=False)
    chars: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self._utf8).hexdigest()

    @classmethod
    def from_utf8(cls, data: bytes, text: str, **fields: Any) -> Document:
        """A document of ``text`` whose UTF-8, ``data``, is already at hand
        (a file read as UTF-8), so that it is not encoded again.

        Args:
            data: ``text`` encoded as UTF-8.
            text: The text.
            **fields: The other fields.
        """
        doc = cls(text="", **{"sha256": "-", **fields})  # "-": no hash of the empty text
        doc._utf8, doc.chars = data, len(text)
        if not fields.get("sha256"):
            doc.sha256 = hashlib.sha256(data).hexdigest()
        return doc

    @property
    def utf8(self) -> bytes:
        """The text as UTF-8 (``surrogatepass``): what the document keeps."""
        return self._utf8

    @cached_property  # the graph and the report both show it
    def title(self) -> str | None:
        """The first non-blank line, a good-enough headline for display."""
        # The head of the text holds it nearly always: decoding and splitting
        # the whole text for one line was a cost per document per report.
        cut = min(len(self._utf8), _TITLE_HEAD)
        while cut < len(self._utf8) and self._utf8[cut] & 0xC0 == 0x80:  # not inside a character
            cut -= 1
        head = self._utf8[:cut].decode("utf-8", "surrogatepass").splitlines()
        lines = head[:-1] if cut < len(self._utf8) else head  # the last may go on
        for line in lines:
            if line.strip():
                return line.strip()[:200]
        for line in self.text.splitlines()[len(lines) :]:
            if line.strip():
                return line.strip()[:200]
        return None

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    def line_of(self, offset: int) -> int:
        """1-based line number of the character at ``offset``."""
        return bisect.bisect_right(self._line_starts, offset)

    def column_of(self, offset: int) -> int:
        """1-based column (in characters) of the character at ``offset``."""
        return offset - self._line_starts[self.line_of(offset) - 1] + 1

    def lines_of(self, span: Span) -> tuple[int, int]:
        """First and last 1-based line numbers that ``span`` touches."""
        return self.line_of(span.start), self.line_of(max(span.start, span.end - 1))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "chars": self.chars,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "title": self.title,
            "published": self.published,
            "publication": self.publication.to_dict() if self.publication else None,
            # Until the lineage stage has run, a file is one article of
            # unknown origin.
            "segments": [s.to_dict() for s in self.segments or [Segment(self.id, 0, self.chars)]],
        }
        if self.meta:
            out["meta"] = self.meta
        if self.index:
            out["index"] = self.index
        return out


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


def finding_id(kind: str, *spans: Span) -> str:
    """A stable id: the same finding on the same input always gets the same one."""
    key = kind + "|" + "|".join(f"{s.doc}:{s.start}:{s.end}" for s in sorted(spans))
    return f"{kind}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


@dataclass(frozen=True, slots=True)
class Finding:
    """Base of all findings; subclasses add the fields their kind requires."""

    kind: ClassVar[str] = "finding"
    message: str
    # Worked out once: a group of N copies names N documents, and the id and
    # the documents are asked for once per member (edges, clean, check).
    _id: str | None = field(default=None, init=False, repr=False, compare=False)
    _docs: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def id(self) -> str:
        if self._id is None:
            object.__setattr__(self, "_id", finding_id(self.kind, *self.spans_for_id()))
        return self._id  # type: ignore[return-value]

    def spans_for_id(self) -> tuple[Span, ...]:
        raise NotImplementedError

    def docs_involved(self) -> tuple[str, ...]:
        if self._docs is None:
            object.__setattr__(self, "_docs", tuple(sorted({s.doc for s in self.spans_for_id()})))
        return self._docs  # type: ignore[return-value]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "message": self.message}


@dataclass(frozen=True, slots=True, kw_only=True)
class RepeatedBlock(Finding):
    """Text repeated inside one document; ``span`` is the later copy."""

    kind: ClassVar[str] = "repeated-block"
    span: Span
    copy_of: Span
    similarity: float = 1.0
    words: int = 0

    def spans_for_id(self) -> tuple[Span, ...]:
        return (self.span, self.copy_of)

    def to_dict(self) -> dict[str, Any]:
        return Finding.to_dict(self) | {  # not super(): slots make a new class
            "span": self.span.to_dict(),
            "copy_of": self.copy_of.to_dict(),
            "similarity": self.similarity,
            "words": self.words,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class DuplicateDocument(Finding):
    """Two or more documents that are the same article: one finding per group
    of copies (a story and its reprints), never one per pair.

    Attributes:
        docs: Every member, sorted; ``root`` is among them.
        root: The member the others descend from (see ``root_why``).
        similarity: The lowest similarity of a member's copied text to the
            root's.
        containment: Per member (in ``docs`` order), the share of its article
            text found in the root; for the root, the share of its text found
            in the member closest to it.
        similarities: Per member, the similarity of the text it shares with
            the root (the root: with its closest member).
        carries: Per member, the share of the root's article text found in
            it (1.0 for the root): how much of its story a trimmed reprint
            keeps.
        extents: Per member, ``(its span, the root's span)``: from the first
            to the last word it shares with the root, in both (the root: with
            its closest member).
        root_why: Which rule chose the root.
    """

    kind: ClassVar[str] = "duplicate-document"
    docs: tuple[str, ...]
    root: str
    similarity: float
    containment: tuple[float, ...] = ()
    similarities: tuple[float, ...] = ()
    carries: tuple[float, ...] = ()
    extents: tuple[tuple[Span, Span], ...] = ()
    root_why: str = ""

    def spans_for_id(self) -> tuple[Span, ...]:
        return tuple(Span(d, 0, 0) for d in self.docs)

    def docs_involved(self) -> tuple[str, ...]:
        return self.docs

    def member(self, doc_id: str) -> int:
        """The position of ``doc_id`` in :attr:`docs`."""
        return self.docs.index(doc_id)

    def to_dict(self) -> dict[str, Any]:
        return Finding.to_dict(self) | {  # not super(): slots make a new class
            "docs": list(self.docs),
            "root": self.root,
            "root_why": self.root_why,
            "similarity": self.similarity,
            "containment": dict(zip(self.docs, self.containment, strict=True)),
            "similarities": dict(zip(self.docs, self.similarities, strict=True)),
            "carries": dict(zip(self.docs, self.carries, strict=True)),
            "extents": {
                d: [[own.start, own.end], [root.start, root.end]]
                for d, (own, root) in zip(self.docs, self.extents, strict=True)
            },
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedPassage(Finding):
    """One passage carried by two or more documents (or by two articles of
    one file): every copy's span, listed once.

    Attributes:
        spans: Every copy, sorted.
        source: The index in ``spans`` of the copy the others descend from
            (the earliest published; failing dates, the one credited as
            agency copy), or None when nothing says which.
        similarity: The lowest similarity of the copies that joined them.
        quoted: Inside quotation marks in every copy.
        words: The fewest words a copy shares with the copy it joined.
    """

    kind: ClassVar[str] = "shared-passage"
    spans: tuple[Span, ...]
    similarity: float
    quoted: bool = False
    words: int = 0
    source: int | None = None
    source_why: str | None = None

    def spans_for_id(self) -> tuple[Span, ...]:
        return self.spans

    def to_dict(self) -> dict[str, Any]:
        out = Finding.to_dict(self) | {  # not super(): slots make a new class
            "spans": [s.to_dict() for s in self.spans],
            "source": self.source,
            "similarity": self.similarity,
            "quoted": self.quoted,
            "words": self.words,
        }
        if self.source_why:
            out["source_why"] = self.source_why
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Boilerplate(Finding):
    """Text that is page furniture, not the article: ``category`` says what
    kind, ``reason`` says what gave it away."""

    kind: ClassVar[str] = "boilerplate"
    span: Span
    category: str = "other"
    reason: str = ""

    def spans_for_id(self) -> tuple[Span, ...]:
        return (self.span,)

    def to_dict(self) -> dict[str, Any]:
        fields = {"span": self.span.to_dict(), "category": self.category, "reason": self.reason}
        return Finding.to_dict(self) | fields  # not super(): slots make a new class


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
