"""Segment stage: paragraphs, sentences and quotations as character ranges.

Every range is ``(start, end)`` into the text exactly as read, trimmed of the
surrounding white space, so ``text[start:end]`` is the passage itself.
"""

from __future__ import annotations

import re

_NON_SPACE = re.compile(r"\S")

# A sentence ends at . ! ? or … (plus closing quotes/brackets) followed by
# white space and something that can start a sentence.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
# Tokens before a full stop that do not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt st jr sr inc ltd co corp vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec no fig u.s u.k u.n e.g i.e".split()
)

_OPEN = "“«„"
_CLOSE = "”»"
_QUOTE_MARKS = '“”"«»„'


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, trimmed: scraped articles put one paragraph per line.

    A line ends at ``\\n`` or ``\\r`` (so ``\\r\\n`` too).
    """
    out = []
    pos = 0
    # str.split, not a regex match per line: a quarter of the time. A \r
    # becomes a \n of the same length, so offsets hold.
    for line in (text.replace("\r", "\n") if "\r" in text else text).split("\n"):
        kept = line.lstrip()
        if kept:
            start = pos + len(line) - len(kept)
            out.append((start, start + len(kept.rstrip())))
        pos += len(line) + 1
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentences inside each paragraph (a paragraph never spans two sentences' gap).

    A rule-based splitter: good enough to locate passages, not a linguistic
    parser. Abbreviations ("Mr.", "Jan.", "U.S.") and initials ("Vladimir V.
    Putin") do not end a sentence.
    """
    out = []
    for p_start, p_end in paragraphs(text):
        start = p_start
        for m in _SENTENCE_END.finditer(text, p_start, p_end):
            word = re.search(r"([\w.]+)\.*$", text[start : m.start() + 1])
            token = word.group(1).rstrip(".").lower() if word else ""
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            out.append((start, m.end()))
            nxt = _NON_SPACE.search(text, m.end(), p_end)
            start = nxt.start() if nxt else p_end
        if start < p_end:
            out.append((start, p_end))
    return out


def quote_marks(text: str) -> list[tuple[int, str]]:
    """Every quotation mark of ``text`` (``“”"«»„``) and where it is, in
    text order. Found with ``str.find`` per mark, not a regex: the engine has
    no fast scan for a class of characters beyond ASCII."""
    marks = []
    for mark in _QUOTE_MARKS:
        at = text.find(mark)
        while at != -1:
            marks.append((at, mark))
            at = text.find(mark, at + 1)
    marks.sort()
    return marks


def quotations(text: str, paras: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The insides of quotations (between the marks), per paragraph.

    Curly and angle quotes pair by direction; straight double quotes toggle.
    A quotation left open at the end of a paragraph runs to the paragraph's
    end: news style opens every paragraph of a long quotation and closes only
    the last one.

    Args:
        text: The text.
        paras: Its :func:`paragraphs` if the caller has them (a
            :class:`~provenance.prepared.Prepared` does).
    """
    out: list[tuple[int, int]] = []
    marks = quote_marks(text)  # every mark of the text, then dealt out to the paragraphs
    if not marks:
        return out
    i = 0
    for p_start, p_end in paragraphs(text) if paras is None else paras:
        while i < len(marks) and marks[i][0] < p_start:
            i += 1
        open_at = -1
        while i < len(marks) and marks[i][0] < p_end:
            at, mark = marks[i]
            i += 1
            closing = mark in _CLOSE or (mark == '"' and open_at != -1)
            if closing and open_at != -1:
                if at > open_at:
                    out.append((open_at, at))
                open_at = -1
            elif not closing and open_at == -1:
                open_at = at + 1  # a mark is one character
        if open_at != -1 and open_at < p_end:
            out.append((open_at, p_end))
    return out
