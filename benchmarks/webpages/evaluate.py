"""Score ``provenance clean --strip all`` and jusText on the plain text of real web pages (see make.py, SOURCE.md).

Each page of ``DATA/pages`` is the whole page as an HTML-to-text step writes it, one line per block; its article is
``DATA/gold``. Systems, each keeping a subset of the page's lines:

* ``provenance``: ``provenance clean --strip all`` run on a copy of the pages, one run per split (dev, held), so a
  split's figures never depend on the other's pages (the ``template`` category learns from the corpus it is given).
  The kept lines are read back from the rewritten copies.
* ``justext``: jusText 3 (English stoplist, default settings) on the same plain text, each line wrapped in ``<p>``.
* ``keep-all``: the whole page (the floor).
* ``oracle``: exactly the page's article lines (the ceiling of any line-level cleaner; see ``line_labels``).
* ``justext-html`` (reference, unless ``--no-html``): jusText on the page's original HTML.

Measure, as the article-extraction benchmarks compute it: the kept text and the gold are each taken as one word
sequence (lowercased ``\\w+`` words) and cut into word 4-gram shingles, counted as multisets. Per page, precision =
shared shingles / kept shingles, recall = shared shingles / gold shingles (a page where nothing is kept has
precision 1, recall 0). Reported per split: mean precision, mean recall and their F1 (the headline figure), the mean
of per-page F1, and pooled (micro) figures.

Writes ``benchmarks/results/webpages.json`` (summary, the tool's largest errors and worst pages, kept noise by kind
and by position, removals by provenance category) and ``benchmarks/results/webpages-pages.json`` (per-page figures,
one page a line), and prints a summary table.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import justext

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make  # noqa: E402  (the page conversion and the mirror reader live there)

DATA_DEFAULT = "/work/data/webpages"
RESULT_DEFAULT = str(HERE.parent / "results" / "webpages.json")
PAGES_RESULT_DEFAULT = str(HERE.parent / "results" / "webpages-pages.json")
N = 4
WORD = re.compile(r"\w+")
SYSTEMS = ("provenance", "justext", "keep-all", "oracle", "justext-html")
REPORT_ITEM = re.compile(r"([a-z][a-z -]*?) \(lines? (\d+)(?:-(\d+))?\)")
CUE = re.compile(
    r"javascript|cookie|continue reading|read more|read the full|subscribe|newsletter|sign ?up|sign in|log ?in|"
    r"register|share|tweet|facebook|twitter|linkedin|pinterest|e-?mail (this|to)|print (this|article)|comments?\b|"
    r"advertis|sponsored|copyright|©|all rights reserved|privacy|terms of (use|service)|click here|"
    r"related (stories|articles|links|content)|most (popular|read|viewed|emailed)|follow us|skip to|back to top",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    """Lowercased ``\\w+`` words of a text."""
    return WORD.findall(text.lower())


def shingle_counts(lines: list[str]) -> Counter:
    """Multiset of word 4-grams of the lines read as one text."""
    w = words(" ".join(lines))
    return Counter(tuple(w[i : i + N]) for i in range(len(w) - N + 1))


def prf(kept: list[str], gold: Counter) -> dict:
    """Shingle precision, recall, F1 of the kept lines against the gold shingles, with the raw counts."""
    pred = shingle_counts(kept)
    tp = sum((pred & gold).values())
    n_pred, n_gold = sum(pred.values()), sum(gold.values())
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def line_labels(lines: list[str], gold_lines: list[str]) -> list[bool]:
    """Mark each page line as article (True) or noise (False).

    A line of 4+ words is article when at least half of its 4-grams are gold 4-grams not yet taken by an earlier
    article line (so the second copy of a paragraph the gold has once is noise). A shorter line is article when
    it is a whole gold line, or when it is 2-3 words found in the gold's word sequence next to (within two lines of)
    a long article line, so that a stray "Home" or "More" is not taken for article because the word occurs in it.
    """
    left = shingle_counts(gold_lines)
    gold_text = " " + " ".join(words(" ".join(gold_lines))) + " "
    gold_whole = {" ".join(words(g)) for g in gold_lines}
    long_article = []
    for line in lines:
        w = words(line)
        if len(w) >= N:
            grams = Counter(tuple(w[i : i + N]) for i in range(len(w) - N + 1))
            hit = grams & left
            is_article = sum(hit.values()) * 2 >= sum(grams.values())
            if is_article:
                left -= hit
            long_article.append(is_article)
        else:
            long_article.append(None)
    labels = []
    for i, line in enumerate(lines):
        if long_article[i] is not None:
            labels.append(long_article[i])
            continue
        w = " ".join(words(line))
        if not w:
            labels.append(False)
        elif w in gold_whole:
            labels.append(True)
        else:
            near = any(long_article[j] for j in range(max(0, i - 2), min(len(lines), i + 3)) if j != i)
            labels.append(len(w.split()) >= 2 and f" {w} " in gold_text and near)
    return labels


def noise_kind(line: str, comment_grams: frozenset = frozenset()) -> str:
    """Rough kind of a noise line: reader comment (per the annotation), cue phrase, menu-like, headline-like, prose."""
    w = words(line)
    if len(w) >= N and comment_grams:
        grams = [tuple(w[i : i + N]) for i in range(len(w) - N + 1)]
        if sum(g in comment_grams for g in grams) * 2 >= len(grams):
            return "reader comment (marked as comment in the annotation)"
    if CUE.search(line):
        return "cue line (share/subscribe/cookie/JavaScript/comments/copyright/read more...)"
    if len(w) <= 3:
        return "short menu-like line (1-3 words)"
    if len(w) <= 20 and not re.search(r"[.!?\"”’)]$", line.strip()):
        return "link/headline-like line (4-20 words, no final punctuation)"
    return "prose-like non-article line"


def kept_indices(before: list[str], after: list[str]) -> list[int]:
    """Indices of the lines of ``before`` that survive in ``after`` (whole lines only are removed)."""
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    kept = []
    for a, _b, size in sm.get_matching_blocks():
        kept.extend(range(a, a + size))
    return kept


def run_provenance(names: list[str], pages: Path) -> tuple[dict[str, list[int]], dict[str, dict[int, str]]]:
    """Run ``provenance clean --strip all`` on a copy of the named pages; return kept line indices and categories.

    The kept lines are those the run's report does not list as removed, checked against the rewritten file (where
    they disagree, the two files are aligned with difflib).
    """
    kept: dict[str, list[int]] = {}
    cats: dict[str, dict[int, str]] = defaultdict(dict)
    with tempfile.TemporaryDirectory(prefix="webpages-") as tmp:
        tmpdir = Path(tmp, "pages")
        tmpdir.mkdir()
        for name in names:
            shutil.copyfile(pages / f"{name}.txt", tmpdir / f"{name}.txt")
        proc = subprocess.run(
            ["provenance", "clean", "--strip", "all", str(tmpdir)], capture_output=True, text=True, check=False
        )
        if proc.returncode not in (0, 1):
            raise SystemExit(f"provenance clean failed ({proc.returncode}): {proc.stderr[-2000:]}")
        for line in (proc.stdout + "\n" + proc.stderr).splitlines():
            if not line.startswith("cleaned ") or ": removed " not in line:
                continue
            path, _, items = line[len("cleaned ") :].partition(": removed ")
            name = Path(path).stem
            for m in REPORT_ITEM.finditer(items):
                first = int(m.group(2))
                last = int(m.group(3) or first)
                for n in range(first, last + 1):
                    cats[name][n - 1] = m.group(1).strip()
        for name in names:
            before = (pages / f"{name}.txt").read_text(encoding="utf-8").splitlines()
            after = (tmpdir / f"{name}.txt").read_text(encoding="utf-8").splitlines()
            reported = [i for i in range(len(before)) if i not in cats.get(name, {})]
            if [before[i] for i in reported] == after:
                kept[name] = reported
            else:  # the report does not account for the rewrite: align the files instead
                kept[name] = kept_indices(before, after)
    return kept, cats


def run_justext(lines: list[str], stoplist: frozenset) -> list[int]:
    """jusText on plain text, one ``<p>`` per line; return the indices of the lines it keeps."""
    from html import escape

    html = "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
    keep_text = Counter(" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate)
    kept = []
    for i, line in enumerate(lines):
        key = " ".join(line.split())
        if keep_text[key] > 0:
            keep_text[key] -= 1
            kept.append(i)
    return kept


def justext_html(raw: bytes, stoplist: frozenset) -> list[str]:
    """jusText on a page's original HTML; return the kept paragraphs."""
    html = make.decode(raw)
    if html.startswith("URL:"):
        html = html.split("\n", 1)[1] if "\n" in html else ""
    try:
        paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
    except Exception:  # a page jusText cannot parse keeps nothing
        return []
    return [p.text for p in paragraphs if not p.is_boilerplate]


