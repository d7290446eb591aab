"""Attribution: which wire service or agency an article's text says it came from.

Only credits count, each kind with its own weight:

==================  ==========================================================  =====
kind                what the text says                                          conf.
==================  ==========================================================  =====
``dateline``        ``MOSCOW, Jan 1 (Reuters) -``, ``WASHINGTON (AP) —``        0.95
``credit``          a line that is only a credit: ``New York Times News          0.95
                    Service``, ``© 2026 Reuters``, ``Source: AFP``; ``This       0.9
                    article originally appeared in The New York Times.``;
                    a byline ``By Jane Doe, The Washington Post``; the
                    Times' ``A version of this article appears in print…``
``sign-off``        a last line ``— The Washington Post``; a paragraph ending    0.9
                    ``— AFP`` or ``(AP)``; Reuters' ``(Reporting by …;
                    Editing by …)``
``self-reference``  ``Reuters could not immediately verify…``, ``a Reuters       0.6–0.8
                    tally showed``
``digest``          AP's recurring digest headline ``10 Things to Know for       0.8
                    Today``, which carries no other credit
``contributed``     ``The Associated Press contributed to this report``         0.7
``via``             ``(via AFP)``, ``h/t Reuters``, a line ``Via The Hill``      0.6
==================  ==========================================================  =====

An agency is a wire service or syndicate of :mod:`provenance.cues.agencies`, or,
in the credit forms made for naming a source (``via``, ``h/t``, "originally
appeared in"), a name shaped like an outlet's. A story that quotes, cites or
interviews an agency is not its copy: "he told Bloomberg News in October",
"said in an interview with Reuters", "according to a Reuters tally", "The
Wall Street Journal reported", "shares of Thomson Reuters" match none of these,
and neither does "via X." ending a sentence of running text ("book it via
Airbnb.", "acted via Executive Order."). Picture credits ("PHOTO: … via
Reuters", "NAME/AFP via Getty Images") are masked out: they say who took the
picture, not who wrote the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..cues.agencies import AGENCY, NEWS_SERVICE, WIRE, Keys, agency_keys, canonical, mentions_agency
from ..kernels.literals import Literals, fold_for_words, may_hold
from ..memo import Memo, through
from ..model import Attribution, Span
from ..prepared import Prepared
from ..segment import paragraphs

_WHO = rf"(?:{AGENCY}|{NEWS_SERVICE})"
_PLACE = r"(?-i:[A-Z][A-Za-z.'’-]*(?:[ ,/]+[A-Z][A-Za-z.'’-]*){0,4})"
_MONTH_DAY = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2})"
# The name of an outlet we may not list, where a form made for naming a
# source names it ("h/t Valley Courier", "originally appeared in The Texas
# Tribune"): capitalised words with "of", "for" or "&" between them. A full
# stop may sit inside a word ("Salon.com") but never end one: "via Airbnb."
# is the end of a sentence, not a name. Words never hold a space and each
# repetition starts with one, so the pattern cannot backtrack far.
_OUTLET_WORD = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"
_OUTLET = rf"(?-i:(?:[Tt]he[ \t]+)?{_OUTLET_WORD}(?:[ \t]+(?:{_OUTLET_WORD}|of|for|&)){{0,5}})"
_SOURCE = rf"(?:{_WHO}|@\w+|{_OUTLET})"
# An outlet's name by its last word, where "via" may as well name a route or
# a means ("to Coney Island, via the Sea Beach Line").
_OUTLET_NOUNS = (
    "News|Times|Post|Journal|Tribune|Herald|Gazette|Monitor|Courier|Chronicle|Observer|Examiner|Inquirer|Enquirer"
    "|Register|Dispatch|Bulletin|Ledger|Sentinel|Beacon|Record|Reporter|Review|Report|Magazine|Daily|Weekly|Press"
    "|Wire|Blog|Radio|TV|Television|Network|Media|Telegraph|Guardian|Independent|Standard|Star|Globe|Mail|Express"
)
_NAMED_OUTLET = rf"(?-i:(?:[Tt]he[ \t]+)?(?:{_OUTLET_WORD}[ \t]+){{0,4}}(?:{_OUTLET_NOUNS}))(?![\w&'’.-])"
# A person's name in a byline: up to four capitalised words; and up to four
# such names.
_PERSON = r"(?-i:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})"
_PEOPLE = rf"{_PERSON}(?:\s*(?:,|(?-i:and)|&)\s*{_PERSON}){{0,3}}"
# First words that make a capitalised name something other than an outlet:
# "first published on Dec. 11", "originally appeared in Spanish".
_NOT_OUTLETS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september"
    " october november december monday tuesday wednesday thursday friday saturday sunday today print english"
    " spanish french german italian portuguese russian chinese arabic japanese korean".split()
)
# Words a reprint's "originally appeared in" credit holds.
_REPRINT_WORDS = (
    "originally",
    "first appeared",
    "first published",
    "first ran",
    "first posted",
    "first printed",
    "republished",
    "reprinted",
    "produced by",
    "syndicated",
    "distributed by",
)
# Words a note that the text is made from another's holds.
_DERIVED_WORDS = ("based on", "incorporates", "cross-posted")
# Agency names that are also people's names (Michael Bloomberg): in running
# text, written alone, they name the person as often as the agency.
_ALSO_PEOPLE = frozenset({"bloomberg"})


@dataclass(frozen=True)
class _Pattern:
    kind: str
    confidence: float
    regex: re.Pattern[str]
    # Where the match must sit: the whole line, its start, its end, anywhere,
    # or the whole of one of the article's first lines ("head").
    where: str = "any"
    fixed: str | None = None  # the agency, when the form itself names it
    # Words a match holds, one of each group (see literals.may_hold): tried
    # first for forms that start with an agency name anywhere, which the
    # engine tries at every position of a paragraph.
    needs: tuple[tuple[str, ...], ...] = ()
    # What must not come just before the match: a form read as the agency
    # speaking of itself ("a Reuters tally showed") is another outlet citing
    # it after "according to".
    not_after: re.Pattern[str] | None = None
    # A form where a name may be a person's (running text, a byline): an
    # agency name that is also a person's (``_ALSO_PEOPLE``) is read as the
    # person ("Bloomberg did not confirm he would run", "By Michael Bloomberg").
    names_people: bool = False


def _p(
    kind: str,
    confidence: float,
    pattern: str,
    where: str = "any",
    fixed: str | None = None,
    needs: tuple[tuple[str, ...], ...] = (),
    not_after: str | None = None,
    names_people: bool = False,
) -> _Pattern:
    return _Pattern(
        kind,
        confidence,
        re.compile(pattern, re.IGNORECASE),
        where,
        fixed,
        needs,
        re.compile(rf"\b(?:{not_after})\s*\Z", re.IGNORECASE) if not_after else None,
        names_people,
    )


# How far before a match ``not_after`` looks.
_REACH = 40
# How many of an article's first lines a "head" form reads.
_HEAD_LINES = 3

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
    # A reprint's byline names the outlet the story came from: "By Jane
    # Doe, The Washington Post", "By JULIE PACE, AP White House Correspondent",
    # "Jane Doe | Los Angeles Times".
    _p(
        "credit",
        0.9,
        rf"(?:by\s+(?:{_PEOPLE}\s*(?:,|\||[—–-]{{1,2}})?\s*)?|{_PEOPLE}\s*(?:,|\||[—–-]{{1,2}})\s*)(?P<a>{_WHO})"
        r"(?:[ \t]+(?:[A-Z][\w'’-]*[ \t]+){0,3}(?:writer|correspondent|reporter|editor|columnist))?\.?",
        "line",
        names_people=True,
    ),
    # "This article originally appeared in The New York Times.", "This
    # story was produced by Kaiser Health News", "Originally published by
    # The Texas Tribune": the form names where the text came from, so an
    # outlet we do not list counts too. "This", not "the": "The article was
    # first published in The Atlantic" is news about another text.
    _p(
        "credit",
        0.9,
        r"(?:editor['’]s\s+note\s*:\s*)?"
        r"(?:this\s+(?:article|story|report|piece|column|post|essay|op-ed|commentary|editorial|analysis)\s+"
        r"(?:(?:was|is|has\s+been)\s+)?(?:(?:originally|first)\s+(?:appeared|published|ran|posted|printed)"
        r"|republished|reprinted|produced|syndicated|distributed)"
        r"|(?:originally|first)\s+(?:appeared|published|ran|posted))"
        rf"\s+(?:in|on|at|by|from|through)\s+(?P<a>{_WHO}|{_OUTLET})",
        "start",
        needs=(_REPRINT_WORDS,),
    ),
    # A text made from another's: "This article is based on <its title> by
    # VOA News, which is in the public domain", "This article incorporates
    # text from <title> by …"; a blog post's "Cross-posted at <blog>".
    _p(
        "credit",
        0.85,
        r"(?:this\s+(?:article|story|report|piece|post)\s+(?:is|was)\s+(?:originally\s+)?based\s+on"
        r"|this\s+(?:article|story|report|piece|post)\s+incorporates\s+(?:text|material)\s+from)"
        # The last "by" of the line's first 160 characters: a title may hold one.
        rf"[^\n]{{0,160}}\bby\s+[\"“]?(?P<a>{_WHO}|{_OUTLET})"
        rf"|cross-posted\s+(?:at|on|from)\s+(?P<b>{_WHO}|{_OUTLET})",
        "start",
        needs=(_DERIVED_WORDS,),
    ),
    # The New York Times' own print note, which reprints of its pages keep:
    # "A version of this article appears in print on Dec. 11, 2016, on Page
    # A1 of the New York edition with the headline: …".
    _p(
        "credit",
        0.9,
        r"a\s+version\s+of\s+this\s+\w+\s+appear(?:s|ed)\s+in\s+print\s+on\b[^\n]{0,80}?\bof\s+the\s+new\s*york\s+"
        r"edition\b",
        "start",
        fixed="New York Times News Service",
        needs=(("version of this",),),
    ),
    _p("dateline", 0.95, rf"(?:{_PLACE}(?:,\s*{_MONTH_DAY})?\s*)?\((?P<a>{_WHO})\)\s*(?:[-–—]{{1,2}}|:)", "start"),
    # After the sentence, never inside it: "… quoted by Agence France-Presse
    # (AFP)." spells the name out, "… the Australian Federal Police (AFP)."
    # is another AFP.
    _p("sign-off", 0.9, rf"(?<=[.!?”\"’'])\s*(?:[—–-]{{1,2}}\s*(?P<a>{_WHO})\.?|\((?P<b>{_WHO})\)\.?)", "end"),
    # Reuters signs off a story with who reported, wrote and edited it; a
    # reprint keeps that line when it drops the dateline.
    _p(
        "sign-off",
        0.85,
        r"\((?:(?:additional |with )?reporting|writing|compiled|editing)\s+by\b[^()]*?\bediting\s+by\b[^()]*\)",
        fixed="Reuters",
    ),
    _p(
        "sign-off",
        0.85,
        # (The lookahead fails a line with a bracket once, not at each ";".)
        r"(?=[^()\n]*+\Z)(?:(?:additional |with )?reporting|writing|compiled)\s+by\b[^;]*+;"
        r"(?:[^;]*+;)*?\s*editing\s+by\b[^()\n]*+",
        "line",
        fixed="Reuters",
        needs=(("editing by",),),
    ),
    _p(
        "contributed",
        0.7,
        rf"(?P<list>{_WHO}(?:\s*(?:,|and|&)\s*{_WHO})*)"
        rf"(?:['’]s\s[^.]{{0,80}}?|\s+(?:staff(?:\s+(?:writers?|reporters?|correspondents?))?|writers?|reporters?|correspondents?)"
        rf"\b[^.]{{0,80}}?)?\s+contributed\s+(?:(?:additional\s+)?reporting|research"
        r"|(?:information\s+)?to\s+(?:this|the)\s+(?:report|story|article|coverage))\b[^.]*",
        needs=(("contributed",),),
        names_people=True,
    ),
    _p(
        "self-reference",
        0.8,
        rf"(?P<a>{WIRE}|{NEWS_SERVICE})\s+(?:could not|couldn['’]t|cannot|can['’]t|was unable to|was not able to"
        r"|has not been able to|has been unable to|did not)\s+(?:immediately\s+|independently\s+)*"
        r"(?:verify|confirm|reach|authenticate|determine)\b[^.!?]*",
        needs=(("not", "n't", "n’t", "unable"), ("verify", "confirm", "reach", "authenticate", "determine")),
        names_people=True,
    ),
    # The agency's own tally or witness, as its copy speaks of them; not
    # "told a Reuters reporter" or "according to a Reuters tally", which any
    # outlet writes. (Nor "told Reuters", "in an interview with Bloomberg
    # News": a story interviewing or quoting an outlet is not its copy.)
    _p(
        "self-reference",
        0.6,
        rf"\ba\s+(?P<a>{WIRE})\s+(?:tally|count|calculation|witness|reporter|photographer"
        r"|correspondent|review|analysis)\b",
        not_after=r"(?:according\s+to|told|tells?|telling|talked\s+to|talking\s+to|spoke\s+(?:to|with)"
        r"|speaking\s+(?:to|with)|citing|cited|cites|quoted|quoting|per|to|with|by|from|in|of|for|on)",
        names_people=True,
    ),
    # AP's recurring morning digest, which carries no other credit.
    _p(
        "digest",
        0.8,
        r"(?:(?:AP|the associated press)\s*(?:[:|—–-]{1,2}\s*|'s\s+|’s\s+)?)?(?:(?:top\s+)?(?:\d{1,2}|ten|five)\s+)?"
        r"things\s+to\s+know\s+(?:for\s+)?(?:today|this\s+(?:morning|weekend)"
        r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b\.?(?:\s*(?:[:|—–-]{1,2}|,)\s*[^\n]{0,200})?",
        "head",
        fixed="Associated Press",
        needs=(("things to know",),),
    ),
    # "via" credits a source only where it stands apart from the sentence:
    # in brackets, after a comma or dash at the paragraph's end, or on a line
    # of its own. "h/t" and "hat tip" are never prose.
    _p(
        "via",
        0.6,
        rf"[(\[]\s*(?:via|h/t|hat[ \t]+tip(?:[ \t]+to)?)(?:\s*:\s*|\s+)(?P<a>{_SOURCE})\.?\s*[)\]]\.?\s*$"
        rf"|(?:^|(?<=\s))(?:h/t|hat[ \t]+tip(?:[ \t]+to)?)(?:\s*:\s*|\s+)(?P<b>{_SOURCE})\.?\s*$"
        rf"|(?:(?<=[,;:|—–])|(?<=\s-)|(?<=\s--))\s*via\s+(?P<c>{_WHO}|@\w+|{_NAMED_OUTLET})\s*$",
        "end",
    ),
    _p("via", 0.6, rf"via(?:\s*:\s*|\s+)(?P<a>{_SOURCE})\.?", "line"),
)

# Every form above names an agency or holds one of these; most paragraphs
# do neither, and testing for them is far cheaper than trying every form.
_HINT_WORDS = (
    "editing by",
    "via ",
    "h/t",
    "hat tip",
    "things to know",
    "version of this",
    *_REPRINT_WORDS,
    *_DERIVED_WORDS,
)
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


def _agencies(m: re.Match[str], pattern: _Pattern) -> list[tuple[str, int, int]]:
    if pattern.fixed:
        return [(pattern.fixed, m.start(), m.end())]
    groups = m.groupdict()
    if groups.get("list"):
        start = m.start("list")
        found = [(x.group(), start + x.start(), start + x.end()) for x in re.finditer(_WHO, m.group("list"))]
    else:
        found = [(m.group(g), m.start(g), m.end(g)) for g in ("a", "b", "c") if groups.get(g)]
    out = []
    for name, s, e in found:
        if pattern.names_people and name.casefold() in _ALSO_PEOPLE:
            continue
        # A "via" or "originally appeared in" credit may name an outlet or
        # account we do not list.
        canon = canonical(name) or _outlet(name)
        if canon:
            out.append((canon, s, e))
    return out


def _outlet(name: str) -> str | None:
    """``name`` as an outlet a credit names, or None when it is no name
    (a month, a language: "first published on Dec. 11")."""
    name = " ".join(name.split()).rstrip(".")
    words = name.casefold().split()
    first = words[1] if len(words) > 1 and words[0] == "the" else words[0] if words else ""
    if not name or re.sub(r"['’]s$", "", first) in _NOT_OUTLETS:
        return None
    return name


def _photo_credit(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    before = text[max(line_start, start - _PHOTO_REACH) : start]
    after = text[end : min(line_end, end + 2)]
    return bool(_PHOTO.search(before)) or after.lstrip().startswith("/")


def find_attributions(
    text: str | Prepared,
    doc: str,
    start: int = 0,
    end: int | None = None,
    masked: Sequence[tuple[int, int]] = (),
    agencies: Keys | None = None,
    memo: Memo | None = None,
) -> list[Attribution]:
    """Agencies that ``text[start:end]`` credits, strongest first.

    Args:
        text: The document's text, or its :class:`~provenance.prepared.Prepared`
            text (whose UTF-8 and paragraphs are then read, not worked out
            again, when the article is the whole text).
        doc: The document id, for the evidence spans.
        start, end: The article (segment) to read.
        masked: Ranges to ignore, such as picture captions.
        agencies: The agency keys the whole document holds
            (:func:`provenance.cues.agencies.agency_keys`), if known: an
            article holds no others, so its own are not looked for again.
        memo: The scan's :class:`~provenance.memo.Memo`, to read a paragraph
            that came before only once.

    Returns:
        One :class:`Attribution` per agency. Its confidence combines the
        pieces of evidence as independent (``1 - Π(1 - c)``); ties keep the
        agency credited first.
    """
    page = text if isinstance(text, Prepared) else None
    text = page.text if page is not None else text
    end = len(text) if end is None else end
    whole = page if page is not None and (start, end) == (0, len(text)) else None
    utf8 = whole.utf8 if whole is not None else None
    evidence: dict[str, list[tuple[Span, str, float]]] = {}
    article = text[start:end]
    # A paragraph can hold only the agency keys its article (its document)
    # holds: looking for those alone is most of this stage's time saved.
    keys = agency_keys(article, utf8=utf8) if agencies is None else agencies
    hints = _HINT_LITERALS.found_in(article, any_case=True, utf8=utf8)
    if not any(keys) and not hints:
        return []
    for number, (p_start, p_end) in enumerate(whole.paras if whole is not None else paragraphs(article)):
        p_start, p_end = p_start + start, p_end + start
        paragraph = text[p_start:p_end]
        folded_paragraph = fold_for_words(paragraph)
        hinted = any(w in folded_paragraph for w in hints)
        if not hinted and not mentions_agency(paragraph, folded_paragraph, keys):
            continue
        if any(s < p_end and p_start < e for s, e in masked):
            continue
        head = number < _HEAD_LINES
        # What the patterns read: the paragraph, whether it is among the
        # article's first, and the few characters before it that a
        # pattern's look-behind sees (a pattern never looks past its end).
        key = ("credits", text[max(0, p_start - _BEHIND) : p_start], paragraph, head)
        found = through(memo, key, p_end - p_start, _credits, text, p_start, p_end, folded_paragraph, head)
        for name, a_start, a_end, kind, confidence in found:
            evidence.setdefault(name, []).append((Span(doc, p_start + a_start, p_start + a_end), kind, confidence))
    out = [_combined(name, items) for name, items in evidence.items()]
    out.sort(key=lambda a: (-a.confidence, a.evidence[0].start))
    return out


# The farthest a pattern looks behind where it starts (``(?<=\s--)``).
_BEHIND = 3


def _credits(text: str, p_start: int, p_end: int, folded: str, head: bool) -> list[tuple[str, int, int, str, float]]:
    """The credits of the paragraph ``text[p_start:p_end]`` (``folded`` by
    :func:`~provenance.kernels.literals.fold_for_words`): ``(agency, start,
    end, kind, confidence)`` per piece of evidence, its span trimmed and
    counted from the paragraph's start; ``head`` when the paragraph is among
    the article's first."""
    paragraph = text[p_start:p_end]
    out = []
    for pattern in _PATTERNS:
        if pattern.needs and not may_hold(paragraph, *pattern.needs, folded=folded):
            continue
        for m in _matches(pattern, text, p_start, p_end, head=head):
            if pattern.not_after and pattern.not_after.search(text, max(p_start, m.start() - _REACH), m.start()):
                continue
            for name, a_start, a_end in _agencies(m, pattern):
                if _photo_credit(text, a_start, a_end, p_start, p_end) or _PICTURE_AGENCY.search(name):
                    continue
                start, end = _trimmed(text, m.start(), m.end())
                out.append((name, start - p_start, end - p_start, pattern.kind, pattern.confidence))
    return out


