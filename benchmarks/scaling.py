"""Time and memory of ``provenance scan`` against corpus size: a JSON table and a PNG plot.

Usage::

    python benchmarks/scaling.py [--sizes 10000,30000,100000,300000] [--runs 3] [--jobs 2]
                                 [--workdir benchmarks/out] [--results benchmarks/results]
                                 [--baseline [--baseline-jobs 1]] [--seed 0]
    python benchmarks/scaling.py --plot-only [--results benchmarks/results]

For each size, generates the corpus in ``WORKDIR/corpus-N-SEED`` unless it is
there already, and calls ``run.measure`` (the measurement of ``run.py``: median
wall time of ``--runs`` separate processes, peak RSS, recall/precision against
the planted gold; with ``--baseline`` the datasketch batch-API pipeline too, in
the same run on the same corpus). Each size's full result is also written to
``WORKDIR/result-N-jJOBS.json`` as ``run.py`` does.

Writes ``RESULTS/scaling.json``::

    {"machine": "...", "jobs": 2, "runs": 3, "sizes": [
        {"n": 10000, "megabytes": 48.6, "median_wall_s": 18.1, "runs": [...],
         "peak_rss_mib": 1113, "recall_near_duplicates": 1.0, "recall": {...},
         "precision_duplicate_pairs": 1.0,
         "baseline": {...}, "ratio": {"wall": 5.2, "peak_rss": 0.4}}, ...]}

(``baseline`` and ``ratio`` only with ``--baseline``), and
``RESULTS/scaling.png``: wall seconds and peak RSS MiB against articles, log-log,
with a dashed line of linear growth through the smallest size and the baseline
as a second series when measured. The file is rewritten after every size, so an
interrupted run keeps what it measured; ``--plot-only`` redraws the PNG from an
existing ``scaling.json``. Needs matplotlib (``pip install -e .[bench]``).

The machine has to be otherwise idle for the timings to mean anything.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import machine, measure  # noqa: E402

KEPT = (
    "n",
    "megabytes",
    "median_wall_s",
    "runs",
    "docs_per_s",
    "mb_per_s",
    "peak_rss_mib",
    "recall_near_duplicates",
    "recall",
    "precision_duplicate_pairs",
    "baseline",
    "ratio",
)


def ticks_125(low: float, high: float) -> list[float]:
    """1-2-5 steps within ``[low, high]``: readable labels on a log axis of any span."""
    ticks, decade = [], 10 ** math.floor(math.log10(low))
    while decade <= high:
        ticks += [m * decade for m in (1, 2, 5) if low <= m * decade <= high]
        decade *= 10
    return ticks


def plot(table: dict, png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    rows = sorted(table["sizes"], key=lambda r: r["n"])
    ns = [r["n"] for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
    panels = (("median_wall_s", "wall time (s, median)"), ("peak_rss_mib", "peak RSS (MiB)"))
    for ax, (key, label) in zip(axes, panels, strict=True):
        # (label, points, line style, colour, vertical offset of the value labels)
        series = [(f"provenance (--jobs {table['jobs']})", rows, "o-", "C0", -11)]
        with_base = [r for r in rows if "baseline" in r]
        if with_base:
            base_jobs = with_base[0]["baseline"].get("jobs", 1)
            name = f"datasketch batch API ({base_jobs} process{'es' if base_jobs > 1 else ''})"
            series.append((name, [r["baseline"] | {"n": r["n"]} for r in with_base], "s-", "C1", 5))
        for name, points, style, color, dy in series:
            xs, ys = [p["n"] for p in points], [p[key] for p in points]
            ax.plot(xs, ys, style, color=color, label=name)
            for x, y in zip(xs, ys, strict=True):
                text = f"{y:.0f}" if y >= 100 else f"{y:.3g}"
                ax.annotate(text, (x, y), textcoords="offset points", xytext=(5, dy), fontsize=8, color=color)
            if len(xs) > 1:
                ax.plot(
                    [xs[0], xs[-1]],
                    [ys[0], ys[0] * xs[-1] / xs[0]],
                    "--",
                    color=color,
                    alpha=0.5,
                    linewidth=1,
                    label=f"{name.split(' (')[0]}: linear growth",
                )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(ns)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:g}k" if v >= 1000 else f"{v:g}"))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
        ax.margins(x=0.08, y=0.12)
        low, high = ax.get_ylim()
        ax.set_yticks(ticks_125(low, high))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
        ax.set_xlabel("articles")
        ax.set_ylabel(label)
        ax.set_title(label.split(" (")[0])
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(
        f"provenance scan, synthetic corpus, {table['runs']} run{'s' if table['runs'] > 1 else ''} per size"
        + (f" (1 from {table['one_run_from']:,})" if table.get("one_run_from") else "")
        + "\n"
        f"{table['machine']}",
        fontsize=10,
    )
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000,300000", help="comma-separated article counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=HERE / "out", help="corpora and reports")
    parser.add_argument("--results", type=Path, default=HERE / "results", help="scaling.json and scaling.png")
    parser.add_argument("--baseline", action="store_true", help="also time the datasketch batch-API pipeline")
    parser.add_argument("--baseline-jobs", type=int, default=1, help="processes for the baseline (default 1)")
    parser.add_argument("--plot-only", action="store_true", help="redraw scaling.png from scaling.json")
    parser.add_argument(
        "--one-run-from", type=int, default=None, metavar="N", help="a single run for sizes of N articles and more"
    )
    args = parser.parse_args()
    table_path, png = args.results / "scaling.json", args.results / "scaling.png"
    if args.plot_only:
        plot(json.loads(table_path.read_text()), png)
        print(png)
        return
    table = {"machine": machine(), "jobs": args.jobs, "runs": args.runs, "seed": args.seed, "sizes": []}
    if args.one_run_from:
        table["one_run_from"] = args.one_run_from
    args.results.mkdir(parents=True, exist_ok=True)
    for n in sorted(int(s) for s in args.sizes.split(",")):
        runs = 1 if args.one_run_from and n >= args.one_run_from else args.runs
        result = measure(n, args.seed, args.jobs, runs, args.workdir, args.baseline, args.baseline_jobs)
        (args.workdir / f"result-{n}-j{args.jobs}.json").write_text(json.dumps(result, indent=2) + "\n")
        table["sizes"].append({k: result[k] for k in KEPT if k in result})
        table_path.write_text(json.dumps(table, indent=2) + "\n")
        line = f"{n} articles: {result['median_wall_s']} s, {result['peak_rss_mib']} MiB"
        if "ratio" in result:
            line += f"; baseline {result['baseline']['median_wall_s']} s, {result['baseline']['peak_rss_mib']} MiB"
        print(line, file=sys.stderr)
        plot(table, png)
    print(table_path)
    print(png)


if __name__ == "__main__":
    main()
