"""Say only what is true: a shared passage is evidence of reuse, page
furniture one publisher prints in many articles is boilerplate, a wire story
under many outlets' templates stays reuse, and a live blog's snapshots are
one document. Every article here is written for the test."""

from __future__ import annotations

import json

from click.testing import CliRunner

import provenance
from provenance.cli import main

# Six stories with nothing in common: each a headline and three paragraphs.
STORIES = [
    (
        "Harbour quay to close for repairs",
        "The harbour authority said on Monday that the northern quay would close until the spring after divers"
        " found cracks in the old stone wall.",
        "Fishing boats will moor at the ferry terminal while the work goes on, and the fish market will open an hour"
        " later than usual.",
        "Engineers expect the repairs to cost about four million pounds, most of it paid by the port's own reserves.",
    ),
    (
        "Council freezes allotment rents",
        "Allotment holders won a two-year rent freeze on Thursday after a petition gathered five thousand names in"
        " under a month.",
        "The council had planned to double the rents to pay for new fences, water taps and a car park by the gate.",
        "Gardeners said the freeze would let older members keep plots they have tended for decades.",
    ),
    (
        "Flour prices climb after failed harvest",
        "Bakers across the region say the price of flour has nearly doubled since the wheat harvest failed on the"
        " eastern plains last summer.",
        "Several small bakeries have cut their opening hours, and two have closed for good since the autumn.",
        "Millers blame a dry spring followed by weeks of hail that flattened the crop just before it was cut.",
    ),
    (
        "Library extends weekend opening",
        "The city library will open on Sundays from next month, the first time in twelve years that its doors have"
        " been open all weekend.",
        "Volunteers from the reading club will staff the children's room, and the cafe on the ground floor will"
        " stay open until four.",
        "Librarians hope that students preparing for exams will make use of the quiet rooms upstairs.",
    ),
    (
        "Rail line reopens after landslide",
        "Trains began running again on the valley line on Wednesday, three weeks after a landslide buried the"
        " track near the old mill.",
        "Crews removed more than two thousand tonnes of mud and rock and rebuilt a retaining wall above the cutting.",
        "Passengers had travelled by replacement bus, which added almost an hour to the journey into town.",
    ),
    (
        "Choir wins national title",
        "A village choir of forty singers took the national title on Saturday with a programme of folk songs"
        " arranged by its conductor.",
        "It is the first time a choir from the county has won since the competition began after the war.",
        "The singers will perform at the cathedral next month to raise money for the village hall roof.",
    ),
]

STOCK = "The company did not immediately respond to a request for comment on Tuesday."

EDITORS_NOTE = (
    "Editor's note: The Daily Planet is committed to accuracy and fairness in everything we publish, and we correct"
    " our mistakes promptly; if you see something in this story that you believe is wrong, please write to our"
    " standards editor."
)


def story(k: int, extra: str = "", after_first: str = "") -> str:
    head, *paras = STORIES[k]
    body = [paras[0], *([after_first] if after_first else []), *paras[1:], *([extra] if extra else [])]
    return head + "\n\n" + "\n\n".join(body) + "\n"


