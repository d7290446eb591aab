"""What executors compute per document and per key: fingerprints, band keys, and each key's star links."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..boilerplate import detect
from ..candidates import Stars, band_hashes
from ..config import Settings
from ..fingerprint import Fingerprint, Permutations, Sketch, fingerprint
from ..model import Document
from ..relate import article_words

if TYPE_CHECKING:
    pass


@lru_cache(maxsize=4)
def _perms(num_perm: int, seed: int) -> Permutations:
    """One set of permutations per executor process, not per task."""
    return Permutations(num_perm, seed)


def _band_rows(part: Iterable[tuple[int, Any]], b: int, r: int) -> Iterator[tuple[int, int, int, int]]:
    """``(kind, key, doc, paragraph)``: kind 0 for document signatures, 1 for
    paragraph signatures; keys as signed 64-bit, Spark's ``long``."""
    part = [(n, sk) for n, (_, _, sk, _) in part]
    docs = [(n, fp.signature) for n, fp in part if fp.signature is not None]
    if docs:
        keys = band_hashes(np.stack([s for _, s in docs]), b, r).view(np.int64)
        for (n, _), row in zip(docs, keys.tolist(), strict=True):
            for key in row:
                yield 0, key, n, -1
    paras = [(n, p, sig) for n, fp in part for p, sig in fp.passage_signatures.items()]
    if paras:
        keys = band_hashes(np.stack([s for _, _, s in paras]), b, r).view(np.int64)
        for (n, p, _), row in zip(paras, keys.tolist(), strict=True):
            for key in row:
                yield 1, key, n, p


def _hub(docs: Iterable[int], weight: np.ndarray) -> int:
    """A key's hub: its heaviest holder, the lowest number on a tie (as
    :func:`provenance.candidates.heaviest`)."""
    return max(docs, key=lambda d: (int(weight[d]), -d))


def _star(kind: int, docs: list[int], weight: np.ndarray) -> Iterator[tuple[tuple[int, int, int], int]]:
    """A key's star links ``((kind, member, hub), 1)``, and ``((kind, doc,
    -1), 1)`` for a document holding it twice (a paragraph repeated)."""
    held = sorted(set(docs))
    if len(held) < len(docs):
        for d in held:
            if docs.count(d) > 1:
                yield (kind, d, -1), 1
    if len(held) < 2:
        return
    hub = _hub(held, weight)
    for d in held:
        if d != hub:
            yield (kind, d, hub), 1


def _across(seed: int, docs: list[int], weight: np.ndarray, story: np.ndarray, max_df: int) -> Iterator[tuple]:
    """A seed's links across provisional stories ``(("link", member, hub),
    1)``, or ``(("common", seed, 0), 1)`` when more than ``max_df`` stories
    hold it (as :func:`provenance.candidates.cross_stars`)."""
    stories = {int(story[d]) for d in docs}
    if len(stories) > max_df:
        yield ("common", seed, 0), 1
        return
    if len(stories) < 2:
        return
    hub = _hub(docs, weight)
    for d in docs:
        if story[d] != story[hub]:
            yield ("link", d, hub), 1


def _stars(counted: list[tuple[tuple[int, int, int], int]], kind: int, n: int) -> Stars:
    """One kind's links, as :func:`provenance.candidates.stars` gives them."""
    pairs = sorted((m * n + h, c) for (k, m, h), c in counted if k == kind and h >= 0)
    selfs = sorted(m for (k, m, h), _ in counted if k == kind and h < 0)
    return Stars(
        np.array([p for p, _ in pairs], dtype=np.int64),
        np.array([c for _, c in pairs], dtype=np.int64),
        np.array(selfs, dtype=np.int64),
        np.zeros(0, dtype=np.uint64),
    )


def _first_pass(doc: Document, settings: Settings, perms: Permutations) -> tuple[Fingerprint, Sketch, tuple]:
    """A document's fingerprint, its sketch and the counts the clustering
    weighs it by, as the local engine's first pass makes them."""
    fp = fingerprint(doc, settings, perms)
    article = article_words(fp, detect(doc, settings))
    sk = fp.sketch(article)
    return fp, sk, (int(article.sum()), len(sk.seed_set))
