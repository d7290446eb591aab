"""One wire story reprinted by several outlets, each crediting it its own way.

Every reprint must be read as the same agency's copy, whatever the form of
its credit line, so that the lineage graph has one agency node for the
story. Expected offsets come from the texts written here.
"""

from __future__ import annotations

import pytest

import provenance

STORY = (
    "Senate leaders agreed on Thursday to delay a vote on the port security bill until after the holiday recess, "
    "giving negotiators three more weeks to settle a dispute over how inspections of cargo containers are paid for.\n"
    "The delay came after two senators from coastal states said the bill would shift most of the cost to smaller "
    "ports that cannot afford the scanning equipment the larger ports already use.\n"
    "Supporters of the bill said they were confident that a compromise could be found, and that the delay would "
    "not threaten the funding that runs out at the end of March.\n"
    "Shipping companies have lobbied for months for a single national standard, arguing that the current mix of "
    "state and federal rules slows the movement of goods and raises prices for consumers.\n"
)
WAPO = "Washington Post News Service"
NYT = "New York Times News Service"

# Each outlet's reprint: its own headline, then the story, with the credit
# where that outlet puts it.
REPRINTS = {
    "dash.txt": ("Port security vote put off until January\n", STORY + "— The Washington Post\n", WAPO),
    "nospace.txt": ("Senate delays port bill\n", STORY + "—The Washington Post\n", WAPO),
    "byline.txt": ("Vote on port bill delayed\nBy Ana Ruiz, The Washington Post\n", STORY, WAPO),
    "copyright.txt": ("Port bill waits for January\n", STORY + "© 2016 The Washington Post\n", WAPO),
    "appeared.txt": (
        "Senators delay port security bill\n",
        STORY + "This article originally appeared in The New York Times.\n",
        NYT,
    ),
    "published.txt": (
        "Port security bill delayed\n",
        STORY + "This story was originally published by The New York Times.\n",
        NYT,
    ),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> provenance.Report:
    folder = tmp_path_factory.mktemp("reprints")
    for name, (head, body, _) in REPRINTS.items():
        (folder / name).write_text(head + body, encoding="utf-8")
    return provenance.scan([folder])


@pytest.mark.parametrize("name", sorted(REPRINTS))
def test_each_reprint_is_credited_to_the_agency_its_credit_line_names(report, name):
    head, body, agency = REPRINTS[name]
    doc = report.by_id[name]
    text = head + body
    assert [a.agency for s in doc.segments for a in s.attributions] == [agency]
    (attribution,) = [a for s in doc.segments for a in s.attributions]
    credit = (body.removeprefix(STORY) or head.splitlines()[-1]).strip().rstrip(".")
    (span,) = attribution.evidence
    assert (span.start, span.end) == (text.index(credit), text.index(credit) + len(credit))


def test_the_reprints_of_one_newspaper_meet_at_one_agency_node(report):
    agencies = {n["label"] for n in report.lineage["nodes"] if n["type"] == "agency"}
    assert agencies <= {WAPO, NYT}
    credited = {name: report.by_id[name].segments[0].attribution.agency for name in REPRINTS}
    assert set(credited.values()) == {WAPO, NYT}
