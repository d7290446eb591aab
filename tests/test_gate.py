"""A gate you can trust: exit codes that mean one thing, output that cannot
act on a terminal or a CI log, a path given twice read once."""

from __future__ import annotations

import importlib
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS

import provenance.cli
from provenance.cli import main
from provenance.report.escape import printable, shown_url

# The module, not the function of the same name that the package exports.
clean_module = importlib.import_module("provenance.clean")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _boom(*args, **kwargs):
    raise RuntimeError("boom\nin two lines")


# The command modules that call each library entry point.
_CALLERS = {
    "scan_api": provenance.cli.common,
    "check_api": provenance.cli.gate,
    "clean_api": provenance.cli.cleaning,
}


@pytest.mark.parametrize("command", ["scan", "check", "clean"])
def test_a_crash_exits_3_with_one_line_not_1(monkeypatch, command):
    for name, module in _CALLERS.items():
        monkeypatch.setattr(module, name, _boom)
    result = run(command, SEEDS)
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "provenance: internal error: RuntimeError: boom\\x0ain two lines (run with --debug for the traceback)"
    ]


def test_debug_prints_the_traceback_and_still_exits_3(monkeypatch):
    monkeypatch.setattr(provenance.cli.common, "scan_api", _boom)
    result = run("--debug", "scan", SEEDS)
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr and "RuntimeError: boom" in result.stderr


