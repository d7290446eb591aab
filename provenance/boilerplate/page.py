"""The article in a scraped page: the densest run of its prose, and the
furniture around it (menus, link lists, widgets, the short gaps between
them) and after its comment section's opening (:mod:`.threads`)."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..memo import Memo
from .label import Labeller, label_menu, menu_item
from .lines import CLOSERS, MIN_ARTICLE_WORDS, SHORT_LINE_WORDS, Line
from .rules import quote
from .threads import counted_thread, readers_thread, signature_lines, thread_start

# An article's words are prose; a page's furniture comes in short lines. A
# non-prose line costs this many words of prose in the article's block: a
# list of five items inside the article is bridged by its paragraphs, a
# column of 60 archive links is not.
_FURNITURE_COST = 4


def _weight(line: Line) -> int:
    """What a line adds to a run's claim to be the article: its words if
    it is prose, less :data:`_FURNITURE_COST` if not."""
    return line.words if line.prose else -_FURNITURE_COST


def article_block(lines_: list[Line]) -> tuple[int, int] | None:
    """The page's article: the run of lines with the most words of prose,
    each line of furniture costing :data:`_FURNITURE_COST` (the maximum
    subarray, as body-text extraction finds an HTML page's article: Finn,
    Kushmerick and Smyth, *Fact or fiction: Content classification for
    digital libraries*, 2001). A list of teasers (:func:`_teaser_lines`)
    costs as furniture does: a site's standfirsts may outweigh a short
    article. ``(first, last)`` line, or None when no run holds
    :data:`MIN_ARTICLE_WORDS` words."""
    best, best_at = 0, None
    total, start = 0, 0
    teaser = _teaser_lines(lines_)
    for i, line in enumerate(lines_):
        if total <= 0:
            total, start = 0, i
        total += -_FURNITURE_COST if i in teaser else _weight(line)
        if total > best:
            best, best_at = total, (start, i)
    return best_at if best >= MIN_ARTICLE_WORDS else None


# Fewest teasers in a row (a heading right over a short paragraph, one after
# the other) that make a list of them (three are as often an article's
# sections under their subheadings).
_TEASER_LIST = 4


def _teaser_lines(lines_: list[Line]) -> set[int]:
    """The lines of lists of teasers anywhere on the page: :data:`_TEASER_LIST`
    or more headings in a row each right over a paragraph of fewer than
    :data:`_TEASER_WORDS` words, and nothing else between them (a site's
    other stories with their standfirsts). Their prose is no evidence of
    the article."""
    teasers = [i for i in range(1, len(lines_)) if _teaser_body(lines_[i]) and _heading(lines_[i - 1])]
    found: set[int] = set()
    run: list[int] = []
    for i in [*teasers, -1]:
        if run and i == run[-1] + 2:
            run.append(i)
            continue
        if len(run) >= _TEASER_LIST:
            found.update(j for k in run for j in (k - 1, k))
        run = [i]
    return found


# A run of this many lines of furniture parts the block (see _article_part),
# and a part next to the heaviest is the article's too when it weighs at
# least this share of it.
_GAP_LINES = 3
_PART_SHARE = 0.25


def _article_part(lines_: list[Line], lab: Labeller, first: int, last: int) -> tuple[int, int]:
    """The article within the block ``first``-``last``: the block bridges a
    sidebar that has prose of its own (an author's bio, a promo, teasers
    with their standfirsts) across the furniture between them. A run of
    :data:`_GAP_LINES` or more non-prose lines parts the block when the
    page's own rules labelled one of them at least (a share bar, a sign-up
    form, a link box's heading) and fewer than half hold a figure (an
    ingredient list, a table, a line-up are the article's). The article is
    the heaviest part (by :func:`_weight`), with the parts next to it that
    weigh at least :data:`_PART_SHARE` of it (an article resuming after a
    long list). The furniture between two parts runs from the run's first
    labelled line to its last, less a line before it that :func:`_closes`
    a text."""
    parts: list[tuple[int, int]] = []
    start, run, figures = first, 0, 0
    cue, last_cue = -1, -1  # the run's first and last labelled lines
    for i in range(first, last + 1):
        line = lines_[i]
        if not line.prose:
            run += 1
            if not lab.free(i):
                cue, last_cue = (i if cue < 0 else cue), i
            figures += line.numbers > 0
            continue
        if run >= _GAP_LINES and cue >= 0 and 2 * figures < run:
            # The furniture is from the run's first cue to its last: one
            # line before it that ends a sentence or leads into a list is
            # the part's last (a line read as no prose: "The standings
            # are:", a long sentence full of names); the lines after it
            # are the next part's head.
            end = i - run - 1
            if cue == end + 2 and _closes(lines_[end + 1]):
                end += 1
            parts.append((start, end))
            start = last_cue + 1
        run = figures = 0
        cue = last_cue = -1
    parts.append((start, last))
    if len(parts) == 1:
        return first, last
    weights = [sum(_weight(line) for line in lines_[a : b + 1]) for a, b in parts]
    best = max(range(len(parts)), key=weights.__getitem__)
    if weights[best] < MIN_ARTICLE_WORDS:  # no part is an article alone
        return first, last
    lo = hi = best
    while lo > 0 and weights[lo - 1] >= _PART_SHARE * weights[best]:
        lo -= 1
    while hi + 1 < len(parts) and weights[hi + 1] >= _PART_SHARE * weights[best]:
        hi += 1
    return parts[lo][0], parts[hi][1]


# A line of this many words is a paragraph's, whatever its shape.
_LONG_LINE_WORDS = 20


def _closes(line: Line) -> bool:
    """Whether a line reads as the last of a text, prose or not: a sentence
    or what leads into a list, or a line as long as a paragraph."""
    return line.sentence_end or line.leads_in or line.words >= _LONG_LINE_WORDS


# A page's furniture shows in its short lines: a file with this many lines
# of a few words (menu items, link labels, widget text) is a scraped page.
_PAGE_SHORT_LINES = 10


def _scraped_page(lines_: list[Line]) -> bool:
    """Whether a file reads as a whole scraped page, furniture and all, and
    not as an article on its own: at least :data:`_PAGE_SHORT_LINES` lines
    of :data:`SHORT_LINE_WORDS` words or fewer, a quarter of its lines."""
    short = sum(1 for line in lines_ if not line.prose and line.words <= SHORT_LINE_WORDS)
    return short >= _PAGE_SHORT_LINES and short * 4 >= len(lines_)


class Shape(NamedTuple):
    """What a page's lines and its own rules say of it (no evidence of the
    corpus's is read): its article's lines ``first`` to ``last``, whether it
    reads as a whole scraped page, and the line its comment thread starts
    at, if any. Worked out once per document: the pass after templates is
    handed it."""

    first: int
    last: int
    scraped: bool
    thread: int | None


def page_shape(lines_: list[Line], lab: Labeller, memo: Memo | None = None) -> Shape | None:
    """The page's :class:`Shape`, or None when no run of lines is an
    article (:func:`article_block`). ``lab`` holds what the page's own
    rules said of its lines (:func:`~.label.own_labels`); ``memo`` is the
    scan's :class:`~provenance.memo.Memo`, if any."""
    block = article_block(lines_)
    if block is None:
        return None
    first, last = block
    scraped = _scraped_page(lines_)
    candidates = signature_lines(lines_, memo)
    early = readers_thread(lines_, candidates) if scraped else None
    if early is not None and early <= first:
        # The block is a comment that outweighs the post above the thread.
        block = article_block(lines_[:early])
        if block is None:
            return None
        (first, last), thread = block, early
    else:
        thread = thread_start(lines_, first, last, plain=not scraped, candidates=candidates)
    if thread is not None:
        last = max(first, min(last, thread - 1))
    if scraped:
        first = _headed(lines_, lab, first, last)
    first, last = _article_part(lines_, lab, first, last)
    last = _led_list(lines_, lab, last, thread)
    return Shape(first, last, scraped, thread)


