"""Benchmark ``provenance scan`` against a datasketch MinHashLSH grouping on wire-copy-shaped corpora of real news.

Usage::

    python benchmarks/clusters.py --source /work/data/news --sizes 10000,100000 --runs 3 --jobs 2 \\
        [--workdir benchmarks/out] [--seed 0] [--timeout SECONDS] [--provenance "CMD ..."] [--threshold 0.6]

``--source`` is the folder of source articles that ``make_clusters.py --extract-from`` writes (its docstring says
where the text comes from and how to obtain it). For each size the corpus is generated once with
``make_clusters.generate`` and cached as ``WORKDIR/clusters-corpus-N-SEED/`` (``corpus/`` and ``gold.json``; delete
it after changing the generator). ``benchmarks/out`` is git-ignored, but the corpora are derived from fetched text:
a ``--workdir`` outside the repository (``/work/data/bench``) keeps them out of it altogether.

What it measures
----------------
``--runs`` times each, alternating, with the page cache warm (every file is read just before each timed run, with
``run.warm``, as ``run.py`` does):

* ``provenance scan CORPUS --format json --output REPORT -j JOBS -q``, the installed ``provenance`` command next to
  this interpreter (or ``--provenance``, e.g. ``"env PYTHONPATH=/src python -m provenance.cli"``);
* ``baseline_clusters.py CORPUS --output GROUPS --jobs JOBS`` (MinHashLSH at its best threshold on the 10k corpus).

Each run is a subprocess measured as ``run.run_measured`` measures it (a fresh interpreter waits for the command
and reports the wall time and ``ru_maxrss`` of its children: the peak RSS of the largest process), here with an
optional ``--timeout`` that kills the command's whole process group. Reported per tool: the median wall time and
every run, the peak RSS, and the pairwise grouping precision/recall/F1 against the gold stories
(``make_clusters.score_groups``: from the contingency table of story and group sizes, never by listing pairs).

The predicted groups of ``provenance`` are its ``duplicate-document`` findings: in a version 2 report each finding
lists one group (``docs``); in a version 1 report each lists a pair, and the groups are the connected components
of those pairs (union-find; also used if v2 findings ever overlap). For ``provenance`` the result also has the
JSON report size over the corpus size, lineage edges per document, the number of findings by kind, per-kind shares
of files grouped with their story, and whether ``../shared/tools/check_report.py REPORT CORPUS`` (from the
repository root) printed ``ok``. ``ratio.wall`` is provenance / baseline median wall time (below 1: provenance is
faster).

Results go to ``WORKDIR/clusters-N.json`` (reports as ``clusters-report-N.json`` and ``clusters-baseline-N.json``)
and a compact table is printed. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHECK_REPORT = REPO.parent / "shared" / "tools" / "check_report.py"
sys.path.insert(0, str(HERE))

from baseline_clusters import DEFAULT_THRESHOLD  # noqa: E402
from make_clusters import generate, score_groups  # noqa: E402
from run import machine, warm  # noqa: E402

PROBE = """
import os, resource, signal, subprocess, sys, time
timeout = float(sys.argv[1]) or None
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], start_new_session=True)
try:
    status = child.wait(timeout=timeout)