def test_an_interrupt_exits_130_not_1(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(provenance.cli.gate, "check_api", interrupted)
    result = run("check", SEEDS)
    assert result.exit_code == 130 and "interrupted" in result.stderr


def test_an_output_that_cannot_be_written_is_exit_2_not_a_traceback(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(provenance.cli.common, "scan_api", full)
    result = run("scan", SEEDS)
    assert result.exit_code == 2
    assert result.stderr.strip() == "provenance: error: [Errno 28] No space left on device"


def test_printable_shows_every_character_that_acts_on_a_terminal():
    hostile = "a\nb\rc\x1b]0;title\x07d\x1b[2Je\u202ef\u2028g\x9bh\ud800i\tj"
    assert printable(hostile) == "a\\x0ab\\x0dc\\x1b]0;title\\x07d\\x1b[2Je\\u202ef\\u2028g\\x9bh\\ud800i\tj"
    assert printable("one\ntwo", newlines=True) == "one\ntwo"
    assert printable("Zürich “quoted” 東京") == "Zürich “quoted” 東京"


def test_index_urls_are_printed_without_their_password():
    assert shown_url("redis://:s3cret@127.0.0.1:6379/0") == "redis://:***@127.0.0.1:6379/0"
    assert shown_url("redis://user:s3cret@host/1") == "redis://user:***@host/1"
    assert shown_url(".provenance/index.sqlite") == ".provenance/index.sqlite"


def test_a_skipped_file_with_a_newline_in_its_name_cannot_forge_a_workflow_command(tmp_path):
    (tmp_path / "ok.txt").write_text("An article of a few words, enough to be read.\n", encoding="utf-8")
    (tmp_path / "x\n::error file=a.py::forged.txt").write_bytes(b"\x00binary")
    result = run("check", tmp_path)
    assert result.exit_code == 0, result.output
    assert not any(line.startswith("::") for line in result.stderr.splitlines())
    assert "x\\x0a::error file=a.py::forged.txt" in result.stderr


def json_docs(result):
    return [d["id"] for d in json.loads(result.stdout)["documents"]]


ARTICLE = (
    "The harbour authority said on Monday that the northern quay would close for repairs until the spring,"
    " after divers found cracks in the old stone wall.\n"
    "Fishing boats will moor at the ferry terminal while the work goes on, a spokeswoman said.\n"
)


def hostile_copies(folder):
    """Two copies of one article, its first line carrying terminal escape
    sequences, one of them named to forge a workflow command."""
    text = "\x1b]0;pwned\x07\x1b[2JHarbour quay to close \u202eevil\u202c\n" + ARTICLE
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b\n::error file=x::forged\x1b[31m.txt").write_text(text, encoding="utf-8")


def test_the_text_report_shows_escapes_not_terminal_control(tmp_path):
    hostile_copies(tmp_path)
    result = run("scan", tmp_path)
    assert result.exit_code == 0, result.output
    assert "duplicate group: 2 copies" in result.stdout
    for bad in ("\x1b", "\x07", "\u202e", "\u202c"):
        assert bad not in result.stdout
    assert "\\x1b]0;pwned\\x07\\x1b[2JHarbour quay to close \\u202eevil\\u202c" in result.stdout
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "b\\x0a::error file=x::forged\\x1b[31m.txt" in result.stdout


def test_check_output_and_annotations_cannot_be_forged_by_a_file_name(tmp_path, monkeypatch):
    hostile_copies(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("check", tmp_path)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    # One workflow command: the copy's, its file name escaped as a property.
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 1
    assert commands[0].startswith(f"::error file={tmp_path}/b%0A%3A%3Aerror file=x%3A%3Aforged\\x1b[31m.txt,line=1,")
    for bad in ("\x1b", "\x07", "\u202e"):
        assert bad not in result.stdout and bad not in result.stderr
    assert lines[0].startswith(f"{tmp_path}/b\\x0a::error file=x::forged\\x1b[31m.txt:1-3: error: duplicate-document")


def test_a_path_given_twice_is_one_document_not_its_own_copy(tmp_path, monkeypatch):
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "two.txt").write_text(
        "A new bus route will link the hospital with the railway station from next month, the council said.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for args in (["dir/one.txt", "dir/one.txt"], ["dir", "./dir"], ["dir", "dir/one.txt"], ["dir/one.txt", "dir"]):
        result = run("check", *args, "--format", "json")
        assert result.exit_code == 0, (args, result.output)
        assert len(json.loads(result.stdout)["documents"]) == len({"one", *(["two"] if "dir" in args else [])})
    (folder / "link.txt").symlink_to("one.txt")
    result = run("check", "dir", "--format", "json")
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["link.txt", "two.txt"]
    assert result.exit_code == 0


LINE = "The quick brown fox jumps over the lazy dog near the old river bank.\n"
BLOCK = "Council meeting notes were published on the website late on Friday.\nThey run to forty pages.\n"


@pytest.mark.parametrize(("unit", "copies"), [(LINE, 2), (LINE, 3), (LINE, 5), (LINE, 50), (LINE, 5000), (BLOCK, 40)])
def test_a_block_pasted_many_times_in_a_row_is_one_finding_and_one_clean(tmp_path, unit, copies):
    head, tail = "Fox sighting\n\n", "The end of the story, in a line of its own words.\n"
    text = head + unit * copies + tail
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    report = provenance.scan([tmp_path])
    blocks = report.of_kind("repeated-block")
    assert len(blocks) == 1
    first = len(head)
    assert (blocks[0].copy_of.start, blocks[0].span.start) == (first, first + len(unit))
    # Every copy but the first, and every copy but the last, without the final newline.
    assert blocks[0].span.end == first + copies * len(unit) - 1
    assert blocks[0].copy_of.end == first + (copies - 1) * len(unit) - 1
    assert text[blocks[0].span.start : blocks[0].span.end] == text[blocks[0].copy_of.start : blocks[0].copy_of.end]
    assert run("clean", tmp_path).exit_code == 1
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == head + unit + tail
    again = run("clean", tmp_path)
    assert again.exit_code == 0 and (tmp_path / "a.txt").read_text(encoding="utf-8") == head + unit + tail


def test_short_lines_repeated_in_a_row_are_no_repeated_block(tmp_path):
    # A table's "N/A" cells, a list of dashes: no sentence is repeated.
    text = "Results\n\n" + "N/A\n" * 30 + "---\n" * 10 + "The table above lists the results by district.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert not provenance.scan([tmp_path]).of_kind("repeated-block")


def test_check_reads_the_default_index_and_a_mistyped_index_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROVENANCE_INDEX", raising=False)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "incoming").mkdir()
    (tmp_path / "corpus" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "incoming" / "again.txt").write_text(ARTICLE, encoding="utf-8")
    assert run("index", "add", "corpus").exit_code == 0
    assert (tmp_path / ".provenance" / "index.sqlite").is_file()
    # No --index: the default index is read, and the re-ingest fails the check.
    result = run("check", "incoming")
    assert result.exit_code == 1, result.output
    assert "corpus/story.txt" in result.stdout and "against the index .provenance/index.sqlite" in result.stdout
    # A mistyped index is an error, and creates nothing.
    for command in (["check", "incoming", "--index", "typo/index.sqlite"], ["index", "stats", "--index", "typo/x"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert "no index there" in result.stderr
    assert run("index", "remove", "corpus", "--index", "typo.sqlite").exit_code == 2
    assert not (tmp_path / "typo").exists() and not (tmp_path / "typo.sqlite").exists()


DOUBLED = "Harbour news\n\n" + ARTICLE + "\n" + ARTICLE


def test_clean_refuses_links_out_of_the_tree_unless_asked(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text(DOUBLED, encoding="utf-8")
    (outside / "sub").mkdir()
    (outside / "sub" / "victim2.txt").write_text(DOUBLED, encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "own.txt").write_text(DOUBLED, encoding="utf-8")
    (tree / "file-link.txt").symlink_to(outside / "victim.txt")
    (tree / "folder-link").symlink_to(outside / "sub")
    result = run("clean", tree)
    assert result.exit_code == 1
    assert (tree / "own.txt").read_text(encoding="utf-8") != DOUBLED  # its own file is cleaned
    assert (outside / "victim.txt").read_text(encoding="utf-8") == DOUBLED
    assert (outside / "sub" / "victim2.txt").read_text(encoding="utf-8") == DOUBLED
    assert result.stderr.count("outside the paths given; left untouched") == 2
    assert run("clean", tree, "--follow-links").exit_code == 1
    assert (outside / "victim.txt").read_text(encoding="utf-8") != DOUBLED
    assert (outside / "sub" / "victim2.txt").read_text(encoding="utf-8") != DOUBLED


def test_clean_writes_regular_files_only_and_never_blocks_on_a_pipe(tmp_path):
    (tmp_path / "a.txt").write_text(DOUBLED, encoding="utf-8")
    planned = provenance.clean([tmp_path], dry_run=True)
    [cleaned] = planned.changed
    (tmp_path / "a.txt").unlink()
    os.mkfifo(tmp_path / "a.txt")  # swapped for a named pipe after the scan
    with pytest.raises(clean_module.CleanError, match="not a regular file"):
        clean_module.write(cleaned)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_clean_keeps_owner_group_and_mode(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DOUBLED, encoding="utf-8")
    os.chown(path, 1234, 2345)
    os.chmod(path, 0o640)
    assert run("clean", tmp_path).exit_code == 1
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o640)
    assert path.read_text(encoding="utf-8") != DOUBLED


def test_a_line_appended_while_clean_writes_is_not_lost(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(DOUBLED, encoding="utf-8")
    planned = provenance.clean([tmp_path], dry_run=True)
    [cleaned] = planned.changed
    real_fsync = os.fsync
    appended = []

    def fsync_then_append(fd):
        real_fsync(fd)
        if not appended:  # another writer, between the re-read and the rename
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("A late line.\n")
            appended.append(True)

    monkeypatch.setattr(clean_module.os, "fsync", fsync_then_append)
    with pytest.raises(clean_module.CleanError, match="changed while it was being cleaned"):
        clean_module.write(cleaned)
    assert path.read_text(encoding="utf-8") == DOUBLED + "A late line.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_a_report_that_cannot_be_written_whole_is_not_written_at_all(tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text("the previous report\n", encoding="utf-8")
    os.chmod(out, 0o640)
    real_write = provenance.cli.reports.write_json

    def full_disk(report, fh):
        fh.write('{"format_version": 2,')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(provenance.cli.reports, "write_json", full_disk)
    for fmt in ("json", "text"):
        if fmt == "text":
            monkeypatch.setattr(
                provenance.cli.reports, "to_text", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "full"))
            )
        result = run("scan", SEEDS, "--format", fmt, "-o", out)
        assert result.exit_code == 2, result.output
        assert out.read_text(encoding="utf-8") == "the previous report\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left
    monkeypatch.setattr(provenance.cli.reports, "write_json", real_write)
    assert run("scan", SEEDS, "--format", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format_version"] == 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # the replaced file's mode
    fresh = tmp_path / "new.json"
    assert run("scan", SEEDS, "--format", "json", "-o", fresh).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask


def _dead_pid() -> int:
    """The number of a process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_scan_sweeps_the_postings_left_by_killed_scans(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = _dead_pid()
    stale = tmp_path / f"provenance-postings-{dead}-abc"
    fresh = tmp_path / f"provenance-postings-{dead}-new"  # its process gone, but written to a minute ago
    live = tmp_path / f"provenance-postings-{os.getpid()}-xyz"
    other = tmp_path / "provenance-postings-old-style"
    for folder in (stale, fresh, live, other):
        folder.mkdir()
        (folder / "seed-000.bin").write_bytes(b"\0" * 100)
    hour_ago = time.time() - 3700
    for folder in (stale, live, other):
        os.utime(folder, (hour_ago, hour_ago))
    os.utime(fresh, (time.time() - 60, time.time() - 60))
    provenance.scan([SEEDS])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (fresh, live, other))


def test_a_terminated_scan_removes_its_temporary_folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(3000):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (corpus / f"{i:05d}.txt").write_text(f"Copy {i} of the story, reprinted.\n\n{text}", encoding="utf-8")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "provenance.cli",
            "scan",
            str(corpus),
            "-q",
            "--format",
            "json",
            "-o",
            str(tmp_path / "r.json"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while not list(tmp.glob("provenance-postings-*")) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert list(tmp.glob("provenance-postings-*")), "the scan never made its postings folder"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert not list(tmp.glob("provenance-postings-*"))
    assert not (tmp_path / "r.json").exists()


def _non_utf8_corpus(folder):
    """Two copies of one article under names that are not UTF-8 (Latin-1 é, and two stray bytes)."""
    folder = os.fsencode(folder)
    try:
        for name in (b"caf\xe9.txt", b"b\xff\xfe.txt"):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
                fh.write(DOUBLED)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")


@pytest.mark.parametrize(
    "command",
    [
        ["scan"],
        ["scan", "--format", "json"],
        ["scan", "--format", "jsonl"],
        ["check"],
        ["check", "--format", "json"],
        ["check", "--format", "sarif"],
        ["graph"],
        ["clean", "--check"],
    ],
)
def test_names_that_are_not_utf8_are_read_and_shown_escaped(tmp_path, command):
    _non_utf8_corpus(tmp_path)
    result = run(*command, tmp_path)
    assert result.exit_code in (0, 1), result.output
    out = result.stdout + result.stderr
    names = {os.fsdecode(n) for n in (b"caf\xe9.txt", b"b\xff\xfe.txt")}
    if "--format" in command:
        values = (
            [json.loads(line) for line in result.stdout.splitlines()]
            if command[-1] == "jsonl"
            else [json.loads(result.stdout)]
        )
        found = _strings(values)
        assert all(any(name in text for text in found) for name in names), sorted(found)[:20]
    elif command[0] != "graph":
        assert "caf\\xe9.txt" in out and "b\\xff\\xfe.txt" in out
    for line in out.splitlines():
        line.encode("utf-8")  # nothing unprintable reached the terminal


def _strings(value):
    """Every string in a parsed JSON value."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def test_names_that_are_not_utf8_round_trip_through_the_json_report_and_the_index(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _non_utf8_corpus(corpus)
    out = tmp_path / "r.json"
    assert run("scan", corpus, "--format", "json", "-o", out).exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    ids = sorted(d["id"] for d in report["documents"])
    assert ids == sorted(os.fsdecode(n) for n in (b"b\xff\xfe.txt", b"caf\xe9.txt"))
    for doc in report["documents"]:  # each id opens its file again
        assert (corpus / doc["id"]).read_text(encoding="utf-8") == DOUBLED
    monkeypatch.chdir(tmp_path)
    added = run("index", "add", "corpus")
    assert added.exit_code == 0, added.output
    assert "2 added" in added.stdout
    removed = run("index", "remove", "corpus")
    assert removed.exit_code == 0 and "removed 2 documents" in removed.stdout


def test_folders_nested_thousands_deep_are_read(tmp_path):
    path = str(tmp_path)
    fd = os.open(path, os.O_RDONLY)
    try:
        for _ in range(1500):  # made relative to a folder descriptor: a path this long is over PATH_MAX
            os.mkdir("d", dir_fd=fd)
            nxt = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        leaf = os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, ARTICLE.encode("utf-8"))
        os.close(leaf)
    finally:
        os.close(fd)
    try:
        result = run("scan", tmp_path, "--format", "json")
    finally:
        _remove_deep(tmp_path, 1500)  # shutil.rmtree, which pytest cleans up with, recurses
    if result.exit_code == 0:
        [doc] = json.loads(result.stdout)["documents"]
        assert doc["id"] == "d/" * 1500 + "a.txt"
    else:  # the system cannot open a path that long: an error for the file, never a crash
        assert result.exit_code == 2 or "skipped" in result.stderr, result.output


def _remove_deep(top, depth):
    """Remove ``top/d/d/…/d/a.txt``, ``depth`` folders deep, from the bottom up."""
    fds = [os.open(top, os.O_RDONLY)]
    for _ in range(depth):
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    os.unlink("a.txt", dir_fd=fds[-1])
    while len(fds) > 1:
        os.close(fds.pop())
        os.rmdir("d", dir_fd=fds[-1])
    os.close(fds[0])


def test_an_article_copied_hundreds_of_times_is_one_failing_group(tmp_path):
    # A document-frequency cut-off at 100 once hid an article carried 101 times or more.
    for i in range(150):
        text = DOUBLED.replace("Harbour news", f"Outlet {i} news")
        (tmp_path / f"copy{i:03d}.txt").write_text(text, encoding="utf-8")
    result = run("check", tmp_path, "--format", "json")
    assert result.exit_code == 1
    groups = [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "duplicate-document"]
    assert len(groups) == 1 and len(groups[0]["docs"]) == 150


PARAGRAPHS = [
    "The harbour authority said the northern quay would close for repairs until the spring.",
    "Divers found cracks in the old stone wall during an inspection last month.",
    "Fishing boats will moor at the ferry terminal while the work goes on, a spokeswoman said.",
    "The council agreed to freeze allotment rents after a petition gathered five thousand names.",
    "Local bakers say the price of flour has nearly doubled since the harvest failed in the plains.",
]


def test_check_says_which_failures_clean_removes_and_which_need_a_person(tmp_path):
    block = "\n\n".join(PARAGRAPHS)
    edited = block.replace("five thousand", "six thousand")  # the later copy differs in one line
    (tmp_path / "exact.txt").write_text(f"Quay news\n\n{block}\n\nMore below.\n\n{block}\n", encoding="utf-8")
    (tmp_path / "edited.txt").write_text(f"Quay report\n\n{block}\n\nSee below.\n\n{edited}\n", encoding="utf-8")
    (tmp_path / "again.txt").write_text(f"Quay news\n\n{block}\n\nMore below.\n\n{block}\n", encoding="utf-8")
    result = run("check", tmp_path, "--format", "json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)["check"]
    failures = {f["id"]: f for f in json.loads(result.stdout)["findings"] if f["id"] in summary["failures"]}
    blocks = {f["span"]["doc"]: f["id"] for f in failures.values() if f["kind"] == "repeated-block"}
    assert set(blocks) == {"exact.txt", "edited.txt", "again.txt"}
    assert set(summary["fixed_by_clean"]) == {blocks["exact.txt"], blocks["again.txt"]}
    text = run("check", tmp_path).stdout
    lines = [line for line in text.splitlines() if ": error: " in line]
    removes = "`provenance clean` removes it"
    assert any(line.startswith(f"{tmp_path}/exact.txt") and line.endswith(removes) for line in lines)
    assert any(line.startswith(f"{tmp_path}/edited.txt") and "`provenance clean` leaves it" in line for line in lines)
    assert any("duplicate-document" in line and line.endswith("a person decides which file to keep") for line in lines)
    # And clean does what check said: the exact copy goes, the edited one stays.
    run("clean", tmp_path)
    after = json.loads(run("check", tmp_path, "--format", "json").stdout)
    still = {f["span"]["doc"] for f in after["findings"] if f["kind"] == "repeated-block"}
    assert still == {"edited.txt"}


def test_clean_sweeps_the_temporary_files_killed_cleans_left(tmp_path):
    (tmp_path / "a.txt").write_text(DOUBLED, encoding="utf-8")
    dead = _dead_pid()
    stale = tmp_path / f".a.txt.{dead}.k2j4xq9z.provenance-tmp"  # a clean killed before its rename
    fresh = tmp_path / f".a.txt.{dead}.u7w1e0ab.provenance-tmp"
    live = tmp_path / f".a.txt.{os.getpid()}.q0p9z8y7.provenance-tmp"
    for path in (stale, fresh, live):
        path.write_text("half a file", encoding="utf-8")
    hour_ago = time.time() - 3700
    for path in (stale, live):
        os.utime(path, (hour_ago, hour_ago))
    assert run("clean", tmp_path).exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.txt", fresh.name, live.name])


def test_a_redis_password_is_never_printed_and_a_file_given_twice_is_indexed_once(redis_server, work):
    import uuid

    import redis

    client = redis.Redis.from_url(redis_server)
    client.acl_setuser("ci", enabled=True, passwords=["+s3cret-pw"], keys=["*"], commands=["+@all"])
    client.close()
    url = redis_server.replace("redis://", "redis://ci:s3cret-pw@") + f"?prefix=pw-{uuid.uuid4().hex[:8]}"
    one = "corpus/000_25dbbafef6f50195.txt"
    commands = [
        ["index", "add", one, one, "--index", url],  # the same file twice: one entry, no orphaned postings
        ["index", "stats", "--verify", "--index", url],
        ["check", "corpus", "--index", url],
        ["index", "remove", "corpus", "--index", url],
    ]
    outputs = []
    for command in commands:
        result = run(*command)
        assert result.exit_code in (0, 1), (command, result.output)
        assert "s3cret-pw" not in result.stdout + result.stderr
        outputs.append(result.stdout)
    assert "1 added" in outputs[0] and "redis://ci:***@" in outputs[0]
    assert "problems: none" in outputs[1] and "documents: 1" in outputs[1]
    assert "removed 1 document" in outputs[3]


def test_clean_killed_at_any_moment_leaves_each_file_whole_and_the_next_clean_finishes(tmp_path):
    # Killed cleans once left a corpus that further cleans never finished
    # with: a file the killed run had cleaned was cleaned again, and again
    # (three paragraphs pasted seven times in a row took two runs). Now each file
    # is either as it was or as one clean leaves it, one clean finishes the
    # job and the next has nothing to do.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(150):
        pasted = "\n".join(["\n".join(PARAGRAPHS[:3])] * 7)
        text = f"Outlet {i} harbour news\n\n{PARAGRAPHS[i % 5]}\n\n{ARTICLE}\n{ARTICLE}\n{pasted}\n"
        (corpus / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    before = {p.name: p.read_text(encoding="utf-8") for p in corpus.iterdir()}
    planned = provenance.clean([corpus], dry_run=True)
    after = {Path(c.doc.path).name: c.text for c in planned.files}
    assert all(after[name] != before[name] for name in before)
    command = [sys.executable, "-m", "provenance.cli", "clean", str(corpus), "-j", "1"]
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()  # SIGKILL: no cleanup runs
        proc.wait()
        for path in corpus.glob("*.txt"):
            assert path.read_text(encoding="utf-8") in (before[path.name], after[path.name])
    assert subprocess.run(command, capture_output=True).returncode in (0, 1)
    assert {p.name: p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")} == after
    assert subprocess.run(command, capture_output=True).returncode == 0  # nothing left to do


HOSTILE = {
    "letters.txt": "Headline\n\n" + "a" * 300_000 + "\n",
    "spaces.txt": "Headline\n\nword" + " " * 300_000 + "word\n",
    "tabs-and-newlines.txt": "Headline\n" + "\t \n" * 100_000,
    "punctuation.txt": "Headline\n\n" + ".,;:!?-–—'\"()[]" * 20_000 + "\n",
    "attribution.txt": "Headline\n\n" + "Reuters could not verify " * 8_000 + "\n",
    "credits.txt": "Headline\n\n" + "(AP) — " * 20_000 + "\n",
    "dates.txt": "Headline\n\n" + "March 3, 2016, 10:48 a.m. " * 8_000 + "\n",
    "quotes.txt": "Headline\n\n" + '"He said "' * 20_000 + "\n",
    # A scraped page (a menu, an article) and 30 000 bulleted lines: each
    # is asked whether it sits in a bulleted menu.
    "bullets.txt": "Harbour news | The Gazette\n"
    + "".join(f"{item}\n" for item in ("Home", "News", "Sport", "Weather", "Business", "Opinion", "Travel", "Jobs"))
    + "\n".join([ARTICLE] * 2)
    + "\n"
    + "".join(f"• item {i}\n" for i in range(30_000)),
}


def test_hostile_text_is_read_in_bounded_time(tmp_path):
    # Long runs of one character, and phrases the attribution, date and
    # quotation patterns look for, repeated in one paragraph: each pattern
    # must stay linear; so must a page's rules over a long run of lines. A watchdog, not a timing: the figures are in
    # benchmarks/hostile.py; a pattern that backtracks takes hours here.
    for name, text in HOSTILE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    def hung(*_):
        raise TimeoutError("a scan of hostile text did not finish")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(300)
    try:
        report = provenance.scan([tmp_path], jobs=1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert sorted(d.id for d in report.documents) == sorted(HOSTILE)


def test_a_group_of_many_copies_hashes_its_id_once(tmp_path, monkeypatch):
    # The id of a group hashes every member's span: asked for once per member
    # (each lineage edge, each file clean plans), it made a story carried by
    # 8 000 files quadratic.
    for i in range(300):
        (tmp_path / f"copy{i:03d}.txt").write_text(f"Outlet {i}\n\n{ARTICLE}", encoding="utf-8")
    calls = []
    real = provenance.model.findings.finding_id

    def counted(kind, *spans):
        calls.append(len(spans))
        return real(kind, *spans)

    monkeypatch.setattr(provenance.model.findings, "finding_id", counted)
    report = provenance.scan([tmp_path])
    [group] = report.of_kind("duplicate-document")
    assert len(group.docs) == 300
    provenance.clean([tmp_path], dry_run=True)
    assert sum(1 for n in calls if n >= 300) <= 2  # once per scan (the group's 300 spans), not once per member


def test_a_short_line_repeated_a_hundred_thousand_times_is_read_in_bounded_memory(tmp_path):
    # Every pair of a key's holders was once enumerated (numpy.triu_indices):
    # 30 MB of one short line asked for a 369 GiB array. One run, no pairs.
    (tmp_path / "a.txt").write_text("Hello world again.\n" * 100_000, encoding="utf-8")
    second = "The harbour news, in a line.\n" + "Hello world again.\n" * 50_000
    (tmp_path / "b.txt").write_text(second, encoding="utf-8")
    report = provenance.scan([tmp_path], jobs=1)
    assert sorted(d.id for d in report.documents) == ["a.txt", "b.txt"]
    assert not report.of_kind("repeated-block")  # a line shorter than min_words is no block


def test_what_check_says_clean_removes_is_what_clean_removes(tmp_path):
    # Copies that do not start or end at a line, re-wrapped: clean takes
    # only whole lines found verbatim earlier, so it leaves them (a person
    # must edit them), and check must say so; an exact copy of whole lines
    # is clean's to remove, and check must say that.
    import random

    rng = random.Random(7)
    words = (SEEDS / "001_c02827c16e5a327c.txt").read_text(encoding="utf-8").split()
    for trial in range(12):
        body = words[rng.randrange(0, 2000) :][:400]
        at = rng.randrange(200, 380)
        doc = body[:at] + body[50 : 50 + rng.randrange(30, 120)] + body[at:]
        lines, i = [], 0
        while i < len(doc):
            k = rng.randrange(5, 30)
            lines.append(" ".join(doc[i : i + k]))
            i += k
        (tmp_path / f"t{trial:02d}.txt").write_text("Headline\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "exact.txt").write_text(DOUBLED, encoding="utf-8")  # a copy of whole lines: clean's to fix
    before = json.loads(run("check", tmp_path, "--format", "json").stdout)
    blocks = [f for f in before["findings"] if f["kind"] == "repeated-block" and f["id"] in before["check"]["failures"]]
    failing = {f["span"]["doc"]: f["id"] for f in blocks}
    said_fixed = {doc for doc, fid in failing.items() if fid in before["check"]["fixed_by_clean"]}
    assert failing and said_fixed and said_fixed != set(failing)  # the fixture has both kinds
    run("clean", tmp_path)
    after = json.loads(run("check", tmp_path, "--format", "json").stdout)
    still = {
        f["span"]["doc"]
        for f in after["findings"]
        if f["kind"] == "repeated-block" and f["id"] in after["check"]["failures"]
    }
    assert still == set(failing) - said_fixed


def _limited_address_space():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def test_a_paragraph_repeated_sixty_thousand_times_is_one_block_in_bounded_memory(tmp_path):
    # Every pair of a key's holders was once enumerated (numpy.triu_indices
    # over the paragraphs sharing one fingerprint): 60 000 copies of one
    # line asked for 13.4 GiB, 30 MB of it for hundreds. Run under a 4 GiB
    # address-space limit, in a process of its own.
    line = "The quick brown fox jumps over the lazy dog near the river bank while the farmer watches the fence.\n"
    (tmp_path / "a.txt").write_text(line * 60_000, encoding="utf-8")
    script = (
        "import sys, provenance\n"
        "report = provenance.scan([sys.argv[1]], jobs=1)\n"
        "print(*(f.kind for f in report.findings))\n"
        "provenance.clean([sys.argv[1]])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_limited_address_space,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["repeated-block"]  # one finding for the whole run
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == line  # clean keeps the first copy only
