"""provenance: find duplicated text, its origin and page noise in a news corpus.

The library API is :func:`scan`; the ``provenance`` command is a thin layer
over it. Data flows one way through stages named after what they do::

    load -> segment -> fingerprint -> candidates -> align -> classify -> report
"""

__version__ = "0.1.0"

from .api import scan
from .config import Settings
from .model import (
    Document,
    DuplicateDocument,
    Finding,
    RepeatedBlock,
    Report,
    ScanError,
    SharedPassage,
    Span,
)

__all__ = [
    "Document",
    "DuplicateDocument",
    "Finding",
    "RepeatedBlock",
    "Report",
    "ScanError",
    "Settings",
    "SharedPassage",
    "Span",
    "__version__",
    "scan",
]
