"""The data model's objects cross process boundaries pickled (workers hand
back findings and segments): they must come back equal, field for field."""

from __future__ import annotations

import pickle
from dataclasses import fields

import pytest
from conftest import SEEDS

import provenance
from provenance.model import (
    Attribution,
    Boilerplate,
    DuplicateDocument,
    PublicationDate,
    RepeatedBlock,
    ScanError,
    Segment,
    SharedPassage,
    Span,
)


def _same(a: object, b: object) -> bool:
    """Equal in every field, those left out of ``==`` (cached ids) too."""
    return type(a) is type(b) and all(getattr(a, f.name) == getattr(b, f.name) for f in fields(a))  # type: ignore[arg-type]


def _objects() -> list[object]:
    span = Span("a.txt", 3, 17)
    passage = SharedPassage(
        message="shared", spans=(span, Span("b.txt", 0, 14)), similarity=0.9, quoted=True, words=9, source=1
    )
    _ = passage.id  # cached in a field that == ignores
    return [
        span,
        Attribution("AP", (span,), ("credit", "dateline"), 0.88),
        PublicationDate("2024-03-01", span, "published", ("2024-03-01",), Span("a.txt", 30, 40)),
        Segment("a.txt", 0, 40, "A headline", (Attribution("Reuters", (span,)),), None, "start of file"),
        passage,
        Boilerplate(message="menu", span=span, category="navigation", reason="a run of menu items"),
        RepeatedBlock(message="twice", span=Span("a.txt", 20, 34), copy_of=span, similarity=1.0, words=3),
        DuplicateDocument(
            message="copies",
            docs=("a.txt", "b.txt"),
            root="a.txt",
            similarity=0.95,
            containment=(1.0, 0.8),
            extents=((span, span), (Span("b.txt", 0, 14), span)),
            root_why="earliest published",
        ),
        ScanError("c.bin", "binary file"),
    ]


@pytest.mark.parametrize("protocol", [2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL])
def test_model_objects_come_back_from_pickle_equal_in_every_field(protocol):
    for obj in _objects():
        back = pickle.loads(pickle.dumps(obj, protocol=protocol))
        assert back == obj
        assert _same(back, obj)
    passage = _objects()[4]
    assert pickle.loads(pickle.dumps(passage, protocol=protocol))._id == passage.id


def test_a_state_pickled_as_a_list_is_restored_too():
    # What Python's own dataclass pickling wrote: the values as a list.
    span = Span.__new__(Span)
    span.__setstate__(["a.txt", 1, 5])
    assert span == Span("a.txt", 1, 5)


def test_a_scans_findings_and_segments_survive_pickling():
    report = provenance.scan([SEEDS])
    objects = list(report.findings) + [s for d in report.documents for s in d.segments]
    assert {type(o).__name__ for o in objects} >= {"Boilerplate", "SharedPassage", "RepeatedBlock", "Segment"}
    back = pickle.loads(pickle.dumps(objects, protocol=pickle.HIGHEST_PROTOCOL))
    assert all(_same(a, b) for a, b in zip(back, objects, strict=True))
