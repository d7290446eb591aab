"""Strip the page, keep the article: a scraped page's furniture around its
article, written for the test the way an HTML-to-text step writes a page
(one line per block)."""

from __future__ import annotations

import re

import provenance
from provenance.boilerplate import detect, lines
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


# Other stories of the site after the article, each a heading over its
# standfirst, past the page's share and section links.
SHARE = ["Share", "Tweet", "Email", "Print", "Save", "Sections", "Local", "Weather"]
TEASERS = [
    "Ferry fares to rise in April",
    "Operators blamed the price of fuel for the first rise in years.",
    "Council approves new lifeboat station",
    "The station will stand beside the old boathouse from next summer.",
    "Fish market marks its centenary",
    "Traders and their families gathered on the quay for a parade.",
]


def test_teasers_after_the_article_are_related_links(tmp_path):
    # A link box's heading takes the first teaser's heading into its run.
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, SHARE, ["More from the Gazette"], TEASERS, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    for line in TEASERS:
        start = text.index(line)
        covering = [b for b in found if b.span.start <= start and start + len(line) <= b.span.end]
        assert [b.category for b in covering] == ["related-links"], line
    teasers = next(b for b in found if b.span.start <= text.index(TEASERS[1]) < b.span.end)
    assert "3 headings over a short paragraph each after the article" in teasers.reason
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in TEASERS)


def test_teasers_before_the_article_are_related_links(tmp_path):
    """Three of the site's stories with their standfirsts, above the menu
    over the article: a list of teasers, as after the article. A heading
    over a paragraph right above the article is its headline and
    standfirst, and stays."""
    standfirst = ["The quay will close for months.", "Divers found cracks in the old stone wall on Monday."]
    text = page([TITLE], TEASERS, MENU, [HEADLINE], standfirst, ARTICLE, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *standfirst, *ARTICLE])
    assert not any(line in kept for line in TEASERS)


def test_one_heading_over_a_paragraph_after_the_article_stays(tmp_path):
    # One is no list of teasers: it may be a note on the article, or a
    # second article.
    note = ["Correction appended on Tuesday", "An earlier version of this article gave the wrong cost for the repairs."]
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, SHARE, note, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, *note])
    assert not any(line in kept for line in SHARE)


def test_sections_of_an_article_after_a_table_stay(tmp_path):
    # The article goes on after a long table of figures, in sections under
    # headings: a heading over a paragraph, then more paragraphs. No list of
    # teasers runs on like that.
    table = [x for city in ("Leeds", "York", "Hull", "Bath") for x in (city, "£1.2m", "4.1%")]
    sections = [
        "Inventory down across the region",
        "Fewer homes came on the market than in any month since the records began.",
        "Agents said buyers were waiting to see where interest rates would settle.",
        "Sales volume up since last year",
        "Closed sales rose for the third month running, led by the coastal towns.",
    ]
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, SHARE, table, sections, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, *sections])


def test_the_menu_after_the_page_title_is_navigation(tmp_path):
    text = page([TITLE], MENU, [HEADLINE], ARTICLE)
    found = detect(Document(id="page.txt", text=text), Settings())
    menu = [b for b in found if text[b.span.start : b.span.end].startswith(MENU[0])]
    assert [b.category for b in menu] == ["navigation"]
    start = text.index(MENU[0] + "\n")
    assert (menu[0].span.start, menu[0].span.end) == (start, start + len("\n".join(MENU)))


# A blog's sidebar above every post: the author's pitch, his book's blurb
# and his bio, prose that may outweigh a short post.
PITCH = [
    "Consulting",
    "Book an hour with me: I will read your plan, your pricing page and your first three months of numbers, and"
    " tell you plainly what I would change before you spend another month or another dollar on the launch.",
    "The Book",
    "The Harbour Startup Guide is out in paperback and as an ebook, with forty chapters on finding customers,"
    " setting prices, hiring the first people and keeping the whole thing afloat through the first winter.",
    "About Tom",
    "Tom Becker writes about small companies and the people who run them, hosts a weekly podcast on starting"
    " out, and has founded three companies of his own, two of which are still trading on the quay.",
]
POSTS = [
    ("Why the first price is always wrong", ARTICLE[:2]),
    ("Hiring before the money comes in", ARTICLE[2:4]),
    ("What a closed quay teaches a founder", [ARTICLE[4], SECOND_PART[0]]),
    ("Answering every question in public", [SECOND_PART[1], ARTICLE[0]]),
    ("The second winter is the hard one", [ARTICLE[3], SECOND_PART[0]]),
]


def test_a_sidebar_above_the_headline_under_the_breadcrumb_is_not_the_article(tmp_path):
    """The page's breadcrumb names the post ("Home / Hiring before …"), the
    post's headline under it: the post starts there, and the prose the
    block took in above it is the site's sidebar, printed on every post."""
    for i, (headline, body) in enumerate(POSTS):
        text = page([f"{headline} | Harbour Startups"], ["Home", "Podcast", "Blog"], PITCH)
        text += page([f"Home / {headline}", headline, "Posted on 03-04-2026 by Tom Becker"], body, FOOTER)
        (tmp_path / f"post{i}.txt").write_text(text, encoding="utf-8")
    provenance.clean([tmp_path], strip=STRIPPABLE)
    for i, (headline, body) in enumerate(POSTS):
        kept = (tmp_path / f"post{i}.txt").read_text(encoding="utf-8").splitlines()
        assert all(line in kept for line in [headline, *body]), i
        assert not any(line in kept for line in PITCH), i


def test_a_sites_short_sentences_outside_its_articles_are_its_template(tmp_path):
    """A site's registration box atop every page prints short sentences
    ("Please register to gain free access to our tools."): outside the
    article on every page, they are the page's, as its menu is. A short
    sentence every article of the site closes on stays: inside the article,
    it is the site's style."""
    form = [
        "Register for FREE",
        "Please register to gain free access to our tools.",
        "An account already exists for the email address entered.",
        "Forgot your username or password?",
    ]
    style = "Readers can write to the harbour office at any time."
    stories = [(headline, [ARTICLE[i], ARTICLE[(i + 2) % 5]]) for i, (headline, _) in enumerate(POSTS)]
    for i, (headline, body) in enumerate(stories):
        text = page([f"{headline} | The Coastal Gazette"], form, MENU, [headline], body, [style], FOOTER)
        (tmp_path / f"story{i}.txt").write_text(text, encoding="utf-8")
    provenance.clean([tmp_path], strip=STRIPPABLE)
    for i, (headline, body) in enumerate(stories):
        kept = (tmp_path / f"story{i}.txt").read_text(encoding="utf-8").splitlines()
        assert all(line in kept for line in [headline, *body, style]), i
        assert not any(line in kept for line in form), i


