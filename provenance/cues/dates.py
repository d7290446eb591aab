"""Dates as news pages write them: found with their offsets, read as ISO.

The patterns here are shared: :mod:`provenance.boilerplate` uses them to
recognise publication-date lines, :mod:`provenance.lineage` to read the date
an article was published. Forms seen in scraped news: ``Published 02.01.26``,
``PUBLISHED ONJanuary 01, 2026``, `` date 2025-12-29``, ``Dec. 31, 2025``,
``31 December 2025``, ISO 8601 with or without a time, and agency datelines
that give only the month and day (``MOSCOW, Jan 1 (Reuters) -``).

A numeric date whose first two fields could both be a month (``02.01.26``)
has two readings. :func:`resolve` picks the one closest to the other dates of
the same file, the way a reader would, and leaves it open when nothing
decides. Only that is ambiguous: a month and day written without a year
(``Dec. 11``) have one reading once a dated mention of the file gives the
year, and none (an unknown date, not an ambiguous one) when nothing does. A
clock time alone (``9:05 p.m.``) is no date at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

# --- Pattern fragments (case-insensitive unless marked) -----------------------

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|sday)?\.?,?\s*)"
DATE = (
    r"(?:\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2}(?:\d{2})?"
    rf"|{WEEKDAY}?{MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}"
    rf"|{WEEKDAY}?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s*\d{{4}})"
)
ZONE = r"(?:gmt|utc|bst|cet|cest|eet|eest|msk|ist|jst|kst|hkt|sgt|aest|aedt|et|est|edt|ct|cst|cdt|mt|mst|pt|pst|pdt)"
TIME = rf"(?:\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?{ZONE}\)?)?(?!\w))"
DATE_PREFIX = r"(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|released|dated?)\s*(?:on|at)?\s*[:|-]?\s*)"
SEP = r"\s*(?:,|at|@|\||-|–|—|/)?\s*"
DATE_ITEM = rf"(?:{DATE}(?:{SEP}{TIME})?|{TIME}(?:{SEP}{DATE})?)"
# Lines led by a clock time ("9:05 p.m.") in one article that make it a live
# blog: those times are its entries', not the article's publication.
LIVE_BLOG_ENTRIES = 3
AGO = (
    r"(?:(?:updated|posted|published)\s*:?\s*)?(?:\d+|an?|one)\s+"
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# A month name must not be the end of a longer word ("Benjamin"); the check is
# case-sensitive so that "PUBLISHED ONJanuary" still counts.
_NOT_AFTER_WORD = r"(?-i:(?<![a-z]))"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORDINAL = r"(?:st|nd|rd|th)?"
_TIME_TAIL = r"(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?"
_DATES = re.compile(
    rf"(?<![\d./-])(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}}){_TIME_TAIL}(?![\d])"
    rf"|(?<![\d./-])(?P<ya>\d{{4}})/(?P<ma>\d{{1,2}})/(?P<da>\d{{1,2}})(?![\d/])"
    rf"|(?<![\d./-])(?P<n1>\d{{1,2}})(?P<sep>[./-])(?P<n2>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}}|\d{{2}})(?![\d]|[./-]\d)"
    rf"|{_NOT_AFTER_WORD}(?:{WEEKDAY})?(?P<m1>{MONTH})\s*(?P<d1>{_DAY}){_ORDINAL}(?:,\s*|\s+)(?P<y1>\d{{4}})(?!\d)"
    rf"|(?<!\d)(?:{WEEKDAY})?(?P<d2>{_DAY}){_ORDINAL}\s+(?:of\s+)?(?P<m2>{MONTH}),?\s+(?P<y2>\d{{4}})(?!\d)"
    # Month and day alone ("Jan 1", "Dec. 31"): only a capitalised month
    # name, since "may 3" is usually a verb.
    rf"|(?-i:(?<![A-Za-z])(?P<m3>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*)\.?)"
    rf"\s+(?P<d3>{_DAY}){_ORDINAL}(?![\d:]|,?\s*\d{{4}})",
    re.IGNORECASE,
)
# What a label before a date says about it.
_LABEL = re.compile(
    rf"(?P<label>(?:first\s+|last\s+)?(?:published|updated|posted|modified|released|dated?|created))"
    rf"(?:\s*(?:on|at))?\s*[:|-]?\s*(?:{TIME}\s*[,|-]?\s*)?$",
    re.IGNORECASE,
)
_LABEL_REACH = 48

PUBLISHED_LABELS = frozenset({"published", "first published", "posted", "date", "dated", "released", "created"})
UPDATED_LABELS = frozenset({"updated", "last updated", "modified", "last modified"})


@dataclass(frozen=True)
class DateMention:
    """One date written in a text.

    Attributes:
        start, end: The date itself, ``text[start:end]``.
        readings: Its possible calendar dates: one, or two when day and month
            could be swapped; empty for a month and day without a year
            until :func:`with_year` gives it one.
        label: ``"published"``, ``"updated"``… when the text labels it.
        label_start: Where the label starts (``start`` when there is none).
        month_day: Month and day of a date written without its year.
    """

    start: int
    end: int
    readings: tuple[date, ...]
    label: str | None = None
    label_start: int = -1
    month_day: tuple[int, int] | None = None

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1

    @property
    def evidence_start(self) -> int:
        return self.label_start if self.label_start >= 0 else self.start

    def with_year(self, year: int) -> DateMention:
        """A month-and-day mention read in ``year``."""
        if self.month_day is None:
            return self
        reading = _make(year, *self.month_day)
        return DateMention(self.start, self.end, (reading,) if reading else (), self.label, self.label_start, None)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # news pages mean this century, or the last for 70-99
        year += 2000 if year < 70 else 1900
    return year


def _readings(m: re.Match[str]) -> tuple[tuple[date, ...], tuple[int, int] | None]:
    g = m.groupdict()
    found: list[date | None]
    if g["iy"]:
        found = [_make(int(g["iy"]), int(g["im"]), int(g["id"]))]
    elif g["ya"]:
        found = [_make(int(g["ya"]), int(g["ma"]), int(g["da"]))]
    elif g["n1"]:
        first, second, year = int(g["n1"]), int(g["n2"]), _year(g["ny"])
        # Day-first reading first: most of the world's news writes it so.
        found = [_make(year, second, first)]
        if first != second:
            found.append(_make(year, first, second))
    elif g["m1"]:
        found = [_make(int(g["y1"]), _month(g["m1"]), int(g["d1"]))]
    elif g["m2"]:
        found = [_make(int(g["y2"]), _month(g["m2"]), int(g["d2"]))]
    else:
        month = _MONTHS.get(g["m3"].casefold().rstrip("."))
        return (), (month, int(g["d3"])) if month else None
    return tuple(d for d in found if d is not None), None


def _month(name: str) -> int:
    return _MONTHS[name.casefold().rstrip(".")]


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date written in ``text[start:end]``, with the label before it.

    Args:
        text: A document's text.
        start, end: The range to search.

    Returns:
        Mentions in text order. Impossible dates (``31.02.2025``) are dropped;
        a month and day without a year is kept with no readings.
    """
    end = len(text) if end is None else end
    out: list[DateMention] = []
    for m in _matches(text, start, end):
        readings, month_day = _readings(m)
        if not readings and month_day is None:
            continue
        label = _LABEL.search(text, max(0, m.start() - _LABEL_REACH), m.start())
        if label and not _heads_line(text, label.start()):
            label = None
        name = " ".join(label.group("label").casefold().split()) if label else None
        if name == "dated":
            name = "date"
        out.append(DateMention(m.start(), m.end(), readings, name, label.start() if label else -1, month_day))
    return out


