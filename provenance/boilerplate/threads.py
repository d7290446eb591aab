"""A page's comment thread: where it starts behind the article, from its
opening ("3 Responses", "Leave a Reply"), the widgets under every comment
("Reply"), or the signatures comments are printed with (a name over a date,
"NAME says:")."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import pairwise

from ..cues.dates import DATE, MONTH
from ..memo import Memo, through
from .lines import MIN_ARTICLE_WORDS, SHORT_LINE_WORDS, Line

# A line that opens a page's comment section: "{ 2 comments… read them below
# or add one }", "3 Responses to “…”", "12 thoughts on “…”", "Leave a
# Reply", "Comments". Each also names a tab or a link by the headline, so it
# counts only behind most of the article.
_COMMENTS_OPEN = re.compile(
    r"\{?\s*(?:\d+|one|two|three)\s+(?:comments?|responses?|replies|thoughts|trackbacks?)\b.{0,80}"
    r"|(?:leave|post|add|write|submit) (?:a|your|new) (?:comment|reply|response)\b.{0,40}"
    r"|comments? \(\d+\)|comments (?:are|is) closed|(?:reader|user|readers['’]?|your) comments?(?:\s*\(\d+\))?"
    r"|there (?:are|is) (?:\d+|no|one) (?:comments?|responses?)\b.{0,40}"
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


def thread_start(
    lines_: list[Line], first: int, last: int, plain: bool = False, candidates: list[int] | None = None
) -> int | None:
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
    signature after it; :data:`_EARLIER_SIGNATURES` or more start it so
    even above an opening found further down (the comment form under the
    thread, "Leave a Reply"). With ``plain``, only an opening over
    signatures and the "Reply"s count. ``candidates`` is the page's
    :func:`signature_lines`, if known."""
    signatures = _signatures(lines_, first, signature_lines(lines_) if candidates is None else candidates)
    opened = _opened(lines_, first, last, signatures, plain)
    if not signatures or plain:
        return opened
    signed = _signed(lines_, first, signatures)
    if opened is None:
        return signed
    # Signatures before the opening found (a "Leave a Reply" under the
    # thread) start it when there are enough of them to be a thread's.
    earlier = signed is not None and signed < opened and len(signatures) >= _EARLIER_SIGNATURES
    return signed if earlier else opened


def readers_thread(lines_: list[Line], candidates: list[int]) -> int | None:
    """Where readers' comments start on a page, wherever its densest prose
    is: at the first of :data:`_EARLIER_SIGNATURES` or more signatures
    printed alike with different names (see :func:`_signed_by_many`),
    with an article's worth of prose above it (or at the commenter's name
    over it). A long comment may hold more prose than a short post; the
    post still comes first. ``candidates`` is the page's
    :func:`signature_lines`."""
    signatures = _signatures(lines_, 0, candidates)
    if not signatures or not _signed_by_many(lines_, signatures):
        return None
    start = signatures[0]
    if sum(line.words for line in lines_[:start] if line.prose) < MIN_ARTICLE_WORDS:
        return None
    name = lines_[start - 1]
    return start - 1 if not name.prose and name.words <= SHORT_LINE_WORDS else start


def counted_thread(lines_: list[Line]) -> int | None:
    """Where a page with no article block (a photo post, a video under a
    line of text) starts its comment thread: a line that counts its
    comments ("{ 1 comment… read it below or add one }", "3 Responses to
    “…”") after the page's first paragraph, with a comment's signature (a
    short line with a date and its year) within :data:`_SIGNED_REACH`
    lines under it."""
    first = next((k for k, line in enumerate(lines_) if line.prose), len(lines_))
    for k in range(first + 1, len(lines_)):
        line = lines_[k]
        if line.words > 20 or line.prose or not (_counted(line) or _cue(_COUNTED_OPEN, line)):
            continue
        under = lines_[k + 1 : k + 1 + _SIGNED_REACH]
        signed = any(not u.prose and u.words <= _SIGNATURE_WORDS and _SIGNATURE_DATE.search(u.text) for u in under)
        return k if signed else None
    return None


