"""Boilerplate stage: which lines of a document are page furniture, and why.

Scraped text keeps one paragraph per line, so the unit here is the line. Two
kinds of evidence are combined:

1. **Shape, inside one document.** Lines are described the way jusText
   describes paragraphs (Pomikálek, *Removing Boilerplate and Duplicate
   Content from Web Corpora*, PhD thesis, Masaryk University, 2011): length,
   stop-word density, sentence punctuation, plus what plain text still shows
   of the page: title case, list markers, blank-line layout. Widget phrases
   ("Post a Comment"), picture credits ("NAME/AFP via Getty Images"),
   publication-date and byline lines are recognised by pattern; a link-box
   heading ("Related Articles", "Top Trending") starts a run that extends over
   the short, title-like lines after it and stops at the first line of prose.
2. **The corpus.** A short line found in many documents, each time between
   different article text, is a site template ("Advertisement", a footer).
   Counting the surrounding prose keeps a heading of one story republished by
   several outlets from looking like a template.

Precision comes from needing positive evidence: a line is never boilerplate
just for being short or unpunctuated (the C4 rule, Raffel et al. 2020), so
headings, bullet and numbered lists, flattened tables and quotations inside an
article stay content. Runs need an anchor, or must sit after the article's
last paragraph and look like a list of titles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import xxhash
from numba import njit

from .agencies import AGENCY as _AGENCY
from .config import Settings
from .dates import AGO, DATE_ITEM, DATE_PREFIX, LIVE_BLOG_ENTRIES, TIME
from .fingerprint import STOPWORDS, Permutations, in_sorted, seeds_of
from .literals import Literals, fold_for_words
from .model import Boilerplate, Document, Span
from .segment import paragraphs
from .tokens import BMP, NOT_WORD, codepoints, fold_table, folded_hash, in_set, stop_set

_WORD = re.compile(r"\w[\w'’.-]*")
_SENTENCE_MARKS = tuple(".!?…")
_CLOSERS = "\"'”’)]"
# The same as code points, for the compiled line pass.
_SENTENCE_MARK_CODES = tuple(ord(c) for c in _SENTENCE_MARKS)
_CLOSER_CODES = tuple(ord(c) for c in _CLOSERS)
_LIST_MARKER = re.compile(r"^(?:[•·▪◦‣●○■□➢►✓✔*+-]|[–—]|\d{1,3}[.)]|[a-z][.)]|\(\d{1,3}\)|\(?[ivx]{1,4}\))\s+")
# The characters but for digits (any str.isdecimal(), as \d) that a list
# marker can start with: the pattern takes 0.7 µs to fail on a line.
_LIST_STARTS = frozenset("•·▪◦‣●○■□➢►✓✔*+-–—(abcdefghijklmnopqrstuvwxyz")


def _list_marker(line: str) -> bool:
    """Whether a line starts with a list marker."""
    first = line[:1]
    return (first in _LIST_STARTS or first.isdecimal()) and _LIST_MARKER.match(line) is not None


@dataclass(slots=True)
class Line:
    """One non-blank line, trimmed, with the shape features the rules read.

    ``prose`` says whether it reads as a paragraph of running text
    (jusText's "good"); :func:`lines` works it out once, as every rule asks.
    """

    index: int
    start: int
    end: int
    text: str
    words: int
    stop_density: float
    titleish: bool
    sentence_end: bool
    marker: bool
    blank_before: bool
    numbers: int  # tokens that are figures: a table row has several
    prose: bool = field(init=False)

    def __post_init__(self) -> None:
        self.prose = _is_prose(self.words, self.stop_density, self.titleish, self.sentence_end, self.marker)


def _is_prose(words: int, stop_density: float, titleish: bool, sentence_end: bool, marker: bool) -> bool:
    if titleish or marker:
        return False
    if words >= 30:
        return True
    if words >= 8 and sentence_end:
        return True
    return words >= 12 and stop_density >= 0.25


_FIGURE = re.compile(r"[+-]?\d[\d.,:/]*(?:%|bn|m|k|st|nd|rd|th)?", re.IGNORECASE)
# Shape ratios are read from a line's first words: enough to tell a title
# from a sentence, and bounded work on long paragraphs.
_SAMPLE = 16


@njit(cache=True, boundscheck=False)
def _shapes(cps: np.ndarray, bounds: np.ndarray, table: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per line, the count of :data:`_WORD`'s words and the shape of the
    first :data:`_SAMPLE` of them, in one pass over the code points.

    A word is a run of word characters and joiners from its first word
    character on. A sample word (its trailing full stops dropped) is a
    function word when it is all ASCII word characters and its token hash is
    one's; a joiner rules that out. A line with any other character in a
    sample word, or any character beyond the BMP, is marked ``odd`` and left
    to :func:`_shape` (``str.casefold`` and ``str.isupper`` over all of
    Unicode).

    Also, per line, whether it ends a sentence (a mark of
    :data:`_SENTENCE_MARKS` before any :data:`_CLOSERS`) and whether two line
    breaks or more come between it and the line before.

    Returns:
        Per line ``words, stops, content, capitalised, odd, sentence_end,
        blank_before``, and ``(line, start, end)`` rows of the sample words
        that start with a digit, for the figure pattern.
    """
    n = len(bounds)
    sentence_end = np.zeros(n, np.bool_)
    blank_before = np.zeros(n, np.bool_)
    previous_end = 0
    for k in range(n):
        j = bounds[k, 1] - 1
        while j >= bounds[k, 0] and _is_closer(cps[j]):
            j -= 1
        sentence_end[k] = j >= bounds[k, 0] and _is_sentence_mark(cps[j])
        breaks = 0
        for i in range(previous_end, bounds[k, 0]):
            breaks += cps[i] == 10
        blank_before[k] = breaks >= 2
        previous_end = bounds[k, 1]
    words = np.zeros(n, np.int64)
    stops = np.zeros(n, np.int64)
    content = np.zeros(n, np.int64)
    capitalised = np.zeros(n, np.int64)
    odd = np.zeros(n, np.bool_)
    figures = np.empty((n * _SAMPLE, 3), np.int64)
    f = 0
    for k in range(n):
        i, end = bounds[k, 0], bounds[k, 1]
        while i < end:
            if cps[i] >= BMP:
                odd[k] = True
                break
            if table[cps[i]] == NOT_WORD:
                i += 1
                continue
            start = i
            while i < end and cps[i] < BMP and (table[cps[i]] != NOT_WORD or _is_joiner(cps[i])):
                i += 1
            words[k] += 1
            if words[k] > _SAMPLE:
                continue
            last = i
            while cps[last - 1] == 46:  # full stops end a word of _WORD, not a word
                last -= 1
            joined = False
            for j in range(start, last):
                odd[k] |= cps[j] >= 128 and cps[j] != 0x2019
                joined |= table[cps[j]] == NOT_WORD
            if odd[k]:
                break
            if not joined and in_set(stop, folded_hash(cps, start, last, table)):
                stops[k] += 1
                continue
            content[k] += 1
            if 65 <= cps[start] <= 90:  # isupper
                capitalised[k] += 1
            elif 48 <= cps[start] <= 57:  # isdigit
                capitalised[k] += 1
                figures[f, 0], figures[f, 1], figures[f, 2] = k, start, last
                f += 1
    return words, stops, content, capitalised, odd, sentence_end, blank_before, figures[:f]


@njit(cache=True)
def _is_closer(c: np.uint32) -> bool:
    return _is_one_of(c, _CLOSER_CODES)


@njit(cache=True)
def _is_sentence_mark(c: np.uint32) -> bool:
    return _is_one_of(c, _SENTENCE_MARK_CODES)


@njit(cache=True)
def _is_one_of(c: np.uint32, codes: tuple[int, ...]) -> bool:
    for code in codes:  # noqa: SIM110 (numba compiles the loop, not a generator in any())
        if c == code:
            return True
    return False


@njit(cache=True)
def _is_joiner(c: np.uint32) -> bool:
    return c == 39 or c == 0x2019 or c == 46 or c == 45  # ' ’ . -


def _shape(line: str) -> tuple[int, int, int, int, int, int]:
    """``(words, sample size, stops, content, capitalised, numbers)`` of a
    line, by definition (the compiled pass's reference)."""
    words = _WORD.findall(line)
    sample = words[:_SAMPLE]
    stops = content = capitalised = numbers = 0
    for word in sample:
        word = word.rstrip(".")
        if word.casefold() in STOPWORDS:
            stops += 1
            continue
        content += 1
        first = word[:1]
        if first.isupper() or first.isdigit():
            capitalised += 1
            if first.isdigit() and _FIGURE.fullmatch(word):
                numbers += 1
    return len(words), len(sample), stops, content, capitalised, numbers


def lines(text: str, paras: list[tuple[int, int]] | None = None, cps: np.ndarray | None = None) -> list[Line]:
    """The non-blank lines of ``text`` with their shape features.

    Args:
        text: The text.
        paras: Its :func:`~provenance.segment.paragraphs`, when already at hand.
        cps: Its :func:`~provenance.tokens.codepoints`, when already at hand.
    """
    paras = paragraphs(text) if paras is None else paras
    if not paras:
        return []
    cps = codepoints(text) if cps is None else cps
    bounds = np.asarray(paras, dtype=np.int64)
    words, stops, content, capitalised, odd, sentence_end, blank_before, figures = (
        a.tolist() for a in _shapes(cps, bounds, fold_table(), stop_set())
    )
    numbers = [0] * len(paras)
    for k, start, end in figures:
        numbers[k] += bool(_FIGURE.fullmatch(text, start, end))
    out: list[Line] = []
    for k, (start, end) in enumerate(paras):
        line = text[start:end]
        if odd[k]:
            n, sampled, n_stops, n_content, n_capitalised, n_numbers = _shape(line)
        else:
            n, n_stops, n_content, n_capitalised, n_numbers = words[k], stops[k], content[k], capitalised[k], numbers[k]
            sampled = min(n, _SAMPLE)
        # Positional, in the order of Line's fields: keywords cost a third more.
        out.append(
            Line(
                k,
                start,
                end,
                line,
                n,
                n_stops / sampled if sampled else 0.0,
                n_content >= 2 and n_capitalised >= 0.75 * n_content,
                sentence_end[k],
                _list_marker(line),
                blank_before[k],
                n_numbers,
            )
        )
    return out


# --- Patterns --------------------------------------------------------------
#
# Each rule matches a whole line (case-insensitive) no longer than
# ``max_words``; ``what`` starts the reason a reader sees.


@dataclass(frozen=True)
class Rule:
    category: str
    what: str
    pattern: re.Pattern[str]
    max_words: int = 12
    # A line the pattern matches holds one of these (lower case). Checked
    # first where the pattern would read the whole line before failing: a
    # phrase at its end after ``.*`` cost 3 µs a line.
    hints: tuple[str, ...] = ()


def _rule(
    category: str,
    what: str,
    pattern: str,
    max_words: int = 12,
    flags: int = re.IGNORECASE,
    hints: tuple[str, ...] = (),
) -> Rule:
    return Rule(category, what, re.compile(pattern, flags), max_words, hints)


_PHOTO_AGENCY = (
    r"(?:afp|ap|reuters|epa(?:-efe)?|getty images|anadolu(?: agency)?|bloomberg|pool|sopa images|nurphoto|xinhua|"
    r"sipa(?: usa)?|shutterstock|alamy|handout|upi|tass|sputnik|ap photo|dpa|imago|zuma(?: press)?)"
)
# Names are matched case-sensitively even inside case-insensitive rules.
_NAME = r"(?-i:[A-Z][a-zà-ÿ'’-]+|[A-Z][A-Z'’-]+|[A-Z]\.|Mc[A-Z][a-z]+)"
_PERSON = rf"{_NAME}(?:\s+(?:(?:de|van|von|da|der|del|di|du|dos|al|bin|la|le)\s+)?{_NAME}){{1,2}}"
_PEOPLE = rf"{_PERSON}(?:\s*(?:,|&|\band\b)\s*(?:and\s+)?{_PERSON})*"
# A capitalised title ("New York Times"): case-sensitive like names.
_TITLE = r"(?-i:(?:The )?[A-Z][\w.&'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w.&'’-]*){0,6})"

RULES: tuple[Rule, ...] = (
    _rule(
        "comments",
        "comment-widget text",
        r"(?:no|\d+|one|zero) (?:comments?|responses?|replies)\s*:?|post a comment|comments?\s*(?:\(\d+\))?"
        r"|(?:leave|add|write|post) (?:a |your )?(?:comment|reply)(?: below| here)?[.!:]?"
        r"|comments? (?:are|is) (?:closed|disabled)\.?|(?:show|view|load|hide|read|see) (?:all )?(?:\d+ )?comments?"
        r"|join the (?:conversation|discussion)|(?:log|sign) in to (?:comment|reply)\b.{0,40}"
        r"|be the first to comment\.?|you must be logged in to post a comment\.?"
        r"|subscribe to:? post comments(?: \(atom\))?|post comments \(atom\)|comment policy"
        r"|discussion about this (?:post|article|story)",
    ),
    _rule(
        "newsletter",
        "newsletter prompt",
        r"(?:subscribe|sign up|signup|register)(?: now| today| free| here)? (?:to|for) (?:our|my)\b.*"
        r"(?:newsletter|briefing|digest|updates|alerts|bulletin)\b.*|newsletter(?: sign[- ]?up)?"
        r"|subscribe(?: now| today| for free)?[.!]?|sign up(?: now| today| here)?[.!]?"
        r"|(?:get|receive) .{0,60}\b(?:in|to) your inbox\b.*|enter your e-?mail\b.*|your e-?mail(?: address)?:?"
        r"|by (?:clicking|signing up|subscribing)\b.{0,40}\byou agree\b.*|thank you for (?:signing up|subscribing)\b.*"
        r"|thanks for reading\b.{0,60}\bsubscribe\b.*",
        max_words=30,
    ),
    _rule(
        "share",
        "share buttons",
        r"(?:share|share this(?: article| story| post| page)?|share on \w+|share via \w+|click to share\b.{0,40}"
        r"|follow us(?: on [\w ,&]+)?|tweet|copy link|e-?mail this|print this(?: article| page)?|like this|"
        r"like loading\.*)\s*:?"
        r"|(?:(?:share(?: to| on)? \w+|share|tweet|e-?mail(?: this)?|blogthis!?|print|copy link|facebook|twitter|x"
        r"|whatsapp|linkedin|reddit|pinterest|telegram|threads|bluesky|flipboard|messenger)\s*[|·•/,]?\s*){2,}",
        max_words=16,
    ),
    _rule(
        "advert",
        "advertisement label",
        r"(?:(?:advertisement|advertising|ad|sponsored(?: content| post| by [^,.;]{1,40})?"
        r"|paid (?:content|post|partner(?:ship)?)|promoted(?: content| stories)?|partner content"
        r"|(?:story|article) continues below(?: advertisement)?|scroll (?:down )?to continue(?: with content| reading)?"
        r"|continue reading below|skip advert(?:isement)?)\s*:?\s*[|·•-]?\s*){1,3}",
        max_words=10,
    ),
    _rule(
        "navigation",
        "navigation link",
        r"(?:home|menu|main menu|search|skip to (?:main )?content|back to top|go to top|close|open menu"
        r"|(?:next|previous|prev) (?:article|story|post|page)|(?:newer|older) posts?|newer post\s+older post\s+home"
        r"|page \d+ of \d+|(?:home|news)(?:\s*[>»›]\s*|\s+[/|]\s+)\S.*)\s*:?",
    ),
    _rule(
        "other",
        "page widget",
        r"(?:listen to (?:this|the) (?:article|story)(?: \d+ min(?:ute)?s?)?|\d+\s*min(?:ute)?s? read"
        r"|(?:estimated )?read(?:ing)? time:?\s*\d+\s*min(?:ute)?s?|print|font size|text size|save(?: article| story)?"
        r"|gift (?:this )?article|bookmark|photo gallery|enlarge this image|show key events only|\d+ likes?|restacks?"
        r"|(?:labels|tags|tagged|topics|filed under)\s*:\s*.{1,200}|posted in .{1,80}\|\s*tagged\b.*)\s*:?",
        max_words=40,
    ),
    _rule(
        "related-links",
        "link to another article",
        r"(?:read more|also read|read also|related|see also|read next|more|watch|listen)\s*:\s*(?-i:[A-Z0-9“\"‘']).*",
        max_words=25,
    ),
    _rule(
        "dateline",
        "publication-date line",
        rf"{DATE_PREFIX}(?:{DATE_ITEM}|{AGO})(?:\s*[|·•,;/-]\s*{DATE_PREFIX}?(?:{DATE_ITEM}|{AGO}))*"
        rf"(?:\s+by\s+\S.{{0,40}})?|{TIME}|{AGO}",
    ),
    _rule(
        "byline",
        "byline",
        rf"(?:written |story |words |interview |analysis |commentary |opinion |text |posted )?by\s+{_PEOPLE}"
        rf"(?:\s*(?:,|\||-|–|—|·)\s*.{{0,60}}|\s+(?:at|in)\s+{_TITLE}|\s+{_AGENCY}|\s+at\s+{TIME})?",
        16,
    ),
    _rule("byline", "byline with date", rf"{_PEOPLE}\s*[·|•]\s*{DATE_PREFIX}?{DATE_ITEM}", 16, hints=("·", "|", "•")),
    _rule("byline", "blog byline", r"posted by\s+\S+(?:\s+\S+){0,2}(?:\s+(?:at|on)\s+.{1,40})?", 12),
    _rule(
        "credit",
        "credit for the text",
        rf"\(?{_AGENCY}\)?\.?|[—–-]\s*{_AGENCY}|{_TITLE}\s(?:news service|wire service|newswire)\.?"
        rf"|\(?(?:with )?(?:additional )?(?:reporting|writing|editing|compiled|translation|translated|fact-checking)"
        rf" by\s+{_NAME}.*|[—–-]*\s*with assistance from\s+{_NAME}.*"
        r"|(?:©|\(c\))\s*.*|copyright\s*(?:©|\(c\)|\d{4}).*"
        r"|source:\s*.+|our standards:.*trust principles\.?|to contact the (?:reporter|editor|author)s? .*"
        r"|this (?:article|story|report|piece) (?:was )?(?:originally |first )(?:appeared|published|ran)\b.*"
        r"|(?-i:[a-z]{2,4}(?:[-/][a-z]{2,4}){1,5})",
        max_words=40,
    ),
    _rule(
        "credit",
        "credit for the text",
        r".*\bcontributed (?:reporting|to this (?:report|story|article))\.?\)?|.*\ball rights reserved\.?",
        max_words=40,
        hints=("contributed", "all rights reserved"),
    ),
    _rule(
        "caption",
        "picture credit line",
        r"(?:file |top |main |header |featured )?(?:photo|photograph|image|picture|pic|video|graphic|illustration|"
        rf"photos|images)s?(?:\s*(?:credit|courtesy|source))?\s*(?::|[-–—|]|by\s+{_NAME})\s*.{{2,120}}"
        r"|(?:image|media|video) (?:caption|source)\s*[,:]\s*.+",
        max_words=40,
    ),
)

_MAX_RULE_WORDS = max(rule.max_words for rule in RULES)

# A picture credit at the end of a line: the rest of the line is its caption.
# It ends the line with no full stop after it, unless it sits in brackets.
_TRAILING_CREDIT = re.compile(
    rf"(?:\(?(?:AP|AFP|REUTERS|Reuters|EPA)\s*(?:Photo)?\s*/\s*[A-Z][^()/]{{1,60}}\)?"
    rf"|(?<!\w)(?:{_NAME}\s+){{0,4}}{_NAME}\s*/\s*{_PHOTO_AGENCY}(?:\s+via\s+(?:getty images|reuters|ap|bloomberg))?"
    r"|\bvia (?:getty images|reuters|ap|afp|bloomberg)|[/:|]\s*(?:getty images|shutterstock|istock(?:photo)?|alamy)"
    r"|\((?:photo|image|picture)\b[^()]{0,80}\))\s*$",
    re.IGNORECASE,
)
# What a picture caption says and an article sentence does not.
_CAPTION_PHRASE = re.compile(
    r"\bin this (?:\w+\s+){0,3}(?:photo|photograph|image|picture|still|screengrab|screen grab|grab|handout|video)\b"
    r"|\b(?:is|are) (?:seen|pictured|shown) (?:in|at|on|during|after|before|as|with|here)\b|\bpictured\b"
    r"|\bposes? for (?:a )?(?:photo|picture|portrait)|\b(?:photo|image|picture) (?:taken|released|obtained|provided)\b"
    r"|\bfile (?:photo|picture|image)\b",
    re.IGNORECASE,
)
# A caption with no credit beside it still names the picture after a comma:
# "…, in this handout picture taken on March 3".
_STANDALONE_CAPTION = re.compile(
    r",\s+in this (?:\w+\s+){0,3}(?:photo|photograph|image|picture|still|screengrab|screen grab|grab|handout)\b",
    re.IGNORECASE,
)
# Every caption phrase holds one of these; most lines hold none.
_CAPTION_HINTS = ("photo", "image", "picture", "pictured", "seen", "shown", "still", "grab", "handout", "video")
_CREDIT_TAIL = 160
_CREDIT_HINTS = ("/", "via ", "getty", "shutterstock", "istock", "alamy", "(photo", "(image", "(picture")
_HINT_LITERALS = Literals(_CAPTION_HINTS + _CREDIT_HINTS[1:])  # and "/", one character

# Link-box headings: the short, title-like lines after one are its links.
_LINK_BOX = re.compile(
    r"(?:related(?: articles?| stories| posts| coverage| content| news| reading| links| topics)?"
    r"|read (?:more|also|next)|see also|also (?:read|see)|more (?:from|on|in|like this|stories|news|articles|"
    r"coverage)\b.{0,40}|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|recommended(?: for you| stories| articles| reading)?|(?:top|trending|popular|latest|featured)"
    r"(?: trending| stories| news| now| articles| posts| today| this week)+|most (?:read|popular|viewed|shared|"
    r"commented)(?: stories| articles| today| this week)?|in case you missed it|what to read next|more to explore"
    r"|further reading)\s*:?",
    re.IGNORECASE,
)
# Headings that also head editorial boxes ("Editor's pick: Price: £135"): the
# lines after them must look like headlines before they count as links.
_WEAK_LINK_BOX = re.compile(
    r"(?:top|trending|popular|latest|featured|editor'?s'? picks?|don'?t miss|up next|watch next|sponsored content)"
    r"\s*:?",
    re.IGNORECASE,
)
_KEY_VALUE = re.compile(r"^[^:]{1,30}:\s*\S+(?:\s+\S+){0,2}$")
# Lines that belong to a newsletter box after its prompt.
_NEWSLETTER_BODY = re.compile(
    r"\b(?:e-?mail|inbox|sign[- ]?up|subscribe|unsubscribe|privacy (?:policy|notice)|terms of (?:use|service)"
    r"|newsletter)\b",
    re.IGNORECASE,
)
_NAMES_ONLY = re.compile(rf"{_PEOPLE}")
_BARE_DATE = re.compile(rf"{DATE_ITEM}(?:\s*[|·•,;/-]\s*{DATE_ITEM})*\.?", re.IGNORECASE)  # "January 17, 2005."
_INITIAL = re.compile(r"\b[A-Z]\.(?:\s|$)")

# How many lines at the top of a document (or after a credit line) may hold
# a byline made of names alone.
_BYLINE_WINDOW = 4
# Fewest lines of a run after the article's last paragraph, with no heading
# above it, for it to count as a list of links.
_MIN_TAIL_RUN = 6
_MIN_MENU_RUN = 4


def quote(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= width else f"'{text[: width - 1].rstrip()}…'"


@dataclass
class _Label:
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


class _Labeller:
    """Per-line labels of one document; consecutive lines of one group form
    one finding."""

    def __init__(self, doc_lines: list[Line]) -> None:
        self.lines = doc_lines
        self.labels: list[_Label | None] = [None] * len(doc_lines)
        self._groups = 0

    def snapshot(self) -> Labels:
        found = tuple((i, x.category, x.what, x.detail, x.group) for i, x in enumerate(self.labels) if x is not None)
        return self._groups, found

    @classmethod
    def restore(cls, doc_lines: list[Line], labels: Labels) -> _Labeller:
        lab = cls(doc_lines)
        lab._groups, found = labels
        for i, category, what, detail, group in found:
            lab.labels[i] = _Label(category, what, detail, group)
        return lab

    def new_group(self) -> int:
        self._groups += 1
        return self._groups

    def set(self, i: int, category: str, what: str, detail: str = "", group: int | None = None) -> None:
        self.labels[i] = _Label(category, what, detail, self.new_group() if group is None else group)

    def free(self, i: int) -> bool:
        return self.labels[i] is None


def _match_rules(line: Line, phrases: Sequence[tuple[str, str]]) -> tuple[str, str, str] | None:
    if phrases:
        norm = " ".join(line.text.split()).casefold()
        for phrase, category in phrases:
            if norm.startswith(phrase):
                return category, "configured boilerplate phrase", quote(phrase)
    if line.words > _MAX_RULE_WORDS:
        return None
    text = line.text.strip()
    folded = None  # for the rules' hints, made once a rule has some
    for rule in RULES:
        if line.words > rule.max_words:
            continue
        if rule.hints:
            folded = fold_for_words(text) if folded is None else folded
            if not any(hint in folded for hint in rule.hints):
                continue
        if rule.pattern.fullmatch(text):
            if rule.category == "byline" and not _plausible_names(line.text):
                continue
            return rule.category, rule.what, quote(line.text)
    return None


def _plausible_names(text: str) -> bool:
    """Capitalised words that are not function words ("By Land And Sea" is a
    headline, "By Maria Lopez and Tom Becker" a byline). After "By", only the
    first name is read: what follows a comma, a bar, "at" or "in" says where or
    for whom. A blog's "Posted by" takes any handle."""
    m = _BY.match(text)
    if m is None:
        names = text
    elif m.group().casefold().startswith("posted"):
        return True
    else:
        names = re.split(r"\s*[,|–—·]\s*|\s+-\s+|\s+(?:at|in)\s+", text[m.end() :], maxsplit=1)[0]
    words = [w for w in _WORD.findall(names) if w != "and"]
    return bool(words) and not any(w.rstrip(".").casefold() in STOPWORDS for w in words)


_BY = re.compile(r"(?:(?:written|story|words|interview|analysis|commentary|opinion|text|posted)\s+)?by\s+", re.I)


def _is_byline(lines_: list[Line], i: int, labels: _Labeller) -> bool:
    """Names alone (two or more, or one with a middle initial) near the top of
    an article: the top of the file or just after a credit line."""
    line = lines_[i]
    if i == 0 or line.words > 16:  # the first line is the headline
        return False
    if not _NAMES_ONLY.fullmatch(line.text.rstrip(".")) or not _plausible_names(line.text):
        return False
    several = bool(re.search(r",|&|\band\b", line.text))
    if not several and not _INITIAL.search(line.text):
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


def _captions(lines_: list[Line], lab: _Labeller) -> None:
    """Caption lines: ending in a picture credit, or describing the picture
    next to a picture-credit line."""
    # A line can hold only hints the whole text holds: one pass for the
    # document instead of one per hint and line.
    joined = "\n".join(line.text for line in lines_)
    found = _HINT_LITERALS.found_in(joined, any_case=True)
    credit_hints = tuple(h for h in _CREDIT_HINTS if h in found or (h == "/" and "/" in joined))
    caption_hints = tuple(h for h in _CAPTION_HINTS if h in found)
    for i, line in enumerate(lines_):
        if not credit_hints:
            break
        if not lab.free(i) or line.words > 80:
            continue
        # A credit sits at the very end: look only at the tail of a line,
        # and only when the tail holds something a credit is made of.
        offset = max(0, len(line.text) - _CREDIT_TAIL)
        tail = line.text[offset:].casefold()
        if not any(hint in tail for hint in credit_hints):
            continue
        m = _TRAILING_CREDIT.search(line.text, offset)
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
        phrase = _CAPTION_PHRASE.search(line.text)
        if phrase is None:
            continue
        credited = [
            j
            for j in (i - 1, i + 1)
            if 0 <= j < len(lines_) and (label := lab.labels[j]) is not None and label.category == "caption"
        ]
        if credited:
            lab.set(i, "caption", "caption of the picture credited next to it, saying", quote(phrase.group()))
        elif standalone := _STANDALONE_CAPTION.search(line.text):
            lab.set(i, "caption", "picture caption, saying", quote(standalone.group().lstrip(", ")))


def _link_runs(lines_: list[Line], lab: _Labeller) -> None:
    """A link-box heading and the short, title-like lines after it, up to the
    first paragraph of prose or other noise."""
    n = len(lines_)
    for i, line in enumerate(lines_):
        if line.words > 8:
            continue
        heading = line.text.strip()
        strong = bool(_LINK_BOX.fullmatch(heading))
        if not strong and not _WEAK_LINK_BOX.fullmatch(heading):
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
    return bool(_LINK_BOX.fullmatch(heading) or _WEAK_LINK_BOX.fullmatch(heading))


def _headline_like(lines_: list[Line], run: list[int], strict: bool) -> bool:
    """Lines that read as article titles, not as the items of a fact box, a
    programme or a results table ("Price: £135", "2016: Bridge approved")."""
    n = len(run)
    if sum(bool(_KEY_VALUE.match(lines_[k].text)) for k in run) * 2 >= n:
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


def _newsletter_runs(lines_: list[Line], lab: _Labeller) -> None:
    for i in range(len(lines_)):
        label = lab.labels[i]
        if label is None or label.category != "newsletter":
            continue
        j = i + 1
        while j < len(lines_) and lab.free(j) and not lines_[j].prose and _NEWSLETTER_BODY.search(lines_[j].text):
            lab.set(j, "newsletter", label.what, label.detail, group=label.group)
            j += 1


def _tail_run(lines_: list[Line], lab: _Labeller) -> None:
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


def _menu_run(lines_: list[Line], lab: _Labeller) -> None:
    """One-to-three-word lines at the very top of the file, before any prose:
    a site menu (lines already known as navigation count towards it). A fact
    box or an ingredient list under a headline is not one."""
    run: list[int] = []
    for k, line in enumerate(lines_):
        label = lab.labels[k]
        if line.prose or line.words > 3 or line.sentence_end or line.numbers:
            break
        if label is not None and label.category != "navigation":
            break
        run.append(k)
    if len(run) >= _MIN_MENU_RUN:
        group = lab.new_group()
        reason = f"menu of {len(run)} one-to-three-word lines at the top of the page"
        for k in run:
            if lab.free(k):
                lab.set(k, "navigation", reason, group=group)


def _entry_times(lines_: list[Line]) -> set[int]:
    """The lines that are a clock time alone ("9:05 p.m."), when there are
    ``LIVE_BLOG_ENTRIES`` or more: a live blog's entries, which are its
    content. One alone is a page's publication time."""
    times = {i for i, line in enumerate(lines_) if line.words <= 4 and _TIME_ALONE.fullmatch(line.text.strip())}
    return times if len(times) >= LIVE_BLOG_ENTRIES else set()


_TIME_ALONE = re.compile(TIME, re.IGNORECASE)


def _bare_dates(lines_: list[Line], lab: _Labeller, entries: set[int]) -> None:
    """A date alone on a line is a publication date where those sit: above
    the first paragraph, right beside a byline or credit, or after the last
    paragraph. Elsewhere it is the article's (a programme, a timeline), and
    so are a live blog's entry times (``entries``, see :func:`_entry_times`)."""
    prose = [k for k, line in enumerate(lines_) if line.prose]
    first_prose, last_prose = (prose[0], prose[-1]) if prose else (len(lines_), len(lines_))
    for i, line in enumerate(lines_):
        if not lab.free(i) or line.words > 12 or i in entries or not _BARE_DATE.fullmatch(line.text.strip()):
            continue
        beside = any(
            (label := lab.labels[j]) is not None and label.category in ("credit", "byline")
            for j in (i - 1, i + 1)
            if 0 <= j < len(lines_)
        )
        if i < first_prose or beside or i > last_prose:
            lab.set(i, "dateline", "publication date", quote(line.text))


def _line_key(text: str) -> int:
    return xxhash.xxh3_64_intdigest(" ".join(text.split()).casefold().encode("utf-8", "surrogatepass"))


def publisher(doc: Document) -> int:
    """Key of the source a document comes from: a JSON Lines record's
    ``source`` field, else the folder its file is in. Page furniture
    written in prose is a template only within one source. (A file-name
    prefix is no sign of one: most scrapers name files after the headline.)"""
    named = doc.meta.get("source") if doc.meta else None
    if isinstance(named, str) and named.strip():
        key = "source:" + named.strip().casefold()
    else:
        key = "folder:" + doc.id.replace("\\", "/").rpartition("/")[0]
    return xxhash.xxh3_64_intdigest(key.encode("utf-8", "surrogatepass"))


# Mixes a source into a line's key (an odd constant: Knuth's multiplicative
# hashing), so that a line is counted per source.
_SOURCE_MIX = 0x9E3779B97F4A7C15


@dataclass
class Contexts:
    """Where the lines that may be templates sit: row ``i`` is a line of
    document ``docs[i]``, its key within its document's :func:`publisher`,
    and the keys of the nearest prose line before and after it (a document
    edge, unique to the document, where there is none). Every non-prose
    line and every long prose line has a row. Flat arrays, a few per chunk
    of documents, because workers hand them back: three arrays a document
    cost 10 µs to make and pickle.
    """

    docs: np.ndarray  # uint64
    keys: np.ndarray
    before: np.ndarray
    after: np.ndarray

    @classmethod
    def of(cls, numbered: Iterable[tuple[int, list[Line], int]]) -> Contexts:
        """The contexts of documents given as ``(number, lines, publisher)``."""
        docs: list[int] = []
        keys: list[int] = []
        before: list[int] = []
        after: list[int] = []
        for d, doc_lines, source in numbered:
            k, b, a = _context_rows(doc_lines, d, source)
            docs += [d] * len(k)
            keys += k
            before += b
            after += a
        return cls(*(np.array(x, dtype=np.uint64) for x in (docs, keys, before, after)))

    @classmethod
    def merge(cls, parts: Sequence[Contexts]) -> Contexts:
        """One :class:`Contexts` of several, in order."""
        names = ("docs", "keys", "before", "after")
        return cls(*(np.concatenate([getattr(p, n) for p in parts] or [np.zeros(0, np.uint64)]) for n in names))


def _in_source(key: int, source: int) -> int:
    """A line's key within its source (see :data:`_SOURCE_MIX`)."""
    return key ^ ((source * _SOURCE_MIX) & 0xFFFFFFFFFFFFFFFF)


def _context_rows(doc_lines: list[Line], d: int, source: int) -> tuple[list[int], list[int], list[int]]:
    """Keys of a document's lines within its source, and of the nearest prose
    line on each side (see :class:`Contexts`); ``d`` is the document's
    number, ``source`` its :func:`publisher`. Prose lines under
    :data:`_PROSE_TEMPLATE_WORDS` words are not keyed: a short sentence many
    articles of a site share is no page furniture."""
    edge = xxhash.xxh3_64_intdigest(f"edge-of-document-{d}".encode())
    # The nearest prose line on each side, by index (-1: the document's edge);
    # only those prose lines are keyed, not every paragraph of the article.
    prose = [line.prose for line in doc_lines]
    nearest_before, last = [], -1
    for i, is_prose in enumerate(prose):
        nearest_before.append(last)
        if is_prose:
            last = i
    nearest_after, nxt = [-1] * len(doc_lines), -1
    for i in range(len(doc_lines) - 1, -1, -1):
        nearest_after[i] = nxt
        if prose[i]:
            nxt = i
    prose_keys: dict[int, int] = {-1: edge}

    def prose_key(i: int) -> int:
        if i not in prose_keys:
            prose_keys[i] = _line_key(doc_lines[i].text)
        return prose_keys[i]

    keys, before, after = [], [], []
    for i, line in enumerate(doc_lines):
        if not prose[i]:
            keys.append(_in_source(_line_key(line.text), source))
        elif line.words >= _PROSE_TEMPLATE_WORDS:
            keys.append(_in_source(prose_key(i), source))
        else:
            continue
        before.append(prose_key(nearest_before[i]))
        after.append(prose_key(nearest_after[i]))
    return keys, before, after


# Fewest words of a prose line that may be page furniture (an editor's note,
# a disclaimer, a sign-up pitch); shorter ones are sentences.
_PROSE_TEMPLATE_WORDS = 12


class Templates:
    """Lines that recur across documents between different article text.

    A line counts as a template when it is found in at least ``min_docs``
    documents and, across them, the nearest prose line before it and the
    nearest after it are each different at least ``min_docs`` times and in
    at least half of those documents. A document edge counts as its own
    context. Lines are counted within one source (:func:`publisher`): a
    template is one publisher's page, and its furniture in prose (an
    editor's note, a disclaimer, a promo) one publisher's too, whereas a
    wire story's headline and paragraphs are carried by many outlets.

    Args:
        contexts: The :class:`Contexts` of every document (they may be
            computed apart, in worker processes, and merged here).
        min_docs: Fewest documents, and distinct contexts on each side.
    """

    def __init__(self, contexts: Contexts, min_docs: int) -> None:
        self.min_docs = min_docs
        self._df: dict[int, int] = {}
        if not len(contexts.keys):
            return
        key = contexts.keys
        others = {"docs": contexts.docs, "before": contexts.before, "after": contexts.after}
        counts = {}
        for name, other in others.items():
            pairs = np.unique(np.stack([key, other], axis=1), axis=0)
            uniq, n = np.unique(pairs[:, 0], return_counts=True)
            counts[name] = dict(zip(uniq.tolist(), n.tolist(), strict=True))
        self._df = {
            k: n
            for k, n in counts["docs"].items()
            if n >= min_docs and min(counts["before"][k], counts["after"][k]) >= max(min_docs, n / 2)
        }

    def holders(self, contexts: Contexts) -> list[int]:
        """The documents (by number, in order) with a template line among
        ``contexts``: only their boilerplate can templates change."""
        if not self._df:
            return []
        lines = np.sort(np.fromiter(self._df, dtype=np.uint64, count=len(self._df)))
        return np.unique(contexts.docs[in_sorted(contexts.keys, lines)]).tolist()

    def documents_with(self, line: Line, source: int) -> int:
        """How many documents carry this line as a template (0: not one);
        ``source`` is the document's :func:`publisher`."""
        if line.prose and line.words < _PROSE_TEMPLATE_WORDS:
            return 0
        return self._df.get(_in_source(_line_key(line.text), source), 0)


def detect(
    doc: Document,
    settings: Settings,
    templates: Templates | None = None,
    doc_lines: list[Line] | None = None,
    labels: Labels | None = None,
) -> list[Boilerplate]:
    """The boilerplate of one document.

    Args:
        doc: The document.
        settings: ``boilerplate_phrases`` adds phrases of the user's own.
        templates: Corpus evidence from :class:`Templates`, if any.
        doc_lines: Its :func:`lines`, when already at hand.
        labels: What the document's own evidence says of its lines
            (:func:`detect_alone`), when already known: only the corpus's
            evidence is then weighed again.

    Returns:
        Findings in text order, one per run of lines with one category and
        one cause.
    """
    doc_lines = lines(doc.text) if doc_lines is None else doc_lines
    lab = _own_labels(doc_lines, settings) if labels is None else _Labeller.restore(doc_lines, labels)
    return _with_corpus(doc, doc_lines, lab, templates)


def detect_alone(doc: Document, settings: Settings, doc_lines: list[Line]) -> tuple[list[Boilerplate], Labels]:
    """The boilerplate of one document without the corpus's evidence, and
    what its own evidence says of its lines: with the corpus's templates
    known, :func:`detect` takes it up from there instead of reading every
    line again (templates change only the lines no rule of the document's
    own has labelled, and the runs found among the free lines after them)."""
    lab = _own_labels(doc_lines, settings)
    labels = lab.snapshot()
    return _with_corpus(doc, doc_lines, lab, None), labels


def _own_labels(doc_lines: list[Line], settings: Settings) -> _Labeller:
    """Labels from the document's own evidence: patterns, bylines,
    captions, dates, link and newsletter runs."""
    lab = _Labeller(doc_lines)
    phrases = [(" ".join(p.split()).casefold(), c) for p, c in settings.boilerplate_phrases]
    entries = _entry_times(doc_lines)
    for i, line in enumerate(doc_lines):
        hit = _match_rules(line, phrases) if i not in entries else None
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


def _with_corpus(
    doc: Document, doc_lines: list[Line], lab: _Labeller, templates: Templates | None
) -> list[Boilerplate]:
    """The corpus's templates, then the runs found among the lines still
    free (a tail of links, a menu at the top), and the findings."""
    if templates is not None:
        first_prose = next((k for k, line in enumerate(doc_lines) if line.prose), len(doc_lines))
        source = publisher(doc)
        for i, line in enumerate(doc_lines):
            n = templates.documents_with(line, source)
            # Right before prose, once the article has begun, a short line is
            # a heading of the article, however many articles share it.
            inside = not line.prose and first_prose < i < len(doc_lines) - 1 and doc_lines[i + 1].prose
            if n and lab.free(i) and not inside:
                lab.set(i, "template", _TEMPLATE, str(n))
    _tail_run(doc_lines, lab)
    _menu_run(doc_lines, lab)
    return _merge(doc, doc_lines, lab)


def _merge(doc: Document, doc_lines: list[Line], lab: _Labeller) -> list[Boilerplate]:
    """Consecutive labelled lines of one category become one finding; a run's
    lines share one reason, separate matches list theirs."""
    out: list[Boilerplate] = []
    i = 0
    while i < len(doc_lines):
        label = lab.labels[i]
        if label is None:
            i += 1
            continue
        j = i + 1
        while j < len(doc_lines) and (nxt := lab.labels[j]) is not None and nxt.category == label.category:
            j += 1
        reason = _merged_reason([lab.labels[k] for k in range(i, j)])
        span = Span(doc.id, doc_lines[i].start, doc_lines[j - 1].end)
        first, last = doc.lines_of(span)
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        out.append(
            Boilerplate(f"{label.category} at {where}", span, label.category, reason)
        )  # the reason is its own field
        i = j
    return out


# A template line's cause; its detail is how many documents carry it.
_TEMPLATE = "found in other documents, each time between different text"


def _merged_reason(labels: list[_Label]) -> str:
    """One reason for consecutive lines: evidence of one cause is listed
    once ("comment-widget text 'No comments:', 'Post a Comment'"), and a run
    of template lines says once how many lines and how many documents carry
    them ("3 lines found in 120-480 documents, each time between different
    text"): a page header is on every page of its outlet, and so is its
    reason in the report."""
    runs: list[list[_Label]] = []
    for label in labels:
        if runs and runs[-1][0].what == label.what:
            runs[-1].append(label)
        else:
            runs.append([label])
    return "; ".join(_cause_reason(run) for run in runs)


def _cause_reason(run: list[_Label]) -> str:
    """The reason of consecutive lines of one cause."""
    if run[0].what == _TEMPLATE:
        counts = sorted(int(label.detail) for label in run)
        docs = f"{counts[0]}" if counts[0] == counts[-1] else f"{counts[0]}-{counts[-1]}"
        lines = "line" if len(run) == 1 else f"{len(run)} lines"
        return f"{lines} found in {docs} documents, each time between different text"
    details = list(dict.fromkeys(label.detail for label in run if label.detail))
    return f"{run[0].what} {', '.join(details)}" if details else run[0].what


def find_boilerplate(docs: Sequence[Document], settings: Settings) -> list[list[Boilerplate]]:
    """The boilerplate of every document, with templates found across them.

    Args:
        docs: The documents of one scan.
        settings: ``template_min_docs`` and ``boilerplate_phrases``.

    Returns:
        Per document, its findings in text order.
    """
    docs_lines = [lines(d.text) for d in docs]
    numbered = ((i, doc_lines, publisher(doc)) for i, (doc, doc_lines) in enumerate(zip(docs, docs_lines, strict=True)))
    templates = corpus_templates(Contexts.of(numbered), len(docs), settings)
    return [detect(doc, settings, templates, doc_lines) for doc, doc_lines in zip(docs, docs_lines, strict=True)]


def corpus_templates(contexts: Contexts, documents: int, settings: Settings) -> Templates | None:
    """:class:`Templates` of a scan of ``documents`` documents, or None when
    it has too few for a line to recur in ``template_min_docs`` of them."""
    if documents < settings.template_min_docs:
        return None
    return Templates(contexts, settings.template_min_docs)


def template_seeds(
    found: Sequence[Sequence[Boilerplate]], docs: Sequence[Document], settings: Settings, perms: Permutations
) -> np.ndarray:
    """The seeds of the corpus's page templates, sorted: every page of an
    outlet carries them, whatever story it wraps, so they link nothing.

    Args:
        found: Per document, its boilerplate (templates' included).
        docs: The documents.
        settings: The seed size.
        perms: Any permutations (seeds do not depend on them).
    """
    texts = [
        docs[i].text[b.span.start : b.span.end] for i, bs in enumerate(found) for b in bs if b.category == "template"
    ]
    return seeds_of(texts, settings, perms)