except subprocess.TimeoutExpired:
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    status = "timeout"
print(status, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_measured(cmd: list[str], timeout: float | None = None) -> dict:
    """Wall seconds, peak RSS (MiB) of the largest process and exit status of one command's process tree."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(timeout or 0), *cmd], capture_output=True, text=True, check=True
    )
    status, wall, rss_kib = result.stdout.split()
    return {"status": status, "wall_s": round(float(wall), 2), "rss_mib": round(int(rss_kib) / 1024)}


def provenance_cmd(custom: str | None) -> list[str]:
    if custom:
        return shlex.split(custom)
    beside = Path(sys.executable).parent / "provenance"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("provenance")
    return [found] if found else [sys.executable, "-m", "provenance.cli"]


def corpus(workdir: Path, source: Path, n: int, seed: int) -> tuple[Path, dict]:
    root = workdir / f"clusters-corpus-{n}-{seed}"
    gold_path = root / "gold.json"
    if not gold_path.exists():
        started = time.perf_counter()
        generate(source, root, n, seed)
        print(f"generated {n} files in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return root / "corpus", json.loads(gold_path.read_text())


def report_groups(report: dict) -> tuple[list[list[str]], str]:
    """The groups named by the report's duplicate-document findings, and how they were formed."""
    findings = [f["docs"] for f in report.get("findings", []) if f.get("kind") == "duplicate-document"]
    seen: set[str] = set()
    disjoint = True
    for docs in findings:
        if seen.intersection(docs):
            disjoint = False
            break
        seen.update(docs)
    if disjoint:
        return [list(docs) for docs in findings], "findings"
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for docs in findings:
        for other in docs[1:]:
            a, b = root(docs[0]), root(other)
            if a != b:
                parent[a] = b
    components: dict[str, list[str]] = {}
    for x in parent:
        components.setdefault(root(x), []).append(x)
    return list(components.values()), "union-find of findings"


def check(report_path: Path, docs: Path) -> dict:
    if not CHECK_REPORT.exists():
        return {"ok": None, "output": f"{CHECK_REPORT} not found"}
    result = subprocess.run(
        [sys.executable, str(CHECK_REPORT), str(report_path), str(docs)], capture_output=True, text=True
    )
    lines = (result.stdout + result.stderr).strip().splitlines()
    ok = result.returncode == 0 and bool(lines) and lines[-1].startswith("ok")
    return {"ok": ok, "output": lines[-1] if ok or not lines else " / ".join(lines[:3] + lines[-1:])}


def timing(timed: list[dict]) -> dict:
    done = [t for t in timed if t["status"] == "0"]
    out = {
        "runs": [t["wall_s"] if t["status"] == "0" else f"{t['status']} after {t['wall_s']} s" for t in timed],
        "median_wall_s": round(statistics.median(t["wall_s"] for t in done), 2) if done else None,
        "peak_rss_mib": max(t["rss_mib"] for t in timed) if timed else None,
    }
    return out


def measure(
    source: Path,
    n: int,
    seed: int,
    jobs: int,
    runs: int,
    workdir: Path,
    timeout: float | None,
    prov: list[str],
    threshold: float,
) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    docs, gold = corpus(workdir, source, n, seed)
    corpus_bytes = sum(p.stat().st_size for p in docs.iterdir())
    report_path = workdir / f"clusters-report-{n}.json"
    base_path = workdir / f"clusters-baseline-{n}.json"
    prov_cmd = [*prov, "scan", str(docs), "--format", "json", "--output", str(report_path), "-j", str(jobs), "-q"]
    base_cmd = [sys.executable, str(HERE / "baseline_clusters.py"), str(docs), "--output", str(base_path)]
    base_cmd += ["--jobs", str(jobs), "--threshold", str(threshold)]
    timed: list[dict] = []
    base_timed: list[dict] = []
    for _ in range(runs):
        if report_path.exists():
            report_path.unlink()
        warm(docs)
        timed.append(run_measured(prov_cmd, timeout))
        print(f"  provenance {n}: {timed[-1]}", file=sys.stderr)
        warm(docs)
        base_timed.append(run_measured(base_cmd, timeout))
        print(f"  baseline   {n}: {base_timed[-1]}", file=sys.stderr)
    result: dict = {
        "machine": machine(),
        "n": n,
        "seed": seed,
        "megabytes": round(corpus_bytes / 1e6, 1),
        "jobs": jobs,
        "gold": {k: gold["params"][k] for k in ("wire_stories", "outlets", "kinds", "unrelated_share")},
        "provenance": {"command": " ".join(prov_cmd), **timing(timed)},
    }
    if timed and timed[-1]["status"] == "0" and report_path.exists():
        report = json.loads(report_path.read_text())
        groups, formed = report_groups(report)
        documents = report.get("documents", [])
        edges = report.get("lineage", {}).get("edges", [])
        result["provenance"].update(
            {
                "format_version": report.get("format_version"),
                **score_groups(groups, gold),
                "groups_from": formed,
                "report_mb": round(report_path.stat().st_size / 1e6, 2),
                "report_over_corpus": round(report_path.stat().st_size / corpus_bytes, 3),
                "lineage_edges_per_doc": round(len(edges) / len(documents), 3) if documents else None,
                "findings": dict(sorted(Counter(f.get("kind") for f in report.get("findings", [])).items())),
                "check_report": check(report_path, docs),
            }
        )
    base_version = _datasketch_version()
    result["baseline"] = {
        "tool": f"datasketch {base_version} MinHashLSH (threshold {threshold}, 128 perm) + union-find",
        "command": " ".join(base_cmd),
        **timing(base_timed),
    }
    if base_timed and base_timed[-1]["status"] == "0":
        result["baseline"].update(score_groups(json.loads(base_path.read_text())["groups"], gold))
    p, b = result["provenance"]["median_wall_s"], result["baseline"]["median_wall_s"]
    result["ratio"] = {"wall": round(p / b, 2) if p and b else None}
    return result


def _datasketch_version() -> str:
    from importlib.metadata import version

    return version("datasketch")


def table(results: list[dict]) -> str:
    head = f"{'files':>7}  {'tool':<10} {'median s':>9} {'runs':<22} {'peak MiB':>8} {'P':>6} {'R':>6} {'F1':>6}"
    lines = [head, "-" * len(head)]
    for r in results:
        for tool in ("provenance", "baseline"):
            t = r[tool]
            runs = ",".join(str(x) if not isinstance(x, str) else x.split()[0] for x in t["runs"])
            cells = [f"{t.get(k):.3f}" if isinstance(t.get(k), float) else "-" for k in ("precision", "recall", "f1")]
            median = f"{t['median_wall_s']:.2f}" if t["median_wall_s"] is not None else "-"
            lines.append(
                f"{r['n']:>7}  {tool:<10} {median:>9} {runs:<22} {t['peak_rss_mib'] or '-':>8} "
                f"{cells[0]:>6} {cells[1]:>6} {cells[2]:>6}"
            )
        p = r["provenance"]
        if "f1" in p:
            lines.append(
                f"{'':>7}  report/corpus {p['report_over_corpus']}, edges/doc {p['lineage_edges_per_doc']}, "
                f"v{p['format_version']} groups from {p['groups_from']}, check_report "
                f"{'ok' if p['check_report']['ok'] else p['check_report']['output']}"
            )
            lines.append(f"{'':>7}  findings {p['findings']}")
        lines.append(f"{'':>7}  wall provenance/baseline: {r['ratio']['wall']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="folder of source articles (make_clusters.py)")
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes (files)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="processes for both tools")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument("--timeout", type=float, help="seconds after which a run is killed and reported as such")
    parser.add_argument("--provenance", help="command to run instead of the installed `provenance` (shell words)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="the baseline's LSH threshold")
    args = parser.parse_args()
    prov = provenance_cmd(args.provenance)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        result = measure(
            args.source, n, args.seed, args.jobs, args.runs, args.workdir, args.timeout, prov, args.threshold
        )
        (args.workdir / f"clusters-{n}.json").write_text(json.dumps(result, indent=2) + "\n")
        results.append(result)
    print(f"{results[0]['machine']}; jobs {args.jobs}; runs {args.runs}")
    print(table(results))


if __name__ == "__main__":
    main()
