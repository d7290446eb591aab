"""The persistent index behind ``provenance check --index``: the same tests
on the embedded SQLite backend and on a real Redis server."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import ROOT, SEEDS, read
from test_check import S003, edited_copy, fresh_article, last_line

import provenance.api
import provenance.index.sqlite
from provenance.cli import main
from provenance.config import Settings
from provenance.fingerprint import Permutations, fingerprint
from provenance.index import Index, StorageError
from provenance.index.keys import WINDOW, winnow
from provenance.model import Document

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(params=["sqlite", "redis"])
def index_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / ".provenance" / "index.sqlite")
    return request.getfixturevalue("redis_index")


def figures(output: str) -> dict[str, int]:
    """The counts ``index add`` prints: added, replaced, unchanged, fingerprinted."""
    return {word: int(n) for n, word in re.findall(r"(\d+) (added|replaced|unchanged|pruned|fingerprinted)", output)}


def test_index_then_check_incoming(work, index_url):
    added = run("index", "add", "corpus", "--index", index_url)
    assert added.exit_code == 0, added.output
    assert figures(added.output) == {"added": 5, "replaced": 0, "unchanged": 0, "fingerprinted": 5}

    copy = edited_copy(work / "incoming")
    fresh_article(work / "incoming")
    failed = run("check", "incoming", "--index", index_url)
    assert failed.exit_code == 1, failed.output
    errors = [line for line in failed.output.splitlines() if ": error: " in line]
    assert len(errors) == 1
    n, m = last_line(read(copy)), last_line(read(SEEDS / S003))
    assert errors[0].startswith(f"incoming/{copy.name}:1-{n}: error: duplicate-document: the same article as")
    assert f"corpus/{S003}:1-{m} (indexed)" in errors[0]

    copy.unlink()
    passed = run("check", "incoming", "--index", index_url)
    assert passed.exit_code == 0, passed.output
    assert "provenance check passed" in passed.output


def test_re_adding_an_unchanged_corpus_hashes_nothing(work, index_url):
    assert run("index", "add", "corpus", "--index", index_url).exit_code == 0
    again = run("index", "add", "corpus", "--index", index_url)
    assert again.exit_code == 0
    assert figures(again.output) == {"added": 0, "replaced": 0, "unchanged": 5, "fingerprinted": 0}


def test_a_changed_file_replaces_its_entry(work, index_url):
    assert run("index", "add", "corpus", "--index", index_url).exit_code == 0
    target = work / "corpus" / S003
    target.write_text(read(target) + "\nThis story has been updated.\n", encoding="utf-8", newline="")
    again = run("index", "add", "corpus", "--index", index_url)
    assert figures(again.output) == {"added": 0, "replaced": 1, "unchanged": 4, "fingerprinted": 1}
    stats = provenance.api.index_stats(index_url, verify=True)
    assert stats["documents"] == 5 and stats["problems"] == []
    # The file checked against its own older entry is not its own duplicate.
    result = run("check", f"corpus/{S003}", "--index", index_url)
    assert result.exit_code == 0, result.output


def test_content_indexed_under_another_name_is_copied_not_hashed(work, index_url):
    assert run("index", "add", "corpus", "--index", index_url).exit_code == 0
    (work / "mirror").mkdir()
    (work / "mirror" / "same.txt").write_bytes((SEEDS / S003).read_bytes())
    again = run("index", "add", "mirror", "--index", index_url)
    assert figures(again.output) == {"added": 1, "replaced": 0, "unchanged": 0, "fingerprinted": 0}
    # ...and the copy is found like any other entry.
    edited_copy(work / "incoming")
    failed = run("check", "incoming", "--index", index_url)
    assert failed.exit_code == 1
    # One failure names the group once: its root (the first id: nothing
    # dates them), and how many other copies it has...
    [line] = [x for x in failed.output.splitlines() if ": error: " in x]
    assert f"the same article as corpus/{S003}" in line and "and 1 other copy" in line
    # ...and the report lists every member.
    run("check", "incoming", "--index", index_url, "--format", "json", "-o", "check.json")
    report = json.loads((work / "check.json").read_text(encoding="utf-8"))
    [group] = [f for f in report["findings"] if f["kind"] == "duplicate-document"]
    # Ids: indexed documents by their key, the checked file relative to its folder.
    assert group["docs"] == sorted([f"corpus/{S003}", "putin_call_update.txt", "mirror/same.txt"])
    assert group["root"] == f"corpus/{S003}"


def test_remove_and_prune(work, index_url):
    assert run("index", "add", "corpus", "--index", index_url).exit_code == 0
    gone = work / "corpus" / S003
    gone.unlink()
    removed = run("index", "remove", gone, "--index", index_url)
    assert removed.exit_code == 0 and "removed 1 document" in removed.output
    edited_copy(work / "incoming")
    assert run("check", "incoming", "--index", index_url).exit_code == 0

    (work / "corpus" / SEED_NAMES[0]).unlink()
    pruned = run("index", "add", "corpus", "--prune", "--index", index_url)
    assert figures(pruned.output)["pruned"] == 1
    stats = provenance.api.index_stats(index_url, verify=True)
    assert stats["documents"] == 3 and stats["problems"] == []


def test_an_index_built_with_other_settings_is_refused(work, index_url):
    assert run("index", "add", "corpus", "--index", index_url).exit_code == 0
    result = run("check", "corpus", "--index", index_url, "--shingle-size", "7")
    assert result.exit_code == 2
    assert "built with other settings: shingle_size 5 (this run: 7)" in result.output


def test_stats_reports_counts(work, index_url):
    assert run("index", "add", "corpus", "--index", index_url).exit_code == 0
    result = run("index", "stats", "--verify", "--index", index_url)
    assert result.exit_code == 0, result.output
    assert "documents: 5" in result.output and "problems: none" in result.output


# --- writers at once, and a writer killed mid-write ------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    import provenance.api
    provenance.api._INDEX_BATCH = 1  # one transaction per file: the writers interleave
    index, *paths = sys.argv[1:]
    result = provenance.api.index_add(paths, index, jobs=1)
    print(result.added, result.replaced, result.unchanged)
    """
)


