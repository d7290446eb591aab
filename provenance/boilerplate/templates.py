"""Corpus templates: lines that recur across the documents of one source,
each time between different article text (a site's header and footer, its
editor's notes, its sign-up pitches)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from ..config import Settings
from ..fingerprint import Permutations, in_sorted, seeds_of
from ..kernels.sets import unique
from ..model import Boilerplate, Document
from .lines import Line


def _line_key(text: str) -> int:
    """A line's key: its words, one space apart, case-folded, hashed."""
    # Most lines already are one space between words (no other whitespace
    # is printable): only the rest are split and joined again.
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return xxhash.xxh3_64_intdigest(text.casefold().encode("utf-8", "surrogatepass"))


def publisher(doc: Document) -> int:
    """Key of the source a document comes from: a JSON Lines record's
    ``source`` field, else the folder its file is in. Page furniture
    written in prose is a template only within one source. (A file-name
    prefix is no sign of one: most scrapers name files after the headline.)"""
    named = doc.meta.get("source") if doc.meta else None
    if isinstance(named, str) and named.strip():
        key = "source:" + named.strip().casefold()
    else:
        key = "folder:" + doc.id.replace("\\", "/").rpartition("/")[0]
    return xxhash.xxh3_64_intdigest(key.encode("utf-8", "surrogatepass"))


# Mixes a source into a line's key (an odd constant: Knuth's multiplicative
# hashing), so that a line is counted per source.
_SOURCE_MIX = 0x9E3779B97F4A7C15


@dataclass
class Contexts:
    """Where the lines that may be templates sit: row ``i`` is a line of
    document ``docs[i]``, its key within its document's :func:`publisher`,
    and the keys of the nearest prose line before and after it (a document
    edge, unique to the document, where there is none). Every non-prose
    line and every long prose line has a row. Flat arrays, a few per chunk
    of documents, because workers hand them back and small arrays per
    document cost more to make and pickle than the work they carry.
    """

    docs: np.ndarray  # uint64
    keys: np.ndarray
    before: np.ndarray
    after: np.ndarray

    @classmethod
    def of(cls, numbered: Iterable[tuple[int, list[Line], int]]) -> Contexts:
        """The contexts of documents given as ``(number, lines, publisher)``."""
        docs: list[int] = []
        keys: list[int] = []
        before: list[int] = []
        after: list[int] = []
        for d, doc_lines, source in numbered:
            k, b, a = _context_rows(doc_lines, d, source)
            docs += [d] * len(k)
            keys += k
            before += b
            after += a
        return cls(*(np.array(x, dtype=np.uint64) for x in (docs, keys, before, after)))

    @classmethod
    def merge(cls, parts: Sequence[Contexts]) -> Contexts:
        """One :class:`Contexts` of several, in order."""
        names = ("docs", "keys", "before", "after")
        return cls(*(np.concatenate([getattr(p, n) for p in parts] or [np.zeros(0, np.uint64)]) for n in names))


def _in_source(key: int, source: int) -> int:
    """A line's key within its source (see :data:`_SOURCE_MIX`)."""
    return key ^ ((source * _SOURCE_MIX) & 0xFFFFFFFFFFFFFFFF)


def _context_rows(doc_lines: list[Line], d: int, source: int) -> tuple[list[int], list[int], list[int]]:
    """Keys of a document's lines within its source, and of the nearest prose
    line on each side (see :class:`Contexts`); ``d`` is the document's
    number, ``source`` its :func:`publisher`. Prose lines under
    :data:`_PROSE_TEMPLATE_WORDS` words are not keyed: a short sentence many
    articles of a site share is no page furniture."""
    edge = xxhash.xxh3_64_intdigest(f"edge-of-document-{d}".encode())
    # The nearest prose line on each side, by index (-1: the document's edge);
    # only those prose lines are keyed, not every paragraph of the article.
    prose = [line.prose for line in doc_lines]
    nearest_before, last = [], -1
    for i, is_prose in enumerate(prose):
        nearest_before.append(last)
        if is_prose:
            last = i
    nearest_after, nxt = [-1] * len(doc_lines), -1
    for i in range(len(doc_lines) - 1, -1, -1):
        nearest_after[i] = nxt
        if prose[i]:
            nxt = i
    prose_keys: dict[int, int] = {-1: edge}

    def prose_key(i: int) -> int:
        if i not in prose_keys:
            prose_keys[i] = _line_key(doc_lines[i].text)
        return prose_keys[i]

    keys, before, after = [], [], []
    for i, line in enumerate(doc_lines):
        if not prose[i]:
            keys.append(_in_source(_line_key(line.text), source))
        elif line.words >= _PROSE_TEMPLATE_WORDS:
            keys.append(_in_source(prose_key(i), source))
        else:
            continue
        before.append(prose_key(nearest_before[i]))
        after.append(prose_key(nearest_after[i]))
    return keys, before, after


