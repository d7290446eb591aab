"""Score ``provenance scan`` on the labelled real-news corpus (see ``make.py``, ``labels.py`` and ``SOURCE.md``).

Usage::

    python benchmarks/realnews/make.py          # once: writes /work/data/realnews/{corpus,labels.json}
    python benchmarks/realnews/evaluate.py [--data /work/data/realnews] [--out benchmarks/results/realnews.json]

Runs the CLI (``provenance scan CORPUS --format json``) and compares its report with the labels:

* shared passages, as pairs of documents. A reported pair is any two distinct documents that appear together in one
  ``shared-passage`` finding (variant ``passages``) or in one ``shared-passage`` or ``duplicate-document`` finding
  (variant ``passages+duplicates``). A positive is a pair whose article texts share a run of 20+ words (the oracle of
  ``labels.py``). Precision, recall and F1 per variant; recall by the length of the longest shared run; the false
  positives with the words, similarity and text of the finding and the pair's longest true shared run (so that one
  can see what is wrong; pairs that share only our added furniture are counted and summarised per finding instead of
  listed one by one), and the missed positives. Two more
  variants are diagnostics only, not the acceptance figure: ``passages(words>=20)+duplicates`` keeps only
  shared-passage findings of 20+ words, and ``passages+duplicates, furniture pairs ignored`` leaves out the pairs that
  share our added furniture and no 20-word run of article text (how the tool does apart from the furniture).
* agencies: every agency named by a segment attribution. The labels have no agency credit at all (Wikinews prints
  none), so every named agency is unsupported; those outside ``provenance.cues.agencies.AGENCIES`` are listed apart.
* dates: each document's ``publication.date`` against the date of its own date line: right, wrong (a date that is
  not the labelled one, including a date where the label is null), null where a date was labelled, null where none.
* boilerplate: the share of the added furniture blocks (editor's note, newsletter pitch) that ``boilerplate``
  findings cover (80%+ of the block's characters), by category found.

Prints a summary and writes everything to the ``--out`` JSON. It measures; it changes nothing in the tool.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = Path("/work/data/realnews")
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "realnews.json"
BUCKETS = [(20, 29), (30, 49), (50, 99), (100, 10**9)]
COVERED = 0.8


def run_scan(corpus: Path) -> dict:
    """The JSON report of ``provenance scan`` on ``corpus``."""
    exe = shutil.which("provenance")
    cmd = [exe] if exe else [sys.executable, "-m", "provenance"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run([*cmd, "scan", str(corpus), "--format", "json", "-o", str(out)], capture_output=True)
        if not out.exists():
            sys.exit(f"provenance scan failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def code_state() -> dict:
    """The commit of the checkout and the files under provenance/ that differ from it (others edit it live)."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "provenance"], capture_output=True, text=True)
    return {"commit": head, "uncommitted_changes_in_provenance": dirty.stdout.split("\n")[:-1]}


def _prf(reported: set, positives: set) -> dict:
    tp = len(reported & positives)
    p = tp / len(reported) if reported else 1.0
    r = tp / len(positives) if positives else 1.0
    return {
        "reported": len(reported),
        "true_positives": tp,
        "false_positives": len(reported - positives),
        "false_negatives": len(positives - reported),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }


def _overlaps(span: tuple[int, int], blocks: list[dict]) -> bool:
    return any(span[0] < b["end"] and b["start"] < span[1] for b in blocks)


