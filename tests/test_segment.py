"""Paragraphs, sentences and quotations as offsets into the original text."""

from __future__ import annotations

from provenance.segment import paragraphs, quotations, sentences


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