def test_a_comment_thread_after_the_article_goes_from_its_opening(tmp_path):
    text = page([TITLE], MENU, [HEADLINE], ARTICLE, COMMENTS, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    thread = next(b for b in found if b.category == "comments")  # the footer after it may be more
    assert thread.span.start == text.index(COMMENTS[0])
    last = COMMENTS[-2]  # the second comment, before its "Reply"
    assert thread.span.end >= text.index(last) + len(last)
    assert "3 Comments" in thread.reason


# Comments signed with a name over a date, and nothing else: no "Reply",
# no "3 Comments" (a blog's thread as an HTML-to-text step writes it).
SIGNED = [
    "Sandra K.",
    "March 3, 2026 at 9:41 am",
    "About time too. That wall has been crumbling for years and everyone in town knew it, whatever the authority"
    " says now about precautions and a century without a serious failure.",
    "Peter M.",
    "March 3, 2026 at 10:02 am",
    "Will the regatta still go ahead? Nobody has said anything about it and the clubs need to know soon, because"
    " the boats have to be booked and the visitors told where to park.",
    "Ann Lee",
    "March 4, 2026 at 8:15 pm",
    "My grandfather helped rebuild that wall after the storm of 1953 and he always said the stones on the north"
    " side were the weakest, so none of this comes as a surprise to our family. He would have been glad to see"
    " divers go down at last, and he would have told the authority to start with the corner by the steps, where"
    " the tide runs hardest and the mortar was always the first to go. The town owes the quay a proper repair.",
]


def test_a_signed_thread_goes_from_its_first_commenter(tmp_path):
    text = page([TITLE], MENU, [HEADLINE], ARTICLE, SIGNED, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    thread = next(b for b in found if b.category == "comments")
    assert thread.span.start == text.index(SIGNED[0])
    assert thread.span.end >= text.index(SIGNED[-1]) + len(SIGNED[-1])
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])


def test_signed_comments_before_the_comment_form_start_the_thread(tmp_path):
    """A thread with no opening above it, only a "Leave a Reply" form under
    it: three comments signed alike start it at its first commenter, not at
    the form."""
    signed = [("Sandra K.", "March 3, 2026 at 9:41 am"), ("Peter M.", "March 3, 2026 at 10:02 am")]
    signed.append(("Ann Lee", "March 4, 2026 at 8:15 am"))
    thread = [line for (name, date), body in zip(signed, SIGNED[2::3], strict=True) for line in (name, date, body)]
    form = ["Leave a Reply", "Your email address will not be published. Required fields are marked *"]
    text = page([TITLE], MENU, [HEADLINE], ARTICLE, thread, form, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    comments = next(b for b in found if b.category == "comments")
    assert comments.span.start == text.index(SIGNED[0])
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in thread)


def test_openings_real_threads_print_open_them():
    """ "Reader Comments (3)" and "There are 2 comments. Add yours." open a
    thread as "3 Comments" does; "Sandra K. said," and "Sandra K. writes"
    sign a comment as "Sandra K. says:" does."""
    said = ["Sandra K. said,", COMMENTS[2], "Peter M. said,", COMMENTS[5], "Ann Lee said,", SIGNED[8]]
    writes = ["Sandra K. writes", COMMENTS[2], "Peter M. writes", COMMENTS[5], "Ann Lee writes", SIGNED[8]]
    for opening, thread in (
        (["Reader Comments (3)"], COMMENTS[1:]),
        (["There are 2 comments. Add yours."], COMMENTS[1:]),
        ([], said),
        ([], writes),
    ):
        text = page([TITLE], MENU, [HEADLINE], ARTICLE, opening, thread, FOOTER)
        found = detect(Document(id="page.txt", text=text), Settings())
        comments = next(b for b in found if b.category == "comments")
        start = text.index((opening or thread)[0])
        assert comments.span.start == start, opening
        assert comments.span.end >= text.index(thread[-1]) + len(thread[-1]), opening


def test_comments_signed_with_a_link_and_a_name_are_a_thread(tmp_path):
    """Disqus prints each commenter as the link to their profile or site and
    their name ("http://twitter.com/sandrak Sandra K."), over the comment:
    two such lines, printed alike, sign a thread with no opening above it."""
    names = ["http://twitter.com/sandrak Sandra K.", "http://www.facebook.com/peter.m.123 Peter M."]
    names.append("http://annlee.example.org/ Ann Lee")
    thread = [line for name, body in zip(names, SIGNED[2::3], strict=True) for line in (name, body)]
    text = page([TITLE], MENU, [HEADLINE], ARTICLE, thread, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    comments = next(b for b in found if b.category == "comments")
    assert comments.span.start == text.index(names[0])
    assert comments.span.end >= text.index(SIGNED[-1]) + len(SIGNED[-1])
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in thread)


def test_tweets_quoted_in_the_article_sign_no_comment(tmp_path):
    """An embedded tweet's attribution holds a name and a date, as a
    comment's signature does; two of them in the article, with a signed
    thread after it, are the article's quotations, not where its comments
    start."""
    tweets = [
        ["The quay is closing again. Third time in ten years.", "— Harbour Watch (@harbourwatch) March 2, 2026"],
        ["Boats to the ferry terminal from Monday.", "— Port News (@portnews) March 2, 2026"],
    ]
    article = [*ARTICLE[:3], *tweets[0], ARTICLE[3], *tweets[1], ARTICLE[4]]
    text = page([TITLE], MENU, [HEADLINE], article, SIGNED, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *article])
    assert not any(line in kept for line in SIGNED)


def test_a_comments_heading_over_signed_comments_opens_the_thread(tmp_path):
    # The comments hold more prose than the article: the heading counts
    # because signed comments follow it, not because most prose is above.
    comments = ["Comments", *SIGNED, *SIGNED[6:], *SIGNED[6:]]
    text = page([TITLE], MENU, [HEADLINE], ARTICLE[:3], comments, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    thread = next(b for b in found if b.category == "comments")
    assert thread.span.start == text.index("Comments\n")
    assert thread.span.end >= text.rindex(SIGNED[-1]) + len(SIGNED[-1])


def test_a_counted_opening_over_commenters_names_opens_the_thread(tmp_path):
    # Names alone sign the comments, and they outweigh the article.
    names = [line for line in SIGNED if len(line.split()) <= 2]
    comments = [text for text in SIGNED if len(text.split()) > 8]
    thread = ["{ 4 comments }"] + [
        line for pair in zip(names + names[:1], comments + comments[-1:], strict=True) for line in pair
    ]
    text = page([TITLE], MENU, [HEADLINE], ARTICLE[:2], thread, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    comments_found = next(b for b in found if b.category == "comments")
    assert comments_found.span.start == text.index(thread[0])
    assert comments_found.span.end >= text.rindex(comments[-1]) + len(comments[-1])
    assert all(line in kept_lines(tmp_path, text) for line in ARTICLE[:2])


def test_a_date_line_printed_twice_is_no_thread(tmp_path):
    date_line = "Updated March 3, 2026, 9:16 a.m. ET"
    text = page([TITLE], MENU, [date_line, HEADLINE], ARTICLE[:2], [date_line, HEADLINE], ARTICLE[2:], SECOND_PART)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in ARTICLE + SECOND_PART)


def test_a_thread_longer_than_a_short_post_starts_after_the_post(tmp_path):
    """Readers' comments signed with their names and dates, one of them
    longer than the post above them: the post is the article, and the
    thread starts at the first comment, not after the longest one."""
    post = ARTICLE[:2]
    signers = ["Sandra K. 03 Mar 26", "Peter M. 03 Mar 26", "Ann Lee 04 Mar 26", "Tom B. 04 Mar 26"]
    bodies = [SIGNED[2], SIGNED[5], SIGNED[8], SIGNED[5]]
    thread = [line for pair in zip(signers, bodies, strict=True) for line in pair]
    text = page([TITLE], MENU, [HEADLINE], post, thread, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *post])
    assert not any(line in kept for line in thread)


