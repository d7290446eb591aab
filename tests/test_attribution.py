"""Attribution forms, and what is not attribution, on short texts written for the tests."""

from __future__ import annotations

import pytest
from conftest import case_variants

from provenance.attribution import _PATTERNS, find_attributions
from provenance.literals import may_hold

LEAD = "The county opened two new cooling centres on Friday as temperatures climbed for a fifth day.\n"


def _found(text: str) -> dict[str, list[str]]:
    return {a.agency: [text[s.start : s.end] for s in a.evidence] for a in find_attributions(text, "t")}


@pytest.mark.parametrize(
    ("text", "agency", "evidence"),
    [
        ("PHOENIX (AP) — " + LEAD, "Associated Press", "PHOENIX (AP) —"),
        ("PHOENIX, Ariz., July 3 (Reuters) - " + LEAD, "Reuters", "PHOENIX, Ariz., July 3 (Reuters) -"),
        ("PHOENIX, July 3 (UPI) -- " + LEAD, "UPI", "PHOENIX, July 3 (UPI) --"),
        ("PARIS (AFP) - " + LEAD, "AFP", "PARIS (AFP) -"),
        (LEAD + "Officials expect the heat to ease by Tuesday. — AFP\n", "AFP", "— AFP"),
        (LEAD + "— AFP\n", "AFP", "— AFP"),
        (
            LEAD + "(Reporting by Ana Ruiz; Editing by Tom Hale)\n",
            "Reuters",
            "(Reporting by Ana Ruiz; Editing by Tom Hale)",
        ),
        (
            LEAD + "© 2025 The Associated Press. All rights reserved.\n",
            "Associated Press",
            "© 2025 The Associated Press. All rights reserved.",
        ),
        (
            LEAD + "The Associated Press contributed to this report.\n",
            "Associated Press",
            "The Associated Press contributed to this report",
        ),
        (LEAD + "Bloomberg News\n", "Bloomberg", "Bloomberg News"),
        (LEAD + "Tribune News Service\n", "Tribune News Service", "Tribune News Service"),
        (
            "The mayor told The Associated Press the centres would stay open.\n",
            "Associated Press",
            "told The Associated Press",
        ),
        ("A Reuters tally showed 40 centres statewide.\n", "Reuters", "a Reuters tally"),
        (LEAD + "(via Reuters)\n", "Reuters", "via Reuters)"),
        (LEAD + "Source: dpa\n", "dpa", "Source: dpa"),
    ],
)
def test_agency_credit_forms(text, agency, evidence):
    found = _found(text)
    assert list(found) == [agency]
    assert any(evidence.casefold() in e.casefold() or e.casefold() in evidence.casefold() for e in found[agency])


@pytest.mark.parametrize("space", ["\xa0", "\t", "  ", " \xa0 "])
def test_agency_names_with_other_spaces_between_their_words_are_found(space):
    """Scraped text keeps no-break spaces (``&nbsp;``), tabs and doubled
    spaces inside names; the agency patterns allow them, so the cheap test
    run before the patterns must too."""
    text = LEAD + f"The Associated{space}Press contributed to this report.\n"
    assert _found(text) == {"Associated Press": [f"The Associated{space}Press contributed to this report"]}
    text = f"PARIS (Agence{space}France-Presse) - " + LEAD
    assert _found(text) == {"AFP": [f"PARIS (Agence{space}France-Presse) -"]}


@pytest.mark.parametrize(
    "text",
    [
        "The Wall Street Journal reported that the centres were full.\n",
        "The Associated Press reported on Monday that the county had run out of fans.\n",
        "According to Reuters, the state will send more water trucks.\n",
        "Shares of Thomson Reuters rose 2% on Monday.\n",
        "Residents queue outside a cooling centre. (AP Photo/Rosa Lind)\n",
        "A volunteer hands out water. MARIA LOPEZ/AFP via Getty Images\n",
        "PHOTO: County handout via Reuters\n",
        "The AFP news agency said the heat had reached Spain.\n",
        "The governor's office said it would ask UPS to deliver the fans.\n",  # no agency, an "UP…" word
    ],
)
def test_agency_as_subject_or_picture_credit_is_not_attribution(text):
    assert _found(text) == {}


