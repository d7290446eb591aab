"""Build the web-page boilerplate development set: plain text of real pages, one line per block, with gold articles.

Sources (see SOURCE.md): the L3S-GN1 Google News set (621 pages, 2008) and the Dragnet set (1,381 news and blog
pages, 2012), both read from the public GitHub mirror ``j-szulc/html-cleaning-dataset-merged`` at a pinned commit.

For every page this writes

* ``OUT/pages/NAME.txt``: the whole page as a scraper's HTML-to-text step writes it. Conversion is
  ``html_text.extract_text`` (the ``html-text`` package, lxml based) with ``guess_layout=True``, which breaks the
  text at block elements (p, div, li, headings, title, table rows, ...); table cells (td, th) and the options of a
  select menu are added to its line-break tags so that each cell of a layout table or menu row, and each menu
  option, is its own block. Every block becomes one line (whitespace collapsed, blank lines dropped). A <title>
  whose text holds "<" (a page whose broken markup was swallowed into the title, 8 L3S-GN1 pages) is dropped.
* ``OUT/gold/NAME.txt``: the article body. L3S-GN1: the text of the spans its annotators marked as headline
  (``x-nc-sel1``) or full text (``x-nc-sel2``), one span per line; supplemental text, related content and user
  comments are not article. Dragnet: the corrected text before its ``!@#$%^&*()  COMMENTS`` marker (title, lede,
  body; comments are not article).
* ``OUT/comments/NAME.txt``: the reader comments the annotators marked (L3S-GN1 ``x-nc-sel5``, Dragnet's text after
  the marker; empty for most pages), used only to tell comments from other noise in the error analysis.
* ``OUT/manifest.json``: per page its source file, split (``dev`` or ``held``, from a hash of the name), word counts
  and sha256 of both files.

Pages whose gold has fewer than 10 words, or whose page text has none of the gold's word 4-grams (a page whose
saved HTML does not hold the annotated article), are left out and counted in the manifest.

The output is deterministic: the same commit gives byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import html_text
import lxml.html

REPO_DEFAULT = "/work/.mirror/j-szulc+html-cleaning-dataset-merged/repo"
COMMIT = "46e01a04b47051838a228bf23631430b2c9de375"
OUT_DEFAULT = "/work/data/webpages"
SOURCES = {"l3s": "page-signal-master", "dragnet": "dragnet_data"}
NEWLINE_TAGS = frozenset(html_text.NEWLINE_TAGS | {"td", "th", "option"})
DRAGNET_COMMENTS = "!@#$%^&*()  COMMENTS"
L3S_ARTICLE_CLASSES = ("x-nc-sel1", "x-nc-sel2")
WORD = re.compile(r"\w+")


def split_of(name: str) -> str:
    """Return the page's split: ``dev`` for half the names and ``held`` for the other half (sha1 of the name)."""
    return "dev" if int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "held"


def decode(raw: bytes) -> str:
    """Decode a file: UTF-8 (what the mirror holds for all but a few files), else cp1252 with replacement."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def block_lines(text: str) -> list[str]:
    """Turn extracted text into one line per block: collapse whitespace inside lines, drop empty lines."""
    lines = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return lines


def parse(html: str) -> lxml.html.HtmlElement:
    """Parse HTML the way html_text does (bytes with an explicit UTF-8 parser, so meta charsets do not re-decode)."""
    html = html.lstrip("\ufeff")
    if html.startswith("URL:"):  # the mirror prefixes some files with their URL
        html = html.split("\n", 1)[1] if "\n" in html else ""
    return html_text.parse_html(html)


def page_text(html: str) -> list[str]:
    """Convert one page's HTML to plain text lines, one line per block."""
    tree = parse(html)
    for title in tree.xpath("//title"):
        if "<" in (title.text or ""):  # broken markup swallowed into the title: drop it, not the page
            title.drop_tree()
    return block_lines(html_text.extract_text(tree, guess_layout=True, newline_tags=NEWLINE_TAGS))


def l3s_gold(annotated: str) -> list[str]:
    """Return the article of an L3S-GN1 annotated page: the outermost headline and full-text spans, in order."""
    tree = parse(annotated)
    wanted = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in L3S_ARTICLE_CLASSES)
    lines: list[str] = []
    for el in tree.xpath(f"//*[{wanted}]"):
        if el.xpath(f"ancestor::*[{wanted}]"):
            continue
        lines.extend(block_lines(html_text.extract_text(el, guess_layout=True, newline_tags=NEWLINE_TAGS)))
    return lines


