"""Article boundaries: where one article ends and the next begins in a file.

A scraped page can hold several articles: a story, its agency credit, then
another story with its own headline and date. A boundary needs an article
to end (prose before it) and one to start (prose after it), and at least one
of these cues:

* **sign-off**: the line before is a credit that closes an article ("New
  York Times News Service", "(Reporting by …; Editing by …)", "— AFP");
* **header**: a headline-like line followed, within a few lines, by what
  opens an article: a publication-date line, a byline, or a place dateline
  ("MOSCOW —", "PARIS (AFP) -");
* **topic shift**: a headline-like line where the vocabulary of the prose
  before and after has almost nothing in common (in the spirit of Hearst's
  TextTiling, *Computational Linguistics* 23(1), 1997, with one window each
  side of a candidate heading instead of a sliding one).

Section headings of one article have none of these: no date or byline under
them, and the same subject on both sides. A header inside a block that
repeats an earlier one of the same file (an ingest that doubled the article)
is not a new article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..boilerplate import Line, Lined, quote
from ..cues.agencies import AGENCY, mentions_agency
from ..fingerprint import STOPWORDS
from ..memo import Memo, through
from ..model import Boilerplate, Span

# An article must have this many words of prose to count as one.
MIN_ARTICLE_WORDS = 40
# Characters at the top of a file where a byline or date line opens the
# first article rather than a later one.
_TOP = 200
# How far below a headline the date, byline or dateline may sit.
_HEADER_REACH = 5
# How much vocabulary two sides may share and still be two subjects.
MAX_TOPIC_OVERLAP = 0.05
_TOPIC_WINDOW = 5

_PLACE_DATELINE = re.compile(
    rf"(?-i:[A-Z][A-Z.'’-]+(?:[ ,/]+[A-Z][A-Za-z.'’-]*){{0,4}})(?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?\s*"
    rf"(?:\((?:{AGENCY})\)\s*)?(?:[—–]|--?)\s"
)
# A credit closing a paragraph: "… Hartono said. — AFP", "… (AP)". The dash
# must follow a sentence's end: "first reported by its rival — The
# Washington Post." is a sentence naming a newspaper, not its credit.
_INLINE_SIGN_OFF = re.compile(rf"(?:(?<=[.!?”\"’'])\s*[—–-]{{1,2}}\s*|\()(?:{AGENCY})\)?\.?$")
_WORD = re.compile(r"[a-z][a-z'’-]{2,}")


@dataclass(frozen=True)
class Boundary:
    """A segment of a file: ``text[start:end]``, its headline, and why it starts there."""

    start: int
    end: int
    title: str | None
    reason: str


def _headline_like(line: Line) -> bool:
    """A line that could head an article: a few words, no full stop, not a
    list item. (A headline often reads like a sentence, so ``prose`` is no
    test.)"""
    end = line.text.rstrip()[-1:]
    return (
        not line.marker
        and 4 <= line.words <= 30
        and (not line.sentence_end or end in "?!")
        and end not in ",;:"
        and line.numbers <= 2
    )


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS)


class _Reader:
    """What :func:`split` reads in a page's lines, each once: whether a line
    ends with a sign-off, and the content words of the prose on each side of
    a line (the union of those of the nearest :data:`_TOPIC_WINDOW` prose
    lines: words never span lines), each window's once however many lines
    share it, each line's once (with a ``memo``, once per text)."""

    def __init__(self, doc_lines: list[Line], memo: Memo | None) -> None:
        self.lines, self.memo = doc_lines, memo
        self.prose = [j for j, line in enumerate(doc_lines) if line.prose]
        self._windows: dict[tuple[int, int], set[str]] = {}
        self._words_of: dict[int, frozenset[str]] = {}

    def signs_off(self, j: int) -> bool:
        """Whether line ``j`` ends with an agency's sign-off."""
        text = self.lines[j].text
        return through(self.memo, ("sign-off", text), len(text), _signs_off, text)

    def around(self, i: int) -> tuple[set[str], set[str]]:
        """The words of the prose before line ``i``, and after it."""
        before, after = bisect_left(self.prose, i), bisect_right(self.prose, i)
        return self._union(max(0, before - _TOPIC_WINDOW), before), self._union(after, after + _TOPIC_WINDOW)

    def _union(self, lo: int, hi: int) -> set[str]:
        found = self._windows.get((lo, hi))
        if found is None:
            found = self._windows[(lo, hi)] = set().union(*(self._words(j) for j in self.prose[lo:hi]))
        return found

    def _words(self, j: int) -> frozenset[str]:
        found = self._words_of.get(j)
        if found is None:
            text = self.lines[j].text
            found = self._words_of[j] = through(self.memo, ("words", text), len(text), _content_words, text)
        return found


def _signs_off(text: str) -> bool:
    return _INLINE_SIGN_OFF.search(text) is not None