_DIGITS = re.compile(r"\d")


def _matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_DATES.finditer(text, start, end)``, reading only the lines that
    hold a digit, with the line before and after each: every date has a
    digit, and none spans a blank line ("Rio de Janeiro" at a paragraph's
    end and "27 December 2004" opening the next are not "Jan 27"). The
    pattern tries every position it is given, and most of a page's lines
    hold no date."""
    regions: list[list[int]] = []
    pos = start
    while (m := _DIGITS.search(text, pos, end)) is not None:
        line = text.rfind("\n", start, m.start())
        lo = max(start, text.rfind("\n", start, line) + 1 if line >= 0 else start)
        after = text.find("\n", m.start(), end)
        after = end if after < 0 else text.find("\n", after + 1, end)
        hi = end if after < 0 else after
        if regions and lo <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], hi)
        else:
            regions.append([lo, hi])
        pos = hi  # the next digit past this region: one search a region, not a step a digit
        if pos >= end:
            break
    for lo, hi in regions:
        yield from _DATES.finditer(text, lo, hi)


def _heads_line(text: str, at: int) -> bool:
    """A label counts at the start of a line or after a separator ("By Ann
    Lee | Published …"), not inside a sentence ("a video released Dec 31")."""
    before = text[text.rfind("\n", 0, at) + 1 : at].rstrip()
    return not before or before[-1] in "|·•—–-,"


@dataclass(frozen=True)
class Resolution:
    """What a date mention means once the other dates of its file are read.

    Attributes:
        date: The calendar date, or None when day and month stay ambiguous
            (two readings), or when a month and day find no year (none).
        readings: Every reading the mention had.
        resolved_by: The mention that decided between two readings.
    """

    date: date | None
    readings: tuple[date, ...]
    resolved_by: DateMention | None = None

    @property
    def ambiguous(self) -> bool:
        return self.date is None and len(self.readings) > 1


def resolve(mention: DateMention, others: Sequence[DateMention]) -> Resolution:
    """Read ``mention``, using ``others`` to decide a day/month ambiguity.

    The reading nearer in time to the nearest unambiguous date of the same
    file wins, but only when it is clearly nearer (half the distance or
    less): ``02.01.26`` beside ``January 01, 2026`` is 2 January. A
    month and day without a year takes the year of the nearest dated mention;
    with none, it stays unknown (no reading: not ambiguous).

    Args:
        mention: The date to read.
        others: The other date mentions of the same file.

    Returns:
        A :class:`Resolution`; ``date`` is None when nothing decides.
    """
    certain = [o for o in others if len(o.readings) == 1 and o is not mention]
    if mention.month_day is not None:
        if not certain:
            return Resolution(None, ())
        nearest = min(certain, key=lambda o: abs(o.start - mention.start))
        mention = mention.with_year(nearest.readings[0].year)
        return Resolution(mention.readings[0] if mention.readings else None, mention.readings, nearest)
    if len(mention.readings) == 1:
        return Resolution(mention.readings[0], mention.readings)
    scores: list[tuple[float, date, DateMention]] = []
    for reading in mention.readings:
        for other in certain:
            gap = abs((reading - other.readings[0]).days)
            scores.append((gap, reading, other))
    if not scores:
        return Resolution(None, mention.readings)
    per_reading = {r: min((s for s in scores if s[1] == r), key=lambda s: s[0]) for r in mention.readings}
    ranked = sorted(per_reading.values(), key=lambda s: s[0])
    best, runner_up = ranked[0], ranked[1]
    if best[0] * 2 <= runner_up[0] and best[0] <= 366:
        return Resolution(best[1], mention.readings, best[2])
    return Resolution(None, mention.readings)
