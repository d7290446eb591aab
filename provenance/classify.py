"""Classify stage: what alignment found becomes findings of the spec's kinds,
one per group of copies, never one per pair.

* Inside one document, a passage at least ``threshold`` similar that covers
  at least ``threshold`` of the paragraphs it touches, on both sides, is a
  ``repeated-block`` (the later copy is the finding; the earliest copy is
  ``copy_of``); a looser one is a ``shared-passage`` (two articles of one file
  sharing wording). :func:`repeated_blocks` works on one document, where it
  was aligned.
* A story and its copies are one ``duplicate-document`` (:class:`Group`):
  every member, the ``root`` they descend from, and per member the share of
  its text found in the root. Who is a member was decided against the
  story's representative (:func:`provenance.cluster.is_copy`).
* Passages shared across stories are clustered (:func:`passage_findings`):
  the copies of one passage, joined through the pairs aligned, are one
  ``shared-passage`` with every copy's span and the ``source`` copy when
  dates or credits say which.
* A passage that falls inside the later copy of a repeated block says
  nothing new (the earlier copy carries it) and is dropped; so is a repeat
  inside boilerplate (a link listed twice in a sidebar), which the
  boilerplate finding stands for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .align import Passage, char_span
from .cluster import components
from .config import Settings
from .fingerprint import Fingerprint
from .model import (
    FINDING_KINDS,
    Boilerplate,
    Document,
    DuplicateDocument,
    Finding,
    RepeatedBlock,
    Segment,
    SharedPassage,
    Span,
)
from .relate import Match, Relation

_KIND_ORDER = {kind: i for i, kind in enumerate(FINDING_KINDS)}
# Places a message names before it says how many more there are.
_NAMED = 3


def _lines(doc: Document, span: Span) -> str:
    first, last = doc.lines_of(span)
    return f"{first}" if first == last else f"{first}-{last}"


def _paragraph_bounds(fp: Fingerprint, token: int) -> tuple[int, int]:
    """Token range ``[lo, hi)`` of the paragraph holding ``token``."""
    par = fp.paragraph
    return (
        int(np.searchsorted(par, par[token], side="left")),
        int(np.searchsorted(par, par[token], side="right")),
    )


def paragraph_share(fp: Fingerprint, start: int, end: int) -> float:
    """Share of the words of the paragraphs that tokens ``[start, end)`` touch
    which lie inside that range: 1.0 for whole paragraphs."""
    return (end - start) / (_paragraph_bounds(fp, end - 1)[1] - _paragraph_bounds(fp, start)[0])


def snap_to_paragraphs(fp: Fingerprint, start: int, end: int) -> tuple[int, int]:
    """Drop an edge paragraph that tokens ``[start, end)`` cover less than
    halfway: a few words that happen to match past a copied block's end."""
    if fp.paragraph[start] != fp.paragraph[end - 1]:
        lo, hi = _paragraph_bounds(fp, end - 1)
        if (end - lo) * 2 < hi - lo:
            end = lo
    if fp.paragraph[start] != fp.paragraph[end - 1]:
        lo, hi = _paragraph_bounds(fp, start)
        if (hi - start) * 2 < hi - lo:
            start = hi
    return start, end


def _mostly_inside(span: Span, regions: Iterable[Span]) -> bool:
    inside = sum(max(0, min(span.end, r.end) - max(span.start, r.start)) for r in regions if r.doc == span.doc)
    return inside * 2 > len(span)


def _by_doc(spans: Iterable[Span]) -> dict[str, list[Span]]:
    """Spans grouped by document, so a lookup reads one document's only."""
    out: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        out[span.doc].append(span)
    return out


