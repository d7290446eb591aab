"""Benchmark ``provenance scan`` on a synthetic corpus with planted duplication.

Usage::

    python benchmarks/run.py [--n 10000] [--jobs 2] [--runs 3] [--workdir benchmarks/out]
                             [--baseline [--baseline-jobs 1]]

Generates the corpus with ``make_corpus.py`` (once per ``n``/seed), runs the
``provenance`` command ``--runs`` times as a separate process (page cache warm:
every file is read just before each timed run, of either tool, since this
VM's memory reclaim evicts the corpus between runs), and reports the median wall time, documents/s, MB/s, the peak
resident memory of the largest process, a stage-by-stage profile from one
in-process run, and recall/precision of the planted items:

* near-duplicate pairs (exact, 5-15% edited, re-ordered, added paragraph):
  found when a ``duplicate-document`` finding names both documents;
* partial reuse: found when a ``shared-passage`` (or ``duplicate-document``)
  between source and target overlaps the planted span in both;
* doubled blocks: found when a ``repeated-block`` overlaps the second copy;
* precision of reported duplicate pairs: a pair is right when both documents
  belong to one planted cluster (copies of one original are duplicates of
  each other too).

With ``--baseline`` the same run also times the datasketch batch-API pipeline
(``baseline_datasketch.py``, single process unless ``--baseline-jobs``) on the
same corpus, as a subprocess measured the same way, the same number of runs,
alternating with the ``provenance`` runs so both see the same machine load.
Its pairs are scored with the same rules, as if each were a
``duplicate-document`` finding (so a partial-reuse item counts as found when
a pair names its source and target, and doubled blocks are never found). The
result then has a ``baseline`` block and ``ratio``: baseline / provenance for
the median wall time and the peak RSS (above 1: ``provenance`` is faster or
smaller).

The result is printed and written to ``WORKDIR/result-N-jJOBS.json``; the
reports to ``WORKDIR/report-N.json`` and ``WORKDIR/baseline-N.json``. From
Python, ``measure(...)`` returns the result dict (``scaling.py`` uses it).

Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import generate  # noqa: E402


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cores = len(os.sched_getaffinity(0))
    return f"{cpu}, {cores} cores available, {mem:.0f} GiB, Python {platform.python_version()}"


def corpus(workdir: Path, n: int, seed: int) -> tuple[Path, dict]:
    root = workdir / f"corpus-{n}-{seed}"
    gold_path = root / "gold.json"
    if not gold_path.exists():
        started = time.perf_counter()
        generate(root, n=n, seed=seed)
        print(f"generated {n} articles in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return root / "docs", json.loads(gold_path.read_text())


def warm(docs: Path) -> None:
    """Read every file of the corpus, so that the timed run finds it in the page cache."""
    for path in docs.iterdir():
        path.read_bytes()


def run_cli(docs: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``provenance scan`` process tree."""
    cmd = [sys.executable, "-m", "provenance.cli", "scan", str(docs), "--format", "json", "--output", str(out)]
    cmd += ["--jobs", str(jobs), "--quiet"]
    return run_measured(cmd)


def run_baseline(docs: Path, out: Path, jobs: int = 1) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``baseline_datasketch.py`` process tree."""
    cmd = [sys.executable, str(HERE / "baseline_datasketch.py"), str(docs), "--output", str(out)]
    cmd += ["--jobs", str(jobs)]
    return run_measured(cmd)


def run_measured(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the largest process of one command's tree."""
    # A fresh interpreter per run so that ru_maxrss belongs to this run alone.
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True)
    wall, rss_kib = result.stdout.split()
    return float(wall), int(rss_kib) / 1024


def overlaps(span: dict, doc: str, start: int, end: int) -> bool:
    return span["doc"] == doc and span["start"] < end and start < span["end"]


