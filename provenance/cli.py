"""The ``provenance`` command: parse options, call the library, print, exit.

Settings come from the defaults, then ``[tool.provenance]`` in the nearest
``pyproject.toml`` (or ``--config FILE``), then the options given here.

Exit codes: ``scan``, ``graph`` and ``index`` exit 0 when they ran (findings
are not failures); ``clean`` exits 1 when it changed (or, with
``--check``/``--diff``, would change) a file or could not write one, 0 when
nothing needed doing; ``check`` exits 1 when it found what fails it, 0
otherwise. All exit 2 on usage errors such as a path that does not exist, a
bad configuration, or an index or baseline that cannot be used.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .api import check as check_api
from .api import clean as clean_api
from .api import index_add, index_remove, index_stats
from .api import scan as scan_api
from .check import DEFAULT_FAIL_ON, Baseline, BaselineError, parse_kinds
from .collector import collector_paused, skip_collection_at_exit
from .config import STRIPPABLE, ConfigError, Settings, find_config, load_config, resolve_strip
from .index import StorageError
from .model import FINDING_KINDS, Report, json_text
from .report import to_json, to_jsonl, to_text, write_json
from .report.check import summary, to_check_text, to_github
from .report.escape import printable, shown_url
from .report.graph import FORMATS as GRAPH_FORMATS
from .report.graph import render as render_graph
from .report.output import atomic_output
from .report.sarif import render as render_sarif

_DEFAULTS = Settings()


class _Progress:
    """A progress bar per stage on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.bar = None
        self.stage = ""
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < 1000:
            return
        if stage != self.stage:
            self.close()
            self.bar = click.progressbar(length=total, label=f"{stage:<12}", file=sys.stderr)
            self.bar.__enter__()
            self.stage, self.done = stage, 0
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _scan_options(command: Callable[..., Any] | None = None, *, uris: bool = False) -> Any:
    """The options every command that scans shares; each defaults to the
    configuration file's value, then to the built-in default shown.

    With ``uris``, PATHS are strings that may be URIs (``hdfs://…``), and the
    command checks that local ones exist."""
    if command is None:
        return functools.partial(_scan_options, uris=uris)
    paths = click.Path(exists=True, path_type=Path) if not uris else click.STRING
    options = [
        click.argument("paths", nargs=-1, required=True, type=paths),
        click.option(
            "--config",
            "config_file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Read settings from this TOML file instead of the nearest pyproject.toml with [tool.provenance].",
        ),
        click.option(
            "--shingle-size",
            type=click.IntRange(1, 50),
            show_default=str(_DEFAULTS.shingle_size),
            help="Words per shingle in MinHash signatures.",
        ),
        click.option(
            "--num-perm",
            type=click.IntRange(16, 1024),
            show_default=str(_DEFAULTS.num_perm),
            help="MinHash permutations per signature.",
        ),
        click.option(
            "--threshold",
            type=click.FloatRange(0, 1, min_open=True),
            show_default=str(_DEFAULTS.threshold),
            help="Similarity (0-1) at which aligned text counts as a copy rather than shared wording: "
            "a repeated block inside a file or, with containment, a duplicate document. "
            "Shared passages are --min-similarity's.",
        ),
        click.option(
            "--min-words",
            type=click.IntRange(4, 10_000),
            show_default=str(_DEFAULTS.min_words),
            help="Fewest matching words a reported passage must have.",
        ),
        click.option(
            "--min-similarity",
            type=click.FloatRange(0, 1),
            show_default=str(_DEFAULTS.min_similarity),
            help=f"Similarity (0-1) a shared passage of fewer than {_DEFAULTS.evidence_words} matching words "
            "needs to be reported (longer ones are evidence of reuse as they are).",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(0, 512),
            show_default=str(_DEFAULTS.jobs),
            help="Worker processes; 0 uses every core. The report does not depend on it.",
        ),
        click.option(
            "--include",
            multiple=True,
            metavar="GLOB",
            help=f"Files to read in folders (repeatable). Default: {' '.join(_DEFAULTS.include)}.",
        ),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Files or folders to skip (repeatable)."),
        click.option("-q", "--quiet", is_flag=True, help="No warnings about skipped files on stderr."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _settings(paths: tuple[Path, ...], config_file: Path | None, options: dict[str, Any]) -> Settings:
    """Defaults < configuration file < command line."""
    # Options not given arrive as None, repeatable ones as empty tuples.
    given = {k: v for k, v in options.items() if v is not None and v != ()}
    try:
        config = config_file or find_config(paths)
        settings = load_config(config) if config else Settings()
        return settings.with_overrides(**given)
    except (ConfigError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc


def _warn_skipped(errors, quiet: bool) -> None:
    if not quiet:
        for err in errors:
            click.echo(f"provenance: skipped {printable(err.path)}: {printable(err.error)}", err=True)


def _scan(paths: tuple[Path, ...], config_file: Path | None, options: dict[str, Any], quiet: bool) -> Report:
    """Scan with settings from defaults < config < options, a progress bar,
    and skipped files reported on stderr."""
    settings = _settings(paths, config_file, options)
    progress = _Progress()
    try:
        report = scan_api(paths, settings, progress=progress)
    finally:
        progress.close()
    _warn_skipped(report.errors, quiet)
    return report


def _emit(rendered: str, output: Path | None) -> None:
    if output is None:
        click.echo(rendered, nl=False)
    else:
        with atomic_output(output) as fh:
            fh.write(rendered)


def _output_options(formats: tuple[str, ...], help_: str, what: str) -> Callable[..., Any]:
    """``--format`` (the first of ``formats`` by default) and ``-o/--output``."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, writable=True, path_type=Path),
            help=f"Write the {what} to FILE instead of standard output.",
        )(command)
        return click.option(
            "--format", "fmt", type=click.Choice(formats), default=formats[0], show_default=True, help=help_
        )(command)

    return decorate


def _missing_paths_are_usage_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except FileNotFoundError as exc:  # a path removed after click checked it
            raise click.UsageError(str(exc)) from exc

    return wrapper


class _Commands(click.Group):
    """The command group, which turns what no command expected into exit 3
    (exit 1 means findings or changes: a crash must never look like one)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("provenance: interrupted", err=True)
            ctx.exit(130)
        except OSError as exc:  # the machine, not the program: a full disk, a file taken away
            click.echo(f"provenance: error: {printable(str(exc))}", err=True)
            ctx.exit(2)
        except Exception as exc:
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"provenance: internal error: {type(exc).__name__}: {printable(str(exc))}"
                + ("" if ctx.params.get("debug") else " (run with --debug for the traceback)"),
                err=True,
            )
            ctx.exit(3)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
@click.option("--debug", is_flag=True, help="On an internal error (exit 3), print the traceback.")
def main(debug: bool) -> None:
    """Find duplicated text, its origin and page noise in a corpus of news articles.

    Exit codes: 0 clean; 1 findings that fail (check) or files changed
    (clean); 2 usage or input errors (a path that does not exist, a bad
    option or configuration, an index that cannot be used, a file that
    cannot be written); 3 an internal error; 130 interrupted.
    """
    skip_collection_at_exit()
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        # Terminated (a CI job cancelled, a timeout): unwind like an
        # interrupt, so that temporary folders and files are removed.
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


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
    from .spark import is_uri

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
    if engine == "spark":
        report = _scan_spark(paths, config_file, options, quiet, master)
    else:
        report = _scan(tuple(Path(p) for p in paths), config_file, options, quiet)
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
            local = tuple(Path(p) for p in paths if engine == "local" or not is_uri(p))
            strip = _settings(local, config_file, options).strip
            texts = {d.id: d.text for d in report.documents}
            _write_html(report.to_dict(), texts, strip, output)
            return
        if fmt == "json":
            rendered = to_json(report)
        elif fmt == "jsonl":
            rendered = to_jsonl(report)
        else:
            rendered = to_text(report, color=output is None and sys.stdout.isatty(), elapsed=elapsed)
        _emit(rendered, output)


def _scan_spark(
    paths: tuple[str, ...], config_file: Path | None, options: dict[str, Any], quiet: bool, master: str | None
) -> Report:
    from . import spark

    local = tuple(Path(p) for p in paths if not spark.is_uri(p))
    settings = _settings(local, config_file, options)
    try:
        report = spark.scan(paths, settings, master=master)
    except spark.SparkUnavailable as exc:
        raise click.UsageError(str(exc)) from exc
    _warn_skipped(report.errors, quiet)
    return report


def _categories(value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip() for item in value for c in item.split(",") if c.strip())


@main.command()
@click.option("--check", is_flag=True, help="Say what would be removed; change no file.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes; change no file.")
@click.option(
    "--strip",
    multiple=True,
    metavar="CATEGORY,...",
    help="Also remove these categories ('all': every boilerplate category).",
)
@click.option(
    "--keep",
    multiple=True,
    metavar="CATEGORY,...",
    help="Keep these categories ('all': every boilerplate category, so that only repeated blocks go; "
    "'repeated-block': the later copies).",
)
@click.option(
    "--follow-links",
    is_flag=True,
    help="Also rewrite files outside PATHS that links inside them point to (refused by default).",
)
@_scan_options
@_missing_paths_are_usage_errors
def clean(
    paths: tuple[Path, ...],
    config_file: Path | None,
    check: bool,
    show_diff: bool,
    strip: tuple[str, ...],
    keep: tuple[str, ...],
    follow_links: bool,
    quiet: bool,
    **options: Any,
) -> None:
    """Remove doubled blocks and page boilerplate from the files in PATHS, in place.

    Removes the later copy of every repeated block and the boilerplate of
    every category except byline, dateline and credit, which say where the
    text came from. Categories: {categories}.

    Only whole lines go, and only where a copy or the noise is certain: a
    line of a later copy that differs from the earlier one stays, and a file
    is never emptied. Files are replaced atomically, in their own encoding,
    line endings and final newline, with their owner and mode; a file that
    is read-only, not a regular file, changed during the run, or reached
    through a link that leads outside PATHS is left untouched and reported.

    Exits 1 when it changed (or, with --check or --diff, would change) a file
    or could not write one, 0 when nothing needed doing: the convention of
    pre-commit hooks.
    """
    settings = _settings(paths, config_file, options)
    try:
        settings = settings.with_overrides(strip=resolve_strip(settings.strip, _categories(strip), _categories(keep)))
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--strip/--keep") from exc
    dry_run = check or show_diff
    progress = _Progress()
    try:
        result = clean_api(paths, settings, dry_run=dry_run, progress=progress, follow_links=follow_links)
    finally:
        progress.close()
    _warn_skipped(result.skipped, quiet)
    for cleaned in result.files:
        where = printable(cleaned.doc.path or cleaned.doc.id)
        if cleaned.changed:
            removed = printable(", ".join(r.describe() for r in cleaned.removals))
            if cleaned.error:
                click.echo(
                    f"error: cannot clean {where}: {printable(cleaned.error)} (would remove {removed})", err=True
                )
            else:
                verb = "would clean" if dry_run else "cleaned"
                click.echo(f"{verb} {where}: removed {removed}", err=True)
        for note in cleaned.kept:
            click.echo(f"note: {where}: {printable(note)}", err=True)
        if show_diff and cleaned.changed:
            click.echo(_diff(where, cleaned.doc.text, cleaned.text), nl=False)
    changed = len(result.changed) - len(result.failed)
    unchanged = len(result.files) - len(result.changed)
    verb = "would be cleaned" if dry_run else "cleaned"
    summary = f"{_files(changed)} {verb}, {_files(unchanged)} left unchanged"
    if result.failed:
        summary += f", {_files(len(result.failed))} could not be cleaned"
    click.echo(summary + ".", err=True)
    sys.exit(1 if result.changed else 0)


clean.help = clean.help.replace("{categories}", ", ".join(STRIPPABLE))


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
    _emit(render_graph(_scan(paths, config_file, options, quiet), fmt), output)


def _write_html(report: dict[str, Any], texts: dict[str, str | None], strip: Any, output: Path | None) -> None:
    from .report.html import write_html  # only when asked for: rapidfuzz's diff and the layout

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
    from .load import read_texts

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


# Where `index add` puts the index unless told; `check` reads it when it is there.
_DEFAULT_INDEX = ".provenance/index.sqlite"

_INDEX_HELP = (
    "The index: an SQLite file (`index add` creates it when missing) or redis://[:password@]host:port/db for "
    "one shared by several CI runners. Also read from PROVENANCE_INDEX."
)


class _Unusable(click.ClickException):
    exit_code = 2


def _usage_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """An index or baseline that cannot be used ends the run with exit 2,
    never 1: a broken gate must not look like a duplicate found."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (StorageError, BaselineError) as exc:
            raise _Unusable(str(exc)) from exc

    return wrapper


def _kinds(value: tuple[str, ...]) -> tuple[str, ...]:
    try:
        return parse_kinds(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-on") from exc


@main.command()
@click.option(
    "--index",
    "index_url",
    metavar="URL",
    envvar="PROVENANCE_INDEX",
    help=f"{_INDEX_HELP} Default: {_DEFAULT_INDEX} when it exists; a path given must be an index.",
)
@click.option(
    "--fail-on",
    multiple=True,
    metavar="KIND,...",
    help=f"Finding kinds that fail the check ('all': every kind). Default: {','.join(DEFAULT_FAIL_ON)}.",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Accept the findings listed in FILE (written by --write-baseline): only new ones fail.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE",
    help="Write every finding of the failing kinds to FILE as the new baseline, and pass.",
)
@_output_options(
    ("text", "json", "sarif"),
    "text: one line per finding and a summary; json: the scan report with a 'check' block; sarif: SARIF 2.1.0.",
    "report",
)
@_scan_options
@_missing_paths_are_usage_errors
@_usage_errors
def check(
    paths: tuple[Path, ...],
    config_file: Path | None,
    index_url: str | None,
    fail_on: tuple[str, ...],
    baseline: Path | None,
    write_baseline: Path | None,
    fmt: str,
    output: Path | None,
    quiet: bool,
    **options: Any,
) -> None:
    """Fail when PATHS hold a duplicated ingest: a block pasted twice in a file
    (repeated-block) or an article already there under another name
    (duplicate-document).

    PATHS are compared with each other and, with --index, with the indexed
    corpus; an indexed entry under the same file name is that file's older
    version and is not compared. Shared passages and boilerplate are reported
    and fail only if --fail-on names them. Each failure names both files and
    their lines.

    When GITHUB_ACTIONS is true, also prints GitHub annotations on the lines
    found (on standard output, unless the report goes there as JSON or SARIF).

    Exits 1 when the check fails, 0 when it passes, 2 on usage errors.
    """
    settings = _settings(paths, config_file, options)
    if index_url is None and Path(_DEFAULT_INDEX).is_file():
        index_url = _DEFAULT_INDEX  # the index `index add` made: a check ignoring it would pass re-ingests
    kinds = _kinds(fail_on) if fail_on else DEFAULT_FAIL_ON
    progress = _Progress()
    try:
        result = check_api(paths, settings, index=index_url, fail_on=kinds, baseline=baseline, progress=progress)
    finally:
        progress.close()
    _warn_skipped(result.report.errors, quiet)
    if write_baseline is not None:
        n = Baseline.write(write_baseline, result)
        click.echo(f"wrote {_plural(n, 'finding')} to the baseline {printable(str(write_baseline))}", err=True)
        sys.exit(0)
    if fmt == "json":
        report = result.report.to_dict() | {"check": result.summary()}
        rendered = json_text(report, indent=2) + "\n"
    elif fmt == "sarif":
        rendered = render_sarif(result)
    else:
        rendered = to_check_text(result, color=output is None and sys.stdout.isatty())
    _emit(rendered, output)
    if os.environ.get("GITHUB_ACTIONS") == "true" and (fmt == "text" or output is not None):
        click.echo(to_github(result), nl=False)
    if fmt != "text":
        click.echo(summary(result), err=True)
    sys.exit(result.exit_code)


@main.group()
def index() -> None:
    """Keep a persistent index of a corpus for 'provenance check'.

    The index holds each document's MinHash band keys, winnowed passage
    fingerprints and compressed text, so checking new files costs a few
    lookups whatever the corpus size. The default backend is an SQLite file;
    redis://host:port/db shares one index between CI runners. Documents are
    named by their path relative to the working directory: run from the
    repository root.
    """


def _index_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--index",
        "index_url",
        metavar="URL",
        envvar="PROVENANCE_INDEX",
        default=_DEFAULT_INDEX,
        show_default=True,
        help=_INDEX_HELP,
    )(command)


@index.command("add")
@click.option("--prune", is_flag=True, help="Also remove entries under PATHS whose files are gone.")
@_index_option
@_scan_options
@_missing_paths_are_usage_errors
@_usage_errors
def index_add_command(
    paths: tuple[Path, ...], config_file: Path | None, prune: bool, index_url: str, quiet: bool, **options: Any
) -> None:
    """Add the files in PATHS to the index, or bring their entries up to date.

    A file indexed with the same content is not fingerprinted again; a
    changed file replaces its entry. Safe to run from two jobs at once.
    """
    settings = _settings(paths, config_file, options)
    started = time.perf_counter()
    result = index_add(paths, index_url, settings, prune=prune)
    _warn_skipped(result.errors, quiet)
    pruned = f", {result.pruned} pruned" if prune else ""
    click.echo(
        f"indexed {_plural(result.documents, 'document')} in {shown_url(index_url)}: {result.added} added,"
        f" {result.replaced} replaced, {result.unchanged} unchanged{pruned};"
        f" {result.fingerprinted} fingerprinted ({time.perf_counter() - started:.1f} s)"
    )


@index.command("remove")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_index_option
@_usage_errors
def index_remove_command(paths: tuple[Path, ...], index_url: str) -> None:
    """Remove the entries of files in PATHS, or of every file under folders in
    PATHS, from the index. The files need not exist any more."""
    removed = index_remove(paths, index_url)
    for key in removed:
        click.echo(f"removed {printable(key)}", err=True)
    click.echo(f"removed {_plural(len(removed), 'document')} from {shown_url(index_url)}")


@index.command("stats")
@click.option("--verify", is_flag=True, help="Also check that every entry and posting is consistent (reads it all).")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@_index_option
@_usage_errors
def index_stats_command(verify: bool, fmt: str, index_url: str) -> None:
    """How many documents and postings the index holds, its size and settings.

    With --verify, exits 1 if the index is inconsistent.
    """
    stats = index_stats(index_url, verify=verify)
    if fmt == "json":
        click.echo(json.dumps(stats, indent=2, sort_keys=True))
    else:
        for key, value in stats.items():
            if key == "settings":
                # The recorded permutations are 2 KB of hex: JSON has them whole.
                shown = {k: "recorded" if k == "permutations" else v for k, v in value.items()}
                value = ", ".join(f"{k}={v}" for k, v in sorted(shown.items()))
            elif key == "problems":
                value = "none" if not value else "\n  " + "\n  ".join(value)
            click.echo(f"{key.replace('_', ' ')}: {printable(str(value), newlines=key == 'problems')}")
    sys.exit(1 if stats.get("problems") else 0)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _files(n: int) -> str:
    return _plural(n, "file")


def _diff(where: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{where}", f"b/{where}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


if __name__ == "__main__":  # pragma: no cover
    main()
