"""Each document cut into its articles (segments), each with the agency it
credits and its publication date, with the evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..boilerplate import Lined, lined
from ..cues.agencies import AGENCY, agency_keys
from ..cues.dates import LIVE_BLOG_ENTRIES, PUBLISHED_LABELS, UPDATED_LABELS, DateMention, find_dates, resolve
from ..memo import Memo
from ..model import (
    Boilerplate,
    Document,
    Finding,
    PublicationDate,
    RepeatedBlock,
    Segment,
    Span,
)
from .articles import split
from .attribution import find_attributions

_AGENCY_AFTER = re.compile(rf"\s*\((?:{AGENCY})\)")


class _AtLineStart:
    """A pattern found only where a line starts, as with ``^`` and
    ``re.MULTILINE``, but searched for by the line break before it: the
    engine scans fast for a literal first character and tries ``^`` at
    every position.

    Args:
        body: The pattern, without ``^``.
        flags: Its flags.
    """

    def __init__(self, body: str, flags: int = 0) -> None:
        self.body, self.flags = body, flags
        self._first = re.compile(body, flags)
        self._after_break = re.compile(rf"\n(?:{body})", flags)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the pattern matches in ``text``, as ``finditer`` would."""
        m = self._first.match(text)
        out = [m.span()] if m else []
        out += [(m.start() + 1, m.end()) for m in self._after_break.finditer(text, out[0][1] if out else 0)]
        return out


_LABEL_LINE = _AtLineStart(
    r"[ \t]*(?:first\s+|last\s+)?(?:published|updated|posted|modified|released|dated?|created)\b[^\n]*",
    re.IGNORECASE,
)
_AGENCY_DATELINE = _AtLineStart(rf"[^\n]{{0,60}}?\((?:{AGENCY})\)")
# A line that starts with a clock time ("9:05 p.m.", "10:40 a.m. EST —"):
# in a live blog, an entry's time stamp. A time with a colon, or a time of
# day ("9 p.m."), not a decimal number ("3.5 million").
_TIME_LED = _AtLineStart(
    r"[ \t]*(?:\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}(?:[.:]\d{2})?\s*(?=[ap]\.?m\b))[^\n]*", re.IGNORECASE
)


# --- Segments ------------------------------------------------------------------


def segment_document(doc: Document | Lined, findings: Sequence[Finding], memo: Memo | None = None) -> list[Segment]:
    """The articles of one document, attributed and dated.

    Args:
        doc: The document, or its :class:`~provenance.boilerplate.Lined`
            text (whose lines are then read, not worked out again).
        findings: Its findings (boilerplate and repeated blocks are read).
        memo: The scan's :class:`~provenance.memo.Memo`, if any.

    Returns:
        Its :class:`Segment` list, tiling the text.
    """
    page = lined(doc)
    doc_id = page.doc.id
    boilerplate = [f for f in findings if isinstance(f, Boilerplate) and f.span.doc == doc_id]
    repeats = [f.span for f in findings if isinstance(f, RepeatedBlock) and f.span.doc == doc_id]
    captions = [(f.span.start, f.span.end) for f in boilerplate if f.category == "caption"]
    date_lines = [(f.span.start, f.span.end) for f in boilerplate if f.category in ("dateline", "byline")]
    text = page.text
    agencies = agency_keys(text, utf8=page.utf8)  # read once, for every article of the page
    names_agency = any(agencies)
    mentions = _candidate_dates(text, date_lines, names_agency)
    out = []
    for b in split(page, boilerplate, repeats, names_agency, memo):
        attributions = find_attributions(page, doc_id, b.start, b.end, masked=captions, agencies=agencies, memo=memo)
        published = _published(doc_id, text, b.start, b.end, mentions, captions, date_lines)
        out.append(Segment(doc_id, b.start, b.end, b.title, tuple(attributions), published, b.reason))
    return out


def _candidate_dates(text: str, date_lines: Sequence[tuple[int, int]], names_agency: bool) -> list[DateMention]:
    """Dates where a publication date can be: labelled lines, the page's
    date lines, agency datelines. Reading only those keeps the date pattern
    off the running text, where it would cost more than the rest of the stage."""
    regions = list(date_lines)
    regions += _LABEL_LINE.spans(text)
    if names_agency:
        regions += _AGENCY_DATELINE.spans(text)
    found: dict[int, DateMention] = {}
    for start, end in regions:
        for m in find_dates(text, start, end):
            found.setdefault(m.start, m)
    return [found[k] for k in sorted(found)]


def _inside(m: DateMention, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= m.start < e for s, e in ranges)


