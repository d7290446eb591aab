"""How time and memory grow on hostile input: repetition, long runs of one
character, patterns that make a regular expression backtrack, many copies.

Usage::

    python benchmarks/hostile.py [--scale 1] [--workdir /tmp/provenance-hostile] [--output FILE] [--only TEXT]

For each case the input is made at three sizes (1, 2 and 4 times its base,
times ``--scale``) and scanned once per size by ``provenance scan DIR
--format json -j 1`` as a separate process (``run.run_measured``: wall time
and the peak RSS of the process tree). Printed per case: size, seconds, MiB,
and the growth of each from one size to the next (2.0 is linear: twice the
input, twice the cost). Nothing is asserted: the figures go to
``docs/performance.md``; the tests only check what is found.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import run_measured  # noqa: E402

SEED = (HERE.parent / "seeds" / "001_c02827c16e5a327c.txt").read_text(encoding="utf-8")


def _one_file(make: Callable[[int], str]) -> Callable[[Path, int], None]:
    def write(folder: Path, n: int) -> None:
        (folder / "a.txt").write_text(make(n), encoding="utf-8")

    return write


def _copies(folder: Path, n: int) -> None:
    for i in range(n):
        (folder / f"copy{i:05d}.txt").write_text(f"Outlet {i}\n\n{SEED}", encoding="utf-8")


# name -> (how to write the input at size n, base n)
CASES: dict[str, tuple[Callable[[Path, int], None], int]] = {
    "one sentence line repeated": (
        _one_file(lambda n: "The quick brown fox jumps over the lazy dog near the river bank.\n" * n),
        5_000,
    ),
    "a short line repeated": (_one_file(lambda n: "Hello world again.\n" * n), 20_000),
    "one letter, no space": (_one_file(lambda n: "Headline\n\n" + "a" * n + "\n"), 200_000),
    "spaces": (_one_file(lambda n: "Headline\n\nword" + " " * n + "word\n"), 200_000),
    "punctuation": (_one_file(lambda n: "Headline\n\n" + ".,;:!?-–—'\"()" * (n // 13) + "\n"), 200_000),
    "attribution phrase in one paragraph": (
        _one_file(lambda n: "Headline\n\n" + "Reuters could not verify " * (n // 25) + "\n"),
        40_000,
    ),
    "dates in one paragraph": (_one_file(lambda n: "Headline\n\n" + "March 3, 2016, " * (n // 15) + "\n"), 40_000),
    "one article in many files": (_copies, 250),
    # A scraped page: a menu, one article, then a run of distinct bulleted
    # lines (each is asked whether it sits in a bulleted menu).
    "a page of bulleted lines": (
        _one_file(
            lambda n: (
                "Harbour news | The Gazette\n"
                + "Home\nNews\nSport\nWeather\nBusiness\nOpinion\nTravel\nPuzzles\nJobs\nHomes\n"
                + "\n".join(SEED.split("\n\n")[2:5:2])
                + "\n"
                + "".join(f"• item {i}\n" for i in range(n))
            )
        ),
        5_000,
    ),
}


def measure(workdir: Path, scale: float, only: str | None = None) -> list[dict]:
    results = []
    for name, (write, base) in CASES.items():
        if only and only not in name:
            continue
        rows = []
        for factor in (1, 2, 4):
            n = int(base * scale * factor)
            folder = workdir / "input"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            write(folder, n)
            size = sum(p.stat().st_size for p in folder.iterdir())
            cmd = [sys.executable, "-m", "provenance.cli", "scan", str(folder), "--format", "json"]
            cmd += ["--output", str(workdir / "report.json"), "--jobs", "1", "--quiet"]
            wall, rss = run_measured(cmd)
            rows.append({"n": n, "bytes": size, "wall_s": round(wall, 2), "rss_mib": round(rss)})
        for before, after in itertools.pairwise(rows):
            after["growth_wall"] = round(after["wall_s"] / max(before["wall_s"], 1e-9), 2)
            after["growth_rss"] = round(after["rss_mib"] / max(before["rss_mib"], 1e-9), 2)
        results.append({"case": name, "runs": rows})
        shown = ", ".join(
            f"{r['bytes'] / 1e6:.2f} MB: {r['wall_s']} s, {r['rss_mib']} MiB"
            + (f" (x{r['growth_wall']}, x{r['growth_rss']})" if "growth_wall" in r else "")
            for r in rows
        )
        print(f"{name}: {shown}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/provenance-hostile"))
    parser.add_argument("--output", type=Path, help="write the results as JSON")
    parser.add_argument("--only", help="run the cases whose name holds this text")
    args = parser.parse_args()
    results = measure(args.workdir, args.scale, args.only)
    if args.output:
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
