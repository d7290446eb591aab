"""The scan's memo: bounded, and what it gives is what working it out again
gives, for the rules of a line and the credits of a paragraph."""

from __future__ import annotations

import re._constants as _c
import re._parser as _parser
from pathlib import Path

import pytest

from provenance.boilerplate import Lined
from provenance.boilerplate.label import own_labels
from provenance.boilerplate.threads import signature_lines
from provenance.config import Settings
from provenance.lineage import annotate
from provenance.lineage.attribution import _BEHIND, _PATTERNS, find_attributions
from provenance.memo import REST, Memo
from provenance.model import Document

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted(
    p
    for folder in ("seeds", "tests/fixtures/boilerplate", "tests/fixtures/lineage")
    for p in (ROOT / folder).glob("*.txt")
)


def test_work_runs_once_per_key():
    memo, calls = Memo(), []

    def work(x: str) -> str:
        calls.append(x)
        return x.upper()

    assert memo.get(("t", "ab"), 2, work, "ab") == "AB"
    assert memo.get(("t", "ab"), 2, work, "ab") == "AB"
    assert memo.get(("t", "cd"), 2, work, "cd") == "CD"
    assert calls == ["ab", "cd"]
    assert len(memo) == 2


def test_memo_empties_at_its_limit_and_keeps_no_key_larger_than_it():
    memo, calls = Memo(limit=5), []

    def work(x: str) -> int:
        calls.append(x)
        return len(x)

    memo.get("abc", 3, work, "abc")
    memo.get("de", 2, work, "de")
    assert len(memo) == 2  # 5 characters: at the limit, not over it
    memo.get("f", 1, work, "f")
    assert len(memo) == 1  # emptied, then "f" kept
    memo.get("abc", 3, work, "abc")  # worked out again: it was dropped
    assert calls == ["abc", "de", "f", "abc"]
    memo.get("toolong", 7, work, "toolong")
    memo.get("toolong", 7, work, "toolong")
    assert calls[-2:] == ["toolong", "toolong"]
    assert len(memo) == 2  # "f" and "abc" still held


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_rules_through_a_shared_memo_label_as_without(path):
    """Every line of every fixture, read through one memo that already
    holds the lines of all the others."""
    settings = Settings()
    memo = Memo()
    for other in TEXTS:
        own_labels(Lined(Document(id=other.name, text=other.read_text(encoding="utf-8"))).lines, settings, memo)
    page = Lined(Document(id=path.name, text=path.read_text(encoding="utf-8")))
    assert own_labels(page.lines, settings, memo).snapshot() == own_labels(page.lines, settings).snapshot()


# A page whose short lines sign comments in each way a signature may read,
# beside lines that only look like one (an embedded tweet's attribution, a
# line that starts as a signature does), some printed twice, once with
# prose near them and once without.
_SIGNED = "\n\n".join(
    [
        "The council voted on Tuesday to close the library branch, which had served the town since 1961.",
        "October 1st, the last day",
        "— Dana Reeve (@danareeve) March 3, 2026",
        "Colin Roald",
        "October 1st, 2012 at 2:04 pm",
        "I grew up reading in that branch and I will miss it very much, as will my own children now.",
        "Jane says:",
        "The hours were cut two years ago already, and nobody on the council said a word about it then.",
        "http://twitter.com/danamac Dana McMahan",
        "Budgets are tight everywhere, but a library is the last place I would look for savings myself.",
        "Jane says:",
        "Menu",
        "Home",
        "Sports",
        "Weather",
        "October 1st, 2012 at 2:04 pm",
        "Contact",
    ]
)


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in TEXTS] + [_SIGNED], ids=lambda t: t[:20])
def test_signature_lines_through_a_shared_memo_are_those_without(text):
    """Which lines may sign a comment, read through one memo that already
    holds the lines of every fixture (and of this page itself)."""
    memo = Memo()
    for other in [*TEXTS, None]:
        page = Lined(Document(id="o", text=_SIGNED if other is None else other.read_text(encoding="utf-8")))
        signature_lines(page.lines, memo)
    lines = Lined(Document(id="p", text=text)).lines
    assert signature_lines(lines, memo) == signature_lines(lines)


def test_signature_lines_of_the_signed_page():
    """Derived from the page's own lines: each kind of signature with prose
    within three lines counts, the tweet's attribution and the signature
    printed among the menu do not."""
    lines = Lined(Document(id="p", text=_SIGNED)).lines
    texts = [line.text for line in lines]
    expected = [
        texts.index("October 1st, 2012 at 2:04 pm"),
        texts.index("Jane says:"),
        texts.index("http://twitter.com/danamac Dana McMahan"),
        len(texts) - 1 - texts[::-1].index("Jane says:"),
    ]
    assert signature_lines(lines, Memo()) == sorted(expected)


