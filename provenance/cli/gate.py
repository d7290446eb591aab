"""``check`` and ``index``: the CI gate and the index it checks against."""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..api import check as check_api
from ..api import index_add, index_remove, index_stats
from ..gate import DEFAULT_FAIL_ON, Baseline, BaselineError, parse_kinds
from ..index import StorageError
from ..model import json_text
from ..report.escape import printable, shown_url
from ..report.gate import summary, to_check_text, to_github
from ..report.sarif import render as render_sarif
from .common import (
    _emit,
    _missing_paths_are_usage_errors,
    _output_options,
    _plural,
    _Progress,
    _scan_options,
    _settings,
    _warn_skipped,
    main,
)

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