# A count of comments as the thread's opening prints it, with its offer to
# read or add them.
_COUNTED_OPEN = re.compile(
    r"\{?\s*(?:\d+|one|two|three)\s+(?:comments?|responses?|replies|thoughts)\b.{0,80}", re.IGNORECASE
)
# How far under a counted opening the first comment's signature sits.
_SIGNED_REACH = 3


def _opened(lines_: list[Line], first: int, last: int, signatures: list[int], plain: bool) -> int | None:
    """Where the thread's opening or its first widget sits (see
    :func:`thread_start`), if anywhere."""
    most = max(MIN_ARTICLE_WORDS, sum(line.words for line in lines_[first : last + 1] if line.prose) / 2)
    widgets = [k for k in range(first, len(lines_)) if _cue(_THREAD_WIDGET, lines_[k])]
    words = 0
    for k in range(first, len(lines_)):
        line = lines_[k]
        if k in widgets[:1] and len(widgets) >= 2 and words >= MIN_ARTICLE_WORDS:
            return k
        if _opening(line) and words >= MIN_ARTICLE_WORDS:
            signed = any(k < j <= k + _OPENING_REACH for j in signatures) or (_counted(line) and _named(lines_, k))
            if signed or (words >= most and not plain):
                return k
        words += line.words if line.prose else 0
    return None


def _signed(lines_: list[Line], first: int, signatures: list[int]) -> int | None:
    """Where the thread starts by its signatures alone: they cut the page
    into pieces, the article is the piece with the most prose, and the
    thread starts at the signature after it (or at the commenter's name over
    it)."""
    bounds = [first, *signatures, len(lines_)]
    prose = [sum(line.words for line in lines_[a:b] if line.prose) for a, b in pairwise(bounds)]
    best = max(range(len(prose)), key=prose.__getitem__)
    if prose[0] >= MIN_ARTICLE_WORDS and _signed_by_many(lines_, signatures):
        best = 0
    if len(signatures) - best < 2:
        return None
    start, end = bounds[best], bounds[best + 1]
    # The commenter's name on the line above a date.
    name = lines_[end - 1]
    return end - 1 if end - 1 > start and not name.prose and name.words <= SHORT_LINE_WORDS else end


def _signed_by_many(lines_: list[Line], signatures: list[int]) -> bool:
    """Whether :data:`_EARLIER_SIGNATURES` or more signatures printed alike
    sign with different names: what each prints besides its date, a few
    words and no sentence. Readers' comments, not the posts of one author
    ("Posted by Ree on February 16 2012"), nor a list of dated items."""
    names: dict[str, set[str]] = {}
    for k in signatures:
        line = lines_[k]
        text = line.text.strip().casefold()
        date = _SIGNATURE_DATE.search(text)
        name = text[: date.start()] + text[date.end() :] if date else text
        if line.sentence_end or len(name.split()) > _SIGNER_WORDS:
            continue
        names.setdefault(_shape(text), set()).add(name)
    return any(len(signed) >= _EARLIER_SIGNATURES for signed in names.values())


# Most words a signature prints besides its date ("Posted by: Jane Roe |").
_SIGNER_WORDS = 6


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
# September 13, 2012 at 05:15 AM", "Jane says:", "Claire Sanz writes").
# Signatures also print a year in two figures ("Jermaine 07 Nov 12").
_SIGNATURE_DATE = re.compile(rf"{DATE}|\b\d{{1,2}}\s+{MONTH}\s+'?\d{{2}}\b", re.IGNORECASE)
_FIGURE = re.compile(r"\d")
_SAYS = re.compile(r"\S.{0,60}\s(?:says|said|wrote|writes)\s*[:,]?", re.IGNORECASE)
# A commenter's name printed after the link to their site or profile
# ("http://twitter.com/danamac Dana McMahan"), as Disqus prints it.
_LINKED_NAME = re.compile(r"https?://\S+\s+\w[^\s:/]*(?:\s+[^\s:/]+){0,3}")
_SIGNATURE_WORDS = 20
# An embedded tweet's attribution is the article's quotation, not a comment
# ("— Dylan Byers (@DylanByers) November 7, 2012").
_TWEET = re.compile(r"\(@\w+\)")
# Fewest signatures that start a thread before its opening.
_EARLIER_SIGNATURES = 3
# How far above the first signature a thread's opening sits (its first
# comment may be signed below it).
_OPENING_REACH = 8


