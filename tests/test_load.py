"""Loading files, folders and JSON Lines; every bad file is reported and skipped."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
from pathlib import Path

import pytest

import provenance
from provenance import Document, ScanError, Settings
from provenance.load import decode, load, text_document
from provenance.report import to_json

ARTICLE = "Officials confirmed the agreement on Tuesday. “It is done,” a spokesman said.\n"


def loaded(paths, **kw):
    items = list(load(paths, Settings(**kw)))
    docs = {i.id: i for i in items if isinstance(i, Document)}
    errors = {Path(e.path).name: e.error for e in items if isinstance(e, ScanError)}
    return docs, errors


def test_folders_are_searched_recursively_with_globs_and_hidden_folders_skipped(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a" / "one.txt").write_text(ARTICLE)
    (tmp_path / "two.md").write_text(ARTICLE)
    (tmp_path / "three.text").write_text(ARTICLE)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE)
    docs, errors = loaded([tmp_path])
    assert sorted(docs) == ["a/one.txt", "three.text", "two.md"]
    assert errors == {}
    docs, _ = loaded([tmp_path], include=("*.md", "*.txt"), exclude=("a",))
    assert sorted(docs) == ["two.md"]


def test_symlink_loop_is_survived(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text(ARTICLE)
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    docs, _ = loaded([tmp_path])
    assert "sub/one.txt" in docs
    assert len(docs) <= 2  # the loop is entered at most once


def test_utf8_bom_is_removed_and_named(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode() + ARTICLE.encode())
    doc = loaded([path])[0]["bom.txt"]
    assert doc.encoding == "utf-8-sig"
    with open(path, encoding=doc.encoding, newline="") as fh:
        assert fh.read() == doc.text == ARTICLE


def test_cp1252_is_detected_named_and_decoded(tmp_path):
    text = "Le café a coûté 3 €, déjà « très » cher — naïve façade.\r\nDeuxième ligne.\r\n" * 3
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = loaded([path])[0]["legacy.txt"]
    assert doc.text == text
    assert doc.encoding != "utf-8"
    with open(path, encoding=doc.encoding, newline="") as fh:
        assert fh.read() == text


def test_crlf_is_kept(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"one\r\ntwo\r\n")
    assert loaded([path])[0]["crlf.txt"].text == "one\r\ntwo\r\n"


def test_bad_files_are_reported_and_the_rest_loaded(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "binary.txt").write_bytes(b"GIF89a\x00\x01\x02")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "huge.txt").write_text(ARTICLE * 100)
    (tmp_path / "locked.txt").write_text(ARTICLE)
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 4 + b"\x81\x8d\x8f\x90\x9d" * 50)
    real_open = os.open

    def guarded_open(file, *args, **kwargs):  # root can read anything; simulate EACCES
        if Path(file).name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    docs, errors = loaded([tmp_path], max_file_bytes=4096)
    assert sorted(docs) == ["empty.txt", "garbage.txt", "good.txt"] or sorted(docs) == ["empty.txt", "good.txt"]
    assert errors["binary.txt"].startswith("binary: NUL byte at offset 6")
    assert errors["huge.txt"].startswith("too large")
    assert errors["locked.txt"] == "unreadable: Permission denied"
    assert docs["empty.txt"].text == ""


def test_a_file_is_read_whole_however_short_the_reads(tmp_path, monkeypatch):
    # A network file system may return fewer bytes than asked before the end.
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    docs, errors = loaded([tmp_path])
    assert not errors and docs["a.txt"].text == ARTICLE
    assert docs["a.txt"].sha256 == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()


@pytest.fixture
def no_hang():
    """Turns a read that waits forever into a failure."""

    def hung(*_):
        raise TimeoutError("load waited")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX")
def test_pipes_and_devices_found_in_a_folder_are_refused_without_waiting(tmp_path, no_hang):
    # A pipe nobody writes to would block the open; /dev/zero never ends.
    (tmp_path / "good.txt").write_text(ARTICLE)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    docs, errors = loaded([tmp_path], max_file_bytes=4096)
    assert sorted(docs) == ["good.txt"]
    assert errors == {"pipe.txt": "not a regular file: a named pipe", "zero.txt": "not a regular file: a device"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_a_pipe_named_on_the_command_line_is_read(tmp_path, no_hang):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_text, args=(ARTICLE,))
    writer.start()
    docs, errors = loaded([pipe])
    writer.join()
    assert not errors and docs["pipe.txt"].text == ARTICLE


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_a_pipe_whose_writer_was_waiting_loses_nothing(tmp_path, monkeypatch):
    # The writer opens first and waits for a reader; once the reader opens,
    # it writes everything and closes before the reader reads a byte. The
    # pipe must not be closed and reopened meanwhile: its text would be lost
    # and the reopened pipe would wait for a writer that never comes.
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_text, args=(ARTICLE,))
    writer.start()
    real_fstat = os.fstat

    def after_the_writer(fd):
        writer.join(timeout=5)
        return real_fstat(fd)

    monkeypatch.setattr(os, "fstat", after_the_writer)

    def hung(*_):
        raise TimeoutError("load waited for a writer that had come and gone")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(8)
    try:
        docs, errors = loaded([pipe])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert not errors and docs["pipe.txt"].text == ARTICLE


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_named_file_that_never_ends_is_refused_at_the_limit(no_hang):
    docs, errors = loaded(["/dev/zero"], max_file_bytes=4096)
    assert not docs and errors == {"zero": "too large: more than 4096 bytes"}


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE * 100)
    real_fstat = os.fstat

    def stale(fd):  # the size when the file was smaller
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:]))

    monkeypatch.setattr(os, "fstat", stale)
    docs, errors = loaded([tmp_path], max_file_bytes=4096)
    assert not docs and errors == {"a.txt": "too large: more than 4096 bytes"}


def test_undecodable_bytes_raise_a_clear_reason():
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x00\x00\x00")
    with pytest.raises(ValueError, match="invalid UTF-8"):
        decode(b"\xef\xbb\xbf\xff\xfe")


def test_jsonl_records_keep_their_fields_and_bad_lines_are_errors(tmp_path):
    path = tmp_path / "corpus.jsonl"
    records = [
        {"id": "a1", "text": ARTICLE, "date": "2026-01-02", "source": "Wire", "url": "http://x", "lang": "en"},
        {"id": "a2", "text": "Another story entirely.", "date": "not a date"},
    ]
    lines = [json.dumps(r) for r in records] + ["{broken", json.dumps({"id": "a3"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = loaded([path])
    assert sorted(docs) == ["a1", "a2"]
    assert docs["a1"].text == ARTICLE
    assert docs["a1"].published == "2026-01-02"
    assert docs["a1"].meta == {"date": "2026-01-02", "source": "Wire", "url": "http://x", "lang": "en"}
    assert docs["a2"].published is None
    assert errors["corpus.jsonl:3"].startswith("invalid JSON")
    assert errors["corpus.jsonl:4"].startswith("invalid record")


def test_jsonl_record_with_an_unpaired_surrogate_is_skipped_with_a_reason(tmp_path):
    # json.loads accepts "\\ud800" alone, but no UTF-8 report can hold the
    # string it gives: the record is reported, its neighbours are scanned.
    lines = [
        '{"id": "half", "text": "Hello \\ud800 world"}',
        '{"id": "meta", "text": "Fine text", "note": "\\udc00"}',
        '{"id": "pair", "text": "Smile \\ud83d\\ude00 here"}',
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = provenance.scan([path])
    assert [d.id for d in report.documents] == ["pair"]
    assert report.documents[0].text == "Smile \U0001f600 here"
    assert {e.path for e in report.errors} == {f"{path}:1", f"{path}:2"}
    assert all("unpaired surrogate" in e.error for e in report.errors)
    assert "Smile" in to_json(report)


def test_empty_file_is_a_document_without_findings(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    report = provenance.scan([tmp_path])
    assert [d.id for d in report.documents] == ["empty.txt"]
    assert report.findings == [] and report.errors == []


def test_missing_path_is_an_error_for_the_caller(tmp_path):
    with pytest.raises(FileNotFoundError):
        provenance.scan([tmp_path / "nope"])


def test_title_is_the_first_non_blank_line_and_follows_the_text():
    from provenance.model import Document

    doc = Document(id="a", text="\n  First headline  \nBody text.\n")
    assert doc.title == "First headline"
    doc.text = "\n\nAnother headline\nBody."  # the title is kept, and renewed with the text
    assert doc.title == "Another headline"
    assert Document(id="b", text=" \n\t\n").title is None


def test_globs_match_as_fnmatch_does():
    """The include and exclude globs are one compiled pattern: each file is
    chosen as ``fnmatch`` on its path or its name would choose it."""
    import fnmatch

    from provenance.load import _matches

    patterns = ("*.txt", "drafts/*", "[!a]?.md", "**/old-*", "x[0-9].json", "*.TXT")
    names = [
        "a.txt",
        "b/bb.md",
        "q/x5.json",
        "drafts/a.txt",
        "b/drafts/c.md",
        "bb.md",
        "ab.md",
        "d/old-1.txt",
        "old-2.txt",
        "x5.json",
        "x55.json",
        "notes.TXT",
        "dir.txt/file",
        "a\nb.txt",
        ".hidden.txt",
        "drafts",
    ]
    for rel in names:
        name = rel.rsplit("/", 1)[-1]
        expected = any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)
        assert _matches(rel, patterns) == expected, rel
    assert not _matches("a.txt", ())


@pytest.mark.parametrize("text", ["", "Plain ASCII.\n", "“Curly” quotes — and a dash\r\nnext line", "emoji 😀 end"])
def test_a_file_read_as_utf8_keeps_its_bytes_as_the_documents_text(text):
    data = text.encode("utf-8")
    read = text_document(data, "d.txt", "d.txt")
    made = Document(id="d.txt", text=text, path="d.txt", source="d.txt")
    assert read.text == text and read.chars == made.chars == len(text)
    assert read.sha256 == made.sha256 == hashlib.sha256(data).hexdigest()
    assert read.title == made.title and read.encoding == "utf-8"
    assert Document.from_utf8(data, text, id="x").sha256 == made.sha256


@pytest.mark.parametrize("root", [".", "./corpus", "corpus/", "corpus", "{abs}"])
def test_paths_are_named_as_pathlib_names_them(tmp_path, monkeypatch, root):
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text("One line of text.\n", encoding="utf-8")
    (tmp_path / "corpus" / "sub" / "b.jsonl").write_text('{"id": "r1", "text": "A record."}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "corpus" if root == "." else tmp_path)
    root = root.format(abs=tmp_path / "corpus")
    items = list(load([root], Settings()))
    base = Path(root)
    assert [d.source for d in items] == [str(base / "a.txt"), str(base / "sub" / "b.jsonl")]
    assert [d.id for d in items] == ["a.txt", "r1"]


def test_title_read_from_the_head_of_the_text_is_the_titles_definition():
    """Random texts whose first line ends near the bytes read first, with
    characters of every UTF-8 length and CRLF line breaks around the cut."""
    import random

    rng = random.Random(12)
    pieces = ["a", "é", "“", "😀", " ", "\r\n", "\n", "\r", "\u2028", "word ", "  \n"]
    for _ in range(400):
        lead = "".join(rng.choices([" ", "\n", "\t"], k=rng.choice([rng.randint(0, 3), rng.randint(1950, 2005)])))
        body = "".join(rng.choices(pieces[:5], k=rng.choice([rng.randint(0, 2100), rng.randint(0, 60)])))
        text = lead + body + "".join(rng.choices(pieces, k=rng.randint(0, 30)))
        expected = next((line.strip()[:200] for line in text.splitlines() if line.strip()), None)
        assert Document("d", text).title == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_a_pipe_named_on_the_command_line_waits_for_its_writer(tmp_path, no_hang):
    # The writer opens the pipe only after the loader has: read without
    # waiting, the pipe used to read as empty and its writer blocked forever.
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    writer = threading.Timer(0.5, pipe.write_text, args=(ARTICLE,))
    writer.start()
    docs, errors = loaded([pipe])
    writer.join()
    assert not errors and docs["pipe.txt"].text == ARTICLE
