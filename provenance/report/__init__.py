"""Renderers of a :class:`~provenance.model.Report`; each is a pure function to ``str``."""

from .json import to_json, to_jsonl, write_json
from .text import to_text

__all__ = ["to_json", "to_jsonl", "to_text", "write_json"]
