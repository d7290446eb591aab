"""From labelled lines to findings: consecutive lines of one category are
one finding with one reason."""

from __future__ import annotations

from ..model import Boilerplate, Document, Span
from .label import Label, Labeller
from .lines import Line


def to_findings(doc: Document, doc_lines: list[Line], lab: Labeller) -> list[Boilerplate]:
    """Consecutive labelled lines of one category become one finding; a run's
    lines share one reason, separate matches list theirs."""
    out: list[Boilerplate] = []
    i = 0
    while i < len(doc_lines):
        label = lab.labels[i]
        if label is None:
            i += 1
            continue
        j = i + 1
        while j < len(doc_lines) and (nxt := lab.labels[j]) is not None and nxt.category == label.category:
            j += 1
        reason = _merged_reason([lab.labels[k] for k in range(i, j)])
        span = Span(doc.id, doc_lines[i].start, doc_lines[j - 1].end)
        first, last = doc_lines[i].number, doc_lines[j - 1].number
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        out.append(
            Boilerplate(f"{label.category} at {where}", span=span, category=label.category, reason=reason)
        )  # the reason is its own field
        i = j
    return out


# A template line's cause; its detail is how many documents carry it.
TEMPLATE_CAUSE = "found in other documents, each time between different text"


def _merged_reason(labels: list[Label]) -> str:
    """One reason for consecutive lines: evidence of one cause is listed
    once ("comment-widget text 'No comments:', 'Post a Comment'"), and a run
    of template lines says once how many lines and how many documents carry
    them ("3 lines found in 120-480 documents, each time between different
    text"): a page header is on every page of its outlet, and so is its
    reason in the report."""
    runs: list[list[Label]] = []
    for label in labels:
        if runs and runs[-1][0].what == label.what:
            runs[-1].append(label)
        else:
            runs.append([label])
    return "; ".join(_cause_reason(run) for run in runs)


def _cause_reason(run: list[Label]) -> str:
    """The reason of consecutive lines of one cause."""
    if run[0].what == TEMPLATE_CAUSE:
        counts = sorted(int(label.detail) for label in run)
        docs = f"{counts[0]}" if counts[0] == counts[-1] else f"{counts[0]}-{counts[-1]}"
        lines = "line" if len(run) == 1 else f"{len(run)} lines"
        return f"{lines} found in {docs} documents, each time between different text"
    details = list(dict.fromkeys(label.detail for label in run if label.detail))
    return f"{run[0].what} {', '.join(details)}" if details else run[0].what