def _corpus_of(folder: Path, names: list[str], variant: str) -> None:
    """Copies of the seeds under new names, each made distinct by a last line."""
    folder.mkdir(parents=True)
    for name in names:
        text = read(SEEDS / name)
        (folder / f"{variant}-{name}").write_text(text + f"\n{variant} edition.\n", encoding="utf-8", newline="")


def test_two_writers_at_once_both_land(work, index_url):
    for k in range(4):
        _corpus_of(work / f"batch{k}", SEED_NAMES, f"v{k}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, index_url, f"batch{k}", f"batch{k + 2}", "corpus"],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in (0, 1)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    # Both wrote their own 10 files; 'corpus' was given to both, and whichever
    # came second found its 5 files already there.
    counts = sorted(tuple(map(int, out.split())) for out, _ in outputs)
    assert sum(c[0] for c in counts) == 25 and sum(c[2] for c in counts) == 5
    stats = provenance.api.index_stats(index_url, verify=True)
    assert stats["documents"] == 25
    assert stats["problems"] == []


_CRASHER = textwrap.dedent(
    """
    import os, sys
    import provenance.api
    from provenance.index import storage

    backend = sys.argv[1]
    if backend == "sqlite":
        import provenance.index.sqlite as mod
        real = mod.as_int64
        calls = {"n": 0}
        def dying(keys):
            calls["n"] += 1
            if calls["n"] == 3:  # inside the transaction, after a record's rows
                os._exit(9)
            return real(keys)
        mod.as_int64 = dying
    else:
        import redis.client
        real = redis.client.Pipeline.execute
        def dying(self, *a, **kw):
            if self.explicit_transaction:  # MULTI queued, EXEC not yet sent
                os._exit(9)
            return real(self, *a, **kw)
        redis.client.Pipeline.execute = dying
    provenance.api.index_add(sys.argv[3:], sys.argv[2], jobs=1)
    """
)


def test_a_writer_killed_mid_write_leaves_the_index_usable(work, index_url):
    assert run("index", "add", "corpus", "--index", index_url).exit_code == 0
    _corpus_of(work / "late", SEED_NAMES, "late")
    backend = "redis" if index_url.startswith("redis") else "sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    crash = subprocess.run(
        [sys.executable, "-c", _CRASHER, backend, index_url, "late"], cwd=work, env=env, capture_output=True
    )
    assert crash.returncode == 9, crash.stderr
    stats = provenance.api.index_stats(index_url, verify=True)
    assert stats["problems"] == []
    assert stats["documents"] == 5  # nothing of the killed batch, all of the one before
    # Nothing a killed writer held blocks the next one.
    again = run("index", "add", "late", "--index", index_url)
    assert again.exit_code == 0, again.output
    assert figures(again.output)["added"] == 5
    assert provenance.api.index_stats(index_url, verify=True)["problems"] == []


