"""``scan``, ``graph`` and ``report``: a corpus's findings and lineage, in every format."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from ..collector import collector_paused
from ..config import Settings
from ..model import FINDING_KINDS, Report
from ..report import to_json, to_jsonl, to_text, write_json
from ..report.graph import FORMATS as GRAPH_FORMATS
from ..report.graph import render as render_graph
from ..report.output import atomic_output
from .common import (
    _categories,
    _emit,
    _missing_paths_are_usage_errors,
    _output_options,
    _scan,
    _scan_options,
    _settings,
    _warn_skipped,
    main,
)


@main.command()
@_output_options(
    ("text", "json", "jsonl", "html"),
    "Report format: readable text, JSON as in docs/report-format.md, "
    "JSON Lines with one finding per line (for very large runs), "
    "or one self-contained HTML page (lineage drawn, copies side by side).",
    "report",
)
@click.option(
    "--engine",
    type=click.Choice(("local", "spark")),
    default="local",
    show_default=True,
    help="Run on this machine's cores, or on Apache Spark (needs provenance[spark]; "
    "PATHS may then be any URI Spark reads, such as hdfs:// or s3a://).",
)
@click.option(
    "--master",
    metavar="URL",
    envvar="SPARK_MASTER",
    help="Spark master for --engine spark, e.g. spark://host:7077 or yarn. "
    "Default: spark-submit's or spark-defaults.conf's, else local[*] (local[JOBS] with --jobs).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help=f"Report only findings of this kind (repeatable, or comma-separated): {', '.join(FINDING_KINDS)}. "
    "Default: all.",
)
@_scan_options(uris=True)
@_missing_paths_are_usage_errors
def scan(
    paths: tuple[str, ...],
    config_file: Path | None,
    fmt: str,
    output: Path | None,
    engine: str,
    master: str | None,
    kinds: tuple[str, ...],
    quiet: bool,
    **options: Any,
) -> None:
    """Report repeated blocks, duplicate documents, shared passages and
    boilerplate in PATHS.

    PATHS are files or folders (searched recursively; hidden ones skipped).
    Files ending .jsonl or .ndjson are read as JSON Lines with 'id' and 'text'
    fields. Every passage is located to the character in the original text.
    """
    from ..spark import is_uri

    started = time.perf_counter()
    wanted = _categories(kinds)
    unknown = sorted(set(wanted) - set(FINDING_KINDS))
    if unknown:
        raise click.BadParameter(
            f"unknown kind {', '.join(unknown)}; choose from {', '.join(FINDING_KINDS)}", param_hint="'--kind'"
        )
    for p in paths:
        if (engine == "local" or not is_uri(p)) and not Path(p).exists():
            raise click.BadParameter(f"Path '{p}' does not exist.", param_hint="'PATHS...'")
    # Read once: the scan and the HTML page's strip setting come from one reading.
    settings = _settings(tuple(Path(p) for p in paths if engine == "local" or not is_uri(p)), config_file, options)
    if engine == "spark":
        report = _scan_spark(paths, settings, quiet, master)
    else:
        report = _scan(tuple(Path(p) for p in paths), settings, quiet)
    if wanted:
        report = report.only(wanted)
    elapsed = time.perf_counter() - started
    # Writing the report makes no reference cycles, and the cycle collector's
    # full collections would walk everything the scan made.
    with collector_paused():
        if fmt == "json" and output is not None:
            with atomic_output(output) as fh:
                write_json(report, fh)  # piece by piece: a large report is never one string
            return
        if fmt == "html":
            texts = {d.id: d.text for d in report.documents}
            _write_html(report.to_dict(), texts, settings.strip, output)
            return
        if fmt == "json":
            rendered = to_json(report)
        elif fmt == "jsonl":
            rendered = to_jsonl(report)
        else:
            rendered = to_text(report, color=output is None and sys.stdout.isatty(), elapsed=elapsed)
        _emit(rendered, output)


def _scan_spark(paths: tuple[str, ...], settings: Settings, quiet: bool, master: str | None) -> Report:
    from .. import spark

    try:
        report = spark.scan(paths, settings, master=master)
    except spark.SparkUnavailable as exc:
        raise click.UsageError(str(exc)) from exc
    _warn_skipped(report.errors, quiet)
    return report


@main.command()
@_output_options(
    GRAPH_FORMATS, "json: the report's lineage block; graphml: for networkx, Gephi or yEd; dot: for Graphviz.", "graph"
)
@_scan_options
@_missing_paths_are_usage_errors
def graph(
    paths: tuple[Path, ...], config_file: Path | None, fmt: str, output: Path | None, quiet: bool, **options: Any
) -> None:
    """Draw the wire-copy lineage graph of PATHS.

    Nodes are documents, the articles inside a file that holds several
    (segments), agencies and the primary sources that stories quote. Edges
    say wire-copy (an agency's copy carried by an article), derived (text
    reused), quotes-same-source (both quote one speaker; neither copied the
    other) or duplicate, each with its evidence spans and a confidence.
    An edge points from the earlier text to the later where dates or
    attribution say so, and is undirected otherwise.

    Render DOT with Graphviz: provenance graph seeds --format dot | dot -Tsvg > lineage.svg
    """
    _emit(render_graph(_scan(paths, _settings(paths, config_file, options), quiet), fmt), output)


def _write_html(report: dict[str, Any], texts: dict[str, str | None], strip: Any, output: Path | None) -> None:
    from ..report.html import write_html  # only when asked for: rapidfuzz's diff and the layout

    if output is None:
        write_html(report, texts, sys.stdout, strip=strip, link_base=Path.cwd())
        return
    with atomic_output(output) as fh:
        write_html(report, texts, fh, strip=strip, link_base=output.parent)


@main.command("report")
@click.argument("report_file", metavar="REPORT.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the page to this file (atomically) instead of standard output.",
)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The folder the report's document paths are relative to (where the scan ran).",
)
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def report_command(report_file: Path, output: Path | None, root: Path, config_file: Path | None) -> None:
    """Render a saved JSON report as one self-contained HTML page.

    The documents' texts are read back from their files; a file that is gone
    or changed since the scan (its SHA-256 differs) is shown without its
    text. Example: provenance report report.json --output report.html
    """
    from ..load import read_texts

    try:
        data = json.loads(report_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.BadParameter(f"not a JSON report: {exc}", param_hint="REPORT.json") from exc
    if not isinstance(data, dict) or data.get("format_version") != 2:
        raise click.BadParameter("not a provenance JSON report of format version 2", param_hint="REPORT.json")
    settings = _settings((root,), config_file, {})
    texts = read_texts(data["documents"], settings, root)
    missing = sum(1 for t in texts.values() if t is None)
    if missing:
        click.echo(f"note: {missing} of {len(texts)} documents could not be read back; shown without text", err=True)
    _write_html(data, texts, settings.strip, output)
