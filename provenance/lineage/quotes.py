"""Who a quotation is attributed to: the speaker, and the post or statement.

Two stories that carry the same words inside quotation marks have usually
both quoted one primary source; neither copied the other. Deciding that
needs the speaker each story names. News style attributes a quotation with a
speech verb right after it (``…,” Trump wrote``, ``…,” said the ministry``)
or just before it (``Northwind's chief, Dana Whitfield, said: “…``); a
pronoun (``he wrote``) points back to the subject of an earlier sentence.
These rules follow the attribution patterns catalogued by Pareti, *Attribution:
A Computational Approach* (PhD thesis, University of Edinburgh, 2015); they
read plain text and are meant to be right when they answer, not to always
answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..fingerprint import STOPWORDS
from ..model import Span
from ..segment import paragraphs, quotations

_VERBS = (
    r"(?:said|says|say|wrote|writes|write|added|adds|add|posted|posts|tweeted|tweets|told|tells|tell|stated|states"
    r"|state|continued|continues|continue|declared|declares|declare|explained|explains|explain|noted|notes|note"
    r"|insisted|insists|insist|warned|warns|warn|argued|argues|argue|announced|announces|announce|asked|asks|ask"
    r"|replied|replies|reply|responded|responds|respond|claimed|claims|claim|according to)"
)
_NAME_WORD = r"(?:[A-Z][\w&.'’-]*|[A-Z]{2,})"
_NAME = rf"(?-i:{_NAME_WORD}(?:\s+(?:of\s+|de\s+|van\s+|von\s+|al-)?{_NAME_WORD}){{0,4}})"
_PRONOUN = r"(?:he|she|they|it|the (?:company|firm|group|ministry|department|agency|government|president|spokesman"
_PRONOUN += r"|spokeswoman|spokesperson|statement|release|official|minister|office|operator|council|union|club))"
# ``…,” Trump wrote`` / ``…,” he said`` / ``…,” said the ministry``.
_AFTER = re.compile(
    rf"[\s,.]*(?:(?P<name>{_NAME}|{_PRONOUN})\s+(?:\w+\s+)?{_VERBS}\b|{_VERBS}\s+(?P<name2>{_NAME}|{_PRONOUN})\b)",
    re.IGNORECASE,
)
# ``Whitfield said: “…`` / ``Trump added that the president “…``.
_BEFORE = re.compile(
    rf"(?P<name>{_NAME}|{_PRONOUN})(?:,\s[^,“”\"]{{1,60}},)?\s+(?:[a-z]+\s+){{0,3}}?{_VERBS}\b", re.IGNORECASE
)
# The subject of a sentence, for a pronoun to point back to.
_SUBJECT = re.compile(
    rf"(?<![\w’'-])(?P<name>{_NAME})\s+(?:[a-z]+ed|said|says|made|makes|wrote|writes|told|tells|has|had|is|was|will"
    r"|would|added|posted|spoke|called|took|gave)\b"
)
_TITLES = frozenset(
    "president prime minister mr mrs ms dr sen senator rep gov governor secretary chancellor king queen pope chief "
    "executive ceo spokesman spokeswoman spokesperson general gen adm admiral foreign defence defense the".split()
)
_MEDIUM = re.compile(
    r"\b(?:(?:a |an |his |her |its |their )?post on (?P<site>Truth Social|X|Twitter|Facebook|Telegram|Instagram|"
    r"LinkedIn|Threads|Bluesky|Weibo|TikTok|YouTube)|(?P<doc>press release|news release|statement|news conference|"
    r"press conference|interview|briefing|speech|op-ed|letter|memo|video address|televised address))\b",
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z“\"])")
_CONTEXT = 400
_APPOSITION = 60
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december today yesterday".split()
)  # characters before a quotation searched for its speaker


@dataclass(frozen=True)
class Speaker:
    """Who a quotation is attributed to.

    Attributes:
        name: The speaker as the text names them, titles dropped.
        names: The speaker and whom they speak for ("Dana Whitfield",
            "Northwind Rail"): a statement quoted once as the company's and
            once as its chief executive's is one source.
        medium: ``"post on Truth Social"``, ``"statement"``… when given.
        evidence: Where the text attributes the quotation.
    """

    name: str
    names: tuple[str, ...]
    medium: str | None
    evidence: Span

    def common_source(self, other: Speaker) -> str | None:
        """The name both speakers share, if they are one source: a name of
        one is contained in a name of the other ("Trump" in "Donald Trump").

        Returns:
            The fuller of the two matching names, or None.
        """
        for a in self.names:
            for b in other.names:
                ka, kb = _key(a), _key(b)
                if ka and kb and (ka <= kb or kb <= ka):
                    return a if len(ka) >= len(kb) else b
        return None


def _key(name: str) -> frozenset[str]:
    words = re.findall(r"[\w'’-]+", name.casefold())
    return frozenset(w for w in words if w not in _TITLES and w not in STOPWORDS and w not in _CALENDAR)


def _clean(name: str) -> str:
    # "Volodymyr Zelensky of Ukraine" is Zelensky; "Bank of England" stays.
    head, _, _ = name.partition(" of ")
    if len(head.split()) >= 2:
        name = head
    words = name.split()
    while words and words[0].casefold().rstrip(".") in _TITLES:
        words.pop(0)
    return " ".join(words)


def speaker_of(text: str, doc: str, start: int, end: int) -> Speaker | None:
    """The speaker of the quotation that holds ``text[start:end]``.

    Args:
        text: The document's text.
        doc: Its id, for the evidence span.
        start, end: A passage inside a quotation.

    Returns:
        The :class:`Speaker`, or None when the text does not say or the
        passage is not inside a quotation.
    """
    para = next(((s, e) for s, e in paragraphs(text) if s <= start < e), None)
    if para is None:
        return None
    p_start, p_end = para
    quote = next(((s, e) for s, e in quotations(text[p_start:p_end]) if s + p_start <= start < e + p_start), None)
    if quote is None:
        return None
    q_start, q_end = quote[0] + p_start, quote[1] + p_start
    found = _attributed(text, q_start, q_end, p_start, p_end)
    if found is None:
        return None
    name, at, until, clause_start, clause_end = found
    if re.fullmatch(_PRONOUN, name, re.IGNORECASE):
        antecedent = _antecedent(text, at)
        if antecedent is None:
            return None
        name = antecedent
    # Who the speaker speaks for, named just before them: "Northwind Rail
    # chief executive Dana Whitfield said".
    names = [_clean(name)]
    window_start = max(clause_start, at - _APPOSITION)
    for m in re.finditer(_NAME, text[window_start:at]):
        n = _clean(m.group())
        # A capital at the start of the clause is no sign of a name.
        initial = window_start + m.start() == clause_start and " " not in n
        if _key(n) and n not in names and not initial:
            names.append(n)
    medium = _medium(text, p_start, max(q_end, clause_end))
    return Speaker(_clean(name), tuple(names), medium, Span(doc, at, until))


def _attributed(text: str, q_start: int, q_end: int, p_start: int, p_end: int) -> tuple[str, int, int, int, int] | None:
    """The name (or pronoun) a speech verb next to the quotation gives, where
    it is, and the attributing clause (outside the quotation)."""
    after_at = q_end + 1
    m = _AFTER.match(text, after_at, min(p_end, after_at + 120))
    if m:
        group = "name" if m.group("name") else "name2"
        stop = _SENTENCE_BREAK.search(text, m.end(), p_end)
        return m.group(group), m.start(group), m.end(), after_at, stop.start() + 1 if stop else p_end
    before_from = max(p_start, q_start - 1 - _CONTEXT)
    window = text[before_from : q_start - 1]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    offset = before_from + (breaks[-1].end() if breaks else 0)
    last = None
    for m in _BEFORE.finditer(text, offset, q_start - 1):
        last = m
    if last is not None:
        return last.group("name"), last.start("name"), last.end(), offset, q_start - 1
    # No speech verb: a quotation inside a sentence belongs to its subject
    # ("Trump made the announcement…, describing it as “a good conversation”").
    m = _SUBJECT.search(text[offset : q_start - 1])
    if m:
        return m.group("name"), offset + m.start("name"), offset + m.end(), offset, q_start - 1
    return None


def _antecedent(text: str, before: int) -> str | None:
    """The subject of the nearest earlier sentence that has a named one."""
    start = max(0, before - 3 * _CONTEXT)
    window = list(text[start:before])
    # Names inside quotations are not the speaker's antecedent.
    for q_start, q_end in quotations(text[start:before]):
        window[q_start:q_end] = " " * (q_end - q_start)
    sentences = _SENTENCE_BREAK.split("".join(window))
    for sentence in reversed(sentences):
        for line in reversed(sentence.splitlines()):
            m = _SUBJECT.search(line)
            if m and _key(_clean(m.group("name"))):
                return m.group("name")
    return None


def _medium(text: str, p_start: int, q_end: int) -> str | None:
    # The medium is named in the paragraph or the one before it.
    prev = text.rfind("\n", 0, max(0, p_start - 1))
    window = text[max(0, prev + 1) : q_end]
    found = None
    for m in _MEDIUM.finditer(window):
        found = f"post on {m.group('site')}" if m.group("site") else m.group("doc")
    return found
