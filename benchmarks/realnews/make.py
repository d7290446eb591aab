"""Write the labelled real-news corpus: real Wikinews articles, their real follow-ups, and hand-made page furniture.

Usage::

    python benchmarks/realnews/make.py [--dump /work/.mirror/jshepp27+countaBot/repo] [--out /work/data/realnews]

writes ``OUT/corpus/<source>/<name>.txt`` (about 320 files in four "sources") and ``OUT/labels.json``, and copies
the labels to ``benchmarks/realnews/labels.json``. The output depends only on the dump: the same dump gives
byte-identical files (no clock, no unseeded randomness, sorted iteration everywhere).

Source text: English Wikinews (CC BY 2.5), the WikiExtractor dump in the public GitHub repository
``jshepp27/countaBot`` at commit ``eac9439eff525f2f4c753983fe2a2973e22e2e7f`` (``text/AA/wiki_00`` ...
``wiki_40``); see ``SOURCE.md``. The article cleaning is the one of ``benchmarks/make_clusters.py`` (copied here so
that this corpus does not change when that script does), with two differences: the near-duplicate removal is NOT
done (Wikinews follow-ups that reuse background paragraphs of earlier reports are exactly what this set is for), and
the article's own date line ("December 13, 2004") is kept in the text where it stood.

Selection (all seeded): every article of a random sample of the groups of articles linked by a shared run of 20+
words (connected components of the 20-gram-sharing graph over all 9,700 clean articles; a seeded sample of
``MAX_PER_GROUP`` articles of a larger group, so that no story family dominates the pairs), up to ``SHARED_DOCS``
articles; both articles of a sample of near-miss pairs (longest shared run 10-19 words, no 20-word run); every
article that carries a date line; then unrelated articles up to ``TOTAL_DOCS``. The labels are computed on the
written corpus by ``labels.py`` (exact word-20-gram oracle), not taken from the selection.

Page furniture, invented by us and labelled as such: source ``harbourview`` gets an editor's note (``EDITOR_NOTE``)
and source ``civic-ledger`` a newsletter pitch (``NEWSLETTER``), each the same text in 60% of the source's files,
inserted as a paragraph between two paragraphs of the article body at a seeded position.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import html
import json
import random
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from labels import build_labels  # noqa: E402

SOURCE = {
    "repo": "jshepp27/countaBot",
    "commit": "eac9439eff525f2f4c753983fe2a2973e22e2e7f",
    "path": "text/AA/wiki_00 ... text/AA/wiki_40 (WikiExtractor JSON lines of English Wikinews)",
    "license": "CC BY 2.5 (Wikinews, https://en.wikinews.org, text by Wikinews contributors)",
    "license_url": "https://creativecommons.org/licenses/by/2.5/",
}
DEFAULT_DUMP = Path("/work/.mirror/jshepp27+countaBot/repo")
DEFAULT_OUT = Path("/work/data/realnews")
SEED = "realnews-v1"
SHARED_DOCS = 170
MAX_PER_GROUP = 6
NEAR_MISS_PAIRS = 30
TOTAL_DOCS = 320
SOURCES = ["northgate-times", "harbourview", "civic-ledger", "plainfield-post"]
FURNITURE_SHARE = 0.6
EDITOR_NOTE = (
    "Editor's note: This story is part of Harbourview's archive of reporting and is presented as it was first "
    "published. Some details, titles and figures may have changed since then. To report an error, write to the "
    "standards desk using the contact form on this site."
)
NEWSLETTER = (
    "Get the Civic Ledger morning briefing: the five stories you need before your first coffee, delivered to your "
    "inbox every weekday at 6 a.m. It is free, and you can unsubscribe at any time. Sign up on our newsletters page "
    "today."
)
FURNITURE = {"harbourview": ("editor-note", EDITOR_NOTE), "civic-ledger": ("newsletter", NEWSLETTER)}

# --- cleaning (as benchmarks/make_clusters.py, keeping the date line) -----------------------------------------------

WORD = re.compile(r"\w+")
CUT_HEADINGS = {"sources", "source", "external links", "references", "see also", "related news", "notes"}
MARKUP = re.compile(r"[<>{}|]|\[\[|\]\]|__|=\s*=|\bhttps?://|&[a-z]+;")
GAP = re.compile(
    r"\s[,;:!?)]|\s\.(?!\.\.)|\(\s*[,;)]|\[\s*\]|\"\"|''|\s{2,}|"
    r"\b(?:the|a|an|of|in|on|at|by|to|from|with|for|and|or|as|said|told)\s+[,.;:)]|"
    r"\b(?:the|a|an)\s+(?:the|a|an|of|and|or|in|on|at|to|by|for|from|with|is|was|were|are|has|have|had)\b",
    re.IGNORECASE,
)
SPEAKER = re.compile(r"^(?:Q|A|[A-Z][\w.' -]{0,30}):\s")
DATE = re.compile(
    r"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?:(?P<m1>[A-Z][a-z]+)\s+(?P<d1>\d{1,2}),?\s+|(?P<d2>\d{1,2})\s+(?P<m2>[A-Z][a-z]+),?\s+)(?P<y>(?:19|20)\d\d)\.?$"
)
MONTHS = "January February March April May June July August September October November December".split()


def parse_date_line(p: str) -> str | None:
    """ISO date of a paragraph that is only a date ("December 13, 2004"), else None."""
    m = DATE.match(p)
    if not m or (m["m1"] or m["m2"]) not in MONTHS:
        return None
    try:
        return datetime.date(int(m["y"]), MONTHS.index(m["m1"] or m["m2"]) + 1, int(m["d1"] or m["d2"])).isoformat()
    except ValueError:
        return None


def clean_article(title: str, text: str) -> dict | None:
    """Paragraphs (the first date line kept in place) and date of a page, or None when it is not clean prose."""
    if not title or ":" in title.split(" ")[0] or title.startswith("Digest/"):
        return None  # a Digest/ page compiles several dated articles: not one article with one date
    text = html.unescape(html.unescape(text))
    paragraphs: list[str] = []
    date = date_line = None
    for raw in text.split("\n"):
        p = raw.strip()
        if not p:
            continue
        heading = len(p.split()) <= 4 and p.endswith((".", ":")) and p.count(".") <= 1
        if heading and p.rstrip(".:").lower() in CUT_HEADINGS:
            break
        if parse_date_line(p):
            if date is None:
                date, date_line = parse_date_line(p), len(paragraphs)
                paragraphs.append(p)
            continue
        if heading:
            continue
        paragraphs.append(p)
    body = [i for i in range(len(paragraphs)) if i != date_line]
    damaged = [
        i
        for i in body
        if MARKUP.search(paragraphs[i])
        or GAP.search(paragraphs[i])
        or not (paragraphs[i][0].isupper() or paragraphs[i][0].isdigit() or paragraphs[i][0] in "\"“‘'")
        or (len(paragraphs[i].split()) < 4 and not paragraphs[i].endswith((".", "!", "?", '"', "”")))
    ]
    if (body and body[0] in damaged) or len(damaged) > 2:
        return None
    kept = [p for i, p in enumerate(paragraphs) if i not in damaged]
    words = sum(len(paragraphs[i].split()) for i in body if i not in damaged)
    if len(body) - len(damaged) < 4 or not 150 <= words <= 2000:
        return None
    if sum(bool(SPEAKER.match(p)) for p in kept) > 2:
        return None
    return {"title": title, "paragraphs": kept, "date": date}


def read_dump(gitdir: Path, commit: str) -> list[dict]:
    """The pages of the WikiExtractor files at ``commit`` of a git directory, sorted by page id."""
    git = ["git", "--git-dir", str(gitdir)]
    listing = subprocess.run([*git, "ls-tree", "-r", "--name-only", commit], capture_output=True, text=True)
    names = sorted(n for n in listing.stdout.split() if re.search(r"(^|/)wiki_\d+$", n))
    if listing.returncode or not names:
        sys.exit(f"no wiki_NN files at commit {commit} in {gitdir}: {listing.stderr.strip()}")
    pages = []
    for name in names:
        blob = subprocess.run([*git, "cat-file", "blob", f"{commit}:{name}"], capture_output=True, check=True)
        pages += [json.loads(line) for line in blob.stdout.decode("utf-8").splitlines() if line.strip()]
    return sorted(pages, key=lambda d: int(d["id"]))


# --- selection ---------------------------------------------------------------------------------------------------


def _tokens(article: dict) -> list[str]:
    return WORD.findall(" ".join([article["title"], *article["paragraphs"]]).casefold())


def _gram_pairs(tokens: dict[str, list[str]], n: int, max_df: int = 60) -> set[tuple[str, str]]:
    """Pairs of article ids that share a word ``n``-gram (grams in more than ``max_df`` articles ignored)."""
    index: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, words in tokens.items():
        for i in range(len(words) - n + 1):
            index[tuple(words[i : i + n])].add(key)
    pairs = set()
    for members in index.values():
        if 1 < len(members) <= max_df:
            ordered = sorted(members)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    return pairs


def _components(pairs: set[tuple[str, str]]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(pairs):
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in sorted(parent):
        groups[find(x)].append(x)
    return sorted(groups.values())


def select(articles: dict[str, dict]) -> tuple[list[str], dict]:
    """The article ids of the corpus (in a seeded order) and why each was chosen."""
    rng = random.Random(SEED)
    tokens = {k: _tokens(a) for k, a in articles.items()}
    shared = _gram_pairs(tokens, 20)
    near = sorted(_gram_pairs(tokens, 10) - shared)
    why: dict[str, str] = {}
    components = _components(shared)
    rng.shuffle(components)
    for comp in components:
        if len(comp) > MAX_PER_GROUP:  # no one story family dominates the pairs: a seeded sample of it
            comp = sorted(rng.sample(comp, MAX_PER_GROUP))
        if len(why) + len(comp) > SHARED_DOCS:
            continue
        why.update({k: "shares 20+ words with another article" for k in comp})
    rng.shuffle(near)
    taken = 0
    for a, b in near:
        if taken == NEAR_MISS_PAIRS:
            break
        if a in why or b in why:
            continue
        why.update({a: "near miss (10-19 shared words)", b: "near miss (10-19 shared words)"})
        taken += 1
    for k in sorted(articles):
        if articles[k]["date"] and k not in why:
            why[k] = "has a date line"
    linked = {x for p in shared for x in p}
    rest = sorted(k for k in articles if k not in why and k not in linked)
    rng.shuffle(rest)
    for k in rest[: TOTAL_DOCS - len(why)]:
        why[k] = "unrelated"
    order = sorted(why)
    rng.shuffle(order)
    return order, why


# --- writing -----------------------------------------------------------------------------------------------------


def write_corpus(articles: dict[str, dict], order: list[str], why: dict[str, str], out: Path) -> list[dict]:
    """Write the files; returns per-file records (path, page, source, parts with offsets)."""
    rng = random.Random(SEED + "/write")
    corpus = out / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    records = []
    for i, key in enumerate(order):
        art = articles[key]
        source = SOURCES[i % len(SOURCES)]
        slug = "-".join(WORD.findall(art["title"].casefold()))[:60].strip("-")
        rel = f"{source}/{slug}-{art['id']}.txt"
        blocks: list[tuple[str, str]] = [("title", art["title"])]
        blocks += [("date" if parse_date_line(p) else "article", p) for p in art["paragraphs"]]
        furniture = FURNITURE.get(source)
        if furniture and rng.random() < FURNITURE_SHARE:
            body = [j for j, (kind, _) in enumerate(blocks) if kind == "article"]
            # between two paragraphs of the body: after the 1st..(n-1)th body paragraph
            after = body[rng.randrange(0, len(body) - 1)]
            blocks.insert(after + 1, (furniture[0], furniture[1]))
        text, parts = "", []
        for kind, block in blocks:
            if text:
                text += "\n\n"
            start = len(text)
            text += block
            parts.append({"kind": kind, "start": start, "end": len(text)})
        text += "\n"
        path = corpus / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        records.append(
            {
                "doc": rel,
                "page_id": art["id"],
                "revid": art.get("revid"),
                "url": art.get("url"),
                "title": art["title"],
                "source": source,
                "why": why[key],
                "date": art["date"],
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "parts": parts,
            }
        )
    return records


def main() -> None:
    """Command line: build the corpus and its labels."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", type=Path, default=DEFAULT_DUMP, help="git directory holding the countaBot commit")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    articles = {}
    for page in read_dump(args.dump, SOURCE["commit"]):
        cleaned = clean_article(html.unescape(page.get("title", "")).strip(), page.get("text", ""))
        if cleaned:
            articles[f"wn{int(page['id']):07d}"] = {
                **cleaned,
                "id": page["id"],
                "revid": page.get("revid"),
                "url": page.get("url"),
            }
    order, why = select(articles)
    records = write_corpus(articles, order, why, args.out)
    labels = build_labels(args.out / "corpus", records, {**SOURCE, "clean_articles": len(articles)})
    text = json.dumps(labels, indent=1, ensure_ascii=False) + "\n"
    (args.out / "labels.json").write_text(text, encoding="utf-8")
    (HERE / "labels.json").write_text(text, encoding="utf-8")
    s = labels["summary"]
    print(f"{len(records)} files in {args.out / 'corpus'}; {s}")


if __name__ == "__main__":
    main()
