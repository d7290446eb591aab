"""Documents and what points into them: spans, articles (segments) with their
credits (attributions) and publication dates.

Every offset is a Python ``str`` index into :attr:`Document.text` exactly as
read; nothing here ever points into normalised text.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from typing import Any, TypeVar

_Model = TypeVar("_Model")


def quick_pickling(cls: type[_Model]) -> type[_Model]:
    """A frozen dataclass with slots, pickled as a tuple of its fields'
    values, read and restored by names listed once. The state functions
    :func:`dataclasses.dataclass` gives such a class (Python 3.11) ask
    :func:`dataclasses.fields` again for every object: nearly half the
    time the scan's main process spent taking in the findings its workers
    sent back (figures in ``docs/performance.md``)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = attrgetter(*names)

    def getstate(self: _Model) -> tuple[Any, ...]:
        got = values(self)
        return got if len(names) > 1 else (got,)

    def setstate(self: _Model, state: Any) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    cls.__getstate__ = getstate  # type: ignore[attr-defined]
    cls.__setstate__ = setstate  # type: ignore[attr-defined]
    return cls


@quick_pickling
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


@quick_pickling
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


@quick_pickling
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


@quick_pickling
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
