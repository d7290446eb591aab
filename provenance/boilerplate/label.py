"""Labelling one document's lines from its own evidence: the rules, then
bylines, captions, date lines, link and newsletter runs, and the runs found
among the lines left (a tail of links, a menu). Every label keeps a
category and a reason."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from ..config import Settings
from ..dates import DATE, LIVE_BLOG_ENTRIES, MONTH, TIME
from .lines import Line
from .rules import (
    BARE_DATE,
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
    STANDALONE_CAPTION,
    TRAILING_CREDIT,
    WEAK_LINK_BOX,
    match_rules,
    plausible_names,
    quote,
)

# How many lines at the top of a document (or after a credit line) may hold
# a byline made of names alone.
_BYLINE_WINDOW = 4
# Fewest lines of a run after the article's last paragraph, with no heading
# above it, for it to count as a list of links.
_MIN_TAIL_RUN = 6
_MIN_MENU_RUN = 4
_MIN_TITLED_MENU_RUN = 6


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
        if not strong and not WEAK_LINK_BOX.fullmatch(heading):
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


def _headline_like(lines_: list[Line], run: list[int], strict: bool) -> bool:
    """Lines that read as article titles, not as the items of a fact box, a
    programme or a results table ("Price: £135", "2016: Bridge approved")."""
    n = len(run)
    if sum(bool(KEY_VALUE.match(lines_[k].text)) for k in run) * 2 >= n:
        return False
    if sum(lines_[k].text[:1].isdigit() and lines_[k].numbers >= 1 for k in run) * 2 > n:
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
    if any(lines_[k].text.rstrip().endswith(":") for k in tail):
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
        if line.prose or line.words > 3 or line.sentence_end or line.numbers:
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


# A line that opens a page's comment section: "{ 2 comments… read them below
# or add one }", "3 Responses to “…”", "12 thoughts on “…”", "Leave a
# Reply", "Comments". Each also names a tab or a link by the headline, so it
# counts only behind most of the article.
_COMMENTS_OPEN = re.compile(
    r"\{?\s*(?:\d+|one|two|three)\s+(?:comments?|responses?|replies|thoughts|trackbacks?)\b.{0,80}"
    r"|(?:leave|post|add|write|submit) (?:a|your|new) (?:comment|reply|response)\b.{0,40}"
    r"|comments? \(\d+\)|comments (?:are|is) closed|(?:reader|user|readers['’]?|your) comments?"
    r"|what do you think\??|have your say|speak your mind"
    r"|comments?|discussion|responses|trackbacks?|pingbacks?|join the (?:conversation|discussion)",
    re.IGNORECASE,
)
# What a comment thread prints under every comment: two of them after the
# article make a thread.
_THREAD_WIDGET = re.compile(
    r"\[?\s*reply\s*\]?|reply (?:to (?:this|comment|this comment|this parent)(?: share)?|delete|↓)"
    r"|(?:report|flag)(?: as inappropriate| abuse| this comment| comment)?|link to this comment:?"
    r"|re: \(score: ?\d+\)|recommend|permalink",
    re.IGNORECASE,
)
# A short line that offers to add a comment opens the thread, wherever the
# offer sits in it ("Tweet 199 comments | Add comment | 0 recs |").
_ADD_COMMENT = re.compile(r"\b(?:add|post|leave|write) (?:a |your )?comment\b", re.IGNORECASE)


# An article's words are prose; a page's furniture comes in short lines. A
# non-prose line costs this many words of prose in the article's block: a
# list of five items inside the article is bridged by its paragraphs, a
# column of 60 archive links is not.
_FURNITURE_COST = 4
# Fewest words of prose a page's article block has: below, nothing is cut.
_MIN_ARTICLE_WORDS = 40


def article_block(lines_: list[Line]) -> tuple[int, int] | None:
    """The page's article: the run of lines with the most words of prose,
    each line of furniture costing :data:`_FURNITURE_COST` (the maximum
    subarray, as body-text extraction finds an HTML page's article: Finn,
    Kushmerick and Smyth, *Fact or fiction: Content classification for
    digital libraries*, 2001). ``(first, last)`` line, or None when no run
    holds :data:`_MIN_ARTICLE_WORDS` words."""
    best, best_at = 0, None
    total, start = 0, 0
    for i, line in enumerate(lines_):
        if total <= 0:
            total, start = 0, i
        total += line.words if line.prose else -_FURNITURE_COST
        if total > best:
            best, best_at = total, (start, i)
    return best_at if best >= _MIN_ARTICLE_WORDS else None


# A page's furniture shows in its short lines: a file with this many lines
# of a few words (menu items, link labels, widget text) is a scraped page.
_PAGE_SHORT_LINES = 10
_SHORT_LINE_WORDS = 4


def _scraped_page(lines_: list[Line]) -> bool:
    """Whether a file reads as a whole scraped page, furniture and all, and
    not as an article on its own: at least :data:`_PAGE_SHORT_LINES` lines
    of :data:`_SHORT_LINE_WORDS` words or fewer, a quarter of its lines."""
    short = sum(1 for line in lines_ if not line.prose and line.words <= _SHORT_LINE_WORDS)
    return short >= _PAGE_SHORT_LINES and short * 4 >= len(lines_)


def outside_article(lines_: list[Line], lab: Labeller) -> None:
    """Furniture around the article of a scraped page: what follows the
    opening of its comment section, and the short lines outside the
    article's block (menus, link lists, archives, widgets; a heading right
    before a paragraph stays). Prose outside the block stays: a file may
    carry a second article, or a paragraph the block left out.

    A file that does not read as a scraped page (an article on its own, or
    a page that is mostly its comments) loses only a comment thread with
    plain evidence: its signatures under an opening, or its "Reply"s."""
    block = article_block(lines_)
    if block is None:
        return
    first, last = block
    scraped = _scraped_page(lines_)
    k = thread_start(lines_, first, last, plain=not scraped)
    if k is not None:
        reason = f"after the comment section's opening at line {k + 1},"
        group = lab.new_group()
        for j in range(k, len(lines_)):
            if lab.free(j) or j == k:
                lab.set(j, "comments", reason, quote(lines_[k].text), group=group)
        last = min(last, k - 1)
    if not scraped:
        return
    # The file's first line is the page's title or the article's headline.
    keep = {0} | {k for k in range(max(0, first - _HEADING_REACH), first) if _heading(lines_[k])}
    # The headline above a byline, a date line, a reading time.
    above = first - 1
    while above >= 0 and not lab.free(above):
        above -= 1
    if above >= 0 and _heading(lines_[above]):
        keep.add(above)
    cut = [
        k
        for k in range(len(lines_))
        if (k < first or k > last) and k not in keep and lab.free(k) and _furniture(lines_, k)
    ]
    if not cut:
        return
    reason = f"outside the article (lines {first + 1}-{last + 1}),"
    for k in cut:
        lab.set(k, "navigation" if k < first else "related-links", reason, quote(lines_[k].text))


def thread_start(lines_: list[Line], first: int, last: int, plain: bool = False) -> int | None:
    """Where a page's comment thread starts, behind the article's block
    starting at line ``first``: the thread's opening ("3 Responses", "Leave
    a Reply", an offer to add one), or its first comment's signature.

    The article comes before its comments. An opening counts once most of
    the block's prose is behind it (a "Comments" tab or a "3 Comments" link
    by the headline is not the thread), or once the article's first
    paragraphs are, when comments' signatures (a name and a date, printed
    alike) follow it; a "Reply" under two comments is a thread wherever it
    starts. Signatures with no opening cut the page into pieces: the
    article is the piece with the most prose and the thread starts at the
    signature after it. With ``plain``, only an opening over signatures
    and the "Reply"s count."""
    signatures = _signatures(lines_, first)
    most = max(_MIN_ARTICLE_WORDS, sum(line.words for line in lines_[first : last + 1] if line.prose) / 2)
    widgets = [k for k in range(first, len(lines_)) if _cue(_THREAD_WIDGET, lines_[k])]
    words = 0
    for k in range(first, len(lines_)):
        line = lines_[k]
        if k in widgets[:1] and len(widgets) >= 2 and words >= _MIN_ARTICLE_WORDS:
            return k
        if _opening(line) and words >= _MIN_ARTICLE_WORDS:
            signed = any(k < j <= k + _OPENING_REACH for j in signatures) or (_counted(line) and _named(lines_, k))
            if signed or (words >= most and not plain):
                return k
        words += line.words if line.prose else 0
    if not signatures or plain:
        return None
    bounds = [first, *signatures, len(lines_)]
    prose = [sum(line.words for line in lines_[a:b] if line.prose) for a, b in pairwise(bounds)]
    best = max(range(len(prose)), key=prose.__getitem__)
    if len(signatures) - best < 2:
        return None
    start, end = bounds[best], bounds[best + 1]
    # The commenter's name on the line above a date.
    name = lines_[end - 1]
    return end - 1 if end - 1 > start and not name.prose and name.words <= _SHORT_LINE_WORDS else end


def _counted(line: Line) -> bool:
    """Whether a line counts a page's comments ("{ 167 comments }", "19
    Responses", "14 comments to omg girls’ bodies are fascinating: embracing
    the gendered side of quantified self"), as no subheading does."""
    return _COUNT.fullmatch(line.text.strip().strip("{[()]}»:. ")) is not None