def test_a_comment_heavier_than_the_post_is_no_article(tmp_path):
    """The densest prose on the page is one reader's long comment, under a
    short post: comments signed "NAME says:" by different readers start
    the thread at the first of them, and the post above is the article."""
    post = ARTICLE[:2]
    long_comment = " ".join([SIGNED[8], SIGNED[5], SIGNED[2]])
    thread = []
    for name, body in (("sandrak", SIGNED[2]), ("peter_m", long_comment), ("annlee", SIGNED[5]), ("tomb", COMMENTS[5])):
        thread += [f"{name} says:", body, "Reply", "Report"]
    text = page([TITLE], MENU, [HEADLINE], post, SHARE, RELATED, MENU, thread, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *post])
    assert not any(line in kept for line in thread)


def test_one_authors_dated_posts_after_the_article_are_no_thread(tmp_path):
    """A site prints its author's posts one under the other, each signed
    "Posted by Tom on DATE": one name over different dates is no readers'
    thread, and the post that outweighs the text above it is the article."""
    cards = []
    for day, body in ((16, ARTICLE[2:]), (15, SECOND_PART[:1]), (13, SECOND_PART[1:])):
        cards += [f"Posted by Tom on February {day} 2026", *body]
    text = page([TITLE], MENU, [HEADLINE], ARTICLE[:2], cards, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])


def test_dated_sentences_under_the_article_sign_no_thread(tmp_path):
    """A list of items, each closing on a sentence with a name and a date
    ("Expected: Reuters, 2026-03-11, one article."), is printed alike with
    different names, as readers' comments are; but a signature is a name
    and a date, not a sentence, and the article's first piece is not taken
    for all there is of it."""
    agencies = ["Reuters", "AFP", "UPI", "Kyodo"]
    bodies = [ARTICLE[2], SIGNED[8] + " " + ARTICLE[3], ARTICLE[4], SECOND_PART[0]]
    items = []
    for day, (agency, body) in enumerate(zip(agencies, bodies, strict=True), start=11):
        items += [f"Story {day}", body, f"Expected: {agency}, 2026-03-{day}, one article."]
    text = page([TITLE], MENU, [HEADLINE], ARTICLE[:2], items, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE[:2], *bodies[:2]])


def test_a_photo_posts_counted_thread_goes(tmp_path):
    """A page with no article block (a photo over one line of text): its
    comment thread goes from the line that counts the comments, when a
    comment's signature follows it. Without the signature the count is no
    evidence of a thread, and what follows it stays."""
    post = ["Divers at work on the north wall of the quay, photographed on Monday by Ann Lee."]
    said = ["About time too, that wall was crumbling for years.", "Will the regatta still go ahead this summer?"]
    thread = ["{ 2 comments… read them below or add one }"]
    thread += ["1 Sandra K. March 3, 2026 at 9:41 am", said[0], "2 Peter M. March 3, 2026 at 10:02 am", said[1]]
    text = page([TITLE], MENU, [HEADLINE], post, thread, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *post])
    assert not any(line in kept for line in thread)
    unsigned = [thread[0], "Sandra K.", said[0], "Peter M.", said[1]]
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE], post, unsigned, FOOTER))
    assert all(line in kept for line in [HEADLINE, *post, *said])


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


CUES = [
    ("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:02, Tue, Nov 19, 2019", "dateline"),
    ("By Jane Smith Updated Nov 13, 2019, 10:28am EST", "byline"),
    ("Please enable JavaScript to view the comments powered by Disqus.", "comments"),
    ("Continue reading the main story", "other"),
    ("Your privacy is important to us. We use cookies to improve your experience.", "other"),
    ("Leave a Reply Cancel reply", "comments"),
    ("Your email address will not be published. Required fields are marked *", "comments"),
    ("Flag as Inappropriate", "comments"),
    ("Share Tweet this", "share"),
    ("Post was not sent - check your email addresses!", "share"),
    ("City Guide » Food » Restaurants", "navigation"),
    ("Contact us", "navigation"),
    ("Posted in history, photos, vancouver", "other"),
    ("Continue Article", "other"),
    ("Bookmark/Search this post with:", "share"),
    ("Keep up to date with the news. Receive our free E-Newsletter", "newsletter"),
    ("Timothy Courtois, left, and Clark Tabor were... View Full Size", "caption"),
    ("« Ferry fares to rise in April | Main | Council approves new lifeboat station »", "navigation"),
    ("« Fish market marks its centenary | Main", "navigation"),
    ("« Back to blog", "navigation"),
    ("View the Full Gallery »", "related-links"),
    ("Posted in: history, photos, vancouver", "other"),
    ("October 1st, 2012 | Tags: harbour, repairs, fishing | Category: Local", "other"),
    ("This entry was posted on Thursday, August 9th, 2012 at 2:01 pm and is filed under Local.", "other"),
    ("A version of this article appeared in print on 11/08/2012, on page B9 of the New York edition.", "other"),
    ("Dow Jones Reprints: This copy is for your personal, non-commercial use only.", "other"),
    ("NYSE and AMEX quotes delayed by at least 20 minutes.", "other"),
    ("To read this article in full you must be registered with the site.", "other"),
    ("Click here to watch a video of the divers' inspection", "other"),
    ("Read Article: Ferry fares to rise in April", "related-links"),
    ("13 hrs ago Ten best coastal walks this spring", "related-links"),
    ("harbour life 3:57 PM 0 Ten Best Walks Along the Coastal Path", "related-links"),
    ("Listed below are links to weblogs that reference Harbour quay to close for repairs:", "related-links"),
    (
        '<script type="text/javascript"> document.write(\'<a href="https://ads.example.com/click">\'); </script>',
        "other",
    ),
    ("var _hbEC=0,_hbE=new Array;function _hbEvent(a,b){b=_hbE[_hbEC++]=new Object();return b}", "other"),
    ("Your comment could not be posted. Error type:", "other"),
    ("Do you like this story?", "other"),
    ("Printer-friendly version | E-mail to a friend", "other"),
    ("Must be registered to comment (free registration)", "other"),
    ("Comments are now closed on The Coastal Gazette.", "comments"),
    ("Commenting is turned off for this story.", "comments"),
    # an agency's credit with the story's date and time
    ("Associated Press - January 10, 2008 3:23 PM ET", "credit"),
    ("Reuters - December 30, 2007", "credit"),
    # a blog theme's lines under the post
    ("RSS feed for comments on this post. TrackBack URI", "other"),
    ("Bookmark the permalink. Follow any comments here with the RSS feed for this post.", "other"),
    ("If you enjoyed this post, please consider leaving a comment or subscribing to the RSS feed.", "other"),
    ("If you're new here, you may want to subscribe to my RSS feed.", "other"),
    # an author's box: the name, then the bio that opens with it
    ("About Ann Lee Ann Lee is the harbour correspondent of the Gazette and the author of two books.", "other"),
    ("Ann Lee - Ann Lee has covered the harbour for the Gazette since 1998.", "other"),
    # a script's body cut mid-statement: no tag or "var" to open it
    ('pe, fn, false ); EventCache.add(obj, type, fn); } else if (obj.attachEvent) { obj["e"+type+fn] = fn; }', "other"),
]