def test_masked_caption_is_ignored_and_two_agencies_both_count():
    text = (
        "LONDON (Reuters) - "
        + LEAD
        + "Rescuers at work. JOHN ROE/AFP via Getty Images\n"
        + LEAD
        + "PARIS (AFP) - "
        + LEAD
    )
    caption = text.index("Rescuers")
    found = find_attributions(text, "t", masked=[(caption, text.index("\n", caption))])
    assert [a.agency for a in found] == ["Reuters", "AFP"]
    assert all(not (caption <= s.start < text.index("\n", caption)) for a in found for s in a.evidence)


def test_confidence_grows_with_evidence():
    one = find_attributions("Reuters could not immediately verify the claim.\n", "t")[0]
    two = find_attributions("LONDON (Reuters) - " + LEAD + "Reuters could not immediately verify the claim.\n", "t")[0]
    assert 0 < one.confidence < two.confidence <= 1
    assert set(two.kinds) == {"dateline", "self-reference"}


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("The Associated Press contributed to this report.", "contributed"),
        ("AFP and Reuters staff writers in Geneva contributed reporting.", "contributed"),
        ("Reuters staff contributed to this report.", "contributed"),
        ("Associated Press reporters in Lagos contributed to this story.", "contributed"),
        ("Reuters could not immediately verify the video.", "self-reference"),
        ("AFP couldn’t independently confirm the figures.", "self-reference"),
        ("The Associated Press was unable to reach the company for comment.", "self-reference"),
        ("Reuters has not been able to authenticate the footage.", "self-reference"),
        ("Bloomberg News did not determine who sent it.", "self-reference"),
    ],
)
def test_forms_read_first_for_their_words_still_match_every_spelling(line, kind):
    """A form that needs words is tried only on paragraphs holding them; a
    paragraph it matches in any case-insensitive spelling is never skipped."""
    (pattern,) = [p for p in _PATTERNS if p.needs and p.kind == kind and p.regex.search(line)]
    variants = case_variants(line)
    assert any(not v.isascii() for v in variants)
    for variant in [line, *variants]:
        if pattern.regex.search(variant):
            assert may_hold(variant, *pattern.needs), variant
    found = find_attributions(LEAD + line + "\n", "t")
    assert found and kind in found[0].kinds


@pytest.mark.parametrize(
    ("line", "credited"),
    [
        ("The list was first shared online (h/t Valley Courier)", "Valley Courier"),
        ("Readers spotted the error first. Hat tip to @harbourwatch", "@harbourwatch"),
        ("The figures were compiled by volunteers, via Riverside Monitor", "Riverside Monitor"),
    ],
)
def test_a_via_credit_naming_no_agency_we_list_is_found(line, credited):
    """Only the hint words lead to these paragraphs: no agency name is in them."""
    found = _found(LEAD + line + "\n")
    assert list(found) == [credited]
    (evidence,) = found[credited]
    assert line.endswith(evidence) and credited in evidence


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("MOSCOW (İNTERFAX) — " + LEAD, "Interfax"),
        (LEAD + "The Assocİated Press contributed to this report.\n", "Associated Press"),
        (LEAD + "— Reuterſ\n", "Reuters"),
    ],
)
def test_agency_names_in_any_spelling_the_patterns_match(text, agency):
    """The patterns match "İ" and "ı" to "i" and "ſ" to "s" (re.IGNORECASE);
    the cheap tests before them must let such names through. Casefolding
    the text first did not ("İ" folds to "i" and a combining dot)."""
    assert list(_found(text)) == [agency]
