"""``clean``: remove doubled blocks and page boilerplate in place."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

import click

from ..api import clean as clean_api
from ..config import STRIPPABLE, ConfigError, resolve_strip
from ..report.escape import printable
from .common import (
    _categories,
    _files,
    _missing_paths_are_usage_errors,
    _Progress,
    _scan_options,
    _settings,
    _warn_skipped,
    main,
)


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


def _diff(where: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{where}", f"b/{where}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