def test_cue_lines_in_the_forms_real_pages_print_them():
    body = "\n".join(ARTICLE) + "\n"
    for cue, category in CUES:
        text = f"{HEADLINE}\n{cue}\n{body}"
        found = detect(Document(id="a.txt", text=text), Settings())
        start = text.index(cue)
        assert [(b.category, b.span.start, b.span.end) for b in found] == [(category, start, start + len(cue))], cue


def test_an_authors_bio_that_opens_with_the_bylines_name_goes():
    """A paragraph that opens with the name the byline gives, then says what
    the author is or does, is the author's bio, wherever it sits."""
    name = BYLINE.removeprefix("By ")
    bio = f"{name} is the harbour correspondent of the Gazette and has covered the port and its fleet since 2019."
    for body in ([*ARTICLE, bio], [*ARTICLE[:2], bio, *ARTICLE[2:]]):
        text = page([HEADLINE, BYLINE], body)
        found = detect(Document(id="a.txt", text=text), Settings())
        start = text.index(bio)
        spans = [(b.category, b.span.start, b.span.end) for b in found]
        assert ("other", start, start + len(bio)) in spans
        assert any(name in b.reason and "bio" in b.reason for b in found if b.span.start == start)


def test_a_paragraph_opening_with_another_name_or_on_a_page_with_no_byline_stays():
    """The bio's name is the byline's: a paragraph on someone else ("Tom
    Becker is the harbour master …") is the article's, and so is any such
    paragraph on a page that names no author, or one where the author does
    something in the story rather than is someone."""
    other = "Tom Becker is the harbour master and has run the port and its two quays for the town since 2015."
    name = BYLINE.removeprefix("By ")
    about = f"{name} is the harbour correspondent of the Gazette and has covered the port and its fleet since 2019."
    walk = f"{name} and the harbour master walked the length of the quay on Monday to see the cracks for themselves."
    pages = (
        page([HEADLINE, BYLINE], [*ARTICLE, other]),
        page([HEADLINE], [*ARTICLE, about]),
        page([HEADLINE, BYLINE], [*ARTICLE[:2], walk, *ARTICLE[2:]]),
    )
    for text in pages:
        assert not any(b.category == "other" for b in detect(Document(id="a.txt", text=text), Settings())), text


def test_a_sentence_that_names_a_cue_is_no_cue():
    body = "\n".join(ARTICLE) + "\n"
    for sentence in (
        "The council will view full size plans of the new quay at its meeting on Thursday evening.",
        "Readers who get our newsletter heard about the closure first, the editor said on Monday.",
        # a quotation in French guillemets, opened and closed on its line
        "« Le quai sera fermé jusqu'au printemps », a déclaré le capitaine du port.",
        "Le capitaine du port : « Un quai sûr pour cent ans »",
        # a link prompt inside a sentence, a filing line that is the story's
        "Readers can click here or call the harbour office to book a seat at Thursday's meeting.",
        "The main quay, the harbour master said, will reopen in the spring.",
        "An hour ago I spoke to the harbour master, who said the quay would reopen in the spring.",
        "10 minutes ago The harbour master arrived at the quay.",
        "by 3:57 pm 2 Divers had reached the wall and began the inspection.",
        "Readers who like this story can order the printer-friendly version of the plans from the harbour office.",
        # a sentence names its subject once
        "Council Leader Ann Lee is to visit the harbour on Thursday, her office said.",
        # what readers enjoyed, in the story's words
        "If you enjoyed the regatta, the harbour master said, come back in June for the lifeboat parade.",
        # statements and blocks, but no word of script
        "The budget {revised} lists roads; schools and parks; and a reserve {unchanged} for the quay.",
    ):
        text = f"{HEADLINE}\n{sentence}\n{body}"
        assert detect(Document(id="a.txt", text=text), Settings()) == [], sentence


def test_a_poll_named_with_a_slash_is_no_picture_credit():
    text = page(
        [HEADLINE, ""],
        ARTICLE[:2],
        ["According to a Reuters/Ipsos poll, the two candidates are in a dead heat nationally."],
        ARTICLE[2:],
    )
    found = detect(Document(id="a.txt", text=text), Settings())
    assert [b for b in found if b.category == "caption"] == []


MEALS = [
    ("Monday", "Lunch: lentil soup with a slice of rye bread"),
    ("Tuesday", "Lunch: grilled chicken salad with lemon dressing"),
    ("Wednesday", "Lunch: vegetable curry with brown rice and yoghurt"),
]
BREAKFAST = "Breakfast: porridge with berries and a spoon of honey"
QUESTION = "What do you think of the plan to close the northern quay?"
ANSWERS = [
    ("Anna, 34, teacher", "I think it is overdue and the town will be safer for it."),
    ("Ben, 61, fisherman", "It will cost us a season of work, and nobody asked us first."),
    ("Cara, 22, student", "I did not know about it until today, to be honest."),
]


def test_a_line_an_article_repeats_on_purpose_stays(tmp_path):
    plan = "".join(f"{day}\n{BREAKFAST}\n{lunch}\n\n" for day, lunch in MEALS)
    meals = f"A week of simple meals\n\n{ARTICLE[0]}\n\n{plan}{ARTICLE[1]}\n"
    asked = "".join(f"{who}\n{QUESTION}\n{answer}\n\n" for who, answer in ANSWERS)
    interview = f"What readers think\n\n{ARTICLE[2]}\n\n{asked}{ARTICLE[3]}\n"
    (tmp_path / "meals.txt").write_text(meals, encoding="utf-8")
    (tmp_path / "interview.txt").write_text(interview, encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    assert report.of_kind("repeated-block") == []
    provenance.clean([tmp_path])
    assert (tmp_path / "meals.txt").read_text(encoding="utf-8") == meals
    assert (tmp_path / "interview.txt").read_text(encoding="utf-8") == interview


def test_a_paragraph_pasted_again_is_still_a_repeated_block(tmp_path):
    # The same paragraph later in the file, between other paragraphs: a
    # second paste, whatever follows it.
    text = f"{HEADLINE}\n\n{ARTICLE[0]}\n\n{ARTICLE[1]}\n\n{ARTICLE[2]}\n\n{ARTICLE[0]}\n\n{ARTICLE[3]}\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    [block] = provenance.scan([tmp_path], jobs=1).of_kind("repeated-block")
    second = text.index(ARTICLE[0], text.index(ARTICLE[0]) + 1)
    assert (block.span.start, block.span.end) == (second, second + len(ARTICLE[0]))


# A blog's archive and tag list under its post, a label and a count of posts
# on each line: runs of figures the rules for a page's furniture leave alone
# (two figures a line read as a table's rows).
ARCHIVE = ["Archives", "November 2012 (3)", "October 2012 (3)", "September 2012 (4)", "August 2012 (5)"]
TAGS = ["► Harbour (14)", "► Ferries (2)", "► Council (1,617)"]


def test_an_archive_and_a_tag_list_are_navigation(tmp_path):
    text = page([HEADLINE], ARTICLE, ARCHIVE, ["Tags"], TAGS)
    found = detect(Document(id="page.txt", text=text), Settings())
    for block, size in ((ARCHIVE[1:], 4), (TAGS, 3)):
        start = text.index(block[0])
        end = text.index(block[-1]) + len(block[-1])
        covering = [b for b in found if b.span.start <= start and end <= b.span.end]
        assert [b.category for b in covering] == ["navigation"], block
        assert f"archive or tag list: {size} lines of a label and a count" in covering[0].reason
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in ARCHIVE[1:] + TAGS)


