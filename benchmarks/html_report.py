"""Time to interactive of the HTML report in headless Chromium, its size, and
the seeds' screenshot for the docs.

Usage::

    python benchmarks/html_report.py --corpus /work/data/bench-s25/clusters-corpus-10000-0/corpus \\
        [--report SAVED.json] [--runs 3] [--screenshot docs/report-seeds.png]

Scans the corpus to JSON (unless ``--report`` names a saved report of it), renders the page with ``provenance
report``, then opens it ``--runs`` times in Debian's Chromium (headless, driven by Playwright, a new browser
context each time) and records, per run, the milliseconds from navigation to the page's ``data-ready`` mark (the
overview drawn and every control live), then to the first page of stories, a document's text and a copy's
side-by-side view. Writes ``benchmarks/results/html-report-N.json``; prints medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM_ARGS as ARGS  # noqa: E402  (the tests' way of starting Chromium)


def timed(page, fragment: str, selector: str) -> float:
    """Milliseconds from setting the fragment to ``selector`` being on screen."""
    start = page.evaluate("performance.now()")
    page.evaluate("f => { location.hash = f; }", fragment)
    page.wait_for_selector(selector)
    return page.evaluate("performance.now()") - start


def measure(html: Path, runs: int) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1300, "height": 900})
            page = context.new_page()
            page.goto(html.as_uri())
            page.wait_for_selector("html[data-ready='1']")
            row = {"interactive_ms": float(page.get_attribute("html", "data-ready-ms"))}
            row["stories_ms"] = timed(page, "#stories", "main .story svg")
            row["document_ms"] = timed(page, "#doc/0", "main .text .ln")
            row["compare_ms"] = timed(page, "#group/0/1", "main .cols .text")
            out.append(row)
            context.close()
        browser.close()
    return out


def screenshot(target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "seeds.html"
        subprocess.run(
            ["provenance", "scan", "seeds", "--format", "html", "--output", str(page_file)], cwd=ROOT, check=True
        )
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.goto(page_file.as_uri())
            page.wait_for_selector("html[data-ready='1']")
            page.screenshot(path=str(target))
            browser.close()


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--report", type=Path, help="a saved JSON report of the corpus (else scanned here)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="also save the seeds' report overview here")
    args = parser.parse_args()
    if args.screenshot:
        screenshot(args.screenshot)
    with tempfile.TemporaryDirectory() as tmp:
        report = args.report
        if report is None:
            report = Path(tmp) / "report.json"
            subprocess.run(
                ["provenance", "scan", str(args.corpus), "--format", "json", "-o", str(report), "-q"], check=True
            )
        html = Path(tmp) / "report.html"
        started = time.perf_counter()
        subprocess.run(["provenance", "report", str(report), "-o", str(html)], check=True)
        render_s = time.perf_counter() - started
        docs = len(json.loads(report.read_text(encoding="utf-8"))["documents"])
        runs = measure(html, args.runs)
        size = html.stat().st_size
    medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    result = {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "chromium": chromium,
        "documents": docs,
        "corpus_mb": round(sum(p.stat().st_size for p in args.corpus.rglob("*") if p.is_file()) / 1e6, 1),
        "page_mb": round(size / 1e6, 1),
        "page_mb_per_1000_documents": round(size / 1e6 / docs * 1000, 2),
        "render_s": round(render_s, 1),
        "runs": runs,
        "median": medians,
    }
    out = ROOT / "benchmarks" / "results" / f"html-report-{docs}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