def _headed(lines_: list[Line], lab: Labeller, first: int, last: int) -> int:
    """Where the article starts in its block ``first``-``last``: at the
    line that repeats the page title's headline (see :func:`page_title`),
    when the page's navigation sits right above it ("Home / Positioning
    your startup", "Main | Next post »"). What the block holds above it is
    a sidebar with prose of its own (an author's bio, a book's blurb), not
    the article."""
    navigation = {j for j in range(first, last - 1) if not lab.free(j) and _navigation(lab, j)}
    if not navigation:  # most pages: no need to look for the headline
        return first
    k = _headline_copy(lines_, lab)
    if k is None or not first < k < last or k - 1 not in navigation:
        return first
    prose = sum(line.words for line in lines_[k : last + 1] if line.prose)
    return k if prose >= MIN_ARTICLE_WORDS else first


def _navigation(lab: Labeller, k: int) -> bool:
    label = lab.labels[k]
    return label is not None and label.category == "navigation"


# What leads into a list in a sentence's words ("The dates are as
# follows."), and what leads into a link box or a share bar instead ("More
# content from NBCNews.com:", "Read on:", "Posted on this day, other years:").
_AS_FOLLOWS = re.compile(r"\b(?:as follows|below|following)\W*$", re.IGNORECASE)
_LINK_LEAD = re.compile(
    r"\b(?:more|other|read|share|posted|bookmark|subscribe|follow|related|find|comments?|tags?|topics?|filed"
    r"|sources?|jobs?)\b",
    re.IGNORECASE,
)
# Fewest items of such a list, and the least share of them holding a figure
# (dates, quantities, table cells): a link box's titles seldom do.
_LIST_ITEMS = 3
_LIST_FIGURES = 0.25