# Fewest words of a prose line that may be page furniture (an editor's note,
# a disclaimer, a sign-up pitch); shorter ones are sentences.
_PROSE_TEMPLATE_WORDS = 12


class Templates:
    """Lines that recur across documents between different article text.

    A line counts as a template when it is found in at least ``min_docs``
    documents and, across them, the nearest prose line before it and the
    nearest after it are each different at least ``min_docs`` times and in
    at least half of those documents. A document edge counts as its own
    context. Lines are counted within one source (:func:`publisher`): a
    template is one publisher's page, and its furniture in prose (an
    editor's note, a disclaimer, a promo) one publisher's too, whereas a
    wire story's headline and paragraphs are carried by many outlets.

    Args:
        contexts: The :class:`Contexts` of every document (they may be
            computed apart, in worker processes, and merged here).
        min_docs: Fewest documents, and distinct contexts on each side.
    """

    def __init__(self, contexts: Contexts, min_docs: int) -> None:
        self.min_docs = min_docs
        self._df: dict[int, int] = {}
        if not len(contexts.keys):
            return
        # Every line's key is counted against each column, so the three
        # come back over the same sorted keys.
        lines, docs = _distinct_per_key(contexts.keys, contexts.docs)
        before = _distinct_per_key(contexts.keys, contexts.before)[1]
        after = _distinct_per_key(contexts.keys, contexts.after)[1]
        kept = (docs >= min_docs) & (np.minimum(before, after) >= np.maximum(min_docs, docs / 2))
        self._df = dict(zip(lines[kept].tolist(), docs[kept].tolist(), strict=True))

    def holders(self, contexts: Contexts) -> list[int]:
        """The documents (by number, in order) with a template line among
        ``contexts``: only their boilerplate can templates change."""
        if not self._df:
            return []
        lines = np.sort(np.fromiter(self._df, dtype=np.uint64, count=len(self._df)))
        return unique(contexts.docs[in_sorted(contexts.keys, lines)]).tolist()

    def documents_with(self, line: Line, source: int) -> int:
        """How many documents carry this line as a template (0: not one);
        ``source`` is the document's :func:`publisher`."""
        if line.prose and line.words < _PROSE_TEMPLATE_WORDS:
            return 0
        return self._df.get(_in_source(_line_key(line.text), source), 0)


def _distinct_per_key(key: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value of ``key``, sorted, and how many distinct values of
    ``other`` it is paired with (rows ``(key[i], other[i])``). Sorted by
    both columns with :func:`numpy.lexsort`: ``np.unique(..., axis=0)``
    would compare the rows as raw bytes, several times slower."""
    order = np.lexsort((other, key))
    k, o = key[order], other[order]
    new = np.ones(len(k), dtype=bool)
    new[1:] = (k[1:] != k[:-1]) | (o[1:] != o[:-1])
    k = k[new]  # each distinct pair once, still sorted by key
    starts = np.flatnonzero(np.concatenate((np.ones(min(len(k), 1), dtype=bool), k[1:] != k[:-1])))
    return k[starts], np.diff(np.append(starts, len(k)))


def corpus_templates(contexts: Contexts, documents: int, settings: Settings) -> Templates | None:
    """:class:`Templates` of a scan of ``documents`` documents, or None when
    it has too few for a line to recur in ``template_min_docs`` of them."""
    if documents < settings.template_min_docs:
        return None
    return Templates(contexts, settings.template_min_docs)


def template_seeds(
    found: Sequence[Sequence[Boilerplate]], docs: Sequence[Document], settings: Settings, perms: Permutations
) -> np.ndarray:
    """The seeds of the corpus's page templates, sorted: every page of an
    outlet carries them, whatever story it wraps, so they link nothing.

    Args:
        found: Per document, its boilerplate (templates' included).
        docs: The documents.
        settings: The seed size.
        perms: Any permutations (seeds do not depend on them).
    """
    texts = [
        docs[i].text[b.span.start : b.span.end] for i, bs in enumerate(found) for b in bs if b.category == "template"
    ]
    return seeds_of(texts, settings, perms)