def test_a_stock_phrase_in_many_unrelated_stories_is_no_shared_passage(tmp_path):
    for k in range(6):
        (tmp_path / f"story{k}.txt").write_text(story(k, extra=STOCK), encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    assert all(STOCK in (tmp_path / f"story{k}.txt").read_text(encoding="utf-8") for k in range(6))
    assert report.of_kind("shared-passage") == []
    assert report.of_kind("duplicate-document") == []


SHARED = (
    "Divers reported that the stone wall had been cracking slowly since the storms of the previous winter, and that"
    " the harbour master had asked for an inspection twice before the council agreed to pay for one."
)
SENTENCE = "A spokeswoman for the council said the decision had been taken with great reluctance."


def shared_text(tmp_path, doc, start, end):
    return (tmp_path / doc).read_text(encoding="utf-8")[start:end]


def test_a_long_passage_two_stories_share_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(story(0, extra=SHARED), encoding="utf-8")
    (tmp_path / "b.txt").write_text(story(4, extra=SHARED), encoding="utf-8")
    for k in (1, 2, 3, 5):
        (tmp_path / f"other{k}.txt").write_text(story(k), encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    [passage] = report.of_kind("shared-passage")
    texts = {s.doc: shared_text(tmp_path, s.doc, s.start, s.end) for s in passage.spans}
    assert set(texts) == {"a.txt", "b.txt"}
    assert all(t.rstrip(".") in SHARED for t in texts.values())
    assert passage.words >= len(SHARED.split()) - 1


def test_a_short_sentence_is_reported_only_beside_longer_evidence(tmp_path):
    # 14 words, word for word: alone, chance or a stock phrase explains it as
    # well as reuse; beside a long passage the same two stories share, it is
    # more of that reuse.
    (tmp_path / "a.txt").write_text(story(0, after_first=SENTENCE), encoding="utf-8")
    (tmp_path / "b.txt").write_text(story(4, after_first=SENTENCE), encoding="utf-8")
    assert provenance.scan([tmp_path], jobs=1).of_kind("shared-passage") == []
    (tmp_path / "a.txt").write_text(story(0, after_first=SENTENCE, extra=SHARED), encoding="utf-8")
    (tmp_path / "b.txt").write_text(story(4, after_first=SENTENCE, extra=SHARED), encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    found = sorted(
        shared_text(tmp_path, s.doc, s.start, s.end) for f in report.of_kind("shared-passage") for s in f.spans
    )
    assert found == sorted([SENTENCE, SENTENCE, SHARED, SHARED])


def test_coincidental_short_wording_is_no_shared_passage(tmp_path):
    # The same facts in other words: 10 words aligned, similarity 0.69.
    one = (
        "The United States has a corporate tax rate of 35 percent, which is the highest in the developed world,"
        " he said."
    )
    two = (
        "At 35 percent, the corporate tax rate in the United States is among the highest in the developed world,"
        " she said."
    )
    (tmp_path / "a.txt").write_text(story(1, extra=one), encoding="utf-8")
    (tmp_path / "b.txt").write_text(story(2, extra=two), encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    assert report.of_kind("shared-passage") == []


def test_different_quotations_are_not_one_quoted_passage(tmp_path):
    one = (
        'The candidate told the rally: "We are going to build the wall, and Mexico is going to pay for the wall,'
        ' believe me, folks, we are going to win."'
    )
    two = (
        'The senator told reporters: "We are going to build more walls, and nobody is going to pay for the walls,'
        ' believe me, folks, we are going to lose."'
    )
    (tmp_path / "a.txt").write_text(story(3, extra=one), encoding="utf-8")
    (tmp_path / "b.txt").write_text(story(5, extra=two), encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    assert [f for f in report.of_kind("shared-passage") if f.quoted] == []
    assert report.of_kind("shared-passage") == []  # 19 words, no evidence of reuse


def test_an_editors_note_in_many_files_of_one_source_is_template_boilerplate(tmp_path):
    source = tmp_path / "dailyplanet"
    source.mkdir()
    for k in range(6):
        (source / f"story{k}.txt").write_text(story(k, after_first=EDITORS_NOTE), encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    assert report.of_kind("shared-passage") == []
    assert report.of_kind("duplicate-document") == []
    notes = [b for b in report.of_kind("boilerplate") if b.category == "template"]
    for k in range(6):
        doc = f"dailyplanet/story{k}.txt"
        text = (source / f"story{k}.txt").read_text(encoding="utf-8")
        start = text.index(EDITORS_NOTE)
        [note] = [b for b in notes if b.span.doc == doc]
        assert (note.span.start, note.span.end) == (start, start + len(EDITORS_NOTE))
        assert "6 documents" in note.reason
    assert not [e for e in report.lineage["edges"] if e["type"] in ("derived", "wire-copy", "duplicate")]


def test_a_wire_story_under_many_outlets_templates_stays_reuse(tmp_path):
    head, *paras = STORIES[0]
    outlets = ["gazette", "herald", "courier", "echo", "mercury", "sentinel"]
    for n, outlet in enumerate(outlets):
        folder = tmp_path / outlet
        folder.mkdir()
        menu = f"{outlet.title()} Home\nNews\nSport\nWeather\nSubscribe to the {outlet.title()}"
        footer = f"Copyright {outlet.title()} Newspapers Ltd. All rights reserved."
        # Each outlet puts a local paragraph of its own under the headline,
        # and some trim the last paragraph.
        local = f"Readers in the {outlet.title()} area will find the ferry timetable on page {n + 4} of this edition."
        kept = [local, *paras[: 3 - n % 2]]
        for k in range(5):  # each outlet's own stories, under the same template
            body = STORIES[(k + 1) % 6][1:] if k else kept
            title = STORIES[(k + 1) % 6][0] if k else head
            text = menu + "\n\n" + title + "\n\n" + "\n\n".join(body) + "\n\n" + footer + "\n"
            (folder / f"{outlet}{k}.txt").write_text(text, encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    wire = {f"{o}/{o}0.txt" for o in outlets}
    groups = [set(g.docs) for g in report.of_kind("duplicate-document")]
    assert wire in groups
    for b in report.of_kind("boilerplate"):
        if b.span.doc in wire:
            text = (tmp_path / b.span.doc).read_text(encoding="utf-8")[b.span.start : b.span.end]
            assert head not in text and not any(p in text for p in paras), (b.category, text)
    # Each outlet's own page is its template.
    menu = [b for b in report.of_kind("boilerplate") if b.span.doc == "gazette/gazette0.txt"]
    assert any(b.category == "template" for b in menu)


LIVE = [
    ("9:05 p.m.", "Polls have closed across the state and counting has begun in the first districts."),
    ("9:20 p.m.", "The first results from the northern counties show a narrow lead for the incumbent governor."),
    ("9:41 p.m.", "Turnout appears higher than four years ago, according to figures from the election office."),
    ("10:02 p.m.", "The challenger told supporters at her headquarters that the night was still young."),
    ("10:30 p.m.", "Results from the capital are delayed after a voting machine failed in one precinct."),
    ("10:55 p.m.", "The incumbent's lead has grown to about six thousand votes with half of precincts reporting."),
    ("11:20 p.m.", "Both campaigns say they expect a result before midnight as the last counties report."),
    ("11:48 p.m.", "The challenger has conceded in a short speech, thanking volunteers for a hard-fought race."),
    ("11:59 p.m.", "The governor thanked voters and promised to work with the new legislature on the budget."),
    ("12:15 a.m.", "The election office says final certified results will be published next Tuesday."),
]


def live_blog(entries: int) -> str:
    shown = LIVE[:entries][::-1]  # newest entry first, as live blogs print them
    return "The Latest: Counting under way in governor's race\n\n" + "\n\n".join(f"{t}\n\n{e}" for t, e in shown) + "\n"


def test_two_snapshots_of_one_live_blog_are_one_document(tmp_path):
    (tmp_path / "latest-early.txt").write_text(live_blog(1), encoding="utf-8")  # a tenth of the later one
    (tmp_path / "latest-late.txt").write_text(live_blog(10), encoding="utf-8")
    for k in range(4):
        (tmp_path / f"story{k}.txt").write_text(story(k), encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    groups = [set(g.docs) for g in report.of_kind("duplicate-document")]
    assert {"latest-early.txt", "latest-late.txt"} in groups


def test_live_blog_times_are_no_publication_date_lines(tmp_path):
    (tmp_path / "latest.txt").write_text(live_blog(10), encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    text = (tmp_path / "latest.txt").read_text(encoding="utf-8")
    for b in report.of_kind("boilerplate"):
        assert not any(t in text[b.span.start : b.span.end] for t, _ in LIVE), b.reason


def test_scan_reports_only_the_kinds_asked_for_and_takes_a_similarity_floor(tmp_path):
    changed = SENTENCE.replace("decision", "choice")  # one word of 14 changed, in the middle
    (tmp_path / "a.txt").write_text(
        story(0, after_first=SENTENCE, extra=SHARED) + "\nShare this article\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(story(4, after_first=changed, extra=SHARED), encoding="utf-8")
    runner = CliRunner()

    def passages(*options):
        out = runner.invoke(main, ["scan", str(tmp_path), "--format", "json", "-j", "1", *options])
        assert out.exit_code == 0, out.output
        findings = json.loads(out.stdout)["findings"]
        return findings, sorted(f["words"] for f in findings if f["kind"] == "shared-passage")

    findings, words = passages()
    assert {f["kind"] for f in findings} == {"shared-passage", "boilerplate"}
    assert len(words) == 2 and words[0] < 20 <= words[1]  # the changed sentence, a detail beside the evidence
    findings, _ = passages("--kind", "shared-passage")
    assert {f["kind"] for f in findings} == {"shared-passage"}
    assert passages("--min-similarity", "0.99")[1] == [len(SHARED.split())]  # the short one goes, the long stays
    assert "--min-similarity" in runner.invoke(main, ["scan", "--help"]).output


def test_a_jsonl_source_field_is_the_publisher_whose_furniture_is_counted(tmp_path):
    # One JSON Lines file of two publishers: the note is one publisher's.
    records = [
        {"id": f"planet-{k}", "source": "Daily Planet", "text": story(k, after_first=EDITORS_NOTE)} for k in range(6)
    ]
    records += [{"id": f"bugle-{k}", "source": "Daily Bugle", "text": story(k)} for k in range(6)]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    notes = {b.span.doc for b in report.of_kind("boilerplate") if b.category == "template"}
    assert notes == {f"planet-{k}" for k in range(6)}
    assert report.of_kind("shared-passage") == []


def test_a_date_line_ending_in_a_full_stop_is_the_publication_date(tmp_path):
    text = "Kobe commemorates earthquake victims\n\nJanuary 17, 2005.\n\n" + "\n\n".join(STORIES[5][1:]) + "\n"
    (tmp_path / "kobe.txt").write_text(text, encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    [doc] = report.documents
    assert doc.published == "2005-01-17"
    start = text.index("January 17, 2005")
    assert doc.publication.evidence.start == start


def test_a_date_line_under_a_long_headline_is_the_publication_date(tmp_path):
    head = "Report finds the harbour authority has spent twice its budget on the northern quay repairs"
    text = f"{head}\n\nMarch 5, 2005\n\n" + "\n\n".join(STORIES[0][1:]) + "\n"
    (tmp_path / "quay.txt").write_text(text, encoding="utf-8")
    [doc] = provenance.scan([tmp_path], jobs=1).documents
    assert doc.published == "2005-03-05"
    assert doc.publication.evidence.start == text.index("March 5, 2005")
