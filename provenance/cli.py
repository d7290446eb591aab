"""The ``provenance`` command: parse options, call the library, print, exit.

Exit codes: 0 when the scan ran (findings are not failures), 2 for usage
errors such as a path that does not exist.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import __version__
from .api import scan as scan_api
from .config import Settings
from .report import to_json, to_text

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
def main() -> None:
    """Find duplicated text, its origin and page noise in a corpus of news articles."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format: readable text, or JSON as in docs/report-format.md.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--shingle-size",
    type=click.IntRange(1, 50),
    default=_DEFAULTS.shingle_size,
    show_default=True,
    help="Words per shingle in MinHash signatures.",
)
@click.option(
    "--num-perm",
    type=click.IntRange(16, 1024),
    default=_DEFAULTS.num_perm,
    show_default=True,
    help="MinHash permutations per signature.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    default=_DEFAULTS.threshold,
    show_default=True,
    help="Similarity (0-1) at which aligned text counts as a copy: a repeated block or, "
    "with containment, a duplicate document.",
)
@click.option(
    "--min-words",
    type=click.IntRange(4, 10_000),
    default=_DEFAULTS.min_words,
    show_default=True,
    help="Fewest matching words a reported passage must have.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0, 512),
    default=_DEFAULTS.jobs,
    show_default=True,
    help="Worker processes; 0 uses every core. The report does not depend on it.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help=f"Files to read in folders (repeatable). Default: {' '.join(_DEFAULTS.include)}.",
)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Files or folders to skip (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="No warnings about skipped files on stderr.")
def scan(paths: tuple[Path, ...], fmt: str, output: Path | None, quiet: bool, **options) -> None:
    """Report repeated blocks, duplicate documents and shared passages in PATHS.

    PATHS are files or folders (searched recursively; hidden ones skipped).
    Files ending .jsonl or .ndjson are read as JSON Lines with 'id' and 'text'
    fields. Every passage is located to the character in the original text.
    """
    # Repeatable options arrive as empty tuples when not given: keep defaults.
    options = {k: v for k, v in options.items() if v != ()}
    try:
        settings = Settings().with_overrides(**options)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    progress = _Progress()
    started = time.perf_counter()
    try:
        report = scan_api(paths, settings, progress=progress)
    finally:
        progress.close()
    elapsed = time.perf_counter() - started
    if not quiet:
        for err in report.errors:
            click.echo(f"provenance: skipped {err.path}: {err.error}", err=True)
    if fmt == "json":
        rendered = to_json(report)
    else:
        rendered = to_text(report, color=output is None and sys.stdout.isatty(), elapsed=elapsed)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        output.write_text(rendered, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