# The longest block, in lines, that :func:`repeated_runs` looks for.
_MAX_PERIOD = 8
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def repeated_runs(doc: Document, settings: Settings) -> list[RepeatedBlock]:
    """Blocks of lines written several times in a row, each run one finding.

    A block of one to eight non-blank lines (``min_words`` words or more)
    followed at once by copies of itself is one run, however many copies:
    its ``span`` holds every copy but the first, its ``copy_of`` every copy
    but the last (the same text shifted by one block), so that removing the
    span leaves one copy. Seed alignment cannot see this: a seed found more
    than a few times in one text is no evidence there, so a line pasted a
    hundred times would pass unreported. Linear in the text: each period is
    one comparison of every line with the one a period later.
    """
    text = doc.text
    starts, ends, keys = [], [], []
    for m in _LINE.finditer(text):
        if m.start() == len(text):
            break
        body = m.group().rstrip("\r\n")
        key = " ".join(body.split())
        if key:
            starts.append(m.start())
            ends.append(m.start() + len(body))
            keys.append(key)
    n = len(keys)
    words = [len(k.split()) for k in keys]
    taken = [False] * n
    out: list[RepeatedBlock] = []
    for period in range(1, _MAX_PERIOD + 1):
        i = 0
        while i + period < n:
            j = i
            while j + period < n and keys[j] == keys[j + period]:
                j += 1
            copies = (j - i + period) // period
            unit = keys[i : i + period]
            if copies >= 2 and sum(words[i : i + period]) >= settings.min_words and not _periodic(unit):
                last = i + copies * period - 1
                if not any(taken[i : last + 1]):
                    for k in range(i, last + 1):
                        taken[k] = True
                    later = Span(doc.id, starts[i + period], ends[last])
                    earlier = Span(doc.id, starts[i], ends[last - period])
                    count = sum(words[i + period : last + 1])
                    block = "line" if period == 1 else f"{period} lines"
                    message = (
                        f"{count} words at lines {_lines(doc, later)} repeat lines {_lines(doc, earlier)}"
                        f" ({copies} copies of {block} in a row, similarity 1.00)"
                    )
                    out.append(RepeatedBlock(message, span=later, copy_of=earlier, similarity=1.0, words=count))
                i = last + 1
            else:
                i = max(j, i + 1)
    return sorted(out, key=lambda b: b.span.start)


def _periodic(block: list[str]) -> bool:
    """Whether a block of lines is itself a shorter block written again
    (three copies of one short line are no three-line block)."""
    n = len(block)
    return any(n % q == 0 and all(block[k] == block[k % q] for k in range(n)) for q in range(1, n))


def _next_line(text: str, end: int) -> str:
    """The first non-blank line after offset ``end`` (white space aside)."""
    at = text.find("\n", end)
    while at != -1:
        nxt = text.find("\n", at + 1)
        line = text[at + 1 : nxt if nxt != -1 else len(text)].strip()
        if line:
            return " ".join(line.split())
        at = nxt
    return ""


def _repeated_item(text: str, earlier: Span, later: Span) -> bool:
    """Whether a line written again is an item an article repeats on purpose:
    one line that ends no sentence (a list's "Breakfast: porridge…", an
    interview's question), each copy followed by different text (another
    day's lunch, another person's answer). A paragraph pasted twice ends a
    sentence, or is followed by what followed it the first time."""
    body = text[later.start : later.end].strip()
    closed = body.rstrip("\"'”’)]")
    if "\n" in body or not closed or closed[-1] in ".!…":
        return False
    return _next_line(text, earlier.end) != _next_line(text, later.end)


