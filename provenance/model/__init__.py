"""The shared vocabulary of every stage: documents, spans, findings, reports
(one module each: :mod:`.documents`, :mod:`.findings`, :mod:`.report`).

Plain dataclasses with no behaviour beyond serialisation and line lookup, so
that a stage can be tested on a hand-made :class:`Document` and a notebook user
can build or inspect any of them directly. Every offset is a Python ``str``
index into :attr:`Document.text` exactly as read (see
``docs/report-format.md``); nothing here ever points into normalised text.
"""

from .documents import Attribution, Document, PublicationDate, Segment, Span
from .findings import (
    BOILERPLATE_CATEGORIES,
    FINDING_KINDS,
    PROVENANCE_CATEGORIES,
    Boilerplate,
    DuplicateDocument,
    Finding,
    RepeatedBlock,
    SharedPassage,
    finding_id,
)
from .report import FORMAT_VERSION, Report, ScanError, json_text

__all__ = [
    "BOILERPLATE_CATEGORIES",
    "FINDING_KINDS",
    "FORMAT_VERSION",
    "PROVENANCE_CATEGORIES",
    "Attribution",
    "Boilerplate",
    "Document",
    "DuplicateDocument",
    "Finding",
    "PublicationDate",
    "RepeatedBlock",
    "Report",
    "ScanError",
    "Segment",
    "SharedPassage",
    "Span",
    "finding_id",
    "json_text",
]