def _led_list(lines_: list[Line], lab: Labeller, last: int, thread: int | None) -> int:
    """The article's last line, taking in the list or table its last
    paragraph leads into ("The dates are as follows.", "Ingredients for one
    pumpkin pie:"), flattened by the page's markup into short lines that
    read as furniture: from a free line right after the block that leads in
    as a sentence would (capitalised, not title-like, no link box's words),
    over the lines before the first one the page's own rules label (or its
    comment thread), when there are :data:`_LIST_ITEMS` or more and at
    least :data:`_LIST_FIGURES` of them hold a figure."""
    lead = last + 1
    end = len(lines_) if thread is None else thread
    if lead >= end or not lab.free(lead):
        return last
    line = lines_[lead]
    if line.prose or line.titleish or line.words < 2 or not (line.leads_in or _AS_FOLLOWS.search(line.text)):
        return last
    if not (line.text[:1].isupper() or line.text[:1].isdigit()) or _LINK_LEAD.search(line.text):
        return last
    k = lead + 1
    while k < end and lab.free(k):
        k += 1
    items = range(lead + 1, k)
    if len(items) < _LIST_ITEMS or sum(lines_[j].numbers > 0 for j in items) < _LIST_FIGURES * len(items):
        return last
    return k - 1


# A site's, a blog's or a publisher's description of itself ("Gadgetwise is
# a blog about…", "Reuters is the world's largest international multimedia
# news agency…"): outside the article, it is the page's. Named, not "It is a
# fantastic site".
_SELF_DESCRIPTION = re.compile(
    r"\s*(?-i:(?!(?:It|This|That|There|Here|He|She|They|We|I|You)\b)[A-Z0-9][\w.&'’-]*(?:\s+[A-Z0-9][\w.&'’-]*){0,4})"
    r"\s+(?:is|are)\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,6}?(?:blog|web ?site|site|destination|source|magazine"
    r"|publication|news agency|newspaper|network|portal|news service)s?\b",
    re.IGNORECASE,
)


# A teaser a link list cut short ("…, your Iranian policy is a complete and
# ut...", "2012 Honda CR-V Will Arrive On Time, Despite..."), or printed
# with its link to the rest ("… Read more »", "[ Continue reading ]"): not
# one leading into a list ("let's read more:").
_CUT_SHORT = re.compile(r"\w(?:\.\.\.|…)$")
_READ_MORE = re.compile(
    r"\b(?:read more|continue reading|read article|read the full (?:story|article|post)|full story|learn more)"
    r"[^\w:]{0,6}$",
    re.IGNORECASE,
)
# How far from its end a read-more link sits at most.
_READ_MORE_TAIL = 40


def _read_more(text: str) -> bool:
    """Whether a line ends in a link to the rest of its text."""
    return _READ_MORE.search(text[-_READ_MORE_TAIL:]) is not None