def score(report: dict, gold: dict) -> dict:
    findings = report["findings"]
    # Version 2 reports a group of copies once; its pairs are every two members.
    dup_pairs = {
        frozenset((a, b))
        for f in findings
        if f["kind"] == "duplicate-document"
        for i, a in enumerate(f["docs"])
        for b in f["docs"][i + 1 :]
    }
    recall: dict[str, list[bool]] = defaultdict(list)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    planted: set[str] = set()
    for p in gold["pairs"]:
        recall[p["kind"]].append(frozenset((p["a"], p["b"])) in dup_pairs)
        parent[root(p["a"])] = root(p["b"])
        planted.update((p["a"], p["b"]))
    for p in gold["partial"]:
        (s0, s1), (t0, t1) = p["source_span"], p["target_span"]
        hit = frozenset((p["source"], p["target"])) in dup_pairs or any(
            f["kind"] == "shared-passage"
            and any(overlaps(s, p["source"], s0, s1) for s in f["spans"])
            and any(overlaps(s, p["target"], t0, t1) for s in f["spans"])
            for f in findings
        )
        recall["partial"].append(hit)
    blocks_by_doc = defaultdict(list)
    for f in findings:
        if f["kind"] == "repeated-block":
            blocks_by_doc[f["span"]["doc"]].append(f["span"])
    for p in gold["doubled"]:
        s0, s1 = p["second"]
        recall["doubled"].append(any(overlaps(s, p["doc"], s0, s1) for s in blocks_by_doc[p["doc"]]))
    correct = sum(1 for pair in dup_pairs if pair <= planted and len({root(d) for d in pair}) == 1)
    near = [hit for kind in ("exact", "edited", "reordered", "added-paragraph") for hit in recall[kind]]
    return {
        "recall": {k: round(sum(v) / len(v), 4) for k, v in sorted(recall.items()) if v},
        "recall_near_duplicates": round(sum(near) / len(near), 4) if near else None,
        "precision_duplicate_pairs": round(correct / len(dup_pairs), 4) if dup_pairs else None,
        "reported": {
            kind: sum(1 for f in findings if f["kind"] == kind)
            for kind in ("repeated-block", "duplicate-document", "shared-passage", "boilerplate")
        },
    }


def score_pairs(pairs: list[list[str]], gold: dict) -> dict:
    """``score`` for a tool that reports document pairs only (the baseline)."""
    findings = [{"kind": "duplicate-document", "docs": list(pair)} for pair in pairs]
    scored = score({"findings": findings}, gold)
    del scored["reported"]
    return {**scored, "reported_pairs": len(pairs)}


def baseline_version() -> str:
    from importlib.metadata import version

    return f"datasketch {version('datasketch')} batch API (MinHash.generator, MinHashLSH threshold 0.8, 128 perm)"


def timing(timed: list[tuple[float, float]], n: int, size_mb: float) -> dict:
    """Runs, median wall time, throughput and peak RSS of ``(wall, rss)`` measurements."""
    wall = statistics.median(w for w, _ in timed)
    return {
        "runs": [round(w, 2) for w, _ in timed],
        "median_wall_s": round(wall, 2),
        "docs_per_s": round(n / wall),
        "mb_per_s": round(size_mb / wall, 2),
        "peak_rss_mib": round(max(r for _, r in timed)),
    }


def profile(docs: Path, jobs: int) -> dict[str, float]:
    import provenance

    warm(docs)
    report = provenance.scan([docs], jobs=jobs)
    return {k: round(v, 3) for k, v in report.timings.items()}


def measure(
    n: int,
    seed: int = 0,
    jobs: int = 2,
    runs: int = 3,
    workdir: Path = HERE / "out",
    baseline: bool = False,
    baseline_jobs: int = 1,
) -> dict:
    """Generate (or reuse) the corpus, time and score; the result dict ``main`` prints."""
    workdir.mkdir(parents=True, exist_ok=True)
    docs, gold = corpus(workdir, n, seed)
    size_mb = sum(p.stat().st_size for p in docs.iterdir()) / 1e6
    out = workdir / f"report-{n}.json"
    base_out = workdir / f"baseline-{n}.json"
    timed, base_timed = [], []
    for _ in range(runs):
        warm(docs)
        timed.append(run_cli(docs, out, jobs))
        if baseline:
            warm(docs)
            base_timed.append(run_baseline(docs, base_out, baseline_jobs))
    result = {
        "machine": machine(),
        "n": n,
        "megabytes": round(size_mb, 1),
        "jobs": jobs,
        **timing(timed, n, size_mb),
        "stages_s": profile(docs, jobs),
        **score(json.loads(out.read_text()), gold),
    }
    if baseline:
        result["baseline"] = {
            "tool": baseline_version(),
            "jobs": baseline_jobs,
            **timing(base_timed, n, size_mb),
            **score_pairs(json.loads(base_out.read_text())["pairs"], gold),
        }
        result["ratio"] = {
            "wall": round(statistics.median(w for w, _ in base_timed) / statistics.median(w for w, _ in timed), 2),
            "peak_rss": round(max(r for _, r in base_timed) / max(r for _, r in timed), 2),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument("--baseline", action="store_true", help="also time the datasketch batch-API pipeline")
    parser.add_argument("--baseline-jobs", type=int, default=1, help="processes for the baseline (default 1)")
    args = parser.parse_args()
    result = measure(args.n, args.seed, args.jobs, args.runs, args.workdir, args.baseline, args.baseline_jobs)
    print(json.dumps(result, indent=2))
    (args.workdir / f"result-{args.n}-j{args.jobs}.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
