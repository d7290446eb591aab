"""The command line: output formats, exit codes, options."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import SEEDS

import provenance
from provenance.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_text_report_groups_by_file_with_lines_and_summary():
    result = run("scan", SEEDS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{SEEDS}/000_25dbbafef6f50195.txt:34-47  repeated block") for line in lines)
    assert lines[-1].startswith("5 documents scanned, 0 files skipped: ")
    assert "similarity 1.00" in result.stdout


def test_json_to_file_and_stdout_agree(tmp_path):
    out = tmp_path / "r.json"
    to_file = run("scan", SEEDS, "--format", "json", "--output", out)
    assert to_file.exit_code == 0 and to_file.stdout == ""
    to_stdout = run("scan", SEEDS, "--format", "json")
    # The file is written piece by piece, stdout in one string: the same bytes,
    # and the report's whole object.
    assert out.read_text(encoding="utf-8") == to_stdout.stdout
    whole = json.loads(json.dumps(provenance.scan([SEEDS]).to_dict(), ensure_ascii=False))
    assert json.loads(to_stdout.stdout) == whole
    assert whole["format_version"] == 2 and whole["documents"] and whole["findings"] and whole["lineage"]["edges"]
    # One document, finding, node and edge a line, in compact JSON.
    lines = {line.strip().rstrip(",") for line in to_stdout.stdout.splitlines()}
    items = [*whole["documents"], *whole["findings"], *whole["lineage"]["nodes"], *whole["lineage"]["edges"]]
    for item in items:
        assert json.dumps(item, ensure_ascii=False, separators=(",", ":")) in lines
    empty = tmp_path / "empty"
    empty.mkdir()
    out_empty = tmp_path / "e.json"
    run("scan", empty, "--format", "json", "--output", out_empty)
    parsed = json.loads(out_empty.read_text(encoding="utf-8"))
    assert parsed["documents"] == [] and parsed["findings"] == [] and parsed["errors"] == []


def test_report_values_are_written_as_the_standard_encoder_writes_them():
    """The writer's encoder (orjson) against the standard encoder's compact
    form on the awkward values a report can hold, and a lone surrogate
    (from a file name that is not UTF-8), which only escapes can write."""
    from provenance.report.json import _dumps

    values = [
        {"text": 'tab\tnew\nline\x00\x1f\x7f quote" back\\ slash/ é “’” 😀 \u2028'},
        {"similarity": 0.0001, "confidence": 0.9999, "zero": 0.0, "one": 1.0, "n": -(2**63), "m": 2**63 - 1},
        {"empty": [], "none": {}, "nested": [[], {}, [[1, 2], {"a": None}]], "flags": [True, False, None]},
        ("tuple", 1),
    ]
    for value in values:
        assert _dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # A lone surrogate cannot be written as UTF-8: the object is written
    # with escapes, which JSON reads back as the same string.
    odd = {"path": "bad\udcffname.txt", "text": "é"}
    assert _dumps(odd) == json.dumps(odd, ensure_ascii=True, separators=(",", ":"))
    assert json.loads(_dumps(odd).encode("utf-8")) == odd


def test_missing_path_is_a_usage_error_without_traceback():
    result = run("scan", "no/such/folder")
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_bad_option_values_are_usage_errors():
    assert run("scan", SEEDS, "--threshold", "1.5").exit_code == 2
    assert run("scan", SEEDS, "--min-words", "2").exit_code == 2


def test_options_reach_the_scan():
    report = json.loads(run("scan", SEEDS, "--format", "json", "--min-words", "30", "--num-perm", "64").stdout)
    assert report["settings"]["min_words"] == 30 and report["settings"]["num_perm"] == 64
    kinds = {f["kind"] for f in report["findings"]} - {"boilerplate"}
    assert kinds == {"repeated-block"}  # only the doubled Reuters story is that long


def test_skipped_files_are_warned_about_on_stderr(tmp_path):
    (tmp_path / "good.txt").write_text("A short article about the harbour.\n")
    (tmp_path / "bad.txt").write_bytes(b"\x00binary")
    result = run("scan", tmp_path)
    assert result.exit_code == 0
    assert "skipped" in result.stderr and "bad.txt" in result.stderr
    assert "1 file skipped" in result.stdout


def test_help_documents_the_options():
    result = run("scan", "--help")
    for option in ("--shingle-size", "--num-perm", "--threshold", "--min-words", "--jobs", "--include", "--exclude"):
        assert option in result.stdout
