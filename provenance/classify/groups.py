"""Groups of copies of one article: where each text came from first, the group's root, its finding."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import (
    Document,
    DuplicateDocument,
    Segment,
    Span,
)
from ..relate import Relation
from .spans import (
    _NAMED,
)

# --- Where a text came from first -------------------------------------------------


def _segment(doc: Document, offset: int) -> Segment | None:
    for s in doc.segments:
        if s.start <= offset < s.end:
            return s
    return doc.segments[0] if doc.segments else None


def dated(doc: Document, offset: int = 0) -> tuple[str | None, str | None]:
    """The publication date and credited agency of the article of ``doc``
    holding ``offset``: its segment's own, else (for a file of one article)
    the document's date, which may come from a JSON Lines field."""
    segment = _segment(doc, offset)
    date = segment.published.date if segment and segment.published else None
    if date is None and len(doc.segments) <= 1:
        date = doc.published
    agency = segment.attribution.agency if segment and segment.attribution else None
    return date, agency


def origin(
    candidates: Sequence[tuple[str, str | None, str | None]],
) -> tuple[int | None, str]:
    """Which of several copies the others descend from, and why.

    Args:
        candidates: ``(name, date, credited agency)`` of each copy.

    Returns:
        The index of the earliest published copy (when exactly one copy has
        the earliest date); failing dates, of the one copy credited as agency
        copy; failing both, None; and the reason in words.
    """
    dates = sorted({d for _, d, _ in candidates if d})
    if dates:
        first = [i for i, (_, d, _) in enumerate(candidates) if d == dates[0]]
        if len(first) == 1:
            return first[0], f"earliest published ({dates[0]})"
    credited = [i for i, (_, _, agency) in enumerate(candidates) if agency]
    if len(credited) == 1:
        return credited[0], f"the only copy credited as agency copy ({candidates[credited[0]][2]})"
    if not dates and not credited:
        return None, "no copy gives a date or an agency credit"
    if dates:
        return None, f"{len(first)} copies share the earliest date ({dates[0]})"
    return None, f"{len(credited)} copies are credited as agency copy"


# --- Groups of copies ---------------------------------------------------------------


@dataclass
class Group:
    """A story and its copies, as alignment confirmed them.

    Attributes:
        rep: The representative the members were verified against.
        members: Every document number, the representative included.
        root: The one the others descend from (see :func:`choose_root`).
        root_why: Which rule chose it.
        relations: Per member other than the root, its relation with the
            root (the member on side ``a`` or ``b``, see :class:`Relation`).
    """

    rep: int
    members: list[int]
    root: int = -1
    root_why: str = ""
    relations: dict[int, Relation] = field(default_factory=dict)


def root_among(members: Iterable[int], docs: Sequence[Document]) -> tuple[int, str]:
    """The copy the others descend from, and which rule chose it: the
    earliest published member; failing dates, the one credited as agency
    copy; failing both, the first id in sort order."""
    ordered = sorted(members, key=lambda i: docs[i].id)
    found, why = origin([(docs[i].id, *dated(docs[i])) for i in ordered])
    return (ordered[0], f"{why}: first in id order") if found is None else (ordered[found], why)


def choose_root(group: Group, docs: Sequence[Document]) -> None:
    """Set the group's root (:func:`root_among` its members)."""
    group.root, group.root_why = root_among(group.members, docs)


def duplicate_finding(group: Group, docs: Sequence[Document]) -> DuplicateDocument:
    """The ``duplicate-document`` finding of a group whose members'
    relations with the root are known."""
    root = group.root
    ids = sorted(docs[i].id for i in group.members)
    number = {docs[i].id: i for i in group.members}
    closest = max(group.relations.values(), key=lambda r: (r.share(root), -max(r.a, r.b)))
    containment, similarities, carries, extents = [], [], [], []
    for doc_id in ids:
        i = number[doc_id]
        rel = closest if i == root else group.relations[i]
        other = (rel.b if rel.a == root else rel.a) if i == root else root
        own, theirs = rel.extent(i), rel.extent(other)
        containment.append(rel.share(i))
        similarities.append(rel.similarity)
        carries.append(1.0 if i == root else rel.share(root))
        empty = Span(doc_id, 0, 0)
        extents.append((own or empty, theirs or Span(docs[other].id, 0, 0)))
    similarity = min(r.similarity for r in group.relations.values())
    root_doc = docs[root]
    rest = [d for d in ids if d != root_doc.id]
    named = ", ".join(rest[:_NAMED]) + (f" and {len(rest) - _NAMED} more" if len(rest) > _NAMED else "")
    message = (
        f"{len(ids)} copies of one article: {root_doc.id} ({group.root_why}) and {named};"
        f" {min(c for d, c in zip(ids, containment, strict=True) if d != root_doc.id):.0%} or more of each copy"
        f" is in the root (similarity {similarity:.2f})"
    )
    return DuplicateDocument(
        message,
        docs=tuple(ids),
        root=root_doc.id,
        similarity=similarity,
        containment=tuple(containment),
        similarities=tuple(similarities),
        carries=tuple(carries),
        extents=tuple(extents),
        root_why=group.root_why,
    )