def test_a_check_does_not_wait_for_a_writer(work, tmp_path, monkeypatch):
    index = tmp_path / "index.sqlite"
    assert run("index", "add", "corpus", "--index", index).exit_code == 0
    edited_copy(work / "incoming")
    writer = sqlite3.connect(index, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another job in the middle of a write
    # A reader that asked for the lock would give up at once and fail.
    monkeypatch.setattr(provenance.index.sqlite, "BUSY_TIMEOUT", 0.01)
    try:
        result = provenance.api.check(["incoming"], index=str(index))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert [f.kind for f in result.failures] == ["duplicate-document"]


# --- the pieces -----------------------------------------------------------------


def test_winnowing_keeps_a_seed_of_every_long_enough_shared_run():
    settings = Settings()
    perms = Permutations(settings.num_perm, settings.minhash_seed)
    text = read(SEEDS / S003)
    doc = Document("a", text)
    fp = fingerprint(doc, settings, perms)
    chosen = set(winnow(fp).tolist())
    assert 0 < len(chosen) < int(fp.distinctive.sum())
    # Every window of WINDOW consecutive seeds holding a distinctive one
    # contributes its smallest distinctive seed.
    seeds = np.where(fp.distinctive, fp.seeds, np.uint64(2**64 - 1))
    for i in range(len(seeds) - WINDOW + 1):
        window = seeds[i : i + WINDOW]
        if fp.distinctive[i : i + WINDOW].any():
            assert int(window.min()) in chosen


def test_unreachable_redis_is_a_clear_error(work):
    with pytest.raises(StorageError, match="cannot reach the Redis index"):
        Index("redis://127.0.0.1:1/0", Settings())
    result = run("check", "corpus", "--index", "redis://user:secret@127.0.0.1:1/0")
    assert result.exit_code == 2
    assert "cannot reach the Redis index" in result.output and "secret" not in result.output


def test_an_index_records_its_minhash_parameters_and_a_check_needs_no_datasketch(work, index_url):
    from datasketch import MinHash, MinHashLSH

    assert run("index", "add", "corpus", "--index", index_url).exit_code == 0
    settings = Settings()
    with Index(index_url, settings) as idx:
        perms, (b, r) = idx.permutations, idx.banding
    made = MinHash(num_perm=settings.num_perm, seed=settings.minhash_seed, scheme="affine32").permutations
    assert perms.a.tolist() == made[0].tolist() and perms.b.tolist() == made[1].tolist()
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    assert (b, r) == (lsh.b, lsh.r)
    # A check reads them from the index: datasketch (and the scipy.integrate
    # it imports, most of a one-file check's start-up) is never loaded.
    copy = edited_copy(work / "incoming")
    code = textwrap.dedent(
        f"""
        import sys
        from provenance.cli import main
        try:
            main(["check", "incoming", "--index", {index_url!r}])
        except SystemExit as exit:
            print(exit.code, "datasketch" in sys.modules, "scipy.integrate" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=work, check=True)
    assert out.stdout.splitlines()[-1] == "1 False False", out.stdout + out.stderr
    assert f"incoming/{copy.name}" in out.stdout


def test_an_index_that_predates_recorded_permutations_is_read_with_datasketchs(work):
    url = str(work / "old.sqlite")
    assert run("index", "add", "corpus", "--index", url).exit_code == 0
    with sqlite3.connect(url) as db:
        db.execute("DELETE FROM meta WHERE name IN ('permutations', 'bands', 'rows')")
    db.close()
    assert "permutations" not in run("index", "stats", "--index", url).output
    edited_copy(work / "incoming")
    result = run("check", "incoming", "--index", url)
    assert result.exit_code == 1, result.output
    assert "duplicate-document" in result.output