def per_page_cap(errors: list[dict], cap: int = 3) -> list[dict]:
    """Keep at most ``cap`` entries of each page, so that one odd page does not fill the list."""
    seen: Counter = Counter()
    out = []
    for e in errors:
        seen[e["page"]] += 1
        if seen[e["page"]] <= cap:
            out.append(e)
    return out


def aggregate(rows: list[dict]) -> dict:
    """Mean precision/recall and their F1, mean per-page F1, and pooled (micro) figures over pages."""
    if not rows:
        return {}
    n = len(rows)
    mp = sum(r["p"] for r in rows) / n
    mr = sum(r["r"] for r in rows) / n
    tp = sum(r["tp"] for r in rows)
    pred = sum(r["pred"] for r in rows)
    gold = sum(r["gold"] for r in rows)
    up, ur = (tp / pred if pred else 1.0), (tp / gold if gold else 1.0)
    return {
        "pages": n,
        "precision": round(mp, 4),
        "recall": round(mr, 4),
        "f1": round(2 * mp * mr / (mp + mr) if mp + mr else 0.0, 4),
        "mean_page_f1": round(sum(r["f1"] for r in rows) / n, 4),
        "micro_precision": round(up, 4),
        "micro_recall": round(ur, 4),
        "micro_f1": round(2 * up * ur / (up + ur) if up + ur else 0.0, 4),
    }


