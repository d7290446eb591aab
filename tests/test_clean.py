"""``provenance clean``: what it removes, what it never removes, and how it
writes. Expected lines come from the seed and fixture text."""

from __future__ import annotations

import codecs
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS, PreCommitRepo, nth, read

import provenance
import provenance.api
from provenance.clean import plan
from provenance.cli import main
from provenance.model import Boilerplate, Document, RepeatedBlock, Span

S000 = "000_25dbbafef6f50195.txt"
S001 = "001_c02827c16e5a327c.txt"
S002 = "002_10e13ea79e25eab9.txt"
REUTERS_CAPTION = "A Russian service member stands next to the remains of a drone"
REUTERS_LEAD = "MOSCOW — A senior Russian military chief handed to a US military attache"
REUTERS_LAST = (
    "between Kyiv and Washington after a weekend meeting between Trump and Ukraine's President Volodymyr Zelenskiy."
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def copy_seeds(dest: Path) -> Path:
    """The seeds as ordinary writable files (the originals may be read-only)."""
    dest.mkdir(exist_ok=True)
    for path in sorted(SEEDS.glob("*.txt")):
        (dest / path.name).write_bytes(path.read_bytes())
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def whole_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def line_of(text: str, phrase: str, n: int = 1) -> str:
    pos = nth(text, phrase, n)
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : len(text) if end == -1 else end]


def expected_removed(name: str, text: str) -> set[int]:
    """Offsets (line starts) of the lines the issue says clean removes."""
    starts: set[int] = set()

    def add_line(phrase: str, n: int = 1) -> None:
        starts.add(text.rfind("\n", 0, nth(text, phrase, n)) + 1)

    if name == S000:
        first, last = nth(text, REUTERS_CAPTION, 2), nth(text, REUTERS_LAST, 2)
        pos = 0
        for line in text.split("\n"):
            if first <= pos <= last:
                starts.add(pos)
            pos += len(line) + 1
        add_line(REUTERS_CAPTION)
        add_line("PHOTO: Russian Defence Ministry via Reuters file")
        add_line("No comments:")
        add_line("Post a Comment")
    if name == S001:
        sidebar = nth(text, "Subscribe to Our Newsletter")
        pos = 0
        for line in text.split("\n"):
            if pos >= sidebar:
                starts.add(pos)
            pos += len(line) + 1
    if name == S002:
        add_line("DREW ANGERER/AFP via Getty Images")
        add_line("Joe Raedle/Getty Images")
    return starts


# --- Seeds -------------------------------------------------------------------


