"""Attribution forms, and what is not attribution, on short texts written for the tests."""

from __future__ import annotations

import pytest
from conftest import case_variants

from provenance.kernels.literals import may_hold
from provenance.lineage.attribution import _PATTERNS, find_attributions
from provenance.model import Document
from provenance.prepared import Prepared

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
        "The New York Times reported on Sunday that the centres had run out of water.\n",
        "A spokesman for The Washington Post declined to comment.\n",
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


def test_a_prepared_text_is_read_as_its_text():
    # Given a document's Prepared text, the whole-text article is read from
    # its UTF-8 and paragraphs; the credits must be those of the plain text,
    # for the whole text and for an article inside it.
    text = (
        "\u00a0Wire copy\r\n\nLONDON (Reuters) - "
        + LEAD
        + "\n  — AFP  \n"
        + "Rescuers at work. JOHN ROE/AFP via Getty Images\n"
        + "(Reporting by Ana Ruiz; Editing by Tom Hale)\n"
    )
    page = Prepared(Document(id="t", text=text))
    second = text.index("— AFP")
    for start, end in ((0, None), (0, len(text)), (second, None), (0, second)):
        expected = find_attributions(text, "t", start, end)
        assert find_attributions(page, "t", start, end) == expected, (start, end)
        assert expected
    assert [a.agency for a in find_attributions(page, "t")] == ["Reuters", "AFP"]


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


@pytest.mark.parametrize(
    "text",
    [
        "The mayor told The Associated Press the centres would stay open.\n",
        "“We will not back down,” he told Bloomberg News in October.\n",
        "She said in an interview with Reuters that the plan would fail.\n",
        "The senator, speaking to AFP on Monday, said he would vote no.\n",
        "The governor told a Reuters reporter on Monday that more centres would open.\n",
        "According to a Reuters tally, 40 centres opened statewide.\n",
        "Bloomberg did not confirm whether he would fund the centres.\n",  # Michael Bloomberg
        "Bloomberg contributed $5 million to the campaign for new cooling centres.\n",
        "By Michael Bloomberg\n" + LEAD,  # an op-ed's byline
        "A New York Times reporter was jailed on Wednesday after refusing to name a source.\n",
        "The Washington Post did not confirm the name of its source.\n",
        # An agency's initials in brackets inside the sentence name it (or
        # something else) as the sentence's source: no sign-off.
        "The minister was quoted as saying so by Agence France-Presse (AFP).\n",
        "The raid was carried out by the Australian Federal Police (AFP).\n",
    ],
)
def test_quoting_citing_or_interviewing_an_outlet_is_not_its_copy(text):
    """A story that quotes an outlet, cites its tally or interviews for it
    does not carry its copy; nor is a person who shares a name an agency."""
    assert _found(text) == {}


@pytest.mark.parametrize(
    "line",
    [
        "Guests can book the cabins via Airbnb.",
        "The president acted via Executive Order.",
        "The claim was first reported via The Hill.",
        "He repeated the claim on his radio show, via TheBlaze.",
        "The volunteers keep in touch via Facebook and text messages.",
        "Trains will run to Coney Island from May 29, via the Sea Beach Line",  # a route, no full stop
    ],
)
def test_via_ending_a_sentence_of_running_text_is_no_credit(line):
    """ "via X." closing a sentence is how the text goes on, not who it came
    from: the name ends in the sentence's full stop."""
    assert _found(LEAD + line + "\n") == {}


@pytest.mark.parametrize(
    ("line", "credited", "evidence"),
    [
        ("(via Reuters)", "Reuters", "(via Reuters)"),
        ("Via The Hill", "The Hill", "Via The Hill"),
        ("[h/t TheBlaze.]", "TheBlaze", "[h/t TheBlaze.]"),
        (
            "The figures were compiled by volunteers, via Riverside Monitor",
            "Riverside Monitor",
            "via Riverside Monitor",
        ),
    ],
)
def test_via_credits_set_apart_from_the_sentence(line, credited, evidence):
    """In brackets, on a line of its own or after a comma at a paragraph's
    end, "via" names a source: the name, without a full stop, is credited."""
    text = LEAD + line + "\n"
    assert _found(text) == {credited: [evidence]}
    (found,) = find_attributions(text, "t")
    assert found.kinds == ("via",)


OFFICIALS = "Officials expect the heat to ease by Tuesday."
KHN = "This story was produced by Kaiser Health News, an editorially independent program of the foundation."
REUTERS_SIGN_OFF = "Reporting by Steve Holland; Editing by Peter Cooney"
NYT_PRINT = "A version of this article appears in print on December 11, 2016, on Page A1 of the New York edition"


