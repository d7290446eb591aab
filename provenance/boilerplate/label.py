"""Labelling one document's lines from its own evidence: the rules, then
bylines, captions, date lines, link and newsletter runs, and the runs found
among the lines left (a tail of links, a menu). Every label keeps a
category and a reason."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..config import Settings
from ..cues.dates import LIVE_BLOG_ENTRIES, TIME
from ..memo import Memo, through
from .lines import Line
from .rules import (
    BARE_DATE,
    BIO_VERB,
    BYLINE_NAME,
    CAPTION_HINTS,
    CAPTION_PHRASE,
    CREDIT_HINTS,
    CREDIT_TAIL,
    HINT_LITERALS,
    INITIAL,
    KEY_VALUE,
    LINK_BOX,
    NAMES_ONLY,
    NEWSLETTER_BODY,
    SECTION_BOX,
    STANDALONE_CAPTION,
    TRAILING_CREDIT,
    WEAK_LINK_BOX,
    match_rules,
    plausible_names,
    quote,
)

# What an article prints right under its headline: a section's link box
# stops above the headline.
_UNDER_HEADLINE = ("byline", "dateline")
# How many lines at the top of a document (or after a credit line) may hold
# a byline made of names alone.
_BYLINE_WINDOW = 4
# Fewest lines of a run after the article's last paragraph, with no heading
# above it, for it to count as a list of links.
_MIN_TAIL_RUN = 6
_MIN_MENU_RUN = 4
_MIN_TITLED_MENU_RUN = 6
# Fewest lines in a row of a label and a count for them to be an archive or
# a tag list (see _count_lists).
_MIN_COUNT_LIST = 3


@dataclass
class Label:
    category: str
    what: str  # the cause, e.g. "comment-widget text"
    detail: str  # the evidence, e.g. the quoted line; "" for a run
    group: int

    @property
    def reason(self) -> str:
        return f"{self.what} {self.detail}" if self.detail else self.what


# What a document's own evidence says of its lines, compactly (it travels
# between processes): the groups used so far, and each labelled line's
# number, category, cause, evidence and group.
Labels = tuple[int, tuple[tuple[int, str, str, str, int], ...]]


class Labeller:
    """Per-line labels of one document; consecutive lines of one group form
    one finding."""

    def __init__(self, doc_lines: list[Line]) -> None:
        self.lines = doc_lines
        self.labels: list[Label | None] = [None] * len(doc_lines)
        self._groups = 0

    def snapshot(self) -> Labels:
        found = tuple((i, x.category, x.what, x.detail, x.group) for i, x in enumerate(self.labels) if x is not None)
        return self._groups, found

    @classmethod
    def restore(cls, doc_lines: list[Line], labels: Labels) -> Labeller:
        lab = cls(doc_lines)
        lab._groups, found = labels
        for i, category, what, detail, group in found:
            lab.labels[i] = Label(category, what, detail, group)
        return lab

    def new_group(self) -> int:
        self._groups += 1
        return self._groups

    def set(self, i: int, category: str, what: str, detail: str = "", group: int | None = None) -> None:
        self.labels[i] = Label(category, what, detail, self.new_group() if group is None else group)

    def free(self, i: int) -> bool:
        return self.labels[i] is None

    def category(self, i: int) -> str | None:
        """Line ``i``'s category, or None when it is free."""
        label = self.labels[i]
        return None if label is None else label.category


def _is_byline(lines_: list[Line], i: int, labels: Labeller) -> bool:
    """Names alone (two or more, or one with a middle initial) near the top of
    an article: the top of the file or just after a credit line."""
    line = lines_[i]
    if i == 0 or line.words > 16:  # the first line is the headline
        return False
    if not NAMES_ONLY.fullmatch(line.text.rstrip(".")) or not plausible_names(line.text):
        return False
    several = bool(re.search(r",|&|\band\b", line.text))
    if not several and not INITIAL.search(line.text):
        return False
    # One byline per article: beside a "By …" line, names alone are a deck.
    if any(
        (label := labels.labels[j]) is not None and label.category == "byline"
        for j in range(max(0, i - _BYLINE_WINDOW), min(len(lines_), i + _BYLINE_WINDOW))
    ):
        return False
    start = 0
    for j in range(i - 1, -1, -1):
        label = labels.labels[j]
        if label is not None and label.category == "credit":
            start = j + 1
            break
    return i - start < _BYLINE_WINDOW


