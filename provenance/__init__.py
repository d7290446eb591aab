"""provenance: find duplicated text, its origin and page noise in a news corpus.

The library API is :func:`scan`, :func:`clean`, :func:`check` and the
``index_*`` functions; the ``provenance`` command is a thin layer over it.
Data flows one way through stages named after what they do::

    load -> segment -> fingerprint -> boilerplate -> candidates (+ index lookups)
         -> cluster -> align -> relate -> classify -> lineage -> report | clean | check

A text carried by many documents is one finding with all its copies (report
format version 2): documents sharing text are linked as stars, grouped into
stories, and aligned with their story's representative, never pair by pair.
"""

from .api import check, clean, index_add, index_remove, index_stats, scan
from .clean import Cleaned, CleanReport
from .config import ConfigError, Settings, find_config, load_config
from .gate import Baseline, CheckResult
from .index import Index, StorageError
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
from .version import __version__

__all__ = [
    "Baseline",
    "Boilerplate",
    "CheckResult",
    "CleanReport",
    "Cleaned",
    "ConfigError",
    "Document",
    "DuplicateDocument",
    "Finding",
    "Index",
    "RepeatedBlock",
    "Report",
    "ScanError",
    "Settings",
    "SharedPassage",
    "Span",
    "StorageError",
    "__version__",
    "check",
    "clean",
    "find_config",
    "index_add",
    "index_remove",
    "index_stats",
    "load_config",
    "scan",
]