def test_the_rules_memo_tells_configured_phrases_apart():
    text = "Sign up for our morning briefing today\n\n" + "The council met on Tuesday to discuss the budget. " * 3
    page = Lined(Document(id="d", text=text))
    plain, configured = Settings(), Settings(boilerplate_phrases=(("sign up for our morning", "newsletter"),))
    memo = Memo()
    first = own_labels(page.lines, plain, memo).snapshot()
    second = own_labels(page.lines, configured, memo).snapshot()
    assert second == own_labels(page.lines, configured).snapshot()
    assert first != second  # the phrase labels line 0 only when configured
    assert any(i == 0 and category == "newsletter" for i, category, *_ in second[1])


def test_the_credits_memo_tells_a_paragraph_at_the_head_from_one_further_down():
    digest = "10 Things to Know for Today"
    body = "".join(f"Paragraph {k} of the story, as it was written.\n\n" for k in range(4))
    # Both after a full stop and a blank line: only where they stand differs.
    head, later = "Morning.\n\n" + digest + "\n\n" + body, body + digest + "\n"
    memo = Memo()
    assert [a.agency for a in find_attributions(head, "a", memo=memo)] == ["Associated Press"]
    assert find_attributions(later, "b", memo=memo) == find_attributions(later, "b") == []


def test_the_credits_memo_tells_apart_what_stands_before_a_paragraph():
    """At a file's start "h/t" credits; right after a comma, inside a line, it
    does not (the pattern looks behind the paragraph's start)."""
    memo = Memo()
    assert [a.agency for a in find_attributions("h/t Reuters", "a", memo=memo)] == ["Reuters"]
    text = "Thanks,h/t Reuters"
    start = text.index("h/t")
    assert find_attributions(text, "b", start=start, memo=memo) == find_attributions(text, "b", start=start) == []


def test_credits_through_a_shared_memo_are_those_without():
    """Each fixture annotated twice through one memo, the second time with
    every paragraph held: the same segments, credits and evidence as
    without a memo."""
    memo = Memo()
    for _ in range(2):
        for path in TEXTS:
            text = path.read_text(encoding="utf-8")
            with_memo, without = Document(id=path.name, text=text), Document(id=path.name, text=text)
            annotate(with_memo, (), memo)
            annotate(without, ())
            assert with_memo.segments == without.segments
            assert with_memo.published == without.published
    assert len(memo) > 0


def test_a_memo_that_finds_too_few_answers_again_rests_then_tries_again():
    """Four look-ups a window, none found: the memo then works out every
    answer for REST windows' worth of calls, keeping none, and looks up
    again afterwards (a key kept before is found)."""
    memo, calls = Memo(window=4), []

    def work(x: str) -> str:
        calls.append(x)
        return x

    for key in ("a", "b", "c", "d"):  # one window, no answer found again
        memo.get(key, 1, work, key)
    held = len(memo)
    for _ in range(REST * 4):
        memo.get("a", 1, work, "a")  # resting: worked out each time, not kept anew
    assert calls.count("a") == 1 + REST * 4
    assert len(memo) == held
    memo.get("a", 1, work, "a")  # awake: found
    assert calls.count("a") == 1 + REST * 4


def test_a_memo_that_finds_one_answer_in_ten_again_never_rests():
    memo, calls = Memo(window=10), []

    def work(x: int) -> int:
        calls.append(x)
        return x

    for n in range(100):
        key = 0 if n % 5 == 0 else n  # key 0 twice a window: found once in ten look-ups, or more
        memo.get(key, 1, work, key)
    assert calls.count(0) == 1


def _look_behind_widths(subpattern) -> list[int]:
    widths = []
    for op, av in subpattern:
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, inner = av
            if direction == -1:
                widths.append(inner.getwidth()[1])
            widths += _look_behind_widths(inner)
        elif op == _c.SUBPATTERN:
            widths += _look_behind_widths(av[-1])
        elif op == _c.BRANCH:
            for branch in av[1]:
                widths += _look_behind_widths(branch)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            widths += _look_behind_widths(av[2])
        elif op == _c.ATOMIC_GROUP:
            widths += _look_behind_widths(av)
    return widths


def test_no_credit_pattern_looks_further_behind_a_paragraph_than_the_memo_key_holds():
    """The credits memo keys a paragraph with the _BEHIND characters before
    it: a pattern that looked further back could differ where the key does
    not. (Read with Python's own pattern parser.)"""
    widths = [
        w
        for p in _PATTERNS
        for regex in (p.regex, p.not_after)
        if regex is not None
        for w in _look_behind_widths(_parser.parse(regex.pattern, regex.flags))
    ]
    assert widths  # the parser is read: the sign-off and "via" forms look behind
    assert max(widths) <= _BEHIND
