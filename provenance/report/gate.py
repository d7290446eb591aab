"""What ``provenance check`` prints: compact ``path:lines: level: kind: …``
lines (the compiler convention editors and CI logs link up), a summary, and
GitHub Actions workflow commands that annotate the files in a pull request.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import click

from ..gate import CheckResult, Location
from ..model import Boilerplate, DuplicateDocument, Finding, RepeatedBlock, SharedPassage
from .escape import printable, shown_url

# Other places a line names before it counts the rest.
_NAMED = 3


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _at(loc: Location) -> str:
    """``path:lines``, safe to print."""
    return f"{printable(loc.path)}:{loc.lines}"


def _other(loc: Location, result: CheckResult) -> str:
    doc = result.report.by_id[loc.doc]
    return f"{_at(loc)} (indexed)" if doc.index else _at(loc)


def describe(f: Finding, locs: list[Location], result: CheckResult) -> str:
    """One sentence on a finding, naming every place but the first (a long
    list by its first places and a count)."""
    if isinstance(f, RepeatedBlock):
        return f"{f.words} words repeat lines {locs[1].lines} of the same file (similarity {f.similarity:.2f})"
    if isinstance(f, DuplicateDocument):
        first = locs[0].doc
        k = f.member(first)
        if first == f.root:
            said = f"the root of {len(f.docs)} copies of one article ({f.root_why}); its closest copy is"
            shares = f"{f.containment[k]:.0%} of this file is there"
        else:
            said = "the same article as"
            shares = f"{f.containment[k]:.0%} of this file is there, {f.carries[k]:.0%} of that one is here"
        more = len(f.docs) - 2
        also = f" and {more} other {'copy' if more == 1 else 'copies'}" if more else ""
        return f"{said} {_other(locs[1], result)}{also}: {shares} (similarity {f.similarities[k]:.2f})"
    if isinstance(f, SharedPassage):
        quoted = " of quoted text" if f.quoted else ""
        also = ", ".join(_other(loc, result) for loc in locs[1 : _NAMED + 1])
        if len(locs) > _NAMED + 1:
            also += f" and {len(locs) - _NAMED - 1} more"
        return f"{f.words} words{quoted} also at {also} (similarity {f.similarity:.2f})"
    if isinstance(f, Boilerplate):
        return f"{f.category}: {printable(f.reason)}"
    return f.message  # pragma: no cover


def _remedy(f: Finding, result: CheckResult) -> str:
    """What makes a failure go: ``provenance clean``, or a person."""
    if f.id in result.fixable:
        return "; `provenance clean` removes it"
    if isinstance(f, RepeatedBlock):
        return "; `provenance clean` leaves it (its copies differ, or it does not cover whole lines): edit it by hand"
    if isinstance(f, DuplicateDocument):
        return "; a person decides which file to keep"
    return ""


def to_check_text(result: CheckResult, color: bool = False) -> str:
    """Failures, then what is reported without failing, then a summary."""

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if color else text

    out: list[str] = []
    for f in result.failures:
        locs = result.where(f)
        out.append(
            f"{style(_at(locs[0]), bold=True)}: {style('error', fg='red', bold=True)}: {f.kind}: "
            f"{describe(f, locs, result)}{_remedy(f, result)}"
        )
    noise: dict[str, Counter[str]] = defaultdict(Counter)
    for f in result.others:
        locs = result.where(f)
        if isinstance(f, Boilerplate):
            noise[locs[0].path][f.category] += 1
            continue
        out.append(f"{_at(locs[0])}: {style('note', fg='cyan')}: {f.kind}: {describe(f, locs, result)}")
    for path, cats in sorted(noise.items()):
        kinds = ", ".join(f"{n} {c}" for c, n in sorted(cats.items()))
        out.append(f"{printable(path)}: {style('note', fg='cyan')}: boilerplate: {kinds}")
    out.append(summary(result, style))
    return "\n".join(out) + "\n"


def summary(result: CheckResult, style=lambda t, **kw: t) -> str:
    checked = _plural(len(result.checked), "file")
    against = f" against the index {shown_url(result.index)}" if result.index else ""
    kinds = " or ".join(result.fail_on) or "nothing"
    if result.failures:
        counts = Counter(f.kind for f in result.failures)
        what = ", ".join(f"{n} {k}" for k, n in counts.items())
        head = style("provenance check failed", fg="red", bold=True) + f": {what} in {checked}{against}"
    else:
        head = style("provenance check passed", fg="green", bold=True) + f": no {kinds} in {checked}{against}"
    tail = []
    if result.accepted:
        tail.append(f"{len(result.accepted)} accepted by the baseline {printable(str(result.baseline))}")
    if result.others:
        counts = Counter(f.kind for f in result.others)
        tail.append(", ".join(f"{n} {k}" for k, n in counts.items()) + " reported, not failing")
    return head + (f" ({'; '.join(tail)})" if tail else "") + "."


def _escape_data(text: str) -> str:
    """Workflow-command data: its own escapes for ``%``, CR and LF, and
    :func:`printable` for every other control character."""
    return printable(text, newlines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: ``::error`` for each failure and
    ``::warning`` for other duplication, on the checked file's lines.
    Boilerplate is left out unless it fails: a page of it would bury the rest.
    """
    out = []
    for level, findings in (("error", result.failures), ("warning", result.others)):
        for f in findings:
            if level == "warning" and isinstance(f, Boilerplate):
                continue
            locs = result.where(f)
            loc = locs[0]
            props = ",".join(
                [
                    f"file={_escape_property(loc.path)}",
                    f"line={loc.first_line}",
                    f"endLine={loc.last_line}",
                    f"title={_escape_property('provenance ' + f.kind)}",
                ]
            )
            out.append(f"::{level} {props}::{_escape_data(describe(f, locs, result))}")
    return "\n".join(out) + ("\n" if out else "")