_SHAPE_TOKEN = re.compile(r"\w+|[^\w\s]")
_MONTH_NAME = re.compile(MONTH, re.IGNORECASE)
# The words a signature's template prints; any other word is its author's.
_TEMPLATE_WORDS = frozenset({"at", "on", "by", "posted", "says", "said", "wrote", "writes", "am", "pm", "|"})


def _shape(text: str) -> str:
    """A signature's template: from its date on when it has one, figures,
    month names and other words each reduced to one mark ("Colin Roald —
    October 1, 2012 at 2:04 pm" → "M 0 , 0 at 0 : 0 pm"; "Jane Roe says:"
    → "a says :")."""
    # From the date on: the author's name before it may hold any mark.
    if _LINKED_NAME.fullmatch(text.strip()):
        return "link a"
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


def _signs(text: str) -> bool:
    """Whether a short line's text (stripped) reads like a comment's
    signature: a date with its year (not an embedded tweet's), "NAME says:",
    or a commenter's link and name."""
    # Every date with its year holds figures: most lines go on a cheap test.
    if _FIGURE.search(text) is not None and _SIGNATURE_DATE.search(text) is not None:
        return _TWEET.search(text) is None
    return _SAYS.fullmatch(text) is not None or _LINKED_NAME.fullmatch(text) is not None


def signature_lines(lines_: list[Line], memo: Memo | None = None) -> list[int]:
    """The lines that may sign a comment: short lines holding a date with
    its year, or "NAME says:", or a commenter's link and name, each with a
    paragraph within three lines (see :func:`_signatures`). ``memo``, the
    scan's :class:`~provenance.memo.Memo` if any, keeps what a line's text
    says (an outlet's dated lines come back in each of its pages)."""
    signatures: list[int] = []
    for k, line in enumerate(lines_):
        if line.prose or line.words > _SIGNATURE_WORDS:
            continue
        text = line.text.strip()
        if not through(memo, ("signs", text), len(text), _signs, text):
            continue
        near = range(max(0, k - 3), min(len(lines_), k + 4))
        if any(lines_[j].prose for j in near):
            signatures.append(k)
    return signatures


def _signatures(lines_: list[Line], first: int, candidates: list[int]) -> list[int]:
    """The comment signatures from line ``first`` on, of the page's
    :func:`signature_lines` ``candidates``: printed alike with two different
    dates or names at least (the article's own date line is printed another
    way). Fewer than two are none."""
    signatures = candidates[bisect_left(candidates, first) :]
    # Two comments are signed with different names or times: a page that
    # prints its date line twice is no thread. (The article's own date line
    # right above the first comment's signature is printed another way.)
    shape = {k: _shape(lines_[k].text) for k in signatures}
    shapes = Counter(shape[k] for k in {lines_[k].text.strip(): k for k in signatures}.values())
    alike: list[int] = []
    for k in signatures:
        if shapes[shape[k]] >= 2 and (not alike or k - alike[-1] >= 2):
            alike.append(k)
    return alike if len(alike) >= 2 else []


def _cue(pattern: re.Pattern[str], line: Line) -> bool:
    """Whether a short line is all one of a pattern's cues."""
    return line.words <= 12 and not line.prose and pattern.fullmatch(line.text.strip().rstrip(".:!»› ")) is not None