def _cut_short(text: str) -> bool:
    """Whether a line ends as a teaser does: cut off, or in a read-more link."""
    # The pattern is tried only on lines ending in an ellipsis: a search
    # would try it at every character of every line outside the article.
    return (text.endswith(("...", "…")) and _CUT_SHORT.search(text) is not None) or _read_more(text)


def outside_article(lines_: list[Line], lab: Labeller, shape: Shape | None) -> None:
    """Furniture around the article of a scraped page: what follows the
    opening of its comment section, and the short lines outside the
    article's block (menus, link lists, archives, widgets; a heading right
    before a paragraph stays). Prose outside the block stays: a file may
    carry a second article, or a paragraph the block left out; but for a
    site's description of itself, and a teaser the site cut short ("…, your
    Iranian policy is a complete and ut...") anywhere but right above the
    article (where it may be the lede, its "more" link gone). Inside the
    block, a paragraph that ends in its link to the rest ("… Read more »")
    is a teaser too (a list of other posts' standfirsts the block took in).

    A file that does not read as a scraped page (an article on its own, or
    a page that is mostly its comments) loses only a comment thread with
    plain evidence: its signatures under an opening, or its "Reply"s.

    ``shape`` is the page's :func:`page_shape`."""
    if shape is None:
        return
    first, last, scraped, k = shape
    if k is not None:
        _label_thread(lines_, lab, k)
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
    # What the article's last paragraph leads into ("The final standings
    # are:"), its list or table gone with the page's markup.
    if last + 1 < len(lines_) and _heading(lines_[last + 1]) and lines_[last + 1].leads_in:
        keep.add(last + 1)
    # The article's closing sentences that do not read as prose, too short
    # or all names and figures ("Golden State was led by Stephen Jackson
    # with 32."): the block's sum left them out.
    after = last + 1
    while after < len(lines_) and lab.free(after) and _closing_sentence(lines_[after]):
        keep.add(after)
        after += 1
    cut = [
        k
        for k in range(len(lines_))
        if (k < first or k > last) and k not in keep and lab.free(k) and _furniture(lines_, k)
    ]
    reason = f"outside the article (lines {first + 1}-{last + 1}),"
    for k in cut:
        lab.set(k, "navigation" if k < first else "related-links", reason, quote(lines_[k].text))
    for k in range(len(lines_)):
        if (k < first or k > last) and lines_[k].prose and lab.free(k) and _SELF_DESCRIPTION.match(lines_[k].text):
            lab.set(k, "other", f"the site's description of itself {reason}", quote(lines_[k].text))
        elif (k < first - _HEADING_REACH or k > last) and lab.free(k) and _cut_short(lines_[k].text):
            lab.set(k, "related-links", f"a teaser cut short {reason}", quote(lines_[k].text))
        elif first <= k <= last and lines_[k].prose and lab.free(k) and _read_more(lines_[k].text):
            lab.set(k, "related-links", "a teaser with its read-more link,", quote(lines_[k].text))
    _teasers(lines_, lab, first, last)


def _label_thread(lines_: list[Line], lab: Labeller, k: int) -> None:
    """The comment thread from its opening at line ``k`` to the page's end:
    the opening, and every line no rule labelled, are ``comments``."""
    reason = f"after the comment section's opening at line {k + 1},"
    group = lab.new_group()
    for j in range(k, len(lines_)):
        if lab.free(j) or j == k:
            lab.set(j, "comments", reason, quote(lines_[k].text), group=group)


# Fewest one-to-three-word lines in a row that make a menu on a page with no
# article block (as under a page's title line: see label.menu_run).
_MIN_MENU_LINES = 6