def l3s_comments(annotated: str) -> list[str]:
    """Return the user comments an L3S-GN1 annotator marked (``x-nc-sel5`` spans), one block per line."""
    tree = parse(annotated)
    cls = "contains(concat(' ', normalize-space(@class), ' '), ' x-nc-sel5 ')"
    lines: list[str] = []
    for el in tree.xpath(f"//*[{cls}][not(ancestor::*[{cls}])]"):
        lines.extend(block_lines(html_text.extract_text(el, guess_layout=True, newline_tags=NEWLINE_TAGS)))
    return lines


def dragnet_gold(corrected: str) -> list[str]:
    """Return the article of a Dragnet page: the corrected text before the comments marker."""
    return block_lines(corrected.split(DRAGNET_COMMENTS, 1)[0])


def dragnet_comments(corrected: str) -> list[str]:
    """Return the reader comments of a Dragnet page: the corrected text after the comments marker."""
    parts = corrected.split(DRAGNET_COMMENTS, 1)
    return block_lines(parts[1]) if len(parts) == 2 else []


def shingles(lines: list[str], n: int = 4) -> set[tuple[str, ...]]:
    """Word n-grams (lowercased ``\\w+`` words) of the lines taken as one text."""
    words = WORD.findall(" ".join(lines).lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def read_archive(repo: str, commit: str, folders: list[str]) -> dict[str, bytes]:
    """Read the files under ``folders`` at ``commit`` of a git repository (bare or not) into memory."""
    data = subprocess.run(
        ["git", "--git-dir", repo, "archive", "--format=tar", commit, *folders], check=True, capture_output=True
    ).stdout
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                files[member.name] = tar.extractfile(member).read()
    return files


def main(argv: list[str] | None = None) -> int:
    """Build the set from the mirror and write pages, gold and manifest."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", default=REPO_DEFAULT, help="git directory of j-szulc/html-cleaning-dataset-merged")
    ap.add_argument("--commit", default=COMMIT)
    ap.add_argument("--out", default=OUT_DEFAULT)
    args = ap.parse_args(argv)
    repo = args.repo if Path(args.repo, "objects").is_dir() else str(Path(args.repo, ".git"))
    files = read_archive(repo, args.commit, list(SOURCES.values()))
    out = Path(args.out)
    for sub in ("pages", "gold", "comments"):
        (out / sub).mkdir(parents=True, exist_ok=True)
        for old in (out / sub).glob("*.txt"):
            old.unlink()
    manifest: dict = {"commit": args.commit, "pages": {}, "excluded": {}}
    for prefix, folder in SOURCES.items():
        inputs = sorted(p for p in files if p.startswith(f"{folder}/input/") and p.endswith(".html"))
        for path in inputs:
            stem = Path(path).stem
            gold_path = f"{folder}/GoldStandard/{stem}.txt"
            name = f"{prefix}-{stem}"
            if gold_path not in files:
                manifest["excluded"][name] = "no gold file"
                continue
            text = page_text(decode(files[path]))
            gold_src = decode(files[gold_path])
            gold = l3s_gold(gold_src) if prefix == "l3s" else dragnet_gold(gold_src)
            gold_words = len(WORD.findall(" ".join(gold)))
            if gold_words < 10:
                manifest["excluded"][name] = f"gold has {gold_words} words"
                continue
            if not shingles(gold) & shingles(text):
                manifest["excluded"][name] = "page text shares no 4-gram with the gold"
                continue
            page_bytes = ("\n".join(text) + "\n").encode("utf-8")
            gold_bytes = ("\n".join(gold) + "\n").encode("utf-8")
            (out / "pages" / f"{name}.txt").write_bytes(page_bytes)
            (out / "gold" / f"{name}.txt").write_bytes(gold_bytes)
            comments = l3s_comments(gold_src) if prefix == "l3s" else dragnet_comments(gold_src)
            (out / "comments" / f"{name}.txt").write_text("".join(f"{c}\n" for c in comments), encoding="utf-8")
            manifest["pages"][name] = {
                "source": prefix,
                "file": path,
                "split": split_of(name),
                "page_lines": len(text),
                "page_words": len(WORD.findall(" ".join(text))),
                "gold_words": gold_words,
                "page_sha256": hashlib.sha256(page_bytes).hexdigest(),
                "gold_sha256": hashlib.sha256(gold_bytes).hexdigest(),
            }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    pages = manifest["pages"].values()
    for prefix in SOURCES:
        mine = [p for p in pages if p["source"] == prefix]
        dev = sum(p["split"] == "dev" for p in mine)
        print(f"{prefix}: {len(mine)} pages ({dev} dev, {len(mine) - dev} held)")
    print(f"excluded: {len(manifest['excluded'])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
