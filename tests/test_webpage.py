"""Strip the page, keep the article: a scraped page's furniture around its
article, written for the test the way an HTML-to-text step writes a page
(one line per block)."""

from __future__ import annotations

import provenance
from provenance.boilerplate import detect
from provenance.config import STRIPPABLE, Settings
from provenance.model import Document

TITLE = "Harbour quay to close for repairs | The Coastal Gazette"
MENU = ["Home", "News", "Sport", "Weather", "Business", "Opinion", "Travel", "Puzzles"]
HEADLINE = "Harbour quay to close for repairs until the spring"
BYLINE = "By Maria Lopez"
ARTICLE = [
    "The harbour authority said on Monday that the northern quay would close until the spring after divers found"
    " cracks in the old stone wall during a routine inspection.",
    "Fishing boats will moor at the ferry terminal while the work goes on, and the fish market will open an hour"
    " later than usual, the authority said in a statement.",
    "Engineers expect the repairs to cost about four million pounds, most of it paid from the port's own reserves,"
    " with the rest coming from a government fund for coastal towns.",
    "The harbour master, Tom Becker, said the closure was a precaution and that the quay had served the town for"
    " more than a century without a serious failure.",
    "Local traders said they feared losing visitors over the summer, when the quay usually hosts a weekly market"
    " and the town's regatta.",
]
SECOND_PART = [
    "The authority will publish a timetable for the works next week and hold a public meeting at the town hall"
    " on Thursday evening.",
    "Residents can send questions in advance by post or by email to the harbour office, which will answer them"
    " at the meeting.",
]
RELATED = [
    "Related stories",
    "Ferry fares to rise in April",
    "Council approves new lifeboat station",
    "Ten best coastal walks this spring",
    "Fish market marks its centenary",
]
COMMENTS = [
    "3 Comments",
    "Sandra K. — March 3, 2026 at 9:41 am",
    "About time too. That wall has been crumbling for years and everyone in town knew it, whatever the authority"
    " says now about precautions.",
    "Reply",
    "Peter M. — March 3, 2026 at 10:02 am",
    "Will the regatta still go ahead? Nobody has said anything about it and the clubs need to know soon.",
    "Reply",
]
FOOTER = ["About us", "Contact", "Advertise", "Privacy policy", "Terms of use", "© 2026 The Coastal Gazette"]


def page(*blocks: list[str]) -> str:
    return "\n".join(line for block in blocks for line in block) + "\n"


def kept_lines(tmp_path, text: str) -> list[str]:
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    provenance.clean([tmp_path], strip=STRIPPABLE)
    return (tmp_path / "page.txt").read_text(encoding="utf-8").splitlines()


def test_a_scraped_pages_furniture_goes_and_its_article_stays(tmp_path):
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, RELATED, SECOND_PART, COMMENTS, FOOTER)
    kept = kept_lines(tmp_path, text)
    for line in [HEADLINE, *ARTICLE, *SECOND_PART]:
        assert line in kept, line
    for line in MENU + RELATED + COMMENTS + FOOTER:
        assert line not in kept, line


def test_the_menu_after_the_page_title_is_navigation(tmp_path):
    text = page([TITLE], MENU, [HEADLINE], ARTICLE)
    found = detect(Document(id="page.txt", text=text), Settings())
    menu = [b for b in found if text[b.span.start : b.span.end].startswith(MENU[0])]
    assert [b.category for b in menu] == ["navigation"]
    start = text.index(MENU[0] + "\n")
    assert (menu[0].span.start, menu[0].span.end) == (start, start + len("\n".join(MENU)))


def test_a_comment_thread_after_the_article_goes_from_its_opening(tmp_path):
    text = page([TITLE], MENU, [HEADLINE], ARTICLE, COMMENTS, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    [thread] = [b for b in found if b.category == "comments"]
    assert thread.span.start == text.index(COMMENTS[0])
    assert "3 Comments" in thread.reason


def test_a_comments_link_by_the_headline_is_no_thread(tmp_path):
    text = page([TITLE], MENU, [HEADLINE, "Comments"], ARTICLE, SECOND_PART)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in ARTICLE + SECOND_PART)


def test_a_plain_article_file_is_not_cut_to_its_densest_part(tmp_path):
    # No page around it: short paragraphs and a list at its end stay.
    text = page(
        [HEADLINE, ""],
        ARTICLE,
        ["Referee: Shamsul Maidin", "The hearing will start on Tuesday.", "Timetable:"],
        ["- Monday: survey", "- Tuesday: scaffolding", "- Wednesday: divers return"],
    )
    assert kept_lines(tmp_path, text) == text.splitlines()


def test_a_poll_named_with_a_slash_is_no_picture_credit():
    text = page(
        [HEADLINE, ""],
        ARTICLE[:2],
        ["According to a Reuters/Ipsos poll, the two candidates are in a dead heat nationally."],
        ARTICLE[2:],
    )
    found = detect(Document(id="a.txt", text=text), Settings())
    assert [b for b in found if b.category == "caption"] == []