def _matches(pattern: _Pattern, text: str, p_start: int, p_end: int, head: bool) -> list[re.Match[str]]:
    """Where ``pattern`` matches the paragraph ``text[p_start:p_end]``, by
    where in a paragraph its kind of credit stands (``head``: the paragraph
    is among the article's first)."""
    if pattern.where == "head":
        return [m] if head and (m := pattern.regex.fullmatch(text, p_start, p_end)) else []
    if pattern.where == "line":
        return [m] if (m := pattern.regex.fullmatch(text, p_start, p_end)) else []
    if pattern.where == "start":
        return [m] if (m := pattern.regex.match(text, p_start, p_end)) else []
    if pattern.where == "end":
        return [m for m in pattern.regex.finditer(text, p_start, p_end) if m.end() == p_end]
    return list(pattern.regex.finditer(text, p_start, p_end))


def _combined(name: str, items: list[tuple[Span, str, float]]) -> Attribution:
    """One agency's evidence as one :class:`Attribution`: each span once, in
    text order, the confidences combined as independent."""
    items.sort(key=lambda item: item[0].start)
    unique = list({(s.start, s.end): (s, k, c) for s, k, c in items}.values())
    doubt = 1.0
    for _, _, confidence in unique:
        doubt *= 1 - confidence
    return Attribution(
        agency=name,
        evidence=tuple(s for s, _, _ in unique),
        kinds=tuple(dict.fromkeys(k for _, k, _ in unique)),
        confidence=round(1 - doubt, 4),
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
