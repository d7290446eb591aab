"""Paragraphs, sentences and quotations as offsets into the original text."""

from __future__ import annotations

import random
import re

from provenance.segment import paragraphs, quotations, quote_marks, sentences


def texts(text, ranges):
    return [text[s:e] for s, e in ranges]


def test_paragraphs_are_trimmed_non_blank_lines():
    text = "  Headline  \r\n\r\nFirst paragraph.\n\t\nSecond one\n"
    assert texts(text, paragraphs(text)) == ["Headline", "First paragraph.", "Second one"]


def test_sentences_respect_abbreviations_and_initials():
    text = (
        "President Vladimir V. Putin spoke to the U.S. envoy on Jan. 2. It was brief! "
        "“Was it?” he asked. Mr. Smith agreed.\nNext paragraph"
    )
    assert texts(text, sentences(text)) == [
        "President Vladimir V. Putin spoke to the U.S. envoy on Jan. 2.",
        "It was brief!",
        "“Was it?” he asked.",
        "Mr. Smith agreed.",
        "Next paragraph",
    ]


def test_quotations_pair_curly_and_straight_marks():
    text = 'He said “we will go” and then "we will stay" and «nous restons».'
    assert texts(text, quotations(text)) == ["we will go", "we will stay", "nous restons"]


def test_unclosed_quotation_runs_to_the_end_of_its_paragraph():
    text = "“First paragraph of a long quotation\n“Last paragraph,” she said."
    assert texts(text, quotations(text)) == ["First paragraph of a long quotation", "Last paragraph,"]


def test_apostrophes_do_not_open_quotations():
    text = "Russia’s stance and Trump’s post"
    assert quotations(text) == []


def test_paragraphs_are_the_trimmed_runs_between_line_breaks():
    """Against the definition: each maximal run of characters other than
    CR and LF, trimmed as str.strip trims it, when anything is left."""
    rng = random.Random(20261123)
    pieces = ["word", "Two words", " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028"]
    pieces += ["\u3000", "\xa0", "é", "😀"]
    for _ in range(2000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 15)))
        expected = []
        for m in re.finditer(r"[^\r\n]+", text):
            line = m.group()
            if line.strip():
                start = m.start() + len(line) - len(line.lstrip())
                expected.append((start, start + len(line.strip())))
        assert paragraphs(text) == expected, repr(text)


def test_quote_marks_are_the_regex_class_matches():
    rng = random.Random(9)
    pieces = ["“", "”", '"', "«", "»", "„", "word", " ", "\n", "’", "é", "'"]
    for _ in range(3000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 16)))
        assert quote_marks(text) == [(m.start(), m.group()) for m in re.finditer(r"[“”\"«»„]", text)], repr(text)