def repeated_blocks(
    doc: Document, fp: Fingerprint, passages: list[Passage], settings: Settings
) -> list[RepeatedBlock | SharedPassage]:
    """Findings of the passages a document shares with itself: the runs of
    blocks written several times in a row (:func:`repeated_runs`) first,
    then what alignment finds outside them."""
    blocks: list[RepeatedBlock] = repeated_runs(doc, settings)
    run_ids = {id(b) for b in blocks}
    runs = [Span(doc.id, b.copy_of.start, b.span.end) for b in blocks]
    shared: list[SharedPassage] = []
    text = doc.text

    def spans(p: Passage) -> tuple[Span, Span]:
        return (
            Span(doc.id, *char_span(text, fp, p.a_start, p.a_end)),
            Span(doc.id, *char_span(text, fp, p.b_start, p.b_end)),
        )

    # Earliest copy first for each later copy, so a block written three times
    # is reported twice, each time as a copy of the first.
    for p in sorted(passages, key=lambda p: (p.b_start, p.a_start)):
        a_range = snap_to_paragraphs(fp, p.a_start, p.a_end)
        b_range = snap_to_paragraphs(fp, p.b_start, p.b_end)
        whole = min(paragraph_share(fp, *a_range), paragraph_share(fp, *b_range))
        if p.similarity >= settings.threshold and whole >= settings.threshold:
            p = replace(
                p,
                a_start=a_range[0],
                a_end=a_range[1],
                b_start=b_range[0],
                b_end=b_range[1],
                matched=min(p.matched, b_range[1] - b_range[0]),
            )
            earlier, later = spans(p)
            if any(_mostly_inside(later, [b.span]) for b in blocks) or _repeated_item(text, earlier, later):
                continue
            # A passage holding a run whole (its first copy too) says the
            # run's first copy is itself a copy of earlier text: the passage
            # replaces the run, so that every copy goes and the earliest
            # stays.
            held = [b for b in blocks if _mostly_inside(b.span, [later])]
            if any(id(b) not in run_ids for b in held):
                continue
            blocks = [b for b in blocks if b not in held]
            message = (
                f"{p.matched} words at lines {_lines(doc, later)} repeat lines {_lines(doc, earlier)}"
                f" (similarity {p.similarity:.2f})"
            )
            blocks.append(RepeatedBlock(message, span=later, copy_of=earlier, similarity=p.similarity, words=p.matched))
        else:
            sa, sb = spans(p)
            weight, is_quoted = evidence(p.matched, p.similarity, p.quoted, settings)
            if weight == NOTHING or (_mostly_inside(sa, runs) and _mostly_inside(sb, runs)):
                continue
            quoted = " inside quotation marks in both" if is_quoted else ""
            where = f"{sa.doc}:{_lines(doc, sa)} and {_lines(doc, sb)}"
            message = f"{p.matched} words shared{quoted}: {where} (similarity {p.similarity:.2f})"
            shared.append(
                SharedPassage(message, spans=(sa, sb), similarity=p.similarity, quoted=is_quoted, words=p.matched)
            )
    return [*blocks, *shared]


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


# --- Passages shared across stories ---------------------------------------------------


def _nodes(matches: Sequence[Match]) -> tuple[list[Span], np.ndarray, np.ndarray]:
    """The distinct passages the matches name, and per match the node of
    each side.

    Spans of one document are one node when each overlaps the other by at
    least half its length (the same passage found from two other copies,
    give or take a word at an edge); a short quotation inside a long copied
    passage stays a node of its own.
    """
    sides = [(m.a, i, 0) for i, m in enumerate(matches)] + [(m.b, i, 1) for i, m in enumerate(matches)]
    sides.sort(key=lambda t: (t[0].doc, t[0].start, -t[0].end))
    nodes: list[Span] = []
    where = np.zeros((len(matches), 2), np.int64)
    for span, i, side in sides:
        last = nodes[-1] if nodes else None
        if last is not None and last.doc == span.doc:
            overlap = min(last.end, span.end) - max(last.start, span.start)
            if overlap * 2 >= len(span) and overlap * 2 >= len(last):
                nodes[-1] = Span(span.doc, min(last.start, span.start), max(last.end, span.end))
                where[i, side] = len(nodes) - 1
                continue
        nodes.append(span)
        where[i, side] = len(nodes) - 1
    return nodes, where[:, 0], where[:, 1]