def test_years_and_figures_in_parentheses_stay(tmp_path):
    # A list of the article's, each item dated; a table's rows of figures.
    games = [
        "Puzzle Quest - Tile-matching strategy RPG (2007)",
        "Might & Magic: Clash of Heroes - Tile-matching adventure RPG (2009)",
        "Puzzle Craft - Tile-matching city-building sim (2012)",
    ]
    rows = ["112 (15)", "0 89 (16)", "0 77 0 (8)"]
    text = page([HEADLINE], ARTICLE[:3], games, ARTICLE[3:], rows)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, *games, *rows])


# A sidebar with prose of its own (an author's bio, the publisher's pitch)
# under the article, past a share bar and a sign-up form: its prose
# outweighs the furniture between, so the densest run of prose spans both,
# but it weighs less than a quarter of the article.
SIGN_UP = ["Share", "Tweet", "Email", "Print", "Newsletter", "Sign up for our daily briefing", "Your email", "Go"]
SIDEBAR = [
    "Maria Lopez has covered the harbour, the fishing fleet and the town council for the Gazette since 2019, and"
    " writes a weekly column on coastal life.",
    "Ferry fares to rise in April",
    "Council approves new lifeboat station",
    "The Gazette is owned by a trust of its readers, and every penny of its profit goes back into local reporting"
    " across the county.",
    "Fish market marks its centenary",
]


def test_a_sidebar_past_a_sign_up_form_is_not_the_article(tmp_path):
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, SECOND_PART, SIGN_UP, SIDEBAR, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    # (The link right over the pitch stays: a heading before a paragraph.)
    for line in (SIDEBAR[1], SIDEBAR[4]):
        start = text.index(line)
        covering = [b for b in found if b.span.start <= start < b.span.end]
        assert [b.category for b in covering] == ["related-links"], line
        assert "outside the article" in covering[0].reason
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, *SECOND_PART])
    # The pitch, a short paragraph between two pieces of the sidebar's
    # furniture, goes with it; the bio goes as the byline's author's.
    start = text.index(SIDEBAR[3])
    covering = [b for b in found if b.span.start <= start < b.span.end]
    assert [b.category for b in covering] == ["related-links"]
    assert "between furniture after the article" in covering[0].reason
    start = text.index(SIDEBAR[0])
    covering = [b for b in found if b.span.start <= start < b.span.end]
    assert [b.category for b in covering] == ["other"]
    assert "author's bio" in covering[0].reason
    assert SIDEBAR[0] not in kept and SIDEBAR[3] not in kept


def test_a_bio_past_a_three_button_share_bar_is_not_the_article(tmp_path):
    # Three buttons are enough to part the block: the bio's prose outweighs
    # them, but it weighs less than a quarter of the article. (It does not
    # open with the byline's name, which would make it a bio on its own.)
    bio = SIDEBAR[0].replace("Maria Lopez", "Our harbour correspondent")
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, ["Share", "Tweet", "Email"], [bio], FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    start = text.index(bio)
    covering = [b for b in found if b.span.start <= start < b.span.end]
    assert [b.category for b in covering] == ["related-links"]
    assert "between furniture after the article" in covering[0].reason
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE]) and bio not in kept


def test_what_the_last_paragraph_leads_into_stays(tmp_path):
    # Its list went with the page's markup; the line introducing it is the
    # article's, even with the block ending before it.
    lead = "The boats that will moor at the ferry terminal are:"
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, [lead], ["Share", "Tweet", "Email"], FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, lead])


def test_the_articles_last_line_read_as_no_prose_stays_past_the_furniture_cut(tmp_path):
    # In title case, it reads as no prose; right before the share bar that
    # parts the block from a bio under it, it still ends the article.
    closing = "Ferry Operator Atlantic Carriers Will Publish Its New Timetable For The Harbour On Friday."
    share = ["Share", "Tweet", "Email"]
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, [closing], share, [SIDEBAR[0]], FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, closing])
    assert SIDEBAR[0] not in kept


def test_the_articles_closing_sentences_read_as_no_prose_stay(tmp_path):
    """The article's last sentences may read as no prose, one all names and
    figures as title-like, a short one as too short: the block's sum leaves
    them out, and right under it they are still the article's."""
    names = "Harbour Master Tom Becker and Mayor Ana Lima will visit the quay on Friday."
    short = "The quay reopens in May."
    shapes = {line.text: line for line in lines(page([names, short]))}
    assert shapes[names].titleish and not shapes[names].prose
    assert not shapes[short].prose
    share = ["Share", "Tweet", "Email"]
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, [names, short], share, RELATED, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, names, short])
    assert not any(line in kept for line in RELATED)


def test_headlines_and_labels_ending_in_a_full_stop_under_the_article_go(tmp_path):
    """Under the article, a headline in title case, a label's line (with
    its colon) and a teaser cut short end in a full stop too, and are no
    sentence of the article's."""
    for furniture in (
        "Harbour Quay Repairs Will Cost The Town Millions.",
        "Next week: the north coast ferries.",
        "Best of 2025 . . .",
    ):
        assert not lines(page([furniture]))[0].prose, furniture
        share = ["Share", "Tweet", "Email"]
        text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, [furniture], share, RELATED, FOOTER)
        kept = kept_lines(tmp_path, text)
        assert all(line in kept for line in [HEADLINE, *ARTICLE])
        assert furniture not in kept


def test_the_headline_over_the_article_stays_when_the_block_is_cut_above_it(tmp_path):
    # The block spans a bio over the article, across a share bar: parted
    # there, the article's part starts right after the buttons, its
    # headline, standfirst and tags included, not at its first paragraph.
    bio = (
        "Maria Lopez has covered the harbour, the fishing fleet and the town council for the Gazette since 2019,"
        " and she writes a weekly column on coastal life, the ferries and the people who keep the old port going."
    )
    head = [HEADLINE, "Divers found cracks in the old stone wall", "Harbour works", "Four minute read"]
    text = page([TITLE], MENU, [bio], ["Share", "Tweet", "Email"], head, ARTICLE, SECOND_PART, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [*head, *ARTICLE, *SECOND_PART])


