"""A gate you can trust: exit codes that mean one thing, output that cannot
act on a terminal or a CI log, a path given twice read once."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import SEEDS

import provenance.cli
from provenance.cli import main
from provenance.report.escape import printable, shown_url


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _boom(*args, **kwargs):
    raise RuntimeError("boom\nin two lines")


@pytest.mark.parametrize("command", ["scan", "check", "clean"])
def test_a_crash_exits_3_with_one_line_not_1(monkeypatch, command):
    for name in ("scan_api", "check_api", "clean_api"):
        monkeypatch.setattr(provenance.cli, name, _boom)
    result = run(command, SEEDS)
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "provenance: internal error: RuntimeError: boom\\x0ain two lines (run with --debug for the traceback)"
    ]


def test_debug_prints_the_traceback_and_still_exits_3(monkeypatch):
    monkeypatch.setattr(provenance.cli, "scan_api", _boom)
    result = run("--debug", "scan", SEEDS)
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr and "RuntimeError: boom" in result.stderr


def test_an_interrupt_exits_130_not_1(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(provenance.cli, "check_api", interrupted)
    result = run("check", SEEDS)
    assert result.exit_code == 130 and "interrupted" in result.stderr


def test_an_output_that_cannot_be_written_is_exit_2_not_a_traceback(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(provenance.cli, "scan_api", full)
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
