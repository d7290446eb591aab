"""Attribution: which wire service or agency an article's text says it came from.

Only positive evidence counts, each kind with its own weight:

==================  ==========================================================  =====
kind                what the text says                                          conf.
==================  ==========================================================  =====
``dateline``        ``MOSCOW, Jan 1 (Reuters) -``, ``WASHINGTON (AP) —``        0.95
``credit``          a line that is only a credit: ``New York Times News          0.95
                    Service``, ``© 2026 Reuters``, ``Source: AFP``
``sign-off``        a paragraph ending ``— AFP`` or ``(AP)``; Reuters'           0.9
                    ``(Reporting by …; Editing by …)``
``self-reference``  ``Reuters could not immediately verify…``, ``told The        0.6–0.8
                    Associated Press``, ``a Reuters tally``
``contributed``     ``The Associated Press contributed to this report``         0.7
``via``             ``(via AFP)``, ``h/t Reuters``                              0.6
==================  ==========================================================  =====

An agency named as a news subject ("The Wall Street Journal reported",
"according to Reuters", "shares of Thomson Reuters") matches none of these,
and picture credits ("PHOTO: … via Reuters", "NAME/AFP via Getty Images") are
masked out: they say who took the picture, not who wrote the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .agencies import AGENCY, NEWS_SERVICE, agency_keys, canonical, mentions_agency
from .literals import Literals, fold_for_words, may_hold
from .model import Attribution, Span
from .segment import paragraphs

_WHO = rf"(?:{AGENCY}|{NEWS_SERVICE})"
_PLACE = r"(?-i:[A-Z][A-Za-z.'’-]*(?:[ ,/]+[A-Z][A-Za-z.'’-]*){0,4})"
_MONTH_DAY = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2})"


@dataclass(frozen=True)
class _Pattern:
    kind: str
    confidence: float
    regex: re.Pattern[str]
    # Where the match must sit: the whole line, its start, its end, or anywhere.
    where: str = "any"
    fixed: str | None = None  # the agency, when the form itself names it
    # Words a match holds, one of each group (see literals.may_hold): tried
    # first for forms that start with an agency name anywhere, which the
    # engine tries at every position (110 µs a paragraph).
    needs: tuple[tuple[str, ...], ...] = ()


def _p(
    kind: str,
    confidence: float,
    pattern: str,
    where: str = "any",
    fixed: str | None = None,
    needs: tuple[tuple[str, ...], ...] = (),
) -> _Pattern:
    return _Pattern(kind, confidence, re.compile(pattern, re.IGNORECASE), where, fixed, needs)


_PATTERNS: tuple[_Pattern, ...] = (
    _p("credit", 0.95, rf"[(\[]?(?P<a>{_WHO})[)\]]?\.?", "line"),
    _p("sign-off", 0.95, rf"[—–-]+\s*(?P<a>{_WHO})\.?", "line"),
    _p(
        "credit",
        0.9,
        rf"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{{4}}\s*,?\s*)?(?P<a>{_WHO})\b.*"
        rf"|(?P<list>(?:{_WHO}))\.?\s*all rights reserved\.?",
        "line",
    ),
    _p(
        "credit",
        0.9,
        rf"(?:sources?|inputs?|with inputs from|(?:written|distributed|syndicated|supplied|provided) by)\s*:?\s*"
        rf"(?P<list>{_WHO}(?:\s*(?:,|/|&|and)\s*{_WHO})*)\.?",
        "line",
    ),
    _p("dateline", 0.95, rf"(?:{_PLACE}(?:,\s*{_MONTH_DAY})?\s*)?\((?P<a>{_WHO})\)\s*(?:[-–—]{{1,2}}|:)", "start"),
    _p("sign-off", 0.9, rf"(?<=[.!?”\"’'])\s*[—–-]{{1,2}}\s*(?P<a>{_WHO})\.?|\((?P<b>{_WHO})\)\.?", "end"),
    _p(
        "sign-off",
        0.85,
        r"\((?:(?:additional |with )?reporting|writing|compiled|editing)\s+by\b[^()]*?\bediting\s+by\b[^()]*\)",
        fixed="Reuters",
    ),
    _p(
        "contributed",
        0.7,
        rf"(?P<list>{_WHO}(?:\s*(?:,|and|&)\s*{_WHO})*)"
        rf"(?:\s+(?:staff(?:\s+(?:writers?|reporters?|correspondents?))?|writers?|reporters?|correspondents?)"
        rf"\b[^.]{{0,80}}?)?\s+contributed\b[^.]*",
        needs=(("contributed",),),
    ),
    _p(
        "self-reference",
        0.8,
        rf"(?P<a>{_WHO})\s+(?:could not|couldn['’]t|cannot|can['’]t|was unable to|was not able to|has not been able to"
        rf"|has been unable to|did not)\s+(?:immediately\s+|independently\s+)*(?:verify|confirm|reach|authenticate"
        r"|determine)\b[^.!?]*",
        needs=(("not", "n't", "n’t", "unable"), ("verify", "confirm", "reach", "authenticate", "determine")),
    ),
    _p(
        "self-reference",
        0.6,
        rf"\b(?:told|tells|said to|speaking to|spoke to|in an interview with|in remarks to|interviewed by)\s+"
        rf"(?P<a>{_WHO})|\ba\s+(?P<b>{AGENCY})\s+(?:tally|count|calculation|witness|reporter|photographer"
        r"|correspondent|review|analysis)\b",
    ),
    _p(
        "via",
        0.6,
        rf"(?:^|(?<=[(\[\s]))(?:via|h/t|hat tip(?: to)?)\s*:?\s+"
        rf"(?P<a>{_WHO}|@\w+|(?-i:[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,4}}))[)\]]?\.?\s*$",
        "end",
    ),
)

# Every form above names an agency or holds one of these; most paragraphs
# do neither, and testing for them is far cheaper than trying every form.
_HINT_WORDS = ("editing by", "via ", "h/t", "hat tip")
# One walk over an article for all of them (its spaces also match no-break
# spaces and tabs, so it finds a superset; paragraphs are then tested for the
# words themselves).
_HINT_LITERALS = Literals(_HINT_WORDS)

# A picture credit: the agency sits next to a slash or after a picture word.
_PHOTO = re.compile(
    r"/\s*$|^\s*/|\b(?:photo|photograph|image|picture|video|footage|getty|file|handout|pool|shutterstock)\b",
    re.IGNORECASE,
)
_PHOTO_REACH = 40
# Picture agencies: a "via" credit to one is about a picture.
_PICTURE_AGENCY = re.compile(r"getty|shutterstock|alamy|istock|ap photo|\bepa\b|sipa|zuma|imago|pool\b", re.I)


def _agencies(m: re.Match[str], fixed: str | None) -> list[tuple[str, int, int]]:
    if fixed:
        return [(fixed, m.start(), m.end())]
    groups = m.groupdict()
    if groups.get("list"):
        start = m.start("list")
        found = [(x.group(), start + x.start(), start + x.end()) for x in re.finditer(_WHO, m.group("list"))]
    else:
        found = [(m.group(g), m.start(g), m.end(g)) for g in ("a", "b") if groups.get(g)]
    out = []
    for name, s, e in found:
        # A "via" or "h/t" credit may name an outlet or account we do not list.
        out.append((canonical(name) or " ".join(name.split()), s, e))
    return out


def _photo_credit(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    before = text[max(line_start, start - _PHOTO_REACH) : start]
    after = text[end : min(line_end, end + 2)]
    return bool(_PHOTO.search(before)) or after.lstrip().startswith("/")


def find_attributions(
    text: str,
    doc: str,
    start: int = 0,
    end: int | None = None,
    masked: Sequence[tuple[int, int]] = (),
    names_agency: bool | None = None,
    utf8: bytes | None = None,
) -> list[Attribution]:
    """Agencies that ``text[start:end]`` credits, strongest first.

    Args:
        text: The document's text.
        doc: The document id, for the evidence spans.
        start, end: The article (segment) to read.
        masked: Ranges to ignore, such as picture captions.
        names_agency: Whether the document may name an agency at all
            (:func:`provenance.agencies.mentions_agency`), if known.
        utf8: The article as UTF-8, when the caller has it.

    Returns:
        One :class:`Attribution` per agency. Its confidence combines the
        pieces of evidence as independent (``1 - Π(1 - c)``); ties keep the
        agency credited first.
    """
    end = len(text) if end is None else end
    evidence: dict[str, list[tuple[Span, str, float]]] = {}
    article = text[start:end]
    if names_agency is None:
        names_agency = mentions_agency(article, utf8=utf8)
    hints = _HINT_LITERALS.found_in(article, any_case=True, utf8=utf8)
    if not names_agency and not hints:
        return []
    # A paragraph can hold only the agency keys its article holds: looking
    # for those alone is most of this stage's time saved.
    keys = agency_keys(article, utf8=utf8) if names_agency else ((), ())
    for p_start, p_end in paragraphs(article):
        p_start, p_end = p_start + start, p_end + start
        paragraph = text[p_start:p_end]
        folded_paragraph = fold_for_words(paragraph)
        hinted = any(w in folded_paragraph for w in hints)
        if not hinted and not mentions_agency(paragraph, folded_paragraph, keys):
            continue
        if any(s < p_end and p_start < e for s, e in masked):
            continue
        for pattern in _PATTERNS:
            if pattern.needs and not may_hold(paragraph, *pattern.needs, folded=folded_paragraph):
                continue
            if pattern.where == "line":
                found = [m] if (m := pattern.regex.fullmatch(text, p_start, p_end)) else []
            elif pattern.where == "start":
                found = [m] if (m := pattern.regex.match(text, p_start, p_end)) else []
            elif pattern.where == "end":
                found = [m for m in pattern.regex.finditer(text, p_start, p_end) if m.end() == p_end]
            else:
                found = list(pattern.regex.finditer(text, p_start, p_end))
            for m in found:
                for name, a_start, a_end in _agencies(m, pattern.fixed):
                    if _photo_credit(text, a_start, a_end, p_start, p_end) or _PICTURE_AGENCY.search(name):
                        continue
                    span = _trim(text, doc, m.start(), m.end())
                    evidence.setdefault(name, []).append((span, pattern.kind, pattern.confidence))
    out = []
    for name, items in evidence.items():
        items.sort(key=lambda item: item[0].start)
        unique = list({(s.start, s.end): (s, k, c) for s, k, c in items}.values())
        doubt = 1.0
        for _, _, confidence in unique:
            doubt *= 1 - confidence
        out.append(
            Attribution(
                agency=name,
                evidence=tuple(s for s, _, _ in unique),
                kinds=tuple(dict.fromkeys(k for _, k, _ in unique)),
                confidence=round(1 - doubt, 4),
            )
        )
    out.sort(key=lambda a: (-a.confidence, a.evidence[0].start))
    return out


def _trim(text: str, doc: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(doc, start, end)