def test_an_article_resuming_after_a_share_bar_stays_whole(tmp_path):
    # Parted by the buttons, its second half weighs more than a quarter of
    # the first: both are the article's.
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE[:3], ["Share", "Tweet", "Email"], ARTICLE[3:], FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])


def test_a_list_with_figures_inside_the_article_stays(tmp_path):
    # Ingredients, figures on most lines, under the recipe's print button,
    # between the article and the little that follows them.
    ingredients = [
        "Print",
        "2 cups flour",
        "1 teaspoon salt",
        "3 eggs",
        "1/2 cup milk",
        "2 tablespoons butter",
        "1 onion, diced",
        "200 g cheese",
        "4 slices of ham",
    ]
    serve = [
        "Serve the tart warm with a green salad. It keeps for two days in the fridge and can be warmed in a low"
        " oven, though the crust loses some of its crispness when it is heated a second time."
    ]
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, SECOND_PART, ingredients, serve, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, *SECOND_PART, *ingredients[1:], *serve])


def test_a_paragraph_opening_with_names_and_titles_is_prose(tmp_path):
    # Its first words, sampled, read as a title: the whole line does not.
    # After a link box, it ends the box's run instead of joining it.
    opening = (
        "SOUTHAMPTON, England - Harbour Master Tom Becker, Deputy Mayor Ann Lee and Coastal Gazette Editor Maria"
        " Lopez will open the new fish market hall on Saturday, the town council said on Monday, after two years of"
        " work that ran over budget and past the date the council first gave. The hall replaces the old market shed,"
        " which was pulled down after the storm of 2024, and will hold forty stalls."
    )
    text = page([TITLE], MENU, RELATED, [opening], ARTICLE, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [opening, *ARTICLE])
    assert not any(line in kept for line in RELATED)


# After the article and its share bar, a newsletter box (a heading over a
# blurb the rules see no cue in, over a prompt they do), and a line on the
# publisher between the related links and the footer.
NEWSLETTER_BOX = [
    "Sign up for the Gazette Dispatch",
    "Our editors pick the stories of the day and send them to you every evening, free of charge.",
    "Your email address:",
]
OWNER = "The Coastal Gazette is owned by a trust of its readers."


def test_short_gaps_in_the_furniture_after_the_article_go(tmp_path):
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, SHARE, NEWSLETTER_BOX, RELATED, [OWNER], FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    gaps = [NEWSLETTER_BOX[0], NEWSLETTER_BOX[1], OWNER]
    for line in gaps:
        start = text.index(line)
        covering = [b for b in found if b.span.start <= start and start + len(line) <= b.span.end]
        assert len(covering) == 1 and "between furniture after the article" in covering[0].reason, line
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in gaps)


def test_gaps_that_are_no_short_furniture_stay(tmp_path):
    # A paragraph of thirty words or more, four lines in a row, a note that
    # names the article: each may be the article's, wherever it sits.
    long_paragraph = [
        "The harbour authority will also rebuild the slipway at the southern end of the quay, which has been closed"
        " to the lifeboat since a storm damaged its lower section in the autumn of last year."
    ]
    four_lines = [
        "The northern quay shuts on Monday for the repairs.",
        "The southern quay stays open to the ferries.",
        "The ferry terminal takes the fishing boats meanwhile.",
        "The fish market opens an hour later until the spring.",
    ]
    note = ["An earlier version of this article gave the wrong cost for the repairs."]
    for gap in (long_paragraph, four_lines, note):
        text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, SHARE, RELATED, gap, FOOTER)
        kept = kept_lines(tmp_path, text)
        assert all(line in kept for line in [HEADLINE, *ARTICLE, *gap]), gap


def test_a_gap_in_the_furniture_above_the_article_stays(tmp_path):
    # Above the article, a short line between the menu and the byline is its
    # headline or standfirst.
    standfirst = "Divers found cracks in the old stone wall during a routine check"
    text = page([TITLE], MENU, [standfirst], ["Share", "Tweet"], [HEADLINE, BYLINE], ARTICLE, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [standfirst, HEADLINE, *ARTICLE])


PHOTO_POST = [
    "Harbour lights at dusk | The Coastal Gazette photo blog",
    "Pictures from the harbour and the coast, every day of the year",
    *MENU,
    "Categories",
    "Boats",
    "Harbour life",
    "Night",
    "Sunsets",
    "Storms",
    "Weather",
    "Harbour lights at dusk",
    "The quay's lamps coming on, seen from the ferry terminal.",
    "Posted by Maria Lopez",
    *FOOTER,
]


def test_the_menus_of_a_page_with_no_article_block_go(tmp_path):
    """A photo post is a line of text: no run of prose makes an article
    block, and its menus (a site menu, a list of categories) go all the same,
    where the caption and the title lines stay."""
    kept = kept_lines(tmp_path, page(PHOTO_POST))
    for line in [*MENU, "Boats", "Harbour life", "Sunsets"]:
        assert line not in kept, line
    for line in ("Harbour lights at dusk", "The quay's lamps coming on, seen from the ferry terminal."):
        assert line in kept, line


def test_a_short_list_of_words_on_a_page_with_no_article_block_stays(tmp_path):
    """Five one-word lines under a line of text are a list, not a menu: a
    menu takes six or more."""
    items = ["Flour", "Butter", "Sugar", "Eggs", "Milk"]
    recipe = ["Pancakes for a crowd, from the Gazette's kitchen", "What you need for twelve pancakes:", *items]
    kept = kept_lines(tmp_path, page([TITLE], MENU, recipe, ["Mix, rest, fry."], FOOTER))
    for line in MENU:
        assert line not in kept, line
    for line in items:
        assert line in kept, line