def _author_bios(lines_: list[Line], lab: Labeller) -> None:
    """An author's bio: a paragraph that opens with the name a byline of the
    page gives, then says what the author is or does ("Josh Lowensohn
    joined CNET in 2006 and covers …"). An article never speaks of its own
    author so."""
    names = set()
    for i, line in enumerate(lines_):
        if lab.category(i) == "byline" and (m := BYLINE_NAME.match(line.text.strip())) is not None:
            names.add(m.group("name"))
    if not names:
        return
    for i, line in enumerate(lines_):
        if not line.prose or not lab.free(i):
            continue
        for name in names:
            if line.text.startswith(name) and BIO_VERB.match(line.text, len(name)):
                lab.set(i, "other", f"an author's bio: it opens with the byline's {quote(name)}", quote(line.text))
                break


def _captions(lines_: list[Line], lab: Labeller) -> None:
    """Caption lines: ending in a picture credit, or describing the picture
    next to a picture-credit line."""
    # A line can hold only hints the whole text holds: one pass for the
    # document instead of one per hint and line.
    joined = "\n".join(line.text for line in lines_)
    found = HINT_LITERALS.found_in(joined, any_case=True)
    credit_hints = tuple(h for h in CREDIT_HINTS if h in found or (h == "/" and "/" in joined))
    caption_hints = tuple(h for h in CAPTION_HINTS if h in found)
    for i, line in enumerate(lines_):
        if not credit_hints:
            break
        if not lab.free(i) or line.words > 80:
            continue
        # A credit sits at the very end: look only at the tail of a line,
        # and only when the tail holds something a credit is made of.
        offset = max(0, len(line.text) - CREDIT_TAIL)
        tail = line.text[offset:].casefold()
        if not any(hint in tail for hint in credit_hints):
            continue
        m = TRAILING_CREDIT.search(line.text, offset)
        if m is None:
            continue
        credit = quote(m.group().strip())
        if m.start() == 0:
            lab.set(i, "caption", "picture credit line", credit)
        else:
            lab.set(i, "caption", "photo caption ending in the picture credit", credit)
    for i, line in enumerate(lines_):
        if not caption_hints:
            break
        if not lab.free(i) or line.words > 80:
            continue
        lowered = line.text.casefold()
        if not any(hint in lowered for hint in caption_hints):
            continue
        phrase = CAPTION_PHRASE.search(line.text)
        if phrase is None:
            continue
        credited = [
            j
            for j in (i - 1, i + 1)
            if 0 <= j < len(lines_) and (label := lab.labels[j]) is not None and label.category == "caption"
        ]
        if credited:
            lab.set(i, "caption", "caption of the picture credited next to it, saying", quote(phrase.group()))
        elif standalone := STANDALONE_CAPTION.search(line.text):
            lab.set(i, "caption", "picture caption, saying", quote(standalone.group().lstrip(", ")))


def _link_runs(lines_: list[Line], lab: Labeller) -> None:
    """A link-box heading and the short, title-like lines after it, up to the
    first paragraph of prose or other noise."""
    n = len(lines_)
    for i, line in enumerate(lines_):
        if line.words > 8:
            continue
        heading = line.text.strip()
        strong = bool(LINK_BOX.fullmatch(heading))
        weak = not strong and bool(WEAK_LINK_BOX.fullmatch(heading))
        section = not strong and not weak and bool(SECTION_BOX.fullmatch(heading))
        if not (strong or weak or section):
            continue
        if lab.labels[i] is not None and lab.labels[i].category != "related-links":
            continue
        group = lab.new_group()
        j = i + 1
        while j < n and not lines_[j].prose and not _is_heading(lines_[j].text):
            label = lab.labels[j]
            if label is not None and label.category != "related-links":
                break
            j += 1
        end = j
        # A section's box may sit right above the article: the line over its
        # byline or date line is the article's headline, not one more link.
        if section and end < n and end - 1 > i and lab.category(end) in _UNDER_HEADLINE:
            end -= 1
        # A heading set apart by a blank line right before prose is the
        # article resuming, not one more link.
        if end < n and end - 1 > i and lines_[end - 1].blank_before and lines_[end].prose:
            end -= 1
        run = [k for k in range(i + 1, end) if lab.free(k)]
        if run and not _headline_like(lines_, run, strict=not strong):
            if strong:
                lab.set(i, "related-links", "heading of a link box", quote(line.text), group=group)
            continue
        if not run:
            if strong:
                lab.set(i, "related-links", "heading of a link box", quote(line.text), group=group)
            continue
        reason = _run_reason(lines_, run, f"after {quote(line.text)}")
        for k in [i, *run]:
            lab.set(k, "related-links", reason, group=group)


def _is_heading(text: str) -> bool:
    heading = text.strip()
    return bool(LINK_BOX.fullmatch(heading) or WEAK_LINK_BOX.fullmatch(heading))


_NUMBERED = re.compile(r"\d{1,2}[.)]\s")