def split(
    page: Lined,
    boilerplate: Sequence[Boilerplate] = (),
    repeats: Sequence[Span] = (),
    names_agency: bool | None = None,
    memo: Memo | None = None,
) -> list[Boundary]:
    """The articles in one file, in order; they tile its text.

    Args:
        page: The document's :class:`~provenance.boilerplate.Lined` text
            (its lines are read only when a cue says there may be more than
            one article).
        boilerplate: Its boilerplate findings (credits, date lines, bylines,
            captions are the cues).
        repeats: Later copies of its repeated blocks: no article starts in one.
        names_agency: Whether the text may name an agency
            (:func:`provenance.cues.agencies.mentions_agency`), if known.
        memo: The scan's :class:`~provenance.memo.Memo`, if any.

    Returns:
        One :class:`Boundary` per article; a file with one article gives one.
    """
    text = page.text
    if not _may_split(text, boilerplate, names_agency):
        return [Boundary(0, len(text), _first_headline(text), "start of file")]
    doc_lines = page.lines
    category: list[str | None] = [None] * len(doc_lines)
    starts = [line.start for line in doc_lines]
    for finding in boilerplate:
        for i, line in enumerate(doc_lines):
            if line.start >= finding.span.end:
                break
            if line.end > finding.span.start:
                category[i] = finding.category

    def repeated(i: int) -> bool:
        return any(r.start <= starts[i] < r.end for r in repeats)

    def prose_words(lo: int, hi: int) -> int:
        return sum(doc_lines[j].words for j in range(lo, hi) if doc_lines[j].prose and category[j] is None)

    reader = _Reader(doc_lines, memo)
    cuts: list[tuple[int, str]] = []  # (line index, reason)
    segment_start = 0
    i = 1
    while i < len(doc_lines):
        found = _cue(doc_lines, category, i, reader)
        if (
            found is not None
            and not repeated(found[0])
            and prose_words(segment_start, found[0]) >= MIN_ARTICLE_WORDS
            and prose_words(found[0], _next_cut_limit(doc_lines, found[0])) >= MIN_ARTICLE_WORDS
        ):
            at, reason = found
            cuts.append((at, reason))
            segment_start = at
            i = at + 1
            continue
        i += 1
    return _boundaries(text, doc_lines, category, cuts)


_OPEN_ENDS = tuple(".!?…\"”’')]:;,")


def _may_split(text: str, boilerplate: Sequence[Boilerplate], names_agency: bool | None) -> bool:
    """False when no cue can fire: no credit, date line or byline past the
    top of the file, no agency named, and no headline-like line after the
    first. A cheap look at raw lines spares most files the line features."""
    if any(f.category in ("credit", "dateline", "byline") and f.span.start > _TOP for f in boilerplate):
        return True
    if mentions_agency(text) if names_agency is None else names_agency:
        return True
    first = True
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if first:
            first = False
            continue
        if not line.endswith(_OPEN_ENDS) and 4 <= line.count(" ") + 1 <= 30:
            return True
    return False


def _first_headline(text: str) -> str | None:
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            words = line.count(" ") + 1
            return line[:200] if 4 <= words <= 30 and not line.endswith(tuple(".,;:")) else None
    return None


def _next_cut_limit(doc_lines: list[Line], at: int) -> int:
    return min(len(doc_lines), at + 40)


def _cue(doc_lines: list[Line], category: list[str | None], i: int, reader: _Reader) -> tuple[int, str] | None:
    """A boundary at or just before line ``i``, and its reason."""
    line, prev = doc_lines[i], doc_lines[i - 1]
    if category[i] is None and (category[i - 1] == "credit" or (prev.prose and reader.signs_off(i - 1))):
        # The run of credit lines is over: a new article starts here.
        reason = f"after the sign-off {quote(prev.text)}"
        if _headline_like(line):
            reason += f"; headline {quote(line.text)}"
        return i, reason
    if not _headline_like(line) or category[i] is not None or doc_lines[i - 1].text.rstrip().endswith(":"):
        return None
    for j in range(i + 1, min(len(doc_lines), i + 1 + _HEADER_REACH)):
        below = doc_lines[j]
        if category[j] in ("dateline", "byline"):
            return i, f"headline {quote(line.text)} over the {category[j]} {quote(below.text)}"
        if _PLACE_DATELINE.match(below.text):
            return i, f"headline {quote(line.text)} over the dateline {quote(below.text[:40])}"
        if below.prose:
            break
    a, b = reader.around(i)
    if len(a) >= 25 and len(b) >= 25:
        overlap = len(a & b) / min(len(a), len(b))
        if overlap <= MAX_TOPIC_OVERLAP:
            return i, f"headline {quote(line.text)} between unrelated text (vocabulary overlap {overlap:.2f})"
    return None


def _boundaries(
    text: str, doc_lines: list[Line], category: list[str | None], cuts: list[tuple[int, str]]
) -> list[Boundary]:
    bounds = [0] + [doc_lines[at].start for at, _ in cuts] + [len(text)]
    reasons = ["start of file"] + [reason for _, reason in cuts]
    firsts = [0] + [at for at, _ in cuts] + [len(doc_lines)]
    out = []
    for k in range(len(bounds) - 1):
        title = None
        for j in range(firsts[k], firsts[k + 1]):
            line = doc_lines[j]
            if category[j] is None and _headline_like(line):
                title = line.text.strip()[:200]
                break
            if line.prose:
                break
        out.append(Boundary(bounds[k], bounds[k + 1], title, reasons[k]))
    return out