def test_the_page_title_that_repeats_the_headline_goes(tmp_path):
    """A scraped page's first line is its <title>, "Headline | Site": when
    the headline is printed again over the article, the title's copy goes
    and the headline stays."""
    headline = "Harbour quay to close for repairs"
    text = page([f"{headline} | The Coastal Gazette"], MENU, [headline, BYLINE], ARTICLE, RELATED, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert f"{headline} | The Coastal Gazette" not in kept
    assert headline in kept
    for line in ARTICLE:
        assert line in kept, line


def test_the_page_title_stays_when_the_headline_is_not_printed_again_or_goes(tmp_path):
    """The title is the page's only headline when no line further down
    repeats it, or when the line that does is furniture (a link to the
    story in the page's own list of links)."""
    title = "Harbour quay to close for repairs | The Coastal Gazette"
    alone = page([title], MENU, [BYLINE], ARTICLE, RELATED, FOOTER)
    assert title in kept_lines(tmp_path, alone)
    linked = page([title], MENU, [BYLINE], ARTICLE, [*RELATED, "Harbour quay to close for repairs"], FOOTER)
    kept = kept_lines(tmp_path, linked)
    assert "Harbour quay to close for repairs" not in kept
    assert title in kept


def test_the_page_title_goes_when_the_headline_over_the_article_is_an_edit_of_it(tmp_path):
    """A page often prints an edited headline over the article (words
    dropped, the same order or not): nearly all its words are in the title,
    and they are a good part of it. The title goes, the headline stays."""
    title = "Harbour quay to close for repairs after divers find cracks | The Coastal Gazette"
    headline = "Divers find cracks: harbour quay to close"
    words = set(_words(title))
    assert all(w in words for w in _words(headline)) and headline.casefold() not in title.casefold()
    kept = kept_lines(tmp_path, page([title], MENU, [headline, BYLINE], ARTICLE, RELATED, FOOTER))
    assert title not in kept
    assert headline in kept
    for line in ARTICLE:
        assert line in kept, line


def test_the_page_title_stays_over_a_headline_that_shares_only_some_of_its_words(tmp_path):
    """A line that shares a few words with the title ("harbour", "the") is
    not its headline: the title stays, the only copy of its headline."""
    title = "Harbour quay to close for repairs | The Coastal Gazette"
    other = "Divers find cracks in the old harbour wall"
    shared = [w for w in _words(other) if w in set(_words(title))]
    assert 0 < len(shared) < 0.8 * len(_words(other))
    kept = kept_lines(tmp_path, page([title], MENU, [other, BYLINE], ARTICLE, RELATED, FOOTER))
    assert title in kept
    assert other in kept


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_a_sites_description_of_itself_outside_the_article_goes(tmp_path):
    """Outside the article, a named site's, blog's or publisher's description
    of itself is the page's; inside the article the same sentence is the
    article's, and "It is a ..." names nothing."""
    about = (
        "The Coastal Gazette is a newspaper for the harbour towns of the north coast, published every day since"
        " 1850 by its own trust."
    )
    praise = (
        "It is a fantastic site for anyone who loves the sea and the boats, and I have read it every morning for"
        " years on the ferry to work, from the first page to the tide tables."
    )
    inside = [*ARTICLE[:2], about, *ARTICLE[2:]]
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE], ARTICLE, RELATED, FOOTER, MENU, [about, praise], MENU))
    assert about not in kept
    assert praise in kept
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE], inside, RELATED, FOOTER))
    assert about in kept


# A list the article's last paragraph leads into, flattened by the page's
# markup into short lines that hold dates and places.
TOUR = [
    "The dates are as follows.",
    "SEPTEMBER",
    "29 Cologne, Live Music Hall",
    "30 Prague, Lucerna Music Hall",
    "OCTOBER",
    "01 Vienna, Arena",
    "02 Munich, Kesselhaus",
    "04 Barcelona, Razzmatazz",
]


def test_a_list_the_last_paragraph_leads_into_stays(tmp_path):
    text = page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, TOUR, SHARE, FOOTER)
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE, *TOUR])
    assert not any(line in kept for line in SHARE + FOOTER)


def test_a_link_box_led_into_like_a_list_goes(tmp_path):
    # The same lines after a link box's lead-in, and the same list with no
    # figure in it, are the page's.
    links = ["Posted on this day in other years:", *TOUR[2:]]
    names = ["The dates are as follows.", "Cologne", "Prague", "Vienna", "Munich", "Barcelona"]
    for tail in (links, names):
        kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, tail, SHARE, FOOTER))
        assert all(line in kept for line in [HEADLINE, *ARTICLE])
        assert not any(line in kept for line in tail[1:]), tail


def test_headlines_stamped_with_a_place_or_a_time_are_no_table(tmp_path):
    # A carousel's "2 of 5" and a link list's time stamps are figures, but
    # no rows of a table: the lines are the page's. A table's rows stay.
    carousel = [f"{headline} {n} of 5" for n, headline in enumerate([*RELATED[1:], "Quay closure explained"], 1)]
    stamped = [f"{headline} 1/15/2026, {n}:24 p.m. EST" for n, headline in enumerate(RELATED[1:], 2)]
    table = ["Leeds 4 1.2", "York 3 0.9", "Hull 5 1.4"]
    for links in (carousel, stamped):
        kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, table, links, SHARE))
        assert all(line in kept for line in [HEADLINE, *ARTICLE, *table])
        assert not any(line in kept for line in links), links


def test_teasers_cut_short_outside_the_article_go(tmp_path):
    # A link list's teasers, cut off mid-sentence by the site, read as
    # prose; inside the article, a paragraph trailing off stays.
    teasers = [
        "Council approves new lifeboat station after a long campaign by the crews and their fam...",
        "Ferry fares to rise in April as operators blame the price of fuel for the…",
    ]
    trailing = ARTICLE[2][: ARTICLE[2].rindex(" ")] + "…"
    article = [*ARTICLE[:2], trailing, *ARTICLE[3:]]
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], article, SHARE, FOOTER, teasers))
    assert all(line in kept for line in [HEADLINE, *article])
    assert not any(line in kept for line in teasers)


def test_comments_signed_with_a_two_figure_year_under_the_articles_date_line(tmp_path):
    # "NAME 07 Nov 12" signatures, the first right under the article's own
    # date line (printed another way, so no signature of the thread's).
    names = [("Sandra K.", "03 Mar 26"), ("Peter M.", "03 Mar 26"), ("Ann Lee", "04 Mar 26")]
    thread = [line for (name, date), body in zip(names, SIGNED[2::3], strict=True) for line in (f"{name} {date}", body)]
    dated = "Seen by Maria Lopez on March 3 2026. There are 3 comments."
    form = ["Post your thoughts", "Name Email"]
    text = page([TITLE], MENU, [HEADLINE], ARTICLE, [dated], thread, form, FOOTER)
    found = detect(Document(id="page.txt", text=text), Settings())
    comments = next(b for b in found if b.category == "comments")
    assert comments.span.start == text.index(thread[0])
    kept = kept_lines(tmp_path, text)
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in thread)


# Headlines of other posts: title-like, four words or more, no sentence.
POST_LINKS = [
    "Harbour Lights Festival Returns This Weekend",
    "New Ferry Timetable for the Winter Months",
    "Ten Best Walks Along the Coastal Path",
    "Lifeboat Crew Honoured at the Town Hall",
    "Fish Market Marks Its First Centenary",
    "Storm Warning Issued for the Northern Coast",
]


def test_a_list_of_headlines_on_a_page_with_no_article_block_goes(tmp_path):
    """A photo post's page lists the site's other posts: six headlines in a
    row go (but for those right above the post, which may be its headline).
    The post's own list, right under its headline, stays."""
    at = PHOTO_POST.index("Harbour lights at dusk")
    kept = kept_lines(tmp_path, page(PHOTO_POST[:at], POST_LINKS, PHOTO_POST[at:]))
    assert "Harbour lights at dusk" in kept
    assert not any(line in kept for line in POST_LINKS[:-2])
    own_list = ["Photos of the week | The Coastal Gazette", *MENU, "Photos of the week", *POST_LINKS, *FOOTER]
    kept = kept_lines(tmp_path, page(own_list))
    assert all(line in kept for line in ["Photos of the week", *POST_LINKS])