def _table_row(line: Line) -> bool:
    """Whether a line opens with a figure, as a table's row or a programme's
    entry does. A numbered list's number is its order, not a first column:
    "1. Iran produces 35mm anti-aircraft gun" under "Most read" is a title
    (a row numbered in a league table holds more figures: "1. Arsenal 20 14
    4 2 46")."""
    if not line.text[:1].isdigit() or not line.numbers:
        return False
    return not (_NUMBERED.match(line.text) and line.numbers <= 2)


def _headline_like(lines_: list[Line], run: list[int], strict: bool) -> bool:
    """Lines that read as article titles, not as the items of a fact box, a
    programme or a results table ("Price: £135", "2016: Bridge approved")."""
    n = len(run)
    if sum(bool(KEY_VALUE.match(lines_[k].text)) for k in run) * 2 >= n:
        return False
    if sum(_table_row(lines_[k]) for k in run) * 2 > n:
        return False
    if strict:
        return sum(lines_[k].titleish for k in run) >= 0.6 * n and sum(lines_[k].words for k in run) >= 3 * n
    return True


def _run_reason(lines_: list[Line], run: list[int], where: str) -> str:
    n = len(run)
    titled = round(100 * sum(lines_[k].titleish for k in run) / n)
    bare = round(100 * sum(not lines_[k].sentence_end for k in run) / n)
    counts = Counter(" ".join(lines_[k].text.split()).casefold() for k in run)
    twice = sum(1 for c in counts.values() if c > 1)
    reason = (
        f"run of {n} short lines and no prose {where}: {titled}% in title case, {bare}% without sentence punctuation"
    )
    if twice:
        reason += f", {twice} listed more than once"
    return reason


def _count_lists(lines_: list[Line], lab: Labeller) -> None:
    """An archive or a tag list: :data:`_MIN_COUNT_LIST` or more lines in a
    row that are each a label and the count of its posts in parentheses
    ("July 2012 (11)", "► March (25)", "Nokia (1617)", "10/21/12 - 10/28/12
    (77)"). A year in parentheses is a date ("Puzzle Quest (2007)", a list
    of the article's), and a label of figures alone a row of a table."""
    n = len(lines_)
    i = 0
    while i < n:
        j = i
        while j < n and _counted_label(lines_[j]) and (lab.free(j) or lab.labels[j].category == "navigation"):
            j += 1
        if j - i >= _MIN_COUNT_LIST:
            group = lab.new_group()
            reason = f"archive or tag list: {j - i} lines of a label and a count"
            for k in range(i, j):
                if lab.free(k):
                    lab.set(k, "navigation", reason, group=group)
        i = max(j, i + 1)


def _counted_label(line: Line) -> bool:
    """Whether a line is a label and a count (see :func:`_count_lists`)."""
    text = line.text
    if line.words > 12 or not text.rstrip().endswith(")"):  # most lines, without the pattern
        return False
    found = _COUNTED.fullmatch(text.strip())
    if found is None or _YEAR.fullmatch(found["count"]):
        return False
    return any(c.isalpha() or c == "/" for c in found["label"])


# A list marker (a triangle, a guillemet, a bullet) may open the line.
_COUNTED = re.compile(
    r"(?:[\u25ba\u25b6\u25bc\u00bb\u2022*-]\s*)?(?P<label>\S.{0,80}?)\s*\((?P<count>\d{1,3}(?:,\d{3})+|\d{1,6})\)"
)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _newsletter_runs(lines_: list[Line], lab: Labeller) -> None:
    for i in range(len(lines_)):
        label = lab.labels[i]
        if label is None or label.category != "newsletter":
            continue
        j = i + 1
        while j < len(lines_) and lab.free(j) and not lines_[j].prose and NEWSLETTER_BODY.search(lines_[j].text):
            lab.set(j, "newsletter", label.what, label.detail, group=label.group)
            j += 1


def tail_run(lines_: list[Line], lab: Labeller) -> None:
    """Title-like lines after the article's last paragraph, with no heading:
    a link list scraped along with the article."""
    last_prose = max((k for k, line in enumerate(lines_) if line.prose), default=-1)
    if last_prose < 0:
        return
    tail = range(last_prose, len(lines_))
    # A list introduced by a colon ("The main posts:") is the article's.
    if any(lines_[k].leads_in for k in tail):
        return
    run = [k for k in range(last_prose + 1, len(lines_)) if lab.free(k)]
    if len(run) < _MIN_TAIL_RUN or any(lines_[k].marker for k in run):
        return
    if not _headline_like(lines_, run, strict=True):
        return
    if sum(lines_[k].titleish for k in run) < 0.8 * len(run):
        return
    # Headlines are phrases with few figures; rows of a flattened table (a
    # league table, results) are short and full of them.
    if sum(lines_[k].numbers >= 2 for k in run) > 0.2 * len(run):
        return
    if sum(lines_[k].words for k in run) < 4 * len(run):
        return
    reason = _run_reason(lines_, run, "after the article's last paragraph")
    group = lab.new_group()
    for k in run:
        lab.set(k, "related-links", reason, group=group)