def main(argv: list[str] | None = None) -> int:
    """Run every system on every page, score, and write the result file."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DATA_DEFAULT)
    ap.add_argument("--out", default=RESULT_DEFAULT)
    ap.add_argument("--pages-out", default=PAGES_RESULT_DEFAULT, help="per-page figures (one page a line)")
    ap.add_argument("--no-html", action="store_true", help="skip the jusText-on-HTML reference")
    ap.add_argument("--repo", default=make.REPO_DEFAULT, help="mirror for the original HTML (justext-html)")
    ap.add_argument("--top", type=int, default=40, help="how many of the largest errors to list")
    args = ap.parse_args(argv)
    data = Path(args.data)
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    info = manifest["pages"]
    names = sorted(info)
    pages_dir = data / "pages"
    page_lines = {n: (pages_dir / f"{n}.txt").read_text(encoding="utf-8").splitlines() for n in names}
    gold_lines = {n: (data / "gold" / f"{n}.txt").read_text(encoding="utf-8").splitlines() for n in names}
    comment_lines = {n: (data / "comments" / f"{n}.txt").read_text(encoding="utf-8").splitlines() for n in names}
    stoplist = justext.get_stoplist("English")

    kept: dict[str, dict[str, list[int]]] = {"provenance": {}}
    cats: dict[str, dict[int, str]] = {}
    for split in ("dev", "held"):
        part = [n for n in names if info[n]["split"] == split]
        k, c = run_provenance(part, pages_dir)
        kept["provenance"].update(k)
        cats.update(c)
    kept["justext"] = {n: run_justext(page_lines[n], stoplist) for n in names}
    labels = {n: line_labels(page_lines[n], gold_lines[n]) for n in names}
    kept["keep-all"] = {n: list(range(len(page_lines[n]))) for n in names}
    kept["oracle"] = {n: [i for i, a in enumerate(labels[n]) if a] for n in names}
    html_kept: dict[str, list[str]] = {}
    if not args.no_html:
        repo = args.repo if Path(args.repo, "objects").is_dir() else str(Path(args.repo, ".git"))
        raw = make.read_archive(repo, manifest["commit"], list(make.SOURCES.values()))
        html_kept = {n: justext_html(raw[info[n]["file"]], stoplist) for n in names}

    per_page: dict[str, dict] = {}
    for n in names:
        gold = shingle_counts(gold_lines[n])
        row = {"source": info[n]["source"], "split": info[n]["split"], "lines": len(page_lines[n])}
        for system, by_page in kept.items():
            row[system] = prf([page_lines[n][i] for i in by_page[n]], gold)
        if html_kept:
            row["justext-html"] = prf(html_kept[n], gold)
        per_page[n] = row

    systems = [s for s in SYSTEMS if s in per_page[names[0]]]
    summary: dict = {}
    for split in ("dev", "held", "all"):
        for source in ("l3s", "dragnet", "all"):
            rows = [
                per_page[n]
                for n in names
                if split in ("all", info[n]["split"]) and source in ("all", info[n]["source"])
            ]
            summary[f"{split}/{source}"] = {s: aggregate([r[s] for r in rows]) for s in systems}

    # The tool's errors, line by line.
    kept_noise, removed_article = [], []
    noise_by_kind: dict[str, dict[str, Counter]] = {s: defaultdict(Counter) for s in ("provenance", "justext")}
    noise_by_where: dict[str, Counter] = {s: Counter() for s in ("provenance", "justext")}
    removed_by_cat: dict[str, Counter] = defaultdict(Counter)
    frequent_noise: dict[str, set] = defaultdict(set)
    for n in names:
        keep_p = set(kept["provenance"][n])
        article_at = [i for i, a in enumerate(labels[n]) if a] or [0]
        comment_grams = frozenset(shingle_counts(comment_lines[n]))
        for system in ("provenance", "justext"):
            keep_s = set(kept[system][n])
            for i, line in enumerate(page_lines[n]):
                if i in keep_s and not labels[n][i]:
                    nw = len(words(line))
                    noise_by_kind[system][info[n]["split"]][noise_kind(line, comment_grams)] += nw
                    where = "before" if i < article_at[0] else "after" if i > article_at[-1] else "inside"
                    noise_by_where[system][f"{where} the article"] += nw
        for i, line in enumerate(page_lines[n]):
            nw = len(words(line))
            if i in keep_p and not labels[n][i]:
                frequent_noise[" ".join(line.split()).lower()].add(n)
                kept_noise.append(
                    {"page": n, "line": i + 1, "words": nw, "kind": noise_kind(line, comment_grams), "text": line}
                )
            elif i not in keep_p:
                cat = cats.get(n, {}).get(i, "?")
                removed_by_cat[cat]["article_words" if labels[n][i] else "noise_words"] += nw
                removed_by_cat[cat]["article_lines" if labels[n][i] else "noise_lines"] += 1
                if labels[n][i]:
                    removed_article.append({"page": n, "line": i + 1, "words": nw, "category": cat, "text": line})
    kept_noise = per_page_cap(sorted(kept_noise, key=lambda e: (-e["words"], e["page"], e["line"])))
    removed_article = per_page_cap(sorted(removed_article, key=lambda e: (-e["words"], e["page"], e["line"])))
    worst = sorted(names, key=lambda n: (per_page[n]["provenance"]["f1"], n))[: args.top]
    kept_noise_words = {s: {sp: dict(c.most_common()) for sp, c in d.items()} for s, d in noise_by_kind.items()}
    result = {
        "measure": f"word {N}-gram shingles (lowercased \\w+ words), multiset; per page P/R; "
        "f1 = F1 of mean P and mean R; mean_page_f1; micro_* pooled over pages",
        "data": {"commit": manifest["commit"], "pages": len(names), "excluded": len(manifest["excluded"])},
        "summary": summary,
        "kept_noise_words_by_kind": kept_noise_words,
        "kept_noise_words_by_position": {k: dict(v.most_common()) for k, v in noise_by_where.items()},
        "provenance_removed_by_category": {c: dict(v) for c, v in sorted(removed_by_cat.items())},
        "provenance_largest_kept_noise": kept_noise[: args.top],
        "provenance_largest_removed_article": removed_article[: args.top],
        "provenance_frequent_kept_noise": [
            {"text": t, "pages": len(p)}
            for t, p in sorted(frequent_noise.items(), key=lambda kv: (-len(kv[1]), kv[0]))[: args.top]
        ],
        "provenance_worst_pages": [{"page": n, **per_page[n]["provenance"]} for n in worst],
        "per_page_file": Path(args.pages_out).name,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = [f"{json.dumps(n)}: {json.dumps(per_page[n], separators=(',', ':'))}" for n in names]
    Path(args.pages_out).write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")
    print_report(result, systems)
    return 0


def print_report(result: dict, systems: list[str]) -> None:
    """Print the summary table and the heads of the error lists."""
    print(f"{'split/source':16} {'system':13} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'pageF1':>6} {'microF1':>7}")
    for key, by_system in result["summary"].items():
        for s in systems:
            a = by_system[s]
            print(
                f"{key:16} {s:13} {a['pages']:5d} {a['precision']:6.3f} {a['recall']:6.3f} {a['f1']:6.3f} "
                f"{a['mean_page_f1']:6.3f} {a['micro_f1']:7.3f}"
            )
    print("\nkept noise words by kind (provenance, all pages):")
    total: Counter = Counter()
    for c in result["kept_noise_words_by_kind"]["provenance"].values():
        total.update(c)
    for kind, w in total.most_common():
        print(f"  {w:8d}  {kind}")
    print("kept noise words by position (provenance, all pages):")
    for where, w in result["kept_noise_words_by_position"]["provenance"].items():
        print(f"  {w:8d}  {where}")
    print("\nprovenance removals by category (article words / noise words removed):")
    for cat, c in result["provenance_removed_by_category"].items():
        print(f"  {cat:16} article {c.get('article_words', 0):7d}  noise {c.get('noise_words', 0):8d}")
    print("\nlargest removed article lines:")
    for e in result["provenance_largest_removed_article"][:10]:
        print(f"  {e['page']}:{e['line']} [{e['category']}] {e['words']}w {e['text'][:100]}")
    print("\nmost frequent kept noise lines (pages):")
    for e in result["provenance_frequent_kept_noise"][:25]:
        print(f"  {e['pages']:4d}  {e['text'][:100]}")
    print("\nlargest kept noise lines:")
    for e in result["provenance_largest_kept_noise"][:10]:
        print(f"  {e['page']}:{e['line']} {e['words']}w {e['text'][:100]}")


if __name__ == "__main__":
    sys.exit(main())
