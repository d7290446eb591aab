"""provenance: find duplicated text, its origin and page noise in a news corpus.

The library API is :func:`scan` and :func:`clean`; the ``provenance`` command
is a thin layer over it. Data flows one way through stages named after what
they do::

    load -> segment -> fingerprint -> candidates -> align -> boilerplate
         -> classify -> report | clean
"""

__version__ = "0.1.0"

from .api import clean, scan
from .clean import Cleaned, CleanReport
from .config import ConfigError, Settings, find_config, load_config
from .model import (
    Boilerplate,
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
    "Boilerplate",
    "CleanReport",
    "Cleaned",
    "ConfigError",
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
    "clean",
    "find_config",
    "load_config",
    "scan",
]