def _other_dates(text: str, mention: DateMention, found: Sequence[DateMention]) -> list[DateMention]:
    """The dates of ``text`` that :func:`~provenance.cues.dates.resolve` reads for
    ``mention``: all of them for a day and month that could be swapped; for a
    month and day without a year (an agency dateline), whose year comes from
    the nearest dated mention, those no farther than the nearest dated one
    already ``found``, in whole lines (the same mentions, in text order,
    that reading the whole text gives within that reach)."""
    certain = [o for o in found if len(o.readings) == 1]
    if mention.ambiguous or not certain:
        return find_dates(text)
    reach = min(abs(o.start - mention.start) for o in certain)
    lo = text.rfind("\n", 0, max(0, mention.start - reach)) + 1
    hi = text.find("\n", mention.start + reach)
    near = {m.start: m for m in find_dates(text, lo, len(text) if hi < 0 else hi)}
    for o in certain:
        near.setdefault(o.start, o)
    return [near[k] for k in sorted(near)]


def _published(
    doc_id: str,
    text: str,
    start: int,
    end: int,
    mentions: Sequence[DateMention],
    captions: Sequence[tuple[int, int]],
    date_lines: Sequence[tuple[int, int]],
) -> PublicationDate | None:
    """The date an article says it was published.

    Preference: a "Published/Posted/Date" label, then a date line of the
    page header, then "Updated", then an agency dateline's month and day.
    A date in a caption or in running text is never the publication date,
    nor is a live blog's entry time stamp (:func:`_entries`). A month and day
    without a year take the year of another date of the file; when none has
    one, the next candidate is read, and with none left the date is unknown
    (None): never a year made up, nor a day and month called ambiguous.
    """
    entries = _entries(text, start, end) if mentions else []
    ranked: list[tuple[int, int, DateMention, str]] = []
    for m in mentions:
        if not start <= m.start < end or _inside(m, captions) or _inside(m, entries):
            continue
        if m.label in PUBLISHED_LABELS:
            rank, source = 0, "published"
        elif _inside(m, date_lines):
            rank, source = 1, "date line"
        elif m.label in UPDATED_LABELS:
            rank, source = 2, "updated"
        elif m.month_day and _AGENCY_AFTER.match(text, m.end):
            rank, source = 3, "agency dateline"
        else:
            continue
        ranked.append((rank, m.start, m, source))
    yearless = True  # whether a month and day may still find their year
    for _, _, mention, source in sorted(ranked, key=lambda r: r[:2]):
        if mention.month_day and not yearless:
            continue
        # Another date of the file may decide a day/month ambiguity, or give a
        # month and day their year: only then are other dates read.
        others = _other_dates(text, mention, mentions) if mention.ambiguous or mention.month_day else ()
        res = resolve(mention, others)
        if mention.month_day and res.date is None:
            # No date of the file has a year: no other month and day will
            # find one either. (With one, this day is not in its year: 29
            # February.)
            yearless = res.resolved_by is not None
            continue
        by = res.resolved_by
        return PublicationDate(
            date=res.date.isoformat() if res.date else None,
            evidence=Span(doc_id, mention.evidence_start, mention.end),
            source=source,
            readings=tuple(r.isoformat() for r in res.readings),
            resolved_by=Span(doc_id, by.evidence_start, by.end) if by else None,
        )
    return None


def _entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The time-stamped lines of a live blog in ``text[start:end]``: its
    entries' times and dates, not the article's. An article with fewer lines
    led by a time than ``LIVE_BLOG_ENTRIES`` (a page header's "9:41 a.m.
    March 3, 2025") has none."""
    found = [(s + start, e + start) for s, e in _TIME_LED.spans(text[start:end])]
    return found if len(found) >= LIVE_BLOG_ENTRIES else []


# --- Relations -----------------------------------------------------------------


def noise_by_document(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """The boilerplate and repeated blocks of each document: what
    :func:`annotate` leaves out of its articles."""
    by_doc: dict[str, list[Finding]] = {}
    for f in findings:
        if isinstance(f, (Boilerplate, RepeatedBlock)):
            by_doc.setdefault(f.span.doc, []).append(f)
    return by_doc


def annotate(doc: Document | Lined, noise: Sequence[Finding], memo: Memo | None = None) -> None:
    """Segment, attribute and date one document, in place: its ``segments``,
    and its ``published`` date when the input did not give one.

    Args:
        doc: The document, or its :class:`~provenance.boilerplate.Lined`
            text (whose lines are then read, not worked out again).
        noise: Its boilerplate and repeated blocks (:func:`noise_by_document`).
        memo: The scan's :class:`~provenance.memo.Memo`, if any: what was
            read in a paragraph seen before is not read again.
    """
    page = lined(doc)
    document = page.doc
    document.segments = segment_document(page, noise, memo)
    if document.published is None:
        dated = [s.published for s in document.segments if s.published]
        if dated:
            document.publication = dated[0]
            document.published = dated[0].date
    elif document.publication is None:
        document.publication = PublicationDate(document.published, None, "jsonl")
