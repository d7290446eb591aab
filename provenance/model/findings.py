"""Findings, one class per kind of the report format, and their stable ids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .documents import Span, quick_pickling

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


def finding_id(kind: str, *spans: Span) -> str:
    """A stable id: the same finding on the same input always gets the same one."""
    key = kind + "|" + "|".join(f"{s.doc}:{s.start}:{s.end}" for s in sorted(spans))
    return f"{kind}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


@quick_pickling
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


@quick_pickling
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


@quick_pickling
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


@quick_pickling
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


@quick_pickling
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