@pytest.mark.parametrize(
    ("line", "agency", "kind", "evidence"),
    [
        ("— The Washington Post", "Washington Post News Service", "sign-off", "— The Washington Post"),
        ("—The Washington Post", "Washington Post News Service", "sign-off", "—The Washington Post"),
        ("-- Associated Press", "Associated Press", "sign-off", "-- Associated Press"),
        ("— Los Angeles Times", "Los Angeles Times", "sign-off", "— Los Angeles Times"),
        (OFFICIALS + " — The Washington Post", "Washington Post News Service", "sign-off", "— The Washington Post"),
        (
            "This article originally appeared in The New York Times.",
            "New York Times News Service",
            "credit",
            "This article originally appeared in The New York Times",
        ),
        (
            "This story was originally published by The Texas Tribune.",
            "The Texas Tribune",
            "credit",
            "This story was originally published by The Texas Tribune",
        ),
        ("Originally published by ProPublica.", "ProPublica", "credit", "Originally published by ProPublica"),
        (KHN, "Kaiser Health News", "credit", "This story was produced by Kaiser Health News"),
        (f"({REUTERS_SIGN_OFF})", "Reuters", "sign-off", f"({REUTERS_SIGN_OFF})"),
        (REUTERS_SIGN_OFF, "Reuters", "sign-off", REUTERS_SIGN_OFF),
        (
            "The Washington Post’s Jane Doe contributed to this report.",
            "Washington Post News Service",
            "contributed",
            "The Washington Post’s Jane Doe contributed to this report",
        ),
        (NYT_PRINT + " with the headline: Heat Wave.", "New York Times News Service", "credit", NYT_PRINT),
    ],
)
def test_credit_lines_at_an_articles_end(line, agency, kind, evidence):
    """The forms reprints credit their source with, after three paragraphs
    that name no agency."""
    text = LEAD * 3 + line + "\n"
    (found,) = find_attributions(text, "t")
    assert found.agency == agency and found.kinds == (kind,)
    (span,) = found.evidence
    assert (span.start, span.end) == (text.index(evidence), text.index(evidence) + len(evidence))


@pytest.mark.parametrize(
    ("byline", "agency"),
    [
        ("By Jane Doe, The Washington Post", "Washington Post News Service"),
        ("By Jane Doe and John Roe | Los Angeles Times", "Los Angeles Times"),
        ("By JULIE PACE, AP White House Correspondent", "Associated Press"),
        ("By The Associated Press", "Associated Press"),
        ("Jane Doe | Los Angeles Times", "Los Angeles Times"),
        ("Jane Doe, The Washington Post", "Washington Post News Service"),
    ],
)
def test_a_reprints_byline_naming_its_outlet_is_a_credit(byline, agency):
    text = byline + "\n" + LEAD
    assert _found(text) == {agency: [byline]}


@pytest.mark.parametrize(
    "line",
    [
        "First published on Dec. 11, 2016",
        "This article originally appeared in Spanish.",
        "This article originally appeared in print on Page A1.",
        "The story was first reported by The Hill on Monday.",
        "This article first appeared in Monday's edition.",
        "This article originally appeared in the Sept. 5 edition.",
        "The article was first published in The Atlantic in 1990, long before the centres opened.",
        "Originally published on Dec. 11, 2016.",
    ],
)
def test_a_reprint_note_must_name_an_outlet(line):
    assert _found(LEAD + line + "\n") == {}


@pytest.mark.parametrize(
    "title", ["10 Things to Know for Today", "Things to know today", "10 Things to Know for Tuesday"]
)
def test_aps_morning_digest_is_credited_to_ap_by_its_title(title):
    """AP's recurring digest carries no dateline or credit: its title is
    the credit, and the evidence says so."""
    text = title + "\nYour daily look at the stories that will be talked about today:\n" + LEAD
    (found,) = find_attributions(text, "t")
    assert found.agency == "Associated Press" and found.kinds == ("digest",)
    assert [text[s.start : s.end] for s in found.evidence] == [title]


@pytest.mark.parametrize(
    "text",
    [
        "10 things to know about the new tax law\n" + LEAD,
        LEAD * 4 + "10 Things to Know for Today\n",  # far from the top: not the article's title
    ],
)
def test_other_things_to_know_are_not_aps_digest(text):
    assert _found(text) == {}


def test_newspapers_that_syndicate_their_stories_have_one_name_with_their_news_service():
    from provenance.cues.agencies import canonical

    assert (
        canonical("The Washington Post") == canonical("Washington Post News Service") == "Washington Post News Service"
    )
    assert canonical("The New York Times") == "New York Times News Service"
    assert canonical("The New York Times Magazine") is None
    assert canonical("KHN") == canonical("Kaiser Health News") == "Kaiser Health News"


@pytest.mark.parametrize(
    ("line", "credited"),
    [
        # Wikinews' note on an article made from a public-domain report
        (
            "This article is based on New Date Expected for Pakistan Election by VOA News"
            " which is in the public domain.",
            "VOA News",
        ),
        (
            "This article incorporates text from Safest Year to Fly, Says Group by VOA News"
            " which is in the public domain.",
            "VOA News",
        ),
        ("This article is based on Killed by Police in Ohio by VOA News.", "VOA News"),  # a title holding "by"
        (
            'This article is based on a report by "Voice of America News", which is in the public domain.',
            "Voice of America News",
        ),
        ("Cross-posted at Gauravonomics, my blog on social media and social change.", "Gauravonomics"),
    ],
)
def test_a_note_that_the_text_is_made_from_anothers_credits_it(line, credited):
    text = LEAD + line + "\n"
    found = _found(text)
    assert list(found) == [credited]
    assert found[credited][0] in line


def test_a_plan_based_on_a_report_is_no_credit():
    assert _found(LEAD + "The plan is based on a report by the council, officials said.\n") == {}
