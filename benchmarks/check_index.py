"""Benchmark ``provenance check`` of new files against persistent indexes of growing size.

Usage::

    python benchmarks/check_index.py [--sizes 10000 100000] [--runs 5] [--workdir /tmp/bench-check]
                                     [--redis auto|no] [--redis-max-build 600] [--rebuild]

The acceptance point: checking 100 new articles against an index of 100 000
must cost no more than against an index of 10 000, beyond the LSH lookups.

Method
------
* **Corpora.** For each size ``N``, ``make_corpus.py`` writes
  ``WORKDIR/corpus-N-SEED/docs`` once (reused when present). All sizes use
  the same seed, so a plain article ``i`` has the same text in every corpus.
* **Index.** ``provenance index add docs --index index.sqlite`` runs in
  ``WORKDIR/corpus-N-SEED`` (indexed documents are keyed by their path
  relative to the working directory: ``docs/000123.txt``), timed once as a
  separate process; the figures are kept in ``build-sqlite.json`` and the
  index is reused on later runs unless ``--rebuild``. A second ``index add``
  of the unchanged corpus is timed each run: it must fingerprint nothing
  (the printed count is parsed and reported). The index size is the
  ``bytes`` of ``provenance index stats --format json``.
* **Incoming files.** One folder of 100 files, the same for every ``N``:
  ``--copies`` (40) copies of articles that are plain in *every* corpus
  (never a planted copy nor the source of one, per the gold files, so the
  copy has exactly one original in each index), each with 5% of its words
  substituted (fixed random seed); and ``--fresh`` (60) new articles drawn
  from the same generator and vocabulary (article numbers from 10 000 000
  on, which no corpus uses), duplicating nothing.
* **Timing.** ``provenance check INCOMING --index index.sqlite --format json
  --output FILE`` runs as a separate process with ``-j 1`` and with the
  default jobs (every core): one warm-up run (page cache warm), then
  ``--runs`` measured runs; the median, min and max wall time and the peak
  resident memory are reported. A check of one copy alone (interpreter
  start-up included) is timed the same way, and so is ``provenance --help``,
  the start-up floor.
* **Where the time goes.** One in-process ``provenance.api.check`` (after a
  warm-up) gives ``report.timings`` per stage; the ``index`` stage (lookups,
  reading candidates back, fingerprinting them) is split further by timing
  the index's ``lookup`` and ``fetch`` and the storage's posting queries, and
  counting the band and seed probes and the candidates read back.
* **Correctness.** Recall: a copy is found when a ``duplicate-document``
  finding names exactly the copy and its original (``docs/NNNNNN.txt``).
  False failures: fresh articles named by a failing finding. Wrong
  duplicates: ``duplicate-document`` findings naming anything else.
* **Redis** (``--redis auto``, when ``redis-server`` is on PATH): a private
  server (``--save '' --appendonly no``, a free port on 127.0.0.1) per size;
  the same build, re-add and check timings against ``redis://``. A size is
  skipped when the build, extrapolated from the previous size, would take
  longer than ``--redis-max-build`` seconds or more than half the free memory.

Results go to ``benchmarks/results/check-index.json`` (``--output``) and a
Markdown table on standard output. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import _WORD, _Corpus, generate  # noqa: E402
from run import machine  # noqa: E402

PROVENANCE = [sys.executable, "-m", "provenance.cli"]
FRESH_BASE = 10_000_000  # article numbers of the fresh incoming files: beyond any corpus
EDIT_RATE = 0.05
AVG_BYTES = 4800  # make_corpus's default, with which the corpora are generated

# Runs a command in a fresh interpreter and prints its wall time, peak RSS of
# the process tree's largest process, exit code and output, as one JSON line.
_PROBE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "wall = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'wall': wall, 'rss_kib': rss, 'rc': p.returncode, 'out': p.stdout, 'err': p.stderr}))\n"
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """Wall seconds, peak RSS (MiB), exit code and output of one process."""
    probe = subprocess.run([sys.executable, "-c", _PROBE, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    result = json.loads(probe.stdout)
    if result["rc"] not in ok:
        sys.exit(f"{' '.join(cmd)} (in {cwd}) exited {result['rc']}:\n{result['err']}")
    result["rss_mib"] = result.pop("rss_kib") / 1024
    return result


def repeat(cmd: list[str], cwd: Path, runs: int, ok: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """One warm-up run, then ``runs`` measured ones."""
    timed(cmd, cwd, ok)
    walls, rss = [], []
    for _ in range(runs):
        r = timed(cmd, cwd, ok)
        walls.append(r["wall"])
        rss.append(r["rss_mib"])
    return {
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "runs_s": [round(w, 3) for w in walls],
        "peak_rss_mib": round(max(rss)),
        "exit_code": r["rc"],
    }


# Corpora and incoming files ----------------------------------------------------


def corpus(workdir: Path, n: int, seed: int) -> tuple[Path, dict]:
    root = workdir / f"corpus-{n}-{seed}"
    gold_path = root / "gold.json"
    if not gold_path.exists():
        started = time.perf_counter()
        generate(root, n=n, seed=seed, avg_bytes=AVG_BYTES)
        log(f"generated {n} articles in {time.perf_counter() - started:.1f} s")
    return root, json.loads(gold_path.read_text())


def planted(gold: dict) -> set[str]:
    """Every document a gold file names: copies, their sources, doubled files."""
    names = {p[k] for p in gold["pairs"] for k in ("a", "b")}
    names |= {p[k] for p in gold["partial"] for k in ("source", "target")}
    return names | {p["doc"] for p in gold["doubled"]}


def edit(text: str, rng: np.random.Generator, vocab: Any) -> str:
    """``text`` with ``EDIT_RATE`` of its words replaced by vocabulary words
    (punctuation and capitals kept; lines kept)."""
    lines = [line.split(" ") for line in text.rstrip("\n").split("\n")]
    where = [(li, wi) for li, line in enumerate(lines) for wi in range(len(line))]
    count = max(1, round(EDIT_RATE * len(where)))
    chosen = rng.choice(len(where), size=count, replace=False).tolist()
    for p, word in zip(chosen, vocab.content_words(rng, count), strict=True):
        li, wi = where[p]
        match = _WORD.match(lines[li][wi])
        if match is None:  # not a plain word (cannot happen with make_corpus text)
            continue
        pre, core, post = match.groups()
        while word.lower() == core.lower():
            word = vocab.content_words(rng, 1)[0]
        if core[0].isupper():
            word = word[0].upper() + word[1:]
        lines[li][wi] = pre + word + post
    return "\n".join(" ".join(line) for line in lines) + "\n"


def incoming(workdir: Path, roots: dict[int, Path], golds: dict[int, dict], args: argparse.Namespace) -> dict:
    """The incoming folder (built once) and its manifest:
    ``{"copies": {file: indexed key}, "fresh": [file, ...]}``."""
    folder = workdir / "incoming"
    manifest_path = workdir / "incoming.json"
    params = {"seed": args.seed, "copies": args.copies, "fresh": args.fresh, "sizes": sorted(roots)}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest["params"] == params and folder.is_dir():
            return manifest
    smallest = min(roots)
    taken = set().union(*(planted(g) for g in golds.values()))
    plain = [i for i in range(smallest) if f"{i:06d}.txt" not in taken]
    rng = np.random.default_rng([args.seed, 7])
    sources = sorted(rng.choice(plain, size=args.copies, replace=False).tolist())
    gen = _Corpus(args.seed, AVG_BYTES)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    copies = {}
    for i in sources:
        name = f"{i:06d}.txt"
        texts = {(roots[n] / "docs" / name).read_bytes() for n in roots}
        if len(texts) != 1:
            sys.exit(f"{name} differs between the corpora: cannot build one incoming folder for all sizes")
        original = texts.pop().decode("utf-8")
        copy = edit(original, np.random.default_rng([args.seed, 8, i]), gen.vocab)
        (folder / f"copy-{name}").write_text(copy, encoding="utf-8", newline="")
        copies[f"copy-{name}"] = f"docs/{name}"
    fresh = []
    for k in range(args.fresh):
        name = f"fresh-{FRESH_BASE + k}.txt"
        (folder / name).write_text("\n".join(gen.fresh(FRESH_BASE + k)) + "\n", encoding="utf-8", newline="")
        fresh.append(name)
    manifest = {"params": params, "copies": copies, "fresh": fresh}
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    log(f"wrote {len(copies)} edited copies and {len(fresh)} fresh articles to {folder}")
    return manifest


# Index building ------------------------------------------------------------------


def index_files(path: Path) -> list[Path]:
    return [p for p in path.parent.glob(path.name + "*") if p.is_file()]


def fingerprinted(output: str) -> int:
    match = re.search(r"(\d+) fingerprinted", output)
    if match is None:
        sys.exit(f"cannot read the fingerprinted count in: {output!r}")
    return int(match.group(1))


def build(root: Path, url: str, record: Path | None, rebuild: bool) -> dict[str, Any]:
    """Build the index (or reuse a recorded build), re-add, and read its stats."""
    add = [*PROVENANCE, "index", "add", "docs", "--index", url, "--quiet"]
    if record is not None and record.exists() and not rebuild and (root / url).exists():
        out = json.loads(record.read_text())
        log(f"{root.name}: reusing {url} (built in {out['build_s']:.1f} s)")
    else:
        if record is not None:
            for p in index_files(root / url):
                p.unlink()
        log(f"{root.name}: building {url} ...")
        r = timed(add, root)
        out = {
            "build_s": round(r["wall"], 2),
            "build_peak_rss_mib": round(r["rss_mib"]),
            "build_fingerprinted": fingerprinted(r["out"]),
            "build_output": r["out"].strip(),
        }
        log(f"{root.name}: {out['build_output']} [{out['build_s']:.1f} s wall]")
        if record is not None:
            record.write_text(json.dumps(out, indent=2) + "\n")
    r = timed(add, root)
    out |= {
        "readd_s": round(r["wall"], 2),
        "readd_fingerprinted": fingerprinted(r["out"]),
        "readd_output": r["out"].strip(),
    }
    log(f"{root.name}: re-add: {out['readd_output']} [{out['readd_s']:.1f} s wall]")
    stats = json.loads(timed([*PROVENANCE, "index", "stats", "--index", url, "--format", "json"], root)["out"])
    out["stats"] = {k: v for k, v in stats.items() if k != "settings"}
    return out


# Checking ------------------------------------------------------------------------


def named(finding: dict) -> set[str]:
    """Every document id a finding's JSON names."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "doc" and isinstance(v, str):
                    found.add(v)
                elif k == "docs" and isinstance(v, list):
                    found.update(d for d in v if isinstance(d, str))
                else:
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(finding)
    return found


