"""Shared fixtures: the seed corpus and helpers that locate phrases in it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
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


def installed(program: str, script: str) -> str:
    """A program the tests need, installed by the project's script when
    missing; a failure under CI, a skip elsewhere."""
    if shutil.which(program) is None:
        subprocess.run(["bash", str(ROOT / "scripts" / script)], check=False)
    found = shutil.which(program)
    if found is None:
        message = f"{program!r} is not installed and scripts/{script} could not install it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[str]:
    """A real redis-server on a free loopback port, for the session: its URL."""
    server = installed("redis-server", "ensure-redis")
    import redis

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 15
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
    client.close()
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def redis_index(redis_server) -> str:
    """A fresh, empty index on the session's Redis server (its own key prefix)."""
    return f"{redis_server}?prefix=test-{uuid.uuid4().hex[:12]}"