def menus_without_article(lines_: list[Line], lab: Labeller, shape: Shape | None) -> None:
    """The menus and link lists of a scraped page with no article block (a
    photo post, a video under a line of text):

    - runs of :data:`_MIN_MENU_LINES` or more one-to-three-word lines with
      no figure and no sentence, wherever they sit (lines already known as
      navigation or as the site's template count towards a run);
    - then runs of as many headlines (:func:`_headline_item`; lines already
      labelled count towards a run), less the page's first line (its title,
      see :func:`page_title`) and the lines right above a paragraph (a
      post's headline and byline). A run right under the line that repeats
      the page's headline, or under a line that leads in ("MORE:"), is the
      post's own list and stays.

    Run after the runs of :mod:`.label`: a menu left free keeps a list of
    links after the page's last paragraph from reading as one."""
    if shape is not None or not _scraped_page(lines_):
        return
    thread = counted_thread(lines_)
    if thread is not None:
        _label_thread(lines_, lab, thread)
    run: list[int] = []
    for k in [*range(len(lines_)), len(lines_)]:
        if k < len(lines_):
            label = lab.labels[k]
            if menu_item(lines_[k]) and (label is None or label.category in ("navigation", "template")):
                run.append(k)
                continue
        if len(run) >= _MIN_MENU_LINES:
            label_menu(lab, run, "on a page with no article block")
        run = []
    _headline_lists(lines_, lab)


# Most words of a headline in a link list.
_HEADLINE_WORDS = 15


def _headline_item(line: Line) -> bool:
    """Whether a line reads as a link list's headline: title-like, no
    sentence, no list marker, at most :data:`_HEADLINE_WORDS` words."""
    return (
        line.titleish and not line.prose and not line.sentence_end and not line.marker and line.words <= _HEADLINE_WORDS
    )


def _headline_lists(lines_: list[Line], lab: Labeller) -> None:
    """The lists of headlines of a page with no article block (see
    :func:`menus_without_article`)."""
    headline = _headline_copy(lines_, lab)
    furniture = ("navigation", "template", "related-links")
    run: list[int] = []
    for k in [*range(len(lines_)), len(lines_)]:
        if k < len(lines_):
            label = lab.labels[k]
            if (_headline_item(lines_[k]) and label is None) or (label is not None and label.category in furniture):
                run.append(k)
                continue
        items = [j for j in run if j > 0 and lab.free(j) and not _above_prose(lines_, j)]
        under = headline is not None and bool(run) and headline < run[0] <= headline + _HEADING_REACH + 1
        led = bool(run) and any(lines_[j].leads_in for j in range(max(0, run[0] - 2), run[0]))
        if len(run) >= _MIN_MENU_LINES and len(items) >= 3 and not under and not led:
            group = lab.new_group()
            reason = f"list of {len(run)} headlines on a page with no article block"
            for j in items:
                lab.set(j, "related-links", reason, quote(lines_[j].text), group=group)
        run = []


def _above_prose(lines_: list[Line], k: int) -> bool:
    """Whether a paragraph follows line ``k`` within :data:`_HEADING_REACH` lines."""
    return any(lines_[j].prose for j in range(k + 1, min(len(lines_), k + 1 + _HEADING_REACH)))


# Fewest teasers (a heading over a short paragraph) in a row after a page's
# article that make a list of them, the most words of a teaser's paragraph,
# and the most lines of furniture between two teasers of one list.
_MIN_TEASERS = 2
_TEASER_WORDS = 60
_TEASER_GAP = 2


def _teasers(lines_: list[Line], lab: Labeller, first: int, last: int) -> None:
    """Lists of teasers around the article's block: headings in a row each
    right over a short paragraph, with no other paragraph between them
    (other stories of the site, each with its standfirst); after the block
    :data:`_MIN_TEASERS` or more, before it :data:`_MIN_TEASERS_BEFORE` or
    more, ending :data:`_HEADING_REACH` lines or more above it (right above
    it, a heading over a paragraph is as often the article's headline and
    standfirst), with no paragraph right after the last. One heading over
    one paragraph may be a note on the article or a second article;
    sections of an article broken by a gallery run on with paragraphs of
    their own."""
    where = f"after the article (lines {first + 1}-{last + 1}):"
    for teasers in _teaser_runs(lines_, lab, last + 1, len(lines_), _MIN_TEASERS):
        _label_teasers(lines_, lab, teasers, where)
    where = f"before the article (lines {first + 1}-{last + 1}):"
    for teasers in _teaser_runs(lines_, lab, 1, first - _HEADING_REACH, _MIN_TEASERS_BEFORE):
        after = teasers[-1] + 2
        if after < len(lines_) and lines_[after].prose:  # text going on: the block may have missed an article
            continue
        _label_teasers(lines_, lab, teasers, where)