_COUNT = re.compile(
    r"(?:\d+|one|two|three)\s+(?:comments?|responses?|replies|thoughts)(?:\s+(?:to|on)\s+\S.*)?", re.IGNORECASE
)


def _named(lines_: list[Line], k: int) -> bool:
    """Whether comments signed with their authors' names alone follow line
    ``k``: two lines of one to three words within :data:`_NAMES_REACH`
    lines, each over a line of four words or more ("Hesham Zebida" / "The
    most tuts I would like to see is :")."""
    names = 0
    for j in range(k + 1, min(len(lines_) - 1, k + 1 + _NAMES_REACH)):
        line = lines_[j]
        initial = _INITIAL_END.search(line.text) is not None  # "Sandra K."
        if not line.prose and line.words <= 3 and (initial or not line.sentence_end) and not line.marker:
            names += lines_[j + 1].words >= 4
    return names >= 2


# How far below a counted opening its first two commenters' names sit.
_NAMES_REACH = 12
_INITIAL_END = re.compile(r"(?:^|\s)\w\.\s*$")


def _opening(line: Line) -> bool:
    """Whether a line opens a comment section, or offers to add a comment."""
    offers = line.words <= 12 and not line.prose and _ADD_COMMENT.search(line.text) is not None
    counted = line.words <= 20 and _counted(line)
    return offers or counted or _cue(_COMMENTS_OPEN, line)


