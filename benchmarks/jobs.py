"""How ``provenance scan`` uses the cores: ``--jobs 1`` against ``--jobs N``.

Usage::

    python benchmarks/jobs.py [--sizes 10000,100000] [--jobs 2] [--runs 3] [--workdir benchmarks/out]

For each size, the corpus of ``run.py`` (generated once, same seed) is
scanned with one job and with ``--jobs`` jobs, alternately, ``--runs`` times
each, as separate processes with the page cache warm (every file read just
before each run). Reports the median wall time of each, the speed-up (median
with one job / median with N) and whether the two JSON reports are
byte-identical. Printed, and written to ``WORKDIR/jobs.json``.

Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import corpus, machine, run_cli, warm  # noqa: E402


def measure(n: int, jobs: int, runs: int, workdir: Path, seed: int = 0) -> dict:
    """Alternating runs with one job and with ``jobs``; the result dict ``main`` prints."""
    docs, _ = corpus(workdir, n, seed)
    walls: dict[int, list[float]] = {1: [], jobs: []}
    outs = {j: workdir / f"report-{n}-jobs{j}.json" for j in walls}
    for _ in range(runs):
        for j in walls:
            warm(docs)
            walls[j].append(run_cli(docs, outs[j], j)[0])
    serial, parallel = statistics.median(walls[1]), statistics.median(walls[jobs])
    return {
        "n": n,
        "jobs": jobs,
        "runs_jobs1": [round(w, 2) for w in walls[1]],
        f"runs_jobs{jobs}": [round(w, 2) for w in walls[jobs]],
        "median_jobs1_s": round(serial, 2),
        f"median_jobs{jobs}_s": round(parallel, 2),
        "speedup": round(serial / parallel, 2),
        "reports_identical": outs[1].read_bytes() == outs[jobs].read_bytes(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        result = measure(n, args.jobs, args.runs, args.workdir, args.seed)
        print(json.dumps(result), file=sys.stderr)
        results.append(result)
    out = {"machine": machine(), "results": results}
    print(json.dumps(out, indent=2))
    (args.workdir / "jobs.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