# Fewest teasers in a row before the article that make a list of them.
_MIN_TEASERS_BEFORE = 3


def _teaser_runs(lines_: list[Line], lab: Labeller, start: int, stop: int, fewest: int) -> list[list[int]]:
    """The lists of :func:`_teasers` between lines ``start`` and ``stop``
    (a teaser's paragraph included), each as its headings' lines."""
    lists: list[list[int]] = []
    k, end = start, -1  # end: the line after the last teaser
    while k + 1 < min(stop, len(lines_)):
        label = lab.labels[k]
        linked = label is None or label.category in ("related-links", "navigation")  # a link box's run may take it
        if _heading(lines_[k]) and linked and _teaser_body(lines_[k + 1]) and lab.free(k + 1):
            if lists and k - end <= _TEASER_GAP and not any(lines_[j].prose for j in range(end, k)):
                lists[-1].append(k)
            else:
                lists.append([k])
            k = end = k + 2
        else:
            k += 1
    return [teasers for teasers in lists if len(teasers) >= fewest]


def _label_teasers(lines_: list[Line], lab: Labeller, teasers: list[int], where: str) -> None:
    group = lab.new_group()
    reason = f"{len(teasers)} headings over a short paragraph each {where}"
    for k in teasers:
        for j in (k, k + 1):
            if lab.free(j):
                lab.set(j, "related-links", reason, quote(lines_[teasers[0]].text), group=group)


def _teaser_body(line: Line) -> bool:
    return line.prose and line.words < _TEASER_WORDS


# How far above the article's first paragraph its headline and standfirst sit.
_HEADING_REACH = 3


def _heading(line: Line) -> bool:
    """A headline or subheading: title-like and longer than a menu item."""
    return not line.prose and line.words >= 3 and not line.marker


# What a link list prints after each headline: its place in a carousel
# ("… 2 of 9"), a time stamp ("… 1/15/2008, 3:24 p.m. EST"), a day
# ("… (Monday January 14 2008)"). Its figures make no table row.
_STAMP = re.compile(
    r"(?:\s\d{1,3} of \d{1,3}|\s\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}\s*[ap]\.?m\.?(?:\s*[A-Z]{2,4})?"
    r"|\s\((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? [A-Z][a-z]+ \d{1,2},? \d{4}\))\s*$"
)


def _in_table(lines_: list[Line], k: int) -> bool:
    """Whether line ``k`` is a row of a flattened table: one of three or
    more lines in a row that each hold two figures or more, not in a
    :data:`_STAMP` after a headline."""

    def row(j: int) -> bool:
        return 0 <= j < len(lines_) and lines_[j].numbers >= 2 and not _STAMP.search(lines_[j].text)

    return row(k) and ((row(k - 2) and row(k - 1)) or (row(k - 1) and row(k + 1)) or (row(k + 1) and row(k + 2)))


# What a list of headlines prints after each: its time with its zone ("3:11
# a.m. ET"; a programme's "7:30 pm" has none), its date and time
# ("1/15/2008, 3:42 p.m. EST", "| 01/14/2008"), its date in parentheses
# ("(July 10, 2007)") or a video's length ("(2:21)").
_ITEM_STAMP = re.compile(
    r"\s(?:\|\s*)?(?:\d{1,2}/\d{1,2}/\d{2,4}(?:,?\s+\d{1,2}:\d{2}\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"
    r"|\d{1,2}:\d{2}\s*[ap]\.?m\.?\s*[A-Z]{2,4}|\([A-Z][a-z]+\.? \d{1,2}, \d{4}\)|\(\d{1,2}:\d{2}\))\s*$"
)


def _stamped_items(lines_: list[Line], k: int) -> bool:
    """Whether line ``k`` is an item of a list of stamped headlines: a list
    item ending in a :data:`_ITEM_STAMP`, with the item before or after it
    one too ("• Malkin's hat trick leads Pens 1/15/2008, 10:55 a.m. EST")."""

    def item(j: int) -> bool:
        return 0 <= j < len(lines_) and lines_[j].marker and _ITEM_STAMP.search(lines_[j].text) is not None

    return item(k) and (item(k - 1) or item(k + 1))