EVIDENCE, DETAIL, NOTHING = "evidence", "detail", "nothing"


def evidence(words: int, similarity: float, quoted: bool, settings: Settings) -> tuple[str, bool]:
    """What a shared passage says of reuse, and whether it is one quotation.

    A passage of ``evidence_words`` matching words or more is
    :data:`EVIDENCE` of reuse. A shorter one that is nearly word for word
    (``min_similarity``) is a :data:`DETAIL`: reported inside one file (its
    two articles are one pair), or across documents that longer evidence
    already joins, never alone, unless it is a quotation carried by
    ``widely_quoted`` documents or more. Among the many pairs of documents of a
    corpus on the same news, short runs of the same words are what chance
    and stock phrases ("did not respond to a request for comment") give.
    Every copy inside quotation marks makes a quotation only when the
    quoted words match (``quote_similarity``): two people saying much the
    same thing ("build the wall", "build more walls") are two quotations,
    and when short, :data:`NOTHING`.

    Args:
        words: Matching words (the fewest over the aligned pairs).
        similarity: The lowest similarity over the aligned pairs.
        quoted: Whether every copy sits inside quotation marks.
        settings: ``evidence_words``, ``min_similarity``, ``quote_similarity``.

    Returns:
        :data:`EVIDENCE`, :data:`DETAIL` or :data:`NOTHING`, and whether
        it is a quotation.
    """
    quotation = quoted and similarity >= settings.quote_similarity
    if words >= settings.evidence_words:
        return EVIDENCE, quotation
    if similarity < settings.min_similarity or (quoted and not quotation):
        return NOTHING, False
    return DETAIL, quotation


def passage_findings(
    matches: Sequence[Match],
    by_id: dict[str, Document],
    later_copies: dict[str, list[Span]] | None = None,
    noise: dict[str, list[Span]] | None = None,
    settings: Settings | None = None,
) -> list[SharedPassage]:
    """The matches of pairs aligned across stories, clustered: each passage
    once, with every copy the aligned pairs join it to; those that are no
    evidence of reuse (:func:`evidence`) are left out.

    Args:
        matches: Passages shared by pairs of different documents.
        by_id: The documents, annotated (dates and credits choose the source).
        later_copies: Per document, the later copies of its repeated blocks:
            a copy inside one is left out (the earlier copy carries it).
        noise: Per document, its boilerplate: a copy inside it is left out
            (a link box two pages share is boilerplate, not reuse).
        settings: What counts as evidence; the defaults if None.
    """
    settings = settings or Settings()
    # Pair by pair first: a match that is no evidence of anything (short and
    # loose) would join unrelated documents into a passage.
    matches = [m for m in matches if evidence(m.words, m.similarity, m.quoted, settings)[0] != NOTHING]
    if not matches:
        return []
    later_copies, noise = later_copies or {}, noise or {}
    nodes, left, right = _nodes(matches)
    label = components(len(nodes), left, right)
    members: dict[int, list[int]] = defaultdict(list)
    for node, lab in enumerate(label.tolist()):
        members[lab].append(node)
    links: dict[int, list[Match]] = defaultdict(list)
    for m, lab in zip(matches, label[left].tolist(), strict=True):
        links[lab].append(m)
    kept: list[tuple[str, tuple[Span, ...], float, int, bool]] = []
    for lab, node_ids in members.items():
        spans = tuple(
            s
            for s in sorted({nodes[k] for k in node_ids})
            if not _mostly_inside(s, later_copies.get(s.doc, ())) and not _mostly_inside(s, noise.get(s.doc, ()))
        )
        if len({s.doc for s in spans}) < 2:
            continue
        found = links[lab]
        similarity = min(m.similarity for m in found)
        words = min(m.words for m in found)
        weight, quoted = evidence(words, similarity, all(m.quoted for m in found), settings)
        if weight != NOTHING:
            kept.append((weight, spans, similarity, words, quoted))
    # A detail goes where one passage of evidence holds all its documents,
    # or, a quotation, where many documents carry it.
    evidenced: dict[str, set[int]] = defaultdict(set)
    for k, (weight, spans, *_) in enumerate(kept):
        if weight == EVIDENCE:
            for s in spans:
                evidenced[s.doc].add(k)
    out = []
    for weight, spans, similarity, words, quoted in kept:
        if weight == DETAIL:
            widely_quoted = quoted and len({s.doc for s in spans}) >= settings.widely_quoted
            if not widely_quoted and not set.intersection(*(evidenced.get(s.doc, set()) for s in spans)):
                continue
        source, why = origin([(s.doc, *dated(by_id[s.doc], s.start)) for s in spans])
        out.append(_passage(spans, source, why, similarity, words, quoted, by_id))
    return out