# A comment's signature: its author and the date it was posted ("Colin
# Roald" / "October 1st, 2012 at 2:04 pm", "Posted by: Steve Garfield |
# September 13, 2012 at 05:15 AM", "Jane says:").
_SIGNATURE_DATE = re.compile(DATE, re.IGNORECASE)
_SAYS = re.compile(r"\S.{0,60}\s(?:says|said|wrote)\s*:?", re.IGNORECASE)
_SIGNATURE_WORDS = 20
# How far above the first signature a thread's opening sits (its first
# comment may be signed below it).
_OPENING_REACH = 8


_SHAPE_TOKEN = re.compile(r"\w+|[^\w\s]")
_MONTH_NAME = re.compile(MONTH, re.IGNORECASE)
# The words a signature's template prints; any other word is its author's.
_TEMPLATE_WORDS = frozenset({"at", "on", "by", "posted", "says", "said", "wrote", "am", "pm", "|"})


def _shape(text: str) -> str:
    """A signature's template: from its date on when it has one, figures,
    month names and other words each reduced to one mark ("Colin Roald —
    October 1, 2012 at 2:04 pm" → "M 0 , 0 at 0 : 0 pm"; "Jane Roe says:"
    → "a says :")."""
    # From the date on: the author's name before it may hold any mark.
    date = _SIGNATURE_DATE.search(text)
    if date is not None:
        text = text[date.start() :]
    marks: list[str] = []
    for token in _SHAPE_TOKEN.findall(text.casefold()):
        if token[0].isdigit():
            mark = "0"
        elif token in _TEMPLATE_WORDS or not token[0].isalnum():
            mark = token
        elif _MONTH_NAME.fullmatch(token):
            mark = "M"
        else:
            mark = "a"
        if not marks or marks[-1] != mark or mark not in "0a":
            marks.append(mark)
    return " ".join(marks)