def score(report: dict, manifest: dict) -> dict[str, Any]:
    findings = report["findings"]
    failing = set(report["check"]["failures"])
    dups = [frozenset(f["docs"]) for f in findings if f["kind"] == "duplicate-document"]
    expected = {frozenset((c, s)) for c, s in manifest["copies"].items()}
    expected |= {frozenset((c, f"index:{s}")) for c, s in manifest["copies"].items()}
    found = [c for c, s in manifest["copies"].items() if {frozenset((c, s)), frozenset((c, f"index:{s}"))} & set(dups)]
    failed_docs = set().union(*(named(f) for f in findings if f["id"] in failing))
    fresh = set(manifest["fresh"])
    return {
        "recall": round(len(found) / len(manifest["copies"]), 4),
        "copies_found": len(found),
        "copies_missed": sorted(set(manifest["copies"]) - set(found)),
        "copies_failing": len(set(manifest["copies"]) & failed_docs),
        "false_failures": sorted(fresh & failed_docs),
        "wrong_duplicates": sorted(" ~ ".join(sorted(d)) for d in dups if d not in expected),
        "failures": len(failing),
        "reported": {k: sum(1 for f in findings if f["kind"] == k) for k in sorted({f["kind"] for f in findings})},
        "passed": report["check"]["passed"],
    }


@contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def profile(root: Path, url: str, folder: Path) -> dict[str, Any]:
    """Stage timings of one in-process check (after a warm-up), with the
    index stage split into lookups, reads and the rest."""
    from provenance.api import check
    from provenance.config import Settings
    from provenance.index import Index

    with chdir(root):
        check([folder], index=url)
        idx = Index(url, Settings())
        spent: dict[str, float] = {}
        counts: dict[str, int] = {}

        def wrap(obj: Any, name: str, count: Callable[[tuple], int]) -> None:
            inner = getattr(obj, name)

            def timed_call(*a: Any, **k: Any) -> Any:
                t = time.perf_counter()
                try:
                    return inner(*a, **k)
                finally:
                    spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
                    counts[name] = counts.get(name, 0) + count(a)

            setattr(obj, name, timed_call)

        wrap(idx, "lookup", lambda a: len(a[0]))
        wrap(idx, "fetch", lambda a: len(a[0]))
        wrap(idx.storage, "band_postings", lambda a: len(np.unique(a[0])))
        wrap(idx.storage, "seed_postings", lambda a: len(np.unique(a[0])))
        wrap(idx.storage, "entries", lambda a: len(a[0]))
        started = time.perf_counter()
        try:
            result = check([folder], index=idx)
        finally:
            idx.close()
        wall = time.perf_counter() - started
    timings = dict(result.report.timings)
    pairs = timings.pop("candidate_pairs", None)
    index_s = timings.get("index", 0.0)
    lookup_s, fetch_s = spent.get("lookup", 0.0), spent.get("fetch", 0.0)
    return {
        "wall_s": round(wall, 3),
        "stages_s": {k: round(v, 3) for k, v in timings.items()},
        "candidate_pairs": pairs,
        "index_stage": {
            "lookup_s": round(lookup_s, 3),
            "band_postings_s": round(spent.get("band_postings", 0.0), 3),
            "seed_postings_s": round(spent.get("seed_postings", 0.0), 3),
            "entries_s": round(spent.get("entries", 0.0), 3),
            "fetch_s": round(fetch_s, 3),
            "rest_s": round(index_s - lookup_s - fetch_s, 3),
            "band_probes": counts.get("band_postings", 0),
            "seed_probes": counts.get("seed_postings", 0),
            "candidates_read": counts.get("fetch", 0),
        },
    }


