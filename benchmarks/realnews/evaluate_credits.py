"""Score the credits (attributions) and publication dates of ``provenance scan`` on the credits-and-dates set.

Usage::

    python benchmarks/realnews/make_credits.py      # once: writes /work/data/realnews-credits/{corpus,labels.json}
    python benchmarks/realnews/evaluate_credits.py [--data /work/data/realnews-credits]
        [--out benchmarks/results/realnews-credits.json]

Runs the CLI (``provenance scan CORPUS --format json``) and compares each document's segment attributions and
``publication.date`` with the hand labels of ``make_credits.py``:

* agencies, per document: a named agency is **right** when it matches a labelled credit (one of the label's
  ``names``, case-insensitively, either way round as a substring), **wrong** when it matches none; a labelled credit
  with a name that no named agency matches is **missed**. A labelled credit line whose outlet name the text does not
  hold (the dump lost it) expects nothing. Every wrong or right one is listed with its kinds, confidence and evidence
  text; every missed one with its line.
* the acceptance check "no agency outside the known list without a credit-line reason": every named agency not in
  ``provenance.cues.agencies.AGENCIES`` (by canonical name), and whether one of its kinds is a credit-line kind
  (``CREDIT_LINE_KINDS``).
* dates: right, wrong (a date that is not the labelled one, including a date where none is labelled, with the
  evidence text), null where a date was labelled (listed with the labelled date line), null where none was.

Prints a summary and every wrong item; writes everything to ``--out``. It measures; it changes nothing in the tool.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from evaluate import scan_and_score  # noqa: E402

DEFAULT_DATA = Path("/work/data/realnews-credits")
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "realnews-credits.json"
CREDIT_LINE_KINDS = frozenset({"credit", "sign-off", "dateline", "via", "contributed", "digest"})


def _matches(agency: str, names: list[str]) -> bool:
    a = agency.casefold()
    return any(n.casefold() in a or a in n.casefold() for n in names)


def _evidence(text: str, att: dict, doc: str) -> list[str]:
    return [text[e["start"] : e["end"]] for e in att.get("evidence") or [] if e.get("doc", doc) == doc]


def _context(text: str, att: dict, doc: str, reach: int = 160) -> list[str]:
    """Each evidence span with up to ``reach`` characters of its paragraph before it, so that a reader sees what
    the credit form matched in."""
    out = []
    for e in att.get("evidence") or []:
        if e.get("doc", doc) != doc:
            continue
        start = max(text.rfind("\n\n", 0, e["start"]) + 2, e["start"] - reach)
        out.append(" ".join(text[start : e["end"]].split()))
    return out


def score(report: dict, labels: dict, corpus: Path) -> dict:
    """Every figure and list described in the module docstring."""
    from provenance.cues.agencies import AGENCIES

    known = {name for name, _ in AGENCIES}
    docs = labels["documents"]
    reported = {d["id"]: d for d in report["documents"]}
    agencies = Counter()
    dates = Counter()
    rows: dict[str, list[dict]] = {"right": [], "wrong": [], "missed": []}
    outside, wrong_dates, null_dates, per_doc = [], [], [], {}
    for doc, label in sorted(docs.items()):
        text = (corpus / doc).read_text(encoding="utf-8")
        rd = reported.get(doc)
        if rd is None:
            dates["document missing from report"] += 1
            agencies["document missing from report"] += 1
            continue
        named = []
        for seg in rd.get("segments", []):
            for att in seg.get("attributions", []):
                named.append(
                    {
                        "doc": doc,
                        "group": label["group"],
                        "agency": att["agency"],
                        "known": att["agency"] in known,
                        "kinds": att.get("kinds"),
                        "credit_line_kind": bool(set(att.get("kinds") or ()) & CREDIT_LINE_KINDS),
                        "confidence": att.get("confidence"),
                        "evidence": _evidence(text, att, doc),
                        "context": _context(text, att, doc),
                    }
                )
        credits = [c for c in label["credits"] if c["names"]]
        for n in named:
            hit = [c for c in credits if _matches(n["agency"], c["names"])]
            verdict = "right" if hit else "wrong"
            agencies[verdict] += 1
            rows[verdict].append({**n, "labelled": [c["source"] for c in label["credits"]]})
            if not n["known"]:
                outside.append(n)
        for c in credits:
            if not any(_matches(n["agency"], c["names"]) for n in named):
                agencies["missed"] += 1
                rows["missed"].append(
                    {"doc": doc, "source": c["source"], "form": c["form"], "line": c["line"], "named": named}
                )
        if not named and not credits:
            agencies["documents rightly naming none"] += 1
        pub = rd.get("publication") or {}
        got, want = pub.get("date"), label["date"]
        if got is None:
            verdict = "null (labelled date)" if want else "null (no date labelled)"
            if want:
                null_dates.append({"doc": doc, "group": label["group"], "labelled": want, "line": label["date_line"]})
        elif got == want:
            verdict = "right"
        else:
            verdict = "wrong"
            ev = pub.get("evidence") or {}
            wrong_dates.append(
                {
                    "doc": doc,
                    "group": label["group"],
                    "reported": got,
                    "labelled": want,
                    "source": pub.get("source"),
                    "evidence": text[ev["start"] : ev["end"]] if "start" in ev else None,
                }
            )
        dates[verdict] += 1
        per_doc[doc] = {
            "group": label["group"],
            "labelled_credits": [c["source"] for c in label["credits"]],
            "named": [n["agency"] for n in named],
            "labelled_date": want,
            "reported_date": got,
            "date_verdict": verdict,
        }
    by_group = Counter((r["group"], k) for k, items in rows.items() for r in items if "group" in r)
    return {
        "corpus": str(corpus),
        "labels_summary": labels["summary"],
        "tool": report.get("tool"),
        "agencies": {
            "counts": dict(agencies),
            "labelled_credits_with_a_name": sum(1 for d in docs.values() for c in d["credits"] if c["names"]),
            "named_by_group": {f"{g}/{k}": v for (g, k), v in sorted(by_group.items())},
            "outside_known_list": len(outside),
            "outside_known_list_without_credit_line_kind": [n for n in outside if not n["credit_line_kind"]],
            "outside_known_list_all": outside,
            "right": rows["right"],
            "wrong": rows["wrong"],
            "missed": rows["missed"],
        },
        "dates": {"counts": dict(dates), "wrong": wrong_dates, "null_where_labelled": null_dates},
        "per_document": per_doc,
    }


def main() -> None:
    """Command line: scan, score, print, save."""
    result, out = scan_and_score(__doc__.split("\n")[0], DEFAULT_DATA, DEFAULT_OUT, score)
    a, d = result["agencies"], result["dates"]
    print(f"code: {result['code']}; scan {result['scan_seconds']} s")
    print(f"labels: {result['labels_summary']}")
    print(f"agencies: {a['counts']} (labelled credits with a name: {a['labelled_credits_with_a_name']})")
    print(
        f"outside the known list: {a['outside_known_list']}, of which without a credit-line kind: "
        f"{len(a['outside_known_list_without_credit_line_kind'])}"
    )
    for verdict in ("wrong", "right"):
        for r in a[verdict]:
            ev = " | ".join(r["context"])
            print(
                f"  {verdict.upper()} {r['doc']}: {r['agency']} {r['kinds']} conf {r['confidence']} known={r['known']}"
            )
            print(f"      evidence in context: {ev}")
    for r in a["missed"]:
        print(f"  MISSED {r['doc']}: {r['source']} ({r['form']}): {r['line'][:140]}")
    print(f"dates: {d['counts']}")
    for w in d["wrong"]:
        print(
            f"  WRONG DATE {w['doc']}: reported {w['reported']} labelled {w['labelled']} ({w['source']}): "
            f"{w['evidence']}"
        )
    for n in d["null_where_labelled"]:
        print(f"  NULL DATE {n['doc']}: labelled {n['labelled']} from the line {n['line']!r}")
    print(f"written {out}")


if __name__ == "__main__":
    main()