def _signatures(lines_: list[Line], first: int) -> list[int]:
    """The comment signatures from line ``first`` on: short lines holding a
    date with its year, or "NAME says:", each with a paragraph within three
    lines, printed alike with two different dates or names at least (the
    article's own date line is printed another way). Fewer than two are
    none."""
    signatures: list[int] = []
    for k in range(first, len(lines_)):
        line = lines_[k]
        if line.prose or line.words > _SIGNATURE_WORDS:
            continue
        text = line.text.strip()
        if _SAYS.fullmatch(text) is None and _SIGNATURE_DATE.search(text) is None:
            continue
        near = range(max(0, k - 3), min(len(lines_), k + 4))
        if any(lines_[j].prose for j in near) and (not signatures or k - signatures[-1] >= 2):
            signatures.append(k)
    # Two comments are signed with different names or times: a page that
    # prints its date line twice is no thread.
    shape = {k: _shape(lines_[k].text) for k in signatures}
    shapes = Counter(shape[k] for k in {lines_[k].text.strip(): k for k in signatures}.values())
    signatures = [k for k in signatures if shapes[shape[k]] >= 2]
    return signatures if len(signatures) >= 2 else []


# How far above the article's first paragraph its headline and standfirst sit.
_HEADING_REACH = 3


def _cue(pattern: re.Pattern[str], line: Line) -> bool:
    """Whether a short line is all one of a pattern's cues."""
    return line.words <= 12 and not line.prose and pattern.fullmatch(line.text.strip().rstrip(".:!»› ")) is not None


def _heading(line: Line) -> bool:
    """A headline or subheading: title-like and longer than a menu item."""
    return not line.prose and line.words >= 3 and not line.marker


def _in_table(lines_: list[Line], k: int) -> bool:
    """Whether line ``k`` is a row of a flattened table: one of three or
    more lines in a row that each hold two figures or more."""

    def row(j: int) -> bool:
        return 0 <= j < len(lines_) and lines_[j].numbers >= 2

    return row(k) and ((row(k - 2) and row(k - 1)) or (row(k - 1) and row(k + 1)) or (row(k + 1) and row(k + 2)))


def _furniture(lines_: list[Line], k: int) -> bool:
    """Whether a line outside the article is furniture: a short line, not a
    heading right before a paragraph. A paragraph never is: it may be the
    only copy of a sentence of the article's (or of a second article)."""
    line = lines_[k]
    before_prose = k + 1 < len(lines_) and lines_[k + 1].prose
    # A list, a table, what introduces them: the article's more often than
    # the page's.
    if line.marker or _in_table(lines_, k) or any(_in_table(lines_, j) for j in (k + 1, k + 2)):
        return False
    if line.text.rstrip().endswith(":") and k + 1 < len(lines_) and lines_[k + 1].marker:
        return False
    return not line.prose and not before_prose


def own_labels(doc_lines: list[Line], settings: Settings) -> Labeller:
    """Labels from the document's own evidence: patterns, bylines,
    captions, dates, link and newsletter runs."""
    lab = Labeller(doc_lines)
    phrases = [(" ".join(p.split()).casefold(), c) for p, c in settings.boilerplate_phrases]
    entries = _entry_times(doc_lines)
    for i, line in enumerate(doc_lines):
        hit = match_rules(line, phrases) if i not in entries else None
        if hit is not None:
            lab.set(i, *hit)
    for i, line in enumerate(doc_lines):
        if lab.free(i) and _is_byline(doc_lines, i, lab):
            lab.set(i, "byline", "byline: names alone near the top of the article,", quote(line.text))
    _captions(doc_lines, lab)
    _bare_dates(doc_lines, lab, entries)
    _link_runs(doc_lines, lab)
    _newsletter_runs(doc_lines, lab)
    return lab
