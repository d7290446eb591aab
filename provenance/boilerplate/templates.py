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
    """Every non-blank line of every document, in order, as rows of flat
    arrays: the document's number, the line's key within the document's
    :func:`publisher`, whether it is prose, its words, and whether it lies
    outside the article of a scraped page (as its own rules found it, see
    :func:`~.page.page_shape`). Flat arrays, a few
    per chunk of documents, because workers hand them back and small arrays
    per document cost more to make and pickle than the work they carry.
    :class:`Templates` reads each line's neighbours from them once every
    line's frequency across the corpus is known.
    """

    docs: np.ndarray  # uint64
    keys: np.ndarray  # uint64
    prose: np.ndarray  # bool
    words: np.ndarray  # int32
    outside: np.ndarray  # bool

    @classmethod
    def of(cls, numbered: Iterable[tuple[int, list[Line], int, tuple[int, int] | None]]) -> Contexts:
        """The contexts of documents given as ``(number, lines, publisher,
        article)``, ``article`` the first and last lines of the article of a
        scraped page (:func:`~.page.page_shape`), or None."""
        docs: list[int] = []
        keys: list[int] = []
        prose: list[bool] = []
        words: list[int] = []
        outside: list[bool] = []
        for d, doc_lines, source, article in numbered:
            mix = _mix(source)  # _in_source, without a call per line
            docs += [d] * len(doc_lines)
            keys += [_line_key(line.text) ^ mix for line in doc_lines]
            prose += [line.prose for line in doc_lines]
            words += [line.words for line in doc_lines]
            if article is None:
                outside += [False] * len(doc_lines)
            else:
                first, last = article
                outside += [k < first or k > last for k in range(len(doc_lines))]
        return cls(
            np.array(docs, dtype=np.uint64),
            np.array(keys, dtype=np.uint64),
            np.array(prose, dtype=bool),
            np.array(words, dtype=np.int32),
            np.array(outside, dtype=bool),
        )

    @classmethod
    def merge(cls, parts: Sequence[Contexts]) -> Contexts:
        """One :class:`Contexts` of several, in order."""
        types = {"docs": np.uint64, "keys": np.uint64, "prose": bool, "words": np.int32, "outside": bool}
        return cls(*(np.concatenate([getattr(p, n) for p in parts] or [np.zeros(0, t)]) for n, t in types.items()))


def _mix(source: int) -> int:
    """What a source's lines' keys are mixed with (see :data:`_SOURCE_MIX`)."""
    return (source * _SOURCE_MIX) & 0xFFFFFFFFFFFFFFFF


def _in_source(key: int, source: int) -> int:
    """A line's key within its source."""
    return key ^ _mix(source)


def _edges(docs: np.ndarray) -> np.ndarray:
    """A key per document number standing for its edge, unlike any other
    document's (splitmix64's finaliser: distinct numbers give distinct keys)."""
    with np.errstate(over="ignore"):
        z = docs + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _neighbours(contexts: Contexts, min_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the key of the nearest line of the article before it and
    after it in its document (the document's edge where there is none).

    A line of the article is a prose line; where the prose a document shares
    with ``min_docs`` or more others of its source is less than the rest of
    its prose, those shared lines are the page's, not the article's (a
    sidebar's "About the author", a publisher's promo, next to a template
    line), and are passed over. A document most of whose prose recurs (the
    versions of one story, a page ingested again and again) keeps every
    prose line as article: its lines recur between the same paragraphs.
    Shared prose outside a scraped page's article (``contexts.outside``: a
    site's registration form, its blurbs of other posts) is passed over
    however much of it there is: the page's own rules placed it outside.
    """
    docs, keys, prose, words = contexts.docs, contexts.keys, contexts.prose, contexts.words
    outside = contexts.outside
    n = len(keys)
    if n == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64)
    uniq, counts = _distinct_per_key(keys, docs)
    recurring = counts[np.searchsorted(uniq, keys)] >= min_docs
    new_doc = np.ones(n, dtype=bool)
    new_doc[1:] = docs[1:] != docs[:-1]
    doc = np.cumsum(new_doc) - 1
    shared = np.bincount(doc, weights=words * (prose & recurring))
    own = np.bincount(doc, weights=words * (prose & ~recurring))
    article = prose & ~(recurring & ((own >= shared)[doc] | outside))
    at = np.arange(n)
    last = np.maximum.accumulate(np.where(article, at, -1))
    before = np.concatenate(([-1], last[:-1]))
    nxt = np.minimum.accumulate(np.where(article, at, n)[::-1])[::-1]
    after = np.concatenate((nxt[1:], [n]))
    edge = _edges(docs)
    safe_before, safe_after = np.maximum(before, 0), np.minimum(after, n - 1)
    has_before = (before >= 0) & (doc[safe_before] == doc)
    has_after = (after < n) & (doc[safe_after] == doc)
    return np.where(has_before, keys[safe_before], edge), np.where(has_after, keys[safe_after], edge)


# Fewest words of a prose line that may be page furniture (an editor's note,
# a disclaimer, a sign-up pitch); shorter ones are sentences.
_PROSE_TEMPLATE_WORDS = 12


class Templates:
    """Lines that recur across documents between different article text.

    A line counts as a template when it is found in at least ``min_docs``
    documents and, across them, the nearest line of the article before it
    and the nearest after it (see :func:`_neighbours`: a prose line, passing
    over the page's own recurring prose) are each different at least
    ``min_docs`` times and in at least half of those documents. A document
    edge counts as its own context. Lines are counted within one source
    (:func:`publisher`): a template is one publisher's page, and its
    furniture in prose (an editor's note, a disclaimer, a promo) one
    publisher's too, whereas a wire story's headline and paragraphs are
    carried by many outlets.

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
        before, after = _neighbours(contexts, min_docs)
        # Non-prose lines and long prose lines may be furniture; a short
        # sentence many articles of a site share is the site's style, but
        # outside a scraped page's article it is the page's ("Please
        # register to gain free access to WSJ tools.").
        rows = ~contexts.prose | (contexts.words >= _PROSE_TEMPLATE_WORDS) | contexts.outside
        keys = contexts.keys[rows]
        # Every line's key is counted against each column, so the three
        # come back over the same sorted keys.
        lines, docs = _distinct_per_key(keys, contexts.docs[rows])
        before = _distinct_per_key(keys, before[rows])[1]
        after = _distinct_per_key(keys, after[rows])[1]
        kept = (docs >= min_docs) & (np.minimum(before, after) >= np.maximum(min_docs, docs / 2))
        self._df = dict(zip(lines[kept].tolist(), docs[kept].tolist(), strict=True))

    def holders(self, contexts: Contexts) -> list[int]:
        """The documents (by number, in order) with a template line among
        ``contexts``: only their boilerplate can templates change."""
        if not self._df:
            return []
        lines = np.sort(np.fromiter(self._df, dtype=np.uint64, count=len(self._df)))
        return unique(contexts.docs[in_sorted(contexts.keys, lines)]).tolist()

    def documents_with(self, line: Line, source: int, outside: bool = False) -> int:
        """How many documents carry this line as a template (0: not one);
        ``source`` is the document's :func:`publisher`, ``outside`` whether
        the line lies outside a scraped page's article (see
        :class:`Contexts`): a short sentence is a template only there."""
        if line.prose and line.words < _PROSE_TEMPLATE_WORDS and not outside:
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