# Fewest bulleted lines of one to three words in a row that make a menu
# (bullets, not numbers: "1. Saint John", "2. Quebec City" rank the
# article's list).
_BULLETED_MENU = 3
_BULLETS = frozenset("•·▪◦‣●○■□➢►✓✔*+-–—")


def _in_menu(lines_: list[Line], k: int) -> bool:
    """Whether line ``k`` is one of :data:`_BULLETED_MENU` or more bulleted
    lines of one to three words in a row (markers of :data:`_BULLETS`)."""

    def item(j: int) -> bool:
        return 0 <= j < len(lines_) and lines_[j].marker and lines_[j].words <= 3 and lines_[j].text[:1] in _BULLETS

    # Only the windows of _BULLETED_MENU lines that hold line k are read, so
    # that a page of a million bullets costs a few looks a line, not a walk
    # of its whole run.
    return item(k) and any(
        all(item(j) for j in range(start, start + _BULLETED_MENU)) for start in range(k - _BULLETED_MENU + 1, k + 1)
    )


# A function word in small letters: a sentence has one, a headline in
# title case ("Let's Talk This Out.") has none.
_SMALL_FUNCTION_WORD = re.compile(
    r"\b(?:the|a|an|and|or|but|of|to|in|on|at|for|with|by|from|is|was|are|were|has|had|have|be|been|will|would)\b"
)


def _closing_sentence(line: Line) -> bool:
    """A sentence: three words or more with a function word in small
    letters among them, ending in a full stop (not in an ellipsis, as a
    teaser cut short does), not an item of a list, and no colon (a label's:
    "Photos (from left to right): Courtesy of …")."""
    text = line.text.rstrip().rstrip(CLOSERS)
    return (
        line.words >= 3
        and not line.marker
        and text.endswith(".")
        and not text.endswith((". .", ".."))
        and ":" not in text
        and _SMALL_FUNCTION_WORD.search(text) is not None
    )


def _furniture(lines_: list[Line], k: int) -> bool:
    """Whether a line outside the article is furniture: a short line, not a
    heading right before a paragraph. A paragraph never is: it may be the
    only copy of a sentence of the article's (or of a second article)."""
    line = lines_[k]
    before_prose = k + 1 < len(lines_) and lines_[k + 1].prose
    # A list, a table, what introduces them: the article's more often than
    # the page's; but for a bulleted menu ("• Home", "• News", "• Sports").
    if (
        (line.marker and not _in_menu(lines_, k) and not _stamped_items(lines_, k))
        or _in_table(lines_, k)
        or any(_in_table(lines_, j) for j in (k + 1, k + 2))
    ):
        return False
    if line.leads_in and k + 1 < len(lines_) and lines_[k + 1].marker:
        return False
    return not line.prose and not before_prose


_TITLE_WORD = re.compile(r"\w+")
# Least share of the title's characters the headline it repeats must have
# ("Sally Ride, pioneering astronaut, dead at 61 - CBS News").
_TITLE_SHARE = 0.4
# An edited headline: the least share of its words the title holds, and of
# the title's words it holds.
_EDITED_SHARE = 0.8
_TITLE_WORDS_SHARE = 0.4


def page_title(lines_: list[Line], lab: Labeller, shape: Shape | None) -> None:
    """A scraped page's first line, its ``<title>`` ("Headline | Site",
    "Site - Section - Headline"), when a line further down that no rule
    labelled repeats its headline: the page prints the headline twice, and
    the title's copy is the page's (the article keeps the other). Run last,
    once every other rule has labelled what it can: the copy that stays must
    be one that stays."""
    scraped = shape.scraped if shape is not None else _scraped_page(lines_)
    if not scraped or not lines_ or not lab.free(0):
        return
    k = _headline_copy(lines_, lab)
    if k is not None:
        lab.set(0, "other", f"the page's title, repeating the headline at line {k + 1},", quote(lines_[0].text))