def score(report: dict, labels: dict, corpus: Path) -> dict:
    """Every figure and list described in the module docstring."""
    docs = labels["documents"]
    texts = {d: (corpus / d).read_text(encoding="utf-8") for d in docs}
    furniture = labels["boilerplate"]
    positives = {tuple(p["docs"]): p for p in labels["shared_passage_pairs"]}
    near = {tuple(p["docs"]): p for p in labels["near_miss_pairs"]}
    furniture_pairs = {
        tuple(sorted(p)) for members in labels["furniture_groups"].values() for p in combinations(members, 2)
    }

    # --- shared passages -------------------------------------------------------------------------------------
    passage_pairs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    duplicate_pairs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for f in report["findings"]:
        if f["kind"] == "shared-passage":
            for a, b in combinations(sorted({s["doc"] for s in f["spans"]}), 2):
                passage_pairs[(a, b)].append(f)
        elif f["kind"] == "duplicate-document":
            for a, b in combinations(sorted(set(f["docs"])), 2):
                duplicate_pairs[(a, b)].append(f)
    both = set(passage_pairs) | set(duplicate_pairs)
    pos = set(positives)
    long_pairs = {p for p, fs in passage_pairs.items() if any((f.get("words") or 0) >= 20 for f in fs)}
    reported_sets = {
        "passages": set(passage_pairs),
        "passages+duplicates": both,
        "diagnostic: passages(words>=20)+duplicates": long_pairs | set(duplicate_pairs),
        "diagnostic: passages+duplicates, furniture pairs ignored": both - (furniture_pairs - pos),
    }
    variants = {name: _prf(reported, pos) for name, reported in reported_sets.items()}
    for name, reported in reported_sets.items():
        buckets = {}
        for lo, hi in BUCKETS:
            inside = [p for p in pos if lo <= positives[p]["longest_run"] <= hi]
            buckets[f"{lo}-{hi if hi < 10**9 else 'up'}"] = f"{sum(p in reported for p in inside)}/{len(inside)}"
        variants[name]["recall_by_longest_run"] = buckets
        variants[name]["near_misses_reported"] = f"{len(reported & set(near))}/{len(near)}"

    false_positives = []
    furniture_findings: dict[str, dict] = {}
    furniture_only_count = 0
    for pair in sorted(both - pos):
        rows = []
        furniture_only = True
        for f in passage_pairs.get(pair, []):
            spans = [s for s in f["spans"] if s["doc"] in pair]
            touches = all(_overlaps((s["start"], s["end"]), furniture.get(s["doc"], [])) for s in spans)
            furniture_only &= touches
            rows.append(
                {
                    "kind": "shared-passage",
                    "words": f.get("words"),
                    "similarity": f.get("similarity"),
                    "quoted": f.get("quoted"),
                    "touches_added_furniture": touches,
                    "text": {s["doc"]: " ".join(texts[s["doc"]][s["start"] : s["end"]].split())[:400] for s in spans},
                }
            )
        for f in duplicate_pairs.get(pair, []):
            furniture_only = False
            rows.append(
                {
                    "kind": "duplicate-document",
                    "similarity": f.get("similarity"),
                    "containment": {d: f["containment"].get(d) for d in pair},
                }
            )
        truth = near.get(pair)
        if furniture_only and pair in furniture_pairs:
            furniture_only_count += 1
            for f in passage_pairs[pair]:
                entry = furniture_findings.setdefault(
                    f["id"],
                    {
                        "finding": f["id"],
                        "docs": len({s["doc"] for s in f["spans"]}),
                        "words": f.get("words"),
                        "similarity": f.get("similarity"),
                        "text": " ".join(
                            texts[f["spans"][0]["doc"]][f["spans"][0]["start"] : f["spans"][0]["end"]].split()
                        ),
                        "false_pairs": 0,
                    },
                )
                entry["false_pairs"] += 1
            continue
        false_positives.append(
            {
                "pair": list(pair),
                "titles": [docs[d]["title"] for d in pair],
                "oracle_longest_run": truth["longest_run"] if truth else "<10",
                "oracle_run": truth["run"] if truth else None,
                "same_added_furniture": pair in furniture_pairs,
                "findings": rows,
            }
        )
    missed = [
        {
            "pair": list(p),
            "titles": [docs[d]["title"] for d in p],
            "longest_run": positives[p]["longest_run"],
            "run": positives[p]["run"],
            "reported_as_duplicate_only": p in duplicate_pairs,
        }
        for p in sorted(pos - set(passage_pairs))
    ]

    # --- agencies and dates -------------------------------------------------------------------------------------
    sys.path.insert(0, str(ROOT))
    from provenance.cues.agencies import AGENCIES

    known = {name for name, _ in AGENCIES}
    reported_docs = {d["id"]: d for d in report["documents"]}
    agencies: list[dict] = []
    dates = Counter()
    wrong_dates = []
    for doc, label in sorted(docs.items()):
        rd = reported_docs.get(doc)
        if rd is None:
            dates["document missing from report"] += 1
            continue
        for seg in rd.get("segments", []):
            for att in seg.get("attributions", []):
                ev = att.get("evidence") or []
                agencies.append(
                    {
                        "doc": doc,
                        "agency": att["agency"],
                        "known": att["agency"] in known,
                        "kinds": att.get("kinds"),
                        "evidence": [texts[doc][e["start"] : e["end"]] for e in ev if e.get("doc", doc) == doc],
                    }
                )
        got = (rd.get("publication") or {}).get("date")
        want = label["date"]
        if got is None:
            dates["null (labelled date)" if want else "null (no date labelled)"] += 1
        elif got == want:
            dates["right"] += 1
        else:
            dates["wrong"] += 1
            ev = (rd.get("publication") or {}).get("evidence") or {}
            wrong_dates.append(
                {
                    "doc": doc,
                    "reported": got,
                    "labelled": want,
                    "source": (rd.get("publication") or {}).get("source"),
                    "evidence": texts[doc][ev["start"] : ev["end"]] if "start" in ev else None,
                }
            )

    # --- boilerplate ------------------------------------------------------------------------------------------------
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for f in report["findings"]:
        if f["kind"] == "boilerplate":
            spans[f["span"]["doc"]].append((f["span"]["start"], f["span"]["end"], f.get("category") or "?"))
    blocks = Counter()
    covered = Counter()
    categories: dict[str, Counter] = defaultdict(Counter)
    for doc, items in sorted(furniture.items()):
        for b in items:
            blocks[b["kind"]] += 1
            chars = set()
            cats = set()
            for s, e, cat in spans.get(doc, []):
                if s < b["end"] and b["start"] < e:
                    chars.update(range(max(s, b["start"]), min(e, b["end"])))
                    cats.add(cat)
            if len(chars) >= COVERED * (b["end"] - b["start"]):
                covered[b["kind"]] += 1
                categories[b["kind"]].update(cats)
    furniture_doc_set = set(furniture)
    other_boilerplate = Counter(
        cat
        for doc, items in spans.items()
        for s, e, cat in items
        if doc not in furniture_doc_set or not _overlaps((s, e), furniture[doc])
    )

    return {
        "corpus": str(corpus),
        "labels_summary": labels["summary"],
        "tool": report.get("tool"),
        "findings": dict(Counter(f["kind"] for f in report["findings"])),
        "shared_passages": variants,
        "reported_pairs_sharing_only_furniture": furniture_only_count,
        "furniture_only_false_positives_by_finding": sorted(
            furniture_findings.values(), key=lambda x: -x["false_pairs"]
        ),
        "agencies": {
            "labelled_credits": 0,
            "named": dict(Counter(a["agency"] for a in agencies)),
            "documents_with_an_agency": len({a["doc"] for a in agencies}),
            "outside_known_list": [a for a in agencies if not a["known"]],
            "all": agencies,
        },
        "dates": {"counts": dict(dates), "wrong": wrong_dates},
        "boilerplate": {
            "added_blocks": dict(blocks),
            "covered": dict(covered),
            "recall": round(sum(covered.values()) / sum(blocks.values()), 4) if blocks else None,
            "covered_by_category": {k: dict(v) for k, v in categories.items()},
            "other_boilerplate_findings_by_category": dict(other_boilerplate),
        },
        "false_positives": false_positives,
        "missed_positives": missed,
    }