def test_clean_on_the_seeds_keeps_every_content_line(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    before = {p.name: read(p) for p in corpus.iterdir()}
    result = run("clean", corpus)
    assert result.exit_code == 1, result.output
    assert "3 files cleaned, 2 files left unchanged" in result.stderr
    after = {p.name: read(p) for p in corpus.iterdir()}

    for name, text in before.items():
        removed = expected_removed(name, text)
        pos = 0
        kept = after[name].split("\n")
        for line in text.split("\n"):
            if line.strip() and pos not in removed:
                assert line in kept, f"{name}: lost {line[:60]!r}"
            pos += len(line) + 1

    cleaned = after[S000]
    assert cleaned.count(REUTERS_LEAD) == 1 and cleaned.count(REUTERS_LAST) == 1
    assert "No comments:" not in cleaned and "Post a Comment" not in cleaned
    for provenance_line in ("Julian E. Barnes, Eric Schmitt, Tyler Pager", "Published 02.01.26",
                            "New York Times News Service", "PUBLISHED ONJanuary 01, 2026"):  # fmt: skip
        assert provenance_line in whole_lines(cleaned)
    last_paragraph = whole_lines(before[S001][: nth(before[S001], "Subscribe to Our Newsletter")])[-1]
    assert after[S001].endswith(last_paragraph)
    assert after["003_4be7770271fcae25.txt"] == before["003_4be7770271fcae25.txt"]


def test_a_second_clean_changes_nothing_and_exits_0(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    assert run("clean", corpus).exit_code == 1
    once = snapshot(corpus)
    again = run("clean", corpus)
    assert again.exit_code == 0, again.output
    assert "0 files cleaned, 5 files left unchanged" in again.stderr
    assert snapshot(corpus) == once


def test_check_and_diff_change_nothing(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    before = snapshot(corpus)
    check = run("clean", "--check", corpus)
    assert check.exit_code == 1
    assert f"would clean {corpus / S000}: removed" in check.stderr
    assert "repeated block (lines 34-47)" in check.stderr
    diff = run("clean", "--diff", corpus)
    assert diff.exit_code == 1
    assert f"--- a/{corpus / S000}" in diff.stdout
    assert "-No comments:\n" in diff.stdout and "-Subscribe to Our Newsletter\n" in diff.stdout
    assert snapshot(corpus) == before
    # The diff is a real patch: applying it gives what clean writes.
    patch = tmp_path / "seeds.patch"
    patch.write_text(diff.stdout, encoding="utf-8")
    applied = subprocess.run(["patch", "-p1", "-s", "-d", "/", "-i", str(patch)], capture_output=True, text=True)
    if applied.returncode == 127:  # pragma: no cover - no patch(1)
        pytest.skip("patch(1) is not installed")
    assert applied.returncode == 0, applied.stderr
    patched = snapshot(corpus)
    shutil.rmtree(corpus)
    corpus = copy_seeds(tmp_path / "corpus")
    run("clean", corpus)
    assert snapshot(corpus) == patched


def test_strip_and_keep_choose_the_categories(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    text = read(corpus / S000)
    byline = line_of(text, "Julian E. Barnes")
    run("clean", "--keep", "all", corpus)
    only_repeats = read(corpus / S000)
    assert only_repeats.count(REUTERS_LEAD) == 1
    assert "Post a Comment" in only_repeats and line_of(text, REUTERS_CAPTION) in only_repeats
    assert read(corpus / S001) == read(SEEDS / S001)

    corpus = copy_seeds(tmp_path / "corpus2")
    run("clean", "--strip", "byline", "--keep", "caption,comments", corpus)
    cleaned = read(corpus / S000)
    assert byline not in cleaned
    assert "Post a Comment" in cleaned and line_of(text, REUTERS_CAPTION) in cleaned


@pytest.mark.parametrize(
    "args", [("--strip", "bogus"), ("--strip", "caption", "--keep", "caption"), ("--keep", "nothing,caption")]
)
def test_bad_categories_are_usage_errors(tmp_path, args):
    corpus = copy_seeds(tmp_path / "corpus")
    result = run("clean", *args, corpus)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert snapshot(corpus) == snapshot(SEEDS)


# --- What plan() removes and keeps -------------------------------------------


def bp(doc: Document, phrase: str, category: str = "comments") -> Boilerplate:
    start = doc.text.index(phrase)
    return Boilerplate("m", span=Span(doc.id, start, start + len(phrase)), category=category, reason="r")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Para one.\n\nWIDGET\n\nPara two.\n", "Para one.\n\nPara two.\n"),
        ("Para one.\n\nPara two.\n\nWIDGET\n\n", "Para one.\n\nPara two.\n"),
        ("Para one.\n\nPara two.\n\nWIDGET", "Para one.\n\nPara two."),
        ("WIDGET\n\nPara one.\nPara two.\n", "Para one.\nPara two.\n"),
        ("Para one.\nWIDGET\nPara two.\n", "Para one.\nPara two.\n"),
        ("Para one.\r\n\r\nWIDGET\r\n\r\nPara two.\r\n", "Para one.\r\n\r\nPara two.\r\n"),
        ("Para one.\n  WIDGET  \nPara two.", "Para one.\nPara two."),
    ],
)
def test_whole_lines_go_and_blank_lines_are_tidied(text, expected):
    doc = Document("d", text)
    assert plan(doc, [bp(doc, "WIDGET")], {"comments"}).text == expected


def test_a_finding_that_covers_part_of_a_line_removes_nothing():
    doc = Document("d", "Para one has WIDGET inside it.\nPara two.\n")
    cleaned = plan(doc, [bp(doc, "WIDGET")], {"comments"})
    assert not cleaned.changed


def test_categories_not_stripped_stay():
    doc = Document("d", "By Jane Doe\nPara one.\n")
    assert not plan(doc, [bp(doc, "By Jane Doe", "byline")], {"comments"}).changed


def test_a_file_is_never_emptied():
    doc = Document("d", "WIDGET\n")
    cleaned = plan(doc, [bp(doc, "WIDGET")], {"comments"})
    assert not cleaned.changed
    assert "every line" in cleaned.kept[0]


def test_lines_of_a_later_copy_that_differ_from_the_earlier_copy_stay():
    first = "The mayor opened the bridge on Monday.\nTraffic resumed within the hour.\n"
    second = "The mayor opened the bridge on Monday.\nTraffic resumed within two hours.\n"
    doc = Document("d", first + "\n" + second)
    later_start = len(first) + 1
    block = RepeatedBlock(
        "m",
        span=Span("d", later_start, len(doc.text) - 1),
        copy_of=Span("d", 0, len(first) - 1),
        similarity=0.9,
        words=12,
    )
    cleaned = plan(doc, [block], {"repeated-block"})
    assert cleaned.text == first + "\n" + "Traffic resumed within two hours.\n"
    assert cleaned.kept and "line 5" in cleaned.kept[0]


def test_the_only_copy_of_a_line_survives_when_its_twin_is_stripped():
    """A later-copy line whose earlier twin goes as boilerplate is kept
    unless it is stripped boilerplate itself."""
    text = "Headline\nSome caption text here\nBody line one.\n\nSome caption text here\nBody line one.\n"
    doc = Document("d", text)
    block = RepeatedBlock(
        "m", span=Span("d", text.index("Some", 10), len(text) - 1), copy_of=Span("d", 9, text.index("\n\n"))
    )
    caption = bp(doc, "Some caption text here", "caption")
    cleaned = plan(doc, [block, caption], {"repeated-block", "caption"})
    assert cleaned.text.count("Some caption text here") == 1
    assert cleaned.text.count("Body line one.") == 1


# --- Bad input: encodings, line endings, permissions, races ------------------


def seed_000_as(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_cleaned_000(text: str) -> None:
    assert text.count(REUTERS_LEAD) == 1
    assert "Post a Comment" not in text
    assert "New York Times News Service" in text


def test_crlf_line_endings_are_kept(tmp_path):
    crlf = read(SEEDS / S000).replace("\n", "\r\n")
    path = seed_000_as(tmp_path, "crlf.txt", crlf.encode("utf-8"))
    assert run("clean", path).exit_code == 1
    data = path.read_bytes()
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    assert_cleaned_000(data.decode("utf-8"))
    assert run("clean", path).exit_code == 0


def test_a_byte_order_mark_is_kept(tmp_path):
    path = seed_000_as(tmp_path, "bom.txt", codecs.BOM_UTF8 + (SEEDS / S000).read_bytes())
    assert run("clean", path).exit_code == 1
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and not data[3:].startswith(codecs.BOM_UTF8)
    assert_cleaned_000(data.decode("utf-8-sig"))


def test_cp1252_stays_cp1252(tmp_path):
    text = read(SEEDS / S000).replace("Reuters could not", "Reuters’ café reporters could not")
    path = seed_000_as(tmp_path, "cp1252.txt", text.encode("cp1252"))
    assert run("clean", path).exit_code == 1
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    cleaned = data.decode("cp1252")
    assert_cleaned_000(cleaned)
    assert "Reuters’ café reporters could not" in cleaned


def test_utf16_stays_utf16_with_its_byte_order(tmp_path):
    path = seed_000_as(tmp_path, "utf16.txt", codecs.BOM_UTF16_BE + read(SEEDS / S000).encode("utf-16-be"))
    assert run("clean", path).exit_code == 1
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_BE)
    assert_cleaned_000(data[2:].decode("utf-16-be"))


@pytest.mark.parametrize("final_newline", [True, False])
def test_final_newline_is_kept_as_it_was(tmp_path, final_newline):
    text = read(SEEDS / S000).rstrip("\n") + ("\n" if final_newline else "")
    path = seed_000_as(tmp_path, "a.txt", text.encode("utf-8"))
    assert run("clean", path).exit_code == 1
    cleaned = read(path)
    assert cleaned.endswith("\n") == final_newline
    assert not cleaned.endswith("\n\n")
    assert_cleaned_000(cleaned)


def test_a_read_only_file_is_reported_and_left_untouched(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    locked = corpus / S000
    locked.chmod(0o444)
    before = locked.read_bytes()
    result = run("clean", corpus)
    assert result.exit_code == 1
    assert f"cannot clean {locked}: read-only" in result.stderr
    assert locked.read_bytes() == before
    assert "Subscribe to Our Newsletter" not in read(corpus / S001)  # the others were cleaned
    assert "2 files cleaned, 2 files left unchanged, 1 file could not be cleaned" in result.stderr


def after_planning(monkeypatch, doc_id: str, action) -> None:
    """Run ``action(path)`` on one file between the scan and the write."""
    real_plan = provenance.api.plan

    def plan_then_act(doc, *args, **kwargs):
        cleaned = real_plan(doc, *args, **kwargs)
        if doc.id == doc_id:
            action(doc.path)
        return cleaned

    monkeypatch.setattr(provenance.api, "plan", plan_then_act)


def test_a_file_that_vanishes_mid_run_is_reported(tmp_path, monkeypatch):
    corpus = copy_seeds(tmp_path / "corpus")
    after_planning(monkeypatch, S000, os.remove)
    result = run("clean", corpus)
    assert result.exit_code == 1
    assert "vanished during the run" in result.stderr
    assert not (corpus / S000).exists()
    assert "Subscribe to Our Newsletter" not in read(corpus / S001)
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in SEEDS.glob("*.txt") if p.name != S000)


def test_a_file_edited_mid_run_is_not_overwritten(tmp_path, monkeypatch):
    corpus = copy_seeds(tmp_path / "corpus")

    def append(path):
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("\nA line someone added meanwhile.\n")

    after_planning(monkeypatch, S000, append)
    result = run("clean", corpus)
    assert "changed since it was scanned" in result.stderr
    assert read(corpus / S000).endswith("A line someone added meanwhile.\n")


def test_a_failed_write_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    corpus = copy_seeds(tmp_path / "corpus")
    before = snapshot(corpus)

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run("clean", corpus)
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert snapshot(corpus) == before


def test_unreadable_and_binary_files_are_skipped_and_the_rest_cleaned(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    (corpus / "empty.txt").write_bytes(b"")
    result = run("clean", corpus)
    assert result.exit_code == 1
    assert "skipped" in result.stderr and "binary.txt" in result.stderr
    assert (corpus / "binary.txt").read_bytes() == b"\x00\x01\x02"
    assert "Post a Comment" not in read(corpus / S000)


def test_permissions_survive_the_rewrite(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    (corpus / S000).chmod(0o640)
    run("clean", corpus)
    assert stat.S_IMODE((corpus / S000).stat().st_mode) == 0o640


def test_a_symlink_is_followed_not_replaced(tmp_path):
    corpus = copy_seeds(tmp_path / "corpus")
    link = tmp_path / "link.txt"
    link.symlink_to(corpus / S000)
    assert run("clean", link).exit_code == 1
    assert link.is_symlink()
    assert "Post a Comment" not in read(corpus / S000)


def test_jsonl_is_scanned_but_not_rewritten(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "x", "text": "No comments:\\nPost a Comment\\nA line of text."}\n', encoding="utf-8")
    result = run("clean", path)
    assert result.exit_code == 0
    assert "clean rewrites plain-text files only" in result.stderr


# --- The real pre-commit framework -------------------------------------------


@pytest.mark.slow
def test_pre_commit_hook_fixes_then_passes(tmp_path):
    """``pre-commit try-repo`` installs this project as a hook, as a user's
    .pre-commit-config.yaml would, and runs it on a git repository of seeds."""
    repo = copy_seeds(tmp_path / "corpus")
    readme = b"# Our corpus\n\nRelated Articles\nNo comments:\nPost a Comment\n"
    (repo / "README.md").write_bytes(readme)  # not an article: the hook must leave it
    pre_commit = PreCommitRepo(repo, tmp_path / "pre-commit-home")
    pre_commit.git("commit", "-qm", "seeds")

    def try_repo():
        return pre_commit.hook("provenance-clean")

    first = try_repo()
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert f"cleaned {S000}" in first.stdout
    assert "Post a Comment" not in read(repo / S000)
    second = try_repo()
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
    assert (repo / "README.md").read_bytes() == readme


def test_clean_is_idempotent_on_the_hand_written_articles(tmp_path):
    fixtures = Path(__file__).resolve().parent / "fixtures" / "boilerplate"
    corpus = tmp_path / "articles"
    shutil.copytree(fixtures, corpus)
    assert run("clean", corpus).exit_code == 1
    once = snapshot(corpus)
    assert run("clean", corpus).exit_code == 0
    assert snapshot(corpus) == once
    for name in ("short_but_content.txt", "league_table_at_end.txt"):
        assert once[name] == (fixtures / name).read_bytes()
