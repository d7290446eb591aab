"""Labels of the real-news corpus, computed from the written files (used by ``make.py``; importable by others).

Shared passages: an exact brute-force oracle. Each file is split into its parts (title, date line, article
paragraphs, and the furniture we added). The ARTICLE TEXT of a file is its title, date line and paragraphs; a run of
words is consecutive when it does not cross a furniture block (a run that crosses a paragraph break of the article
is consecutive). A word is a token of the case-folded text between whitespace or dashes (en, em, figure and
horizontal-bar dashes; a hyphen joins, so "five-level" is one word) with its non-word characters removed ("U.S.," ->
"us", "don't" -> "dont", "1,000" -> "1000"); tokens left empty (a dash) are dropped. A pair of files is POSITIVE
when their article texts share a word 20-gram (compared as exact word tuples, no hashing). For every pair that
shares a word 8-gram the longest shared run is computed (difflib, no junk heuristic); pairs whose longest run is
10-19 words are the recorded near misses. The longest run is also computed with ``\\w+`` tokens ("u s", "don t"),
and pairs where the two tokenisations disagree about the 20-word line are listed as ``tokenisation_borderline``.
Any two files that carry the same added furniture block (``furniture_groups``) share 40+ words of furniture; such a
pair is a positive only if their article texts also share 20+ words.

Boilerplate: the added furniture blocks with their character offsets. Agency credits: none (Wikinews articles carry
no wire credit lines); agency NAMES that occur in the text (a source quoted, "told Reuters") are listed as mentions,
which are not credits. Dates: the date of the article's own date line, else null.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

WORD = re.compile(r"\w+")
NONWORD = re.compile(r"\W+")
SPLIT = re.compile(r"[\s\u2012\u2013\u2014\u2015]+")
N = 20
NEAR = (10, N - 1)
ARTICLE_KINDS = {"title", "date", "article"}
AGENCY_NAMES = re.compile(
    r"\b(Reuters|Associated Press|AP|Agence France[- ]Presse|AFP|United Press International|UPI|Bloomberg|dpa|"
    r"Deutsche Presse-Agentur|EFE|ANSA|Xinhua|TASS|ITAR-TASS|RIA Novosti|Interfax|Kyodo|Yonhap|Press Trust of India|"
    r"PTI|IANS|ANI|Anadolu|Press Association|PA Media|AAP|Australian Associated Press|Canadian Press|Bernama|Antara)\b"
)


def words(text: str) -> list[str]:
    """The words of ``text``: tokens between whitespace or dashes, case-folded, non-word characters removed, empty
    ones dropped."""
    return [w for w in (NONWORD.sub("", t) for t in SPLIT.split(text.casefold())) if w]


def article_runs(text: str, parts: list[dict], tokenise=words) -> list[list[str]]:
    """The word lists of the file's article text, one per stretch not interrupted by furniture."""
    runs: list[list[str]] = [[]]
    for part in parts:
        if part["kind"] in ARTICLE_KINDS:
            runs[-1] += tokenise(text[part["start"] : part["end"]])
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def grams(runs: list[list[str]], n: int) -> set[tuple[str, ...]]:
    """All word ``n``-grams of the runs (none crossing from one run into the next)."""
    return {tuple(r[i : i + n]) for r in runs for i in range(len(r) - n + 1)}


def longest_run(a: list[list[str]], b: list[list[str]]) -> tuple[int, str]:
    """Length of the longest run of words the two files' article texts share, and that run."""
    best, words = 0, ""
    for ra in a:
        for rb in b:
            m = difflib.SequenceMatcher(None, ra, rb, autojunk=False).find_longest_match(0, len(ra), 0, len(rb))
            if m.size > best:
                best, words = m.size, " ".join(ra[m.a : m.a + m.size])
    return best, words


def build_labels(corpus: Path, records: list[dict], source: dict) -> dict:
    """The labels dict of the corpus written under ``corpus`` as described by ``records`` (see ``make.py``)."""
    runs, wruns, texts = {}, {}, {}
    for r in records:
        texts[r["doc"]] = (corpus / r["doc"]).read_text(encoding="utf-8")
        runs[r["doc"]] = article_runs(texts[r["doc"]], r["parts"])
        wruns[r["doc"]] = article_runs(texts[r["doc"]], r["parts"], lambda t: WORD.findall(t.casefold()))
    docs = sorted(runs)
    candidates: set[tuple[str, str]] = set()
    index: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for d in docs:
        for g in grams(runs[d], 8) | grams(wruns[d], 8):
            index[g].append(d)
    for members in index.values():
        candidates.update(combinations(sorted(set(members)), 2))
    g20 = {d: grams(runs[d], N) for d in docs}
    positives, near, borderline = [], [], []
    for a, b in sorted(candidates):
        shared20 = len(g20[a] & g20[b])
        size, run = longest_run(runs[a], runs[b])
        wsize, _ = longest_run(wruns[a], wruns[b])
        assert (shared20 > 0) == (size >= N), (a, b)
        row = {
            "docs": [a, b],
            "longest_run": size,
            "longest_run_wordchar_tokens": wsize,
            "shared_20grams": shared20,
            "run": " ".join(run.split()[:60]),
        }
        if (size >= N) != (wsize >= N):
            borderline.append(row)
        if size >= N:
            positives.append(row)
        elif NEAR[0] <= size <= NEAR[1]:
            near.append(row)
    furniture: dict[str, list[dict]] = {}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for r in records:
        blocks = [
            {"kind": p["kind"], "start": p["start"], "end": p["end"], "text": texts[r["doc"]][p["start"] : p["end"]]}
            for p in r["parts"]
            if p["kind"] not in ARTICLE_KINDS
        ]
        if blocks:
            furniture[r["doc"]] = blocks
            for b in blocks:
                by_kind[b["kind"]].append(r["doc"])
    positive_set = {tuple(p["docs"]) for p in positives}
    furniture_pairs = {tuple(sorted(p)) for members in by_kind.values() for p in combinations(members, 2)}
    documents = {}
    for r in records:
        text = texts[r["doc"]]
        date = next((p for p in r["parts"] if p["kind"] == "date"), None)
        mentions = sorted({m.group(1) for m in AGENCY_NAMES.finditer(text)})
        documents[r["doc"]] = {
            "page_id": r["page_id"],
            "revid": r["revid"],
            "url": r["url"],
            "title": r["title"],
            "source": r["source"],
            "selected_as": r["why"],
            "sha256": r["sha256"],
            "date": r["date"],
            "date_evidence": None if date is None else {"start": date["start"], "end": date["end"]},
            "agency_credits": [],
            "agency_mentions_not_credits": mentions,
            "parts": r["parts"],
        }
    summary = {
        "documents": len(documents),
        "positive_pairs": len(positives),
        "documents_in_positive_pairs": len({d for p in positives for d in p["docs"]}),
        "near_miss_pairs_10_19": len(near),
        "tokenisation_borderline_pairs": len(borderline),
        "furniture_only_pairs": len(furniture_pairs - positive_set),
        "documents_with_furniture": len(furniture),
        "dated_documents": sum(d["date"] is not None for d in documents.values()),
        "agency_credits": 0,
    }
    return {
        "source": source,
        "definitions": __doc__,
        "summary": summary,
        "documents": documents,
        "shared_passage_pairs": positives,
        "near_miss_pairs": near,
        "tokenisation_borderline": borderline,
        "furniture_groups": {kind: sorted(members) for kind, members in sorted(by_kind.items())},
        "boilerplate": furniture,
    }