def check_timings(
    root: Path, url: str, folder: Path, one: Path, manifest: dict, report: Path, runs: int
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    base = [*PROVENANCE, "check", str(folder), "--index", url, "--format", "json", "--output", str(report), "-q"]
    reports = {}
    for label, jobs in (("j1", ["-j", "1"]), ("jdefault", [])):
        log(f"{root.name}: check of {folder.name}/ against {url}, {label} ...")
        out[f"check_100_{label}"] = repeat([*base, *jobs], root, runs, ok=(0, 1))
        reports[label] = json.loads(report.read_text())
        log(f"  median {out[f'check_100_{label}']['median_s']:.2f} s")
    out["score"] = score(reports["jdefault"], manifest)
    ids = [{f["id"] for f in reports[k]["findings"]} for k in reports]
    out["same_findings_for_all_jobs"] = ids[0] == ids[1]
    cmd = [*PROVENANCE, "check", str(one), "--index", url, "--format", "json", "--output", str(report), "-q"]
    out["check_1"] = repeat(cmd, root, runs, ok=(0, 1))
    one_report = json.loads(report.read_text())
    out["check_1_found"] = any(f["kind"] == "duplicate-document" for f in one_report["findings"])
    log(f"{root.name}: check of 1 file: median {out['check_1']['median_s']:.2f} s")
    out["profile"] = profile(root, url, folder)
    return out


# Redis ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="redis-", dir=workdir))
    cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen([*cmd, "--dir", str(data)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        else:
            sys.exit("redis-server did not start")
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(data, ignore_errors=True)


def mem_available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


# Output --------------------------------------------------------------------------


def table(results: list[dict[str, Any]]) -> str:
    def span(t: dict) -> str:
        return f"{t['median_s']:.2f} ({t['min_s']:.2f}-{t['max_s']:.2f})"

    rows = [
        "| backend | index size N | index build | re-add (fingerprinted) | index size | check 100 files, -j 1"
        " | check 100 files, default -j | check 1 file | recall | false failures |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r["score"]
        rows.append(
            f"| {r['backend']} | {r['n']:,} | {r['build_s']:.1f} s | {r['readd_s']:.1f} s ({r['readd_fingerprinted']})"
            f" | {r['stats']['bytes'] / 2**20:,.0f} MiB | {span(r['check_100_j1'])} s"
            f" | {span(r['check_100_jdefault'])} s"
            f" | {span(r['check_1'])} s | {s['copies_found']}/{s['copies_found'] + len(s['copies_missed'])}"
            f" | {len(s['false_failures'])} |"
        )
    stages = list(dict.fromkeys(k for r in results for k in r["profile"]["stages_s"]))
    rows += [
        "",
        "Where the time goes (one in-process `provenance.api.check` of the 100 files, default jobs, seconds):",
        "",
        "| backend | N | total | "
        + " | ".join(stages)
        + " | of index: lookup (band / seed probes) | of index: fetch (candidates) | of index: rest |",
        "|---|---:|---:|" + "---:|" * (len(stages) + 3),
    ]
    for r in results:
        p, ix = r["profile"], r["profile"]["index_stage"]
        rows.append(
            f"| {r['backend']} | {r['n']:,} | {p['wall_s']:.2f} | "
            + " | ".join(f"{p['stages_s'].get(k, 0):.3f}" for k in stages)
            + f" | {ix['lookup_s']:.3f} ({ix['band_probes']} / {ix['seed_probes']})"
            f" | {ix['fetch_s']:.3f} ({ix['candidates_read']}) | {ix['rest_s']:.3f} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--fresh", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-check"))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the SQLite indexes even when present")
    parser.add_argument("--redis", choices=("auto", "no"), default="auto")
    parser.add_argument("--redis-max-build", type=float, default=600.0, help="seconds")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "check-index.json")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    if max(sizes) >= FRESH_BASE:
        parser.error(f"sizes must be below {FRESH_BASE}")
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)

    roots, golds = {}, {}
    for n in sizes:
        roots[n], golds[n] = corpus(workdir, n, args.seed)
    manifest = incoming(workdir, roots, golds, args)
    folder = workdir / "incoming"
    one_dir = workdir / "incoming-one"
    first = sorted(manifest["copies"])[0]
    one_dir.mkdir(exist_ok=True)
    shutil.copyfile(folder / first, one_dir / first)
    one = one_dir / first

    startup = repeat([*PROVENANCE, "--help"], workdir, args.runs)
    results: list[dict[str, Any]] = []
    for n in sizes:
        root = roots[n]
        built = build(root, "index.sqlite", root / "build-sqlite.json", args.rebuild)
        out = check_timings(root, "index.sqlite", folder, one, manifest, root / "check-report.json", args.runs)
        results.append({"backend": "sqlite", "n": n, **built, **out})

    skipped = []
    if args.redis == "auto" and shutil.which("redis-server"):
        previous: dict[str, Any] | None = None
        for n in sizes:
            if previous is not None:
                scale = n / previous["n"]
                build_s, memory = previous["build_s"] * scale, previous["stats"]["bytes"] * scale
                if build_s > args.redis_max_build or memory > mem_available() / 2:
                    skipped.append({"n": n, "estimated_build_s": round(build_s), "estimated_bytes": round(memory)})
                    log(f"redis: skipping N={n}: estimated build {build_s:.0f} s, {memory / 2**30:.1f} GiB")
                    continue
            with redis_server(workdir) as url:
                root = roots[n]
                built = build(root, url, None, True)
                out = check_timings(root, url, folder, one, manifest, root / "check-report-redis.json", args.runs)
            previous = {"backend": "redis", "n": n, **built, **out}
            results.append(previous)

    document = {
        "benchmark": "check of new files against a persistent index",
        "machine": machine(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "seed": args.seed,
        "incoming": {"copies": len(manifest["copies"]), "fresh": len(manifest["fresh"]), "edit_rate": EDIT_RATE},
        "runs": args.runs,
        "startup_s": startup,
        "results": results,
        "redis_skipped": skipped,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"Machine: {document['machine']}; {document['date']}")
    print(f"Start-up floor (`provenance --help`): {startup['median_s']:.2f} s\n")
    print(table(results))
    if skipped:
        print(f"\nRedis skipped: {skipped}")
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
