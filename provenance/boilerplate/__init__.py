"""Boilerplate stage: which lines of a document are page furniture, and why.

One module per job: :mod:`.lines` (a line's features, computed for a whole
document in one compiled pass), :mod:`.rules` (what a line says),
:mod:`.label` (labelling a document's lines from its own evidence),
:mod:`.templates` (the corpus's evidence), :mod:`.merge` (labels to
findings); this module puts them together.

Scraped text keeps one paragraph per line, so the unit here is the line. Two
kinds of evidence are combined:

1. **Shape, inside one document.** Lines are described the way jusText
   describes paragraphs (Pomikálek, *Removing Boilerplate and Duplicate
   Content from Web Corpora*, PhD thesis, Masaryk University, 2011): length,
   stop-word density, sentence punctuation, plus what plain text still shows
   of the page: title case, list markers, blank-line layout. Widget phrases
   ("Post a Comment"), picture credits ("NAME/AFP via Getty Images"),
   publication-date and byline lines are recognised by pattern; a link-box
   heading ("Related Articles", "Top Trending") starts a run that extends over
   the short, title-like lines after it and stops at the first line of prose.
2. **The corpus.** A short line found in many documents, each time between
   different article text, is a site template ("Advertisement", a footer).
   Counting the surrounding prose keeps a heading of one story republished by
   several outlets from looking like a template.

Precision comes from needing positive evidence: a line is never boilerplate
just for being short or unpunctuated (the C4 rule, Raffel et al. 2020), so
headings, bullet and numbered lists, flattened tables and quotations inside an
article stay content. Runs need an anchor, or must sit after the article's
last paragraph and look like a list of titles; a few short lines after the
article pass as furniture only between two lines that are.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Settings
from ..memo import Memo
from ..model import Boilerplate, Document
from .label import Labeller, Labels, menu_run, own_labels, tail_run
from .lines import Line, Lined, lined, lines
from .merge import TEMPLATE_CAUSE, to_findings
from .page import Shape, between_furniture, menus_without_article, outside_article, page_shape, page_title
from .rules import quote
from .templates import Contexts, Templates, corpus_templates, publisher, template_seeds

__all__ = [
    "Contexts",
    "Labels",
    "Line",
    "Lined",
    "Own",
    "Templates",
    "corpus_templates",
    "detect",
    "detect_alone",
    "find_boilerplate",
    "lined",
    "lines",
    "publisher",
    "quote",
    "scraped_article",
    "template_seeds",
]


# What a document's own evidence says, compactly (it travels between
# processes): of its lines, their labels; of its page, its shape.
Own = tuple[Labels, Shape | None]


def detect(
    doc: Document | Lined,
    settings: Settings,
    templates: Templates | None = None,
    own: Own | None = None,
    memo: Memo | None = None,
) -> list[Boilerplate]:
    """The boilerplate of one document.

    Args:
        doc: The document, or its :class:`Lined` text (whose lines are then
            read, not worked out again).
        settings: ``boilerplate_phrases`` adds phrases of the user's own.
        templates: Corpus evidence from :class:`Templates`, if any.
        own: What the document's own evidence says of its lines and its
            page (:func:`detect_alone`), when already known: only the
            corpus's evidence is then weighed again.
        memo: The scan's :class:`~provenance.memo.Memo`, if any.

    Returns:
        Findings in text order, one per run of lines with one category and
        one cause.
    """
    page = lined(doc)
    if own is None:
        lab, shape = _own_evidence(page.lines, settings, memo)
    else:
        lab, shape = Labeller.restore(page.lines, own[0]), own[1]
    return _with_corpus(page.doc, page.lines, lab, shape, templates)


def _own_evidence(doc_lines: list[Line], settings: Settings, memo: Memo | None) -> tuple[Labeller, Shape | None]:
    """What a document's own rules say of its lines, and its page's shape."""
    lab = own_labels(doc_lines, settings, memo)
    return lab, page_shape(doc_lines, lab, memo)


def detect_alone(doc: Document | Lined, settings: Settings, memo: Memo | None = None) -> tuple[list[Boilerplate], Own]:
    """The boilerplate of one document without the corpus's evidence, and
    what its own evidence says of its lines and its page: with the corpus's
    templates known, :func:`detect` takes it up from there instead of
    reading every line again (templates change only the lines no rule of the
    document's own has labelled, and the runs found among the free lines
    after them; the page's shape reads the document's own labels only).
    ``memo`` is the scan's :class:`~provenance.memo.Memo`, if any."""
    page = lined(doc)
    lab, shape = _own_evidence(page.lines, settings, memo)
    own = (lab.snapshot(), shape)
    return _with_corpus(page.doc, page.lines, lab, shape, None), own


def scraped_article(shape: Shape | None) -> tuple[int, int] | None:
    """The first and last lines of a scraped page's article, from its
    :class:`Shape` (None when the document does not read as a scraped page,
    or has no article): :class:`Contexts` reads its prose around it as the
    page's."""
    return (shape.first, shape.last) if shape is not None and shape.scraped else None


def _with_corpus(
    doc: Document, doc_lines: list[Line], lab: Labeller, shape: Shape | None, templates: Templates | None
) -> list[Boilerplate]:
    """The corpus's templates, then the runs found among the lines still
    free (a tail of links, a menu at the top), and the findings."""
    if templates is not None:
        first_prose = next((k for k, line in enumerate(doc_lines) if line.prose), len(doc_lines))
        source = publisher(doc)
        article = scraped_article(shape)
        first, last = article if article is not None else (0, len(doc_lines))
        counts = [templates.documents_with(line, source, not first <= k <= last) for k, line in enumerate(doc_lines)]
        for i, (line, n) in enumerate(zip(doc_lines, counts, strict=True)):
            # Right before prose, once the article has begun, a short line is
            # a heading of the article, however many articles share it (not
            # of furniture in prose that follows it, a template too).
            inside = (
                not line.prose and first_prose < i < len(doc_lines) - 1 and doc_lines[i + 1].prose and not counts[i + 1]
            )
            if n and lab.free(i) and not inside:
                lab.set(i, "template", TEMPLATE_CAUSE, str(n))
    outside_article(doc_lines, lab, shape)
    tail_run(doc_lines, lab)
    menu_run(doc_lines, lab)
    menus_without_article(doc_lines, lab, shape)
    between_furniture(doc_lines, lab, shape)
    page_title(doc_lines, lab, shape)
    return to_findings(doc, doc_lines, lab)


def find_boilerplate(docs: Sequence[Document], settings: Settings) -> list[list[Boilerplate]]:
    """The boilerplate of every document, with templates found across them.

    Args:
        docs: The documents of one scan.
        settings: ``template_min_docs`` and ``boilerplate_phrases``.

    Returns:
        Per document, its findings in text order.
    """
    pages = [Lined(d).settled() for d in docs]
    memo = Memo()
    # Each page's own evidence first (the contexts read where its article
    # lies), labelled once: the pass with templates takes it up from there.
    owns = [_own_evidence(page.lines, settings, memo) for page in pages]
    numbered = (
        (i, page.lines, publisher(page.doc), scraped_article(shape))
        for i, (page, (_, shape)) in enumerate(zip(pages, owns, strict=True))
    )
    templates = corpus_templates(Contexts.of(numbered), len(docs), settings)
    return [
        _with_corpus(page.doc, page.lines, lab, shape, templates)
        for page, (lab, shape) in zip(pages, owns, strict=True)
    ]