def menu_run(lines_: list[Line], lab: Labeller) -> None:
    """One-to-three-word lines at the very top of the file, before any prose:
    a site menu (lines already known as navigation count towards it); or,
    under the page's title line, :data:`_MIN_TITLED_MENU_RUN` of them. A
    fact box or an ingredient list under a headline is shorter, or holds
    figures or sentences."""
    run = _short_run(lines_, lab, 0)
    where = "at the top of the page"
    if len(run) < _MIN_MENU_RUN and lines_ and not lines_[0].prose and lines_[0].words > 3:
        run = _short_run(lines_, lab, 1)
        where = "under the page's title"
        if len(run) < _MIN_TITLED_MENU_RUN:
            return
    if len(run) >= _MIN_MENU_RUN:
        label_menu(lab, run, where)


def menu_item(line: Line) -> bool:
    """Whether a line reads as a menu's item: one to three words, no figure,
    no sentence."""
    return not line.prose and line.words <= 3 and not line.sentence_end and not line.numbers


def label_menu(lab: Labeller, run: list[int], where: str) -> None:
    """Label the free lines of ``run`` one menu, found ``where``."""
    group = lab.new_group()
    reason = f"menu of {len(run)} one-to-three-word lines {where}"
    for k in run:
        if lab.free(k):
            lab.set(k, "navigation", reason, group=group)


def _short_run(lines_: list[Line], lab: Labeller, start: int) -> list[int]:
    """The one-to-three-word lines from ``start`` on, up to the first that is
    not one (or that another rule says is not navigation)."""
    run: list[int] = []
    for k in range(start, len(lines_)):
        line, label = lines_[k], lab.labels[k]
        if not menu_item(line):
            break
        if label is not None and label.category != "navigation":
            break
        run.append(k)
    return run


def _entry_times(lines_: list[Line]) -> set[int]:
    """The lines that are a clock time alone ("9:05 p.m."), when there are
    ``LIVE_BLOG_ENTRIES`` or more: a live blog's entries, which are its
    content. One alone is a page's publication time."""
    times = {i for i, line in enumerate(lines_) if line.words <= 4 and _TIME_ALONE.fullmatch(line.text.strip())}
    return times if len(times) >= LIVE_BLOG_ENTRIES else set()


_TIME_ALONE = re.compile(TIME, re.IGNORECASE)


def _bare_dates(lines_: list[Line], lab: Labeller, entries: set[int]) -> None:
    """A date alone on a line is a publication date where those sit: above
    the first paragraph, right under the page's first line (its headline,
    however long), right beside a byline or credit, or after the last
    paragraph. Elsewhere it is the article's (a programme, a timeline), and
    so are a live blog's entry times (``entries``, see :func:`_entry_times`)."""
    prose = [k for k, line in enumerate(lines_) if line.prose]
    first_prose, last_prose = (prose[0], prose[-1]) if prose else (len(lines_), len(lines_))
    for i, line in enumerate(lines_):
        if not lab.free(i) or line.words > 12 or i in entries or not BARE_DATE.fullmatch(line.text.strip()):
            continue
        beside = any(
            (label := lab.labels[j]) is not None and label.category in ("credit", "byline")
            for j in (i - 1, i + 1)
            if 0 <= j < len(lines_)
        )
        if i < first_prose or i == 1 or beside or i > last_prose:
            lab.set(i, "dateline", "publication date", quote(line.text))


def own_labels(doc_lines: list[Line], settings: Settings, memo: Memo | None = None) -> Labeller:
    """Labels from the document's own evidence: patterns, bylines,
    captions, dates, link and newsletter runs.

    ``memo``, the scan's :class:`~provenance.memo.Memo` if any, keeps what
    the rules said of a line's text (they read nothing else), for the lines
    that come again."""
    lab = Labeller(doc_lines)
    phrases = tuple((" ".join(p.split()).casefold(), c) for p, c in settings.boilerplate_phrases)
    entries = _entry_times(doc_lines)
    for i, line in enumerate(doc_lines):
        if i in entries:
            continue
        hit = through(memo, ("rules", line.text, phrases), len(line.text), match_rules, line, phrases)
        if hit is not None:
            lab.set(i, *hit)
    for i, line in enumerate(doc_lines):
        if lab.free(i) and _is_byline(doc_lines, i, lab):
            lab.set(i, "byline", "byline: names alone near the top of the article,", quote(line.text))
    _author_bios(doc_lines, lab)
    _captions(doc_lines, lab)
    _bare_dates(doc_lines, lab, entries)
    _link_runs(doc_lines, lab)
    _count_lists(doc_lines, lab)
    _newsletter_runs(doc_lines, lab)
    return lab
