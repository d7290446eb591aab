"""Blocks repeated inside one document: the later copy is the finding."""

from __future__ import annotations

import re
from dataclasses import replace

from ..align import Passage, char_span
from ..config import Settings
from ..fingerprint import Fingerprint
from ..model import (
    Document,
    RepeatedBlock,
    SharedPassage,
    Span,
)
from .passages import NOTHING, evidence
from .spans import (
    _lines,
    _mostly_inside,
    paragraph_share,
    snap_to_paragraphs,
)

_MAX_PERIOD = 8
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def repeated_runs(doc: Document, settings: Settings) -> list[RepeatedBlock]:
    """Blocks of lines written several times in a row, each run one finding.

    A block of one to eight non-blank lines (``min_words`` words or more)
    followed at once by copies of itself is one run, however many copies:
    its ``span`` holds every copy but the first, its ``copy_of`` every copy
    but the last (the same text shifted by one block), so that removing the
    span leaves one copy. Seed alignment cannot see this: a seed found more
    than a few times in one text is no evidence there, so a line pasted a
    hundred times would pass unreported. Linear in the text: each period is
    one comparison of every line with the one a period later.
    """
    text = doc.text
    starts, ends, keys = [], [], []
    for m in _LINE.finditer(text):
        if m.start() == len(text):
            break
        body = m.group().rstrip("\r\n")
        key = " ".join(body.split())
        if key:
            starts.append(m.start())
            ends.append(m.start() + len(body))
            keys.append(key)
    n = len(keys)
    words = [len(k.split()) for k in keys]
    taken = [False] * n
    out: list[RepeatedBlock] = []
    for period in range(1, _MAX_PERIOD + 1):
        i = 0
        while i + period < n:
            j = i
            while j + period < n and keys[j] == keys[j + period]:
                j += 1
            copies = (j - i + period) // period
            unit = keys[i : i + period]
            if copies >= 2 and sum(words[i : i + period]) >= settings.min_words and not _periodic(unit):
                last = i + copies * period - 1
                if not any(taken[i : last + 1]):
                    for k in range(i, last + 1):
                        taken[k] = True
                    later = Span(doc.id, starts[i + period], ends[last])
                    earlier = Span(doc.id, starts[i], ends[last - period])
                    count = sum(words[i + period : last + 1])
                    block = "line" if period == 1 else f"{period} lines"
                    message = (
                        f"{count} words at lines {_lines(doc, later)} repeat lines {_lines(doc, earlier)}"
                        f" ({copies} copies of {block} in a row, similarity 1.00)"
                    )
                    out.append(RepeatedBlock(message, span=later, copy_of=earlier, similarity=1.0, words=count))
                i = last + 1
            else:
                i = max(j, i + 1)
    return sorted(out, key=lambda b: b.span.start)


def _periodic(block: list[str]) -> bool:
    """Whether a block of lines is itself a shorter block written again
    (three copies of one short line are no three-line block)."""
    n = len(block)
    return any(n % q == 0 and all(block[k] == block[k % q] for k in range(n)) for q in range(1, n))


def _next_line(text: str, end: int) -> str:
    """The first non-blank line after offset ``end`` (white space aside)."""
    at = text.find("\n", end)
    while at != -1:
        nxt = text.find("\n", at + 1)
        line = text[at + 1 : nxt if nxt != -1 else len(text)].strip()
        if line:
            return " ".join(line.split())
        at = nxt
    return ""


def _repeated_item(text: str, earlier: Span, later: Span) -> bool:
    """Whether a line written again is an item an article repeats on purpose:
    one line that ends no sentence (a list's "Breakfast: porridge…", an
    interview's question), each copy followed by different text (another
    day's lunch, another person's answer). A paragraph pasted twice ends a
    sentence, or is followed by what followed it the first time."""
    body = text[later.start : later.end].strip()
    closed = body.rstrip("\"'”’)]")
    if "\n" in body or not closed or closed[-1] in ".!…":
        return False
    return _next_line(text, earlier.end) != _next_line(text, later.end)


def repeated_blocks(
    doc: Document, fp: Fingerprint, passages: list[Passage], settings: Settings
) -> list[RepeatedBlock | SharedPassage]:
    """Findings of the passages a document shares with itself: the runs of
    blocks written several times in a row (:func:`repeated_runs`) first,
    then what alignment finds outside them."""
    blocks: list[RepeatedBlock] = repeated_runs(doc, settings)
    run_ids = {id(b) for b in blocks}
    runs = [Span(doc.id, b.copy_of.start, b.span.end) for b in blocks]
    shared: list[SharedPassage] = []
    text = doc.text

    def spans(p: Passage) -> tuple[Span, Span]:
        return (
            Span(doc.id, *char_span(text, fp, p.a_start, p.a_end)),
            Span(doc.id, *char_span(text, fp, p.b_start, p.b_end)),
        )

    # Earliest copy first for each later copy, so a block written three times
    # is reported twice, each time as a copy of the first.
    for p in sorted(passages, key=lambda p: (p.b_start, p.a_start)):
        a_range = snap_to_paragraphs(fp, p.a_start, p.a_end)
        b_range = snap_to_paragraphs(fp, p.b_start, p.b_end)
        whole = min(paragraph_share(fp, *a_range), paragraph_share(fp, *b_range))
        if p.similarity >= settings.threshold and whole >= settings.threshold:
            p = replace(
                p,
                a_start=a_range[0],
                a_end=a_range[1],
                b_start=b_range[0],
                b_end=b_range[1],
                matched=min(p.matched, b_range[1] - b_range[0]),
            )
            earlier, later = spans(p)
            if any(_mostly_inside(later, [b.span]) for b in blocks) or _repeated_item(text, earlier, later):
                continue
            # A passage holding a run whole (its first copy too) says the
            # run's first copy is itself a copy of earlier text: the passage
            # replaces the run, so that every copy goes and the earliest
            # stays.
            held = [b for b in blocks if _mostly_inside(b.span, [later])]
            if any(id(b) not in run_ids for b in held):
                continue
            blocks = [b for b in blocks if b not in held]
            message = (
                f"{p.matched} words at lines {_lines(doc, later)} repeat lines {_lines(doc, earlier)}"
                f" (similarity {p.similarity:.2f})"
            )
            blocks.append(RepeatedBlock(message, span=later, copy_of=earlier, similarity=p.similarity, words=p.matched))
        else:
            sa, sb = spans(p)
            weight, is_quoted = evidence(p.matched, p.similarity, p.quoted, settings)
            if weight == NOTHING or (_mostly_inside(sa, runs) and _mostly_inside(sb, runs)):
                continue
            quoted = " inside quotation marks in both" if is_quoted else ""
            where = f"{sa.doc}:{_lines(doc, sa)} and {_lines(doc, sb)}"
            message = f"{p.matched} words shared{quoted}: {where} (similarity {p.similarity:.2f})"
            shared.append(
                SharedPassage(message, spans=(sa, sb), similarity=p.similarity, quoted=is_quoted, words=p.matched)
            )
    return [*blocks, *shared]