def _passage(
    spans: tuple[Span, ...],
    source: int | None,
    why: str,
    similarity: float,
    words: int,
    quoted: bool,
    by_id: dict[str, Document],
) -> SharedPassage:
    places = [f"{s.doc}:{_lines(by_id[s.doc], s)}" for s in spans]
    named = ", ".join(places[:_NAMED]) + (f" and {len(places) - _NAMED} more" if len(places) > _NAMED else "")
    inside = " inside quotation marks in every copy" if quoted else ""
    first = f"; first at {places[source]} ({why})" if source is not None else ""
    message = f"{words} words shared{inside} by {len(spans)} copies: {named}{first} (similarity {similarity:.2f})"
    return SharedPassage(
        message,
        spans=spans,
        similarity=similarity,
        quoted=quoted,
        words=words,
        source=source,
        source_why=why if source is not None else None,
    )


# --- All together -----------------------------------------------------------------------


def classify(
    docs: Sequence[Document],
    groups: Sequence[Group],
    matches: Sequence[Match],
    within: Sequence[RepeatedBlock | SharedPassage],
    boilerplate: Sequence[Boilerplate] = (),
    settings: Settings | None = None,
) -> list[Finding]:
    """Every finding of a scan, in a stable order.

    Args:
        docs: The documents, by number, annotated (segments, dates, credits).
        groups: Groups of copies with their roots and relations to them.
        matches: Passages shared by documents of different groups.
        within: What :func:`repeated_blocks` found inside documents.
        boilerplate: What :mod:`provenance.boilerplate` found; reported as is,
            and repeats inside it are not reported again.
        settings: What a shared passage must be to be reported
            (:func:`evidence`); the defaults if None.

    Returns:
        Findings sorted by kind, document and position.
    """
    later = _by_doc(f.span for f in within if isinstance(f, RepeatedBlock))
    noise = _by_doc(b.span for b in boilerplate)
    findings: list[Finding] = [duplicate_finding(g, docs) for g in groups if len(g.members) > 1]
    findings.extend(f for f in within if not _redundant(f, later, noise))
    findings.extend(passage_findings(matches, {d.id: d for d in docs}, later, noise, settings))
    return sorted([*findings, *boilerplate], key=_sort_key)


def _redundant(f: Finding, later_copies: dict[str, list[Span]], noise: dict[str, list[Span]]) -> bool:
    """What other findings say already, inside one document: a repeated
    block inside boilerplate; wording two articles of one file share inside
    the later copy of a repeated block, or inside boilerplate."""
    if isinstance(f, RepeatedBlock):
        return _mostly_inside(f.span, noise.get(f.span.doc, ()))
    if isinstance(f, SharedPassage):
        return any(_mostly_inside(s, later_copies.get(s.doc, ())) for s in f.spans) or all(
            _mostly_inside(s, noise.get(s.doc, ())) for s in f.spans
        )
    return False


def _sort_key(f: Finding) -> tuple:
    spans = f.spans_for_id()
    return (_KIND_ORDER.get(f.kind, 9), [(s.doc, s.start, s.end) for s in spans])
