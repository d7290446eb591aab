"""Shared fixtures: the seed corpus and helpers that locate phrases in it."""

from __future__ import annotations

from pathlib import Path

import pytest

import provenance

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_TOOLS = ROOT.parent / "shared" / "tools"


def read(path: Path) -> str:
    """A file's text exactly as the report's offsets index it."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def nth(text: str, phrase: str, n: int = 1) -> int:
    """Offset of the n-th (1-based) occurrence of ``phrase``; fails if absent."""
    pos = -1
    for _ in range(n):
        pos = text.find(phrase, pos + 1)
        assert pos != -1, f"{phrase!r} occurs fewer than {n} times"
    return pos


def covers(span, doc_id: str, start: int, end: int) -> bool:
    return span.doc == doc_id and span.start <= start and end <= span.end


@pytest.fixture(scope="session")
def seed_report() -> provenance.Report:
    return provenance.scan([SEEDS])


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: read(p) for p in sorted(SEEDS.glob("*.txt"))}
