"""Lines and what their shape says: the unit of boilerplate detection.

Scraped text keeps one paragraph per line. Each line is described the way
jusText describes paragraphs (Pomikálek, *Removing Boilerplate and Duplicate
Content from Web Corpora*, PhD thesis, Masaryk University, 2011): length,
stop-word density, sentence punctuation, plus what plain text still shows of
the page: title case, list markers. The features of a whole document are
computed in one compiled pass (numba).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numba import njit

from ..fingerprint import STOPWORDS
from ..kernels.tokens import BMP, NOT_WORD, codepoints, fold_table, folded_hash, in_set, stop_set
from ..model import Document
from ..prepared import Prepared
from ..segment import paragraphs

WORD = re.compile(r"\w[\w'’.-]*")
_SENTENCE_MARKS = tuple(".!?…")
CLOSERS = "\"'”’)]"
# The same as code points, for the compiled line pass.
_SENTENCE_MARK_CODES = tuple(ord(c) for c in _SENTENCE_MARKS)
_CLOSER_CODES = tuple(ord(c) for c in CLOSERS)
_LIST_MARKER = re.compile(r"^(?:[•·▪◦‣●○■□➢►✓✔*+-]|[–—]|\d{1,3}[.)]|[a-z][.)]|\(\d{1,3}\)|\(?[ivx]{1,4}\))\s+")
# The characters but for digits (any str.isdecimal(), as \d) that a list
# marker can start with: a set lookup rules most lines out before the pattern.
_LIST_STARTS = frozenset("•·▪◦‣●○■□➢►✓✔*+-–—(abcdefghijklmnopqrstuvwxyz")


def _list_marker(line: str) -> bool:
    """Whether a line starts with a list marker."""
    first = line[:1]
    return (first in _LIST_STARTS or first.isdecimal()) and _LIST_MARKER.match(line) is not None


@dataclass(slots=True)
class Line:
    """One non-blank line, trimmed, with the shape features the rules read.

    ``prose`` says whether it reads as a paragraph of running text
    (jusText's "good"), from the other features: :func:`lines` works it out
    once, as every rule asks.
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
    prose: bool
    number: int  # its 1-based line number in the file (a line holds no line break)

    @property
    def leads_in(self) -> bool:
        """Whether it ends in a colon: it introduces what follows (a list,
        a table, a quotation)."""
        return self.text.rstrip().endswith(":")


def _is_prose(words: int, stop_density: float, titleish: bool, sentence_end: bool, marker: bool) -> bool:
    if titleish or marker:
        return False
    if words >= 30:
        return True
    if words >= 8 and sentence_end:
        return True
    return words >= 12 and stop_density >= 0.25


# A line this long whose first words read as a title has its shape read
# from all its words: a dateline in capitals, a run of names and titles, or
# the headline a scraper joined to the text may open a paragraph. (Few lines
# are both: only those are read again.)
_WHOLE_WORDS = 60
# Fewest words of prose a page's article has: a page with less is not cut
# around its article.
MIN_ARTICLE_WORDS = 40
# Words of a short line: a menu item, a link label, a commenter's name.
SHORT_LINE_WORDS = 4
_FIGURE = re.compile(r"[+-]?\d[\d.,:/]*(?:%|bn|m|k|st|nd|rd|th)?", re.IGNORECASE)
# Shape ratios are read from a line's first words: enough to tell a title
# from a sentence, and bounded work on long paragraphs.
_SAMPLE = 16


@njit(cache=True, boundscheck=False)
def _shapes(cps: np.ndarray, bounds: np.ndarray, table: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per line, the count of :data:`WORD`'s words and the shape of the
    first :data:`_SAMPLE` of them, in one pass over the code points.

    A word is a run of word characters and joiners from its first word
    character on. A sample word (its trailing full stops dropped) is a
    function word when it is all ASCII word characters and its token hash is
    one's; a joiner rules that out. A line with any other character in a
    sample word, or any character beyond the BMP, is marked ``odd`` and left
    to :func:`_shape` (``str.casefold`` and ``str.isupper`` over all of
    Unicode).

    Also, per line, whether it ends a sentence (a mark of
    :data:`_SENTENCE_MARKS` before any :data:`CLOSERS`), whether two line
    breaks or more come between it and the line before, and its line number
    (one more than the ``\\n`` before it, as
    :meth:`~provenance.model.Document.line_of` counts).

    Returns:
        Per line ``words, stops, content, capitalised, odd, sentence_end,
        blank_before, number``, and ``(line, start, end)`` rows of the
        sample words that start with a digit, for the figure pattern.
    """
    n = len(bounds)
    sentence_end = np.zeros(n, np.bool_)
    blank_before = np.zeros(n, np.bool_)
    number = np.zeros(n, np.int64)
    previous_end = 0
    line = 1
    for k in range(n):
        j = bounds[k, 1] - 1
        while j >= bounds[k, 0] and _is_closer(cps[j]):
            j -= 1
        sentence_end[k] = j >= bounds[k, 0] and _is_sentence_mark(cps[j])
        breaks = 0
        for i in range(previous_end, bounds[k, 0]):
            breaks += cps[i] == 10
        blank_before[k] = breaks >= 2
        line += breaks
        number[k] = line
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
            while cps[last - 1] == 46:  # full stops end a word of WORD, not a word
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
    return words, stops, content, capitalised, odd, sentence_end, blank_before, number, figures[:f]


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


def _shape(line: str, sample_size: int = _SAMPLE) -> tuple[int, int, int, int, int, int]:
    """``(words, sample size, stops, content, capitalised, numbers)`` of a
    line, by definition (the compiled pass's reference), from its first
    ``sample_size`` words."""
    words = WORD.findall(line)
    sample = words[:sample_size]
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


def lines(text: str | Prepared) -> list[Line]:
    """The non-blank lines of a text with their shape features.

    Args:
        text: The text, or a document's :class:`~provenance.prepared.Prepared`
            text (whose code points and paragraphs the fingerprint reads too).
    """
    prep = text if isinstance(text, Prepared) else None
    text = prep.text if prep is not None else text
    paras = prep.paras if prep is not None else paragraphs(text)
    if not paras:
        return []
    cps = prep.cps if prep is not None else codepoints(text)
    bounds = np.asarray(paras, dtype=np.int64)
    words, stops, content, capitalised, odd, sentence_end, blank_before, number, figures = (
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
        titleish = n_content >= 2 and n_capitalised >= 0.75 * n_content
        if titleish and n >= _WHOLE_WORDS:  # its shape again, of every word
            n, sampled, n_stops, n_content, n_capitalised, n_numbers = _shape(line, n)
            titleish = n_content >= 2 and n_capitalised >= 0.75 * n_content
        density = n_stops / sampled if sampled else 0.0
        marker = _list_marker(line)
        ends = sentence_end[k]
        prose = _is_prose(n, density, titleish, ends, marker)
        # Positional, in the order of Line's fields: one per line of every document.
        out.append(
            Line(k, start, end, line, n, density, titleish, ends, marker, blank_before[k], n_numbers, prose, number[k])
        )
    return out


class Lined(Prepared):
    """A document's :class:`~provenance.prepared.Prepared` text with its
    :func:`lines`, worked out once, when first asked for: the boilerplate
    stage and the lineage stage's article split read the same lines."""

    @cached_property
    def lines(self) -> list[Line]:
        """Its non-blank lines with their shape features."""
        return lines(self)

    def settled(self) -> Lined:
        """Itself with its lines worked out and the text's other forms
        forgotten (the document keeps its text): what to hold for many
        documents at once."""
        _ = self.lines
        for name in ("text", "cps", "paras"):
            self.__dict__.pop(name, None)
        return self


def lined(doc: Document | Prepared) -> Lined:
    """``doc`` as a :class:`Lined` (itself when it is one; a
    :class:`~provenance.prepared.Prepared` keeps what it has worked out)."""
    if isinstance(doc, Lined):
        return doc
    if isinstance(doc, Prepared):
        out = Lined(doc.doc)
        out.__dict__.update(doc.__dict__)  # its cached text, code points and paragraphs
        return out
    return Lined(doc)
