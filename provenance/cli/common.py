"""What every command shares: the main group, the scan options, settings, progress and output."""

from __future__ import annotations

import functools
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..api import scan as scan_api
from ..collector import skip_collection_at_exit
from ..config import ConfigError, Settings, find_config, load_config
from ..model import Report
from ..report.escape import printable
from ..report.output import atomic_output
from ..version import __version__

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


def _scan(paths: tuple[Path, ...], settings: Settings, quiet: bool) -> Report:
    """Scan with a progress bar, skipped files reported on stderr."""
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


def _categories(value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip() for item in value for c in item.split(",") if c.strip())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _files(n: int) -> str:
    return _plural(n, "file")