def scan_and_score(
    description: str, default_data: Path, default_out: Path, scorer: Callable[..., dict]
) -> tuple[dict, Path]:
    """The command line both scorers share: scan ``--data``/corpus, score the
    report against ``--data``/labels.json with ``scorer(report, labels,
    corpus)``, write the result (with the code's state and the scan's time)
    to ``--out``, and return it and where it went."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", type=Path, default=default_data, help="folder holding corpus/ and labels.json")
    ap.add_argument("--out", type=Path, default=default_out)
    args = ap.parse_args()
    labels = json.loads((args.data / "labels.json").read_text(encoding="utf-8"))
    corpus = args.data / "corpus"
    state = code_state()
    started = time.perf_counter()
    report = run_scan(corpus)
    result = {"code": state, "scan_seconds": round(time.perf_counter() - started, 2), **scorer(report, labels, corpus)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return result, args.out


def main() -> None:
    """Command line: scan, score, print, save."""
    result, out = scan_and_score(__doc__.split("\n")[0], DEFAULT_DATA, DEFAULT_OUT, score)
    print(f"code: {result['code']}; scan {result['scan_seconds']} s")
    print(f"labels: {result['labels_summary']}")
    print(f"findings: {result['findings']}")
    for name, v in result["shared_passages"].items():
        print(
            f"{name:58} P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f} "
            f"(reported {v['reported']}, TP {v['true_positives']}, FP {v['false_positives']}, "
            f"FN {v['false_negatives']}) recall by run {v['recall_by_longest_run']} "
            f"near misses reported {v['near_misses_reported']}"
        )
    print(f"reported pairs sharing only added furniture: {result['reported_pairs_sharing_only_furniture']}")
    a = result["agencies"]
    print(
        f"agencies named: {a['named']} in {a['documents_with_an_agency']} docs; outside known list: "
        f"{len(a['outside_known_list'])}"
    )
    print(f"dates: {result['dates']['counts']}")
    b = result["boilerplate"]
    print(
        f"boilerplate: covered {b['covered']} of {b['added_blocks']} (recall {b['recall']}), "
        f"by category {b['covered_by_category']}; "
        f"other boilerplate findings {b['other_boilerplate_findings_by_category']}"
    )
    for ff in result["furniture_only_false_positives_by_finding"]:
        print(
            f"  furniture finding {ff['finding']}: {ff['docs']} docs, {ff['false_pairs']} false pairs: "
            f"{ff['text'][:80]}"
        )
    for fp in result["false_positives"]:
        f0 = fp["findings"][0]
        print(
            f"  FP {fp['pair']} oracle run {fp['oracle_longest_run']} {f0['kind']} words={f0.get('words')} "
            f"sim={f0.get('similarity')}"
        )
    print(f"written {out}")


if __name__ == "__main__":
    main()
