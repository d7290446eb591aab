"""Shared fixtures: the seed corpus and helpers that locate phrases in it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import uuid
import warnings
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


def case_variants(line: str) -> list[str]:
    """``line`` with each letter swapped, one at a time, for every other
    character ``re.IGNORECASE`` matches to it ("İ" and "ı" for "i", the
    Kelvin sign for "k"), and in upper case."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    letters = sorted({c for c in line.casefold() if c.isalpha()})
    twins = {c: set(re.findall(re.escape(c), everything, re.IGNORECASE)) - {c} for c in letters}
    out = [line.upper()]
    for i, c in enumerate(line):
        out += [line[:i] + t + line[i + 1 :] for t in sorted(twins.get(c.casefold(), ()))]
    return out


@pytest.fixture(scope="session")
def seed_report() -> provenance.Report:
    return provenance.scan([SEEDS])


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: read(p) for p in sorted(SEEDS.glob("*.txt"))}


def installed(program: str, package: str) -> str:
    """A program the tests need, installed by ``scripts/ensure`` from the
    Debian ``package`` when missing (as the README says; a warning in the
    run's summary names it), unless ``PROVENANCE_NO_INSTALL`` is set; a
    failure under CI, a skip elsewhere."""
    if shutil.which(program) is None and not os.environ.get("PROVENANCE_NO_INSTALL"):
        warnings.warn(f"installing Debian's {package} for {program!r} (scripts/ensure)", stacklevel=2)
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure"), program, package], check=False)
    found = shutil.which(program)
    if found is None:
        message = f"{program!r} is not installed and scripts/ensure could not install {package}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[str]:
    """A real redis-server on a free loopback port, for the session: its URL."""
    server = installed("redis-server", "redis-server")
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


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """A working directory holding a writable copy of the seeds in corpus/;
    document keys are paths relative to it, as in a repository checkout."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        (corpus / path.name).write_bytes(path.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


class PreCommitRepo:
    """A git repository in which ``pre-commit try-repo`` runs this project's
    hooks, as a user's .pre-commit-config.yaml would."""

    GIT = ("git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false")

    def __init__(self, repo: Path, home: Path) -> None:
        if shutil.which("git") is None or not (ROOT / ".git").exists():
            pytest.skip("needs git and a git checkout of the project")
        self.pre_commit = shutil.which("pre-commit")
        assert self.pre_commit, "pre-commit is a test dependency"
        self.repo = repo
        self.env = {**os.environ, "PRE_COMMIT_HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}
        self.git("init", "-q")
        self.git("add", ".")

    def git(self, *args: str) -> None:
        subprocess.run([*self.GIT, *args], cwd=self.repo, check=True, env=self.env)

    def hook(self, hook_id: str) -> subprocess.CompletedProcess[str]:
        """Run one hook on every file of the repository."""
        return subprocess.run(
            [self.pre_commit, "try-repo", str(ROOT), hook_id, "--all-files"],
            cwd=self.repo,
            env=self.env,
            capture_output=True,
            text=True,
        )


# How the tests start Chromium: headless, and with nothing reaching for the
# network (this machine's is closed; a report page must need none).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (installed by
    ``scripts/ensure`` when missing; Playwright's own browser download is
    not used)."""
    executable = installed("chromium", "chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