def test_standfirsts_with_a_read_more_link_go_wherever_they_sit(tmp_path):
    # Other posts' standfirsts, each printed with its link to the rest: right
    # under the article (its block takes them in) or further down. A
    # paragraph leading into more with a colon is the article's.
    teasers = [
        "The council has approved a new lifeboat station beside the old boathouse, to open next summer. Read more »",
        "Operators blamed the price of fuel for the first rise in ferry fares for years. [ Continue reading ]",
    ]
    lead = "The harbour master listed what divers found in the wall, and there is plenty to read more:"
    article = [*ARTICLE[:3], lead, *ARTICLE[3:]]
    later = "Fish market traders gathered on the quay with their families for a parade. Full story »"
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], article, teasers, SHARE, FOOTER, [later]))
    assert all(line in kept for line in [HEADLINE, *article])
    assert not any(line in kept for line in [*teasers, later])


def test_a_numbered_list_of_headlines_under_most_read_goes(tmp_path):
    # The numbers are the list's order; a league table's numbered rows hold
    # more figures, and stay.
    most_read = ["Most read", *(f"{n}. {title}" for n, title in enumerate(RELATED[1:], 1))]
    clubs = ["Harbour Rovers", "Quay United", "Coast City", "Ferry Town"]
    table = ["Most read", *(f"{n}. {club} 20 {15 - n} 4 {n} {47 - n}" for n, club in enumerate(clubs, 1))]
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, most_read, FOOTER))
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in most_read)
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, table, FOOTER))
    assert all(line in kept for line in table[1:])


def test_top_headlines_after_the_article_are_a_link_box(tmp_path):
    """ "TOP HEADLINES" heads a link box as "Top stories" does, however much
    prose the page prints under the box (its notice of copyright, a video
    widget's blurb) for the article's block to reach."""
    box = [
        "TOP HEADLINES",
        "Ferry fares to rise in April | Operators",
        "Council approves new lifeboat station |",
        "Fish market marks its centenary | Photos",
        "Harbour regatta dates set | Entry forms",
        "Lighthouse keeper honoured by the town",
        "Ten best coastal walks this spring | Map",
    ]
    notice = (
        "The Coastal Gazette is the official paper of record of the harbour towns. The Gazette name, the lighthouse"
        " mark and the words of the masthead are trademarks of Coastal Media, and may not be used without its"
        " written permission."
    )
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, box, [notice], FOOTER))
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in box)


def test_stamped_headlines_outside_the_article_go(tmp_path):
    """A bulleted list of headlines, each with its date and time ("… 3/3/2026,
    9:41 a.m. EST"), outside the article is a link list; a bulleted
    programme of the evening after the article stays."""
    stamped = [f"• {title} 3/{n}/2026, 9:4{n} a.m. EST" for n, title in enumerate(RELATED[1:], 1)]
    box = ["NATIONAL NEWS", *stamped, "MORE NATIONAL »"]
    programme = ["• Doors open at 7:30 pm", "• The harbour choir sings at 8:00 pm", "• Fireworks at 9:30 pm"]
    kept = kept_lines(tmp_path, page([TITLE], MENU, box, [HEADLINE, BYLINE], ARTICLE, FOOTER))
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in stamped)
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, programme, FOOTER))
    assert all(line in kept for line in programme)


def test_numbered_headlines_between_furniture_after_the_article_go(tmp_path):
    """Five numbered headlines between the share bar and the footer, after
    the article, are a "Most viewed" box whose heading the page printed
    apart; the same list right after the article's last paragraph, with no
    furniture above it, may be the article's, and stays."""
    viewed = [f"{n}. {title}" for n, title in enumerate(["Ferry fares to rise again in April", *RELATED[2:]], 1)]
    viewed.append("5. Harbour regatta dates are set for June")
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, SHARE, viewed, FOOTER))
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in viewed)
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], ARTICLE, viewed, FOOTER))
    assert all(line in kept for line in viewed)


def test_a_sections_latest_news_before_the_article_are_link_boxes(tmp_path):
    """ "Latest Bieber News:" heads a box of its section's teasers, printed
    as titles, as "Latest news" does; one box runs on through the next one's
    heading. The boxes between the menu and the article go."""
    boxes = [
        "Latest Harbour News:",
        "Ferry Fares To Rise In April After Fuel Costs Climb… Mar 09 Read Article",
        "Council Approves New Lifeboat Station For The Bay Mar 08 Read Article",
        "Fish Market Marks Its Centenary With A Week Of Events Mar 08 Read Article",
        "Top Regatta Stories",
        "Harbour Regatta Dates Set As Entries Open Early Mar 07 Read Article",
        "Sailing Club Names New Commodore After Close Vote Mar 06 Read Article",
        "Junior Crews To Race The Estuary Course In May Mar 05 Read Article",
    ]
    kept = kept_lines(tmp_path, page([TITLE], MENU, boxes, [HEADLINE, BYLINE], ARTICLE))
    assert all(line in kept for line in [HEADLINE, *ARTICLE])
    assert not any(line in kept for line in boxes)


def test_a_bulleted_menu_outside_the_article_goes(tmp_path):
    # Bullets of one to three words in a row are a menu; a numbered ranking
    # after the article and a bulleted list inside it stay.
    bulleted = [f"• {item}" for item in MENU[:5]]
    ranking = ["1. Saint John", "2. Quebec City", "3. Charlottetown"]
    inside = ["• Fishing boats", "• Ferries", "• Pleasure craft"]
    article = [*ARTICLE[:2], "The closure affects:", *inside, *ARTICLE[2:]]
    kept = kept_lines(tmp_path, page([TITLE], bulleted, [HEADLINE, BYLINE], article, ranking, FOOTER))
    assert all(line in kept for line in [HEADLINE, *article, *ranking])
    assert not any(line in kept for line in bulleted)


# Four other stories of the site, each a heading over its standfirst: more
# words of prose than a short article has.
STANDFIRSTS = [
    "Ferry fares to rise in April",
    "Operators blamed the rising price of fuel and the cost of new safety rules for the first rise in fares in years.",
    "Council approves new lifeboat station",
    "The station will stand beside the old boathouse from next summer and house two boats and a crew of twenty.",
    "Fish market marks its centenary",
    "Traders and their families gathered on the quay for a parade, a brass band and a lunch of the day's catch.",
    "Ten best coastal walks this spring",
    "From the lighthouse to the salt marshes, our readers chose the paths they love most along the northern coast.",
]


def test_a_list_of_teasers_outweighing_a_short_article_is_no_article(tmp_path):
    short = ARTICLE[:2]
    assert sum(len(s.split()) for s in STANDFIRSTS[1::2]) > sum(len(s.split()) for s in short)
    kept = kept_lines(tmp_path, page([TITLE], MENU, [HEADLINE, BYLINE], short, SHARE, STANDFIRSTS, FOOTER))
    assert all(line in kept for line in [HEADLINE, *short])
    assert not any(line in kept for line in STANDFIRSTS)