def _headline_copy(lines_: list[Line], lab: Labeller) -> int | None:
    """The first free line after the page's first one that repeats the
    headline in it (see :func:`page_title`), if any."""
    title_words = _TITLE_WORD.findall(lines_[0].text.casefold()) if lines_ else []
    if len(title_words) < 3:
        return None
    title, vocabulary = " ".join(title_words), set(title_words)
    for k in range(1, len(lines_)):
        line = lines_[k]
        if not lab.free(k) or not 3 <= line.words <= lines_[0].words:
            continue
        words = _TITLE_WORD.findall(line.text.casefold())
        headline = " ".join(words)
        if len(headline) >= _TITLE_SHARE * len(title) and f" {headline} " in f" {title} ":
            return k
        # The headline edited for the page ("Geithner Urges Quick Action on
        # Debt Crisis" under "Geithner Urges Quick Action on Euro-Zone Debt -
        # WSJ.com"): nearly all its words in the title, and enough of them.
        shared = sum(word in vocabulary for word in words)
        if shared >= _EDITED_SHARE * len(words) and shared >= _TITLE_WORDS_SHARE * len(title_words):
            return k
    return None


# Most lines, and most words a line, of a gap between two pieces of
# furniture after the article that is taken for furniture too.
_SANDWICH_LINES = 3
_SANDWICH_WORDS = 30
# What a note on the article says of itself: it stays wherever it sits.
_NOTE = re.compile(
    r"\bthis (?:article|story|report|post|column|piece)\b|\b(?:correction|clarification|editor'?s note)", re.IGNORECASE
)


# Most lines of a gap between two pieces of furniture after the article that
# is taken for furniture when every line is a numbered headline ("Most
# viewed": "1. Coal resurgence threatens climate change targets").
_SANDWICH_LIST = 10
_NUMBERED_HEADLINE = re.compile(r"\d{1,2}[.)]\s+\S+(?:\s+\S+){3,}")


def _numbered_headline(line: Line) -> bool:
    """A numbered line of four words or more, not a table's row (a row
    holds three figures or more: "1. Harbour Rovers 20 14 4 1 46")."""
    return not line.prose and line.numbers <= 2 and _NUMBERED_HEADLINE.fullmatch(line.text.strip()) is not None


def between_furniture(lines_: list[Line], lab: Labeller, shape: Shape | None) -> None:
    """Short gaps in the furniture after a scraped page's article: up to
    :data:`_SANDWICH_LINES` lines of fewer than :data:`_SANDWICH_WORDS`
    words each (up to :data:`_SANDWICH_LIST` when each is a numbered
    headline: a "Most viewed" box whose heading the page printed apart),
    with a labelled line right before and right after them, all past the
    article's block. A sign-up pitch between a share bar and an
    e-mail box, a podcast's or a job's blurb, a teaser's standfirst inside
    a link list, an author's bio between two link boxes: the rules that
    found the furniture around them saw no cue of their own in them (a
    sentence is not a link; one heading over one paragraph is no list of
    teasers). A gap that names itself a note on the article ("this story",
    "Correction") stays.

    Run last, once the page's own rules, the corpus's templates and the
    runs have labelled what they can. Only after the article: above it,
    such a gap is as often the article's headline or standfirst, cut off
    from its block by a byline or a picture."""
    if shape is None or not shape.scraped:
        return
    first, last = shape.first, shape.last
    k = last + 2  # the line before a gap is past the block too
    while k < len(lines_):
        if not lab.free(k) or lab.free(k - 1):
            k += 1
            continue
        end = k
        while end < len(lines_) and lab.free(end):
            end += 1
        gap = range(k, end)
        numbered = len(gap) <= _SANDWICH_LIST and all(_numbered_headline(lines_[j]) for j in gap)
        if (
            end < len(lines_)
            and (len(gap) <= _SANDWICH_LINES or numbered)
            and all(lines_[j].words < _SANDWICH_WORDS for j in gap)
            and not any(_NOTE.search(lines_[j].text) for j in gap)
        ):
            before, after = lab.labels[k - 1], lab.labels[end]
            assert before is not None and after is not None
            same = before.category == after.category and before.category != "template"
            category = before.category if same else "related-links"
            reason = f"between furniture after the article (lines {first + 1}-{last + 1}):"
            for j in gap:
                lab.set(j, category, reason, quote(lines_[j].text))
        k = end
