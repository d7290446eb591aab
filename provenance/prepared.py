"""A document's text in the forms the stages read it: decoded, as UTF-8, as
code points and cut into paragraphs, each worked out once, when first asked
for.

The first pass fingerprints a document and describes its lines from the same
code points and paragraphs; handing both the one :class:`Prepared` spares
decoding and scanning the text again, without every stage taking optional
"when already at hand" arguments. The floors below this one (the compiled
kernels, :mod:`~provenance.segment`, :mod:`~provenance.cues`) cannot import
it: their functions take a form the caller already has as an optional
argument, and the stages above pass it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .kernels.tokens import codepoints
from .model import Document
from .segment import paragraphs


@dataclass
class Prepared:
    """One document and what is worked out from its text alone."""

    doc: Document

    @cached_property
    def text(self) -> str:
        """The text (a :class:`Document` keeps it as UTF-8)."""
        return self.doc.text

    @property
    def utf8(self) -> bytes:
        """The text as UTF-8 (``surrogatepass``): what a :class:`Document`
        keeps, so nothing is encoded."""
        return self.doc.utf8

    @cached_property
    def cps(self) -> np.ndarray:
        """Its code points (:func:`~provenance.kernels.tokens.codepoints`)."""
        return codepoints(self.text)

    @cached_property
    def paras(self) -> list[tuple[int, int]]:
        """Its paragraphs (:func:`~provenance.segment.paragraphs`)."""
        return paragraphs(self.text)


def prepared(doc: Document | Prepared) -> Prepared:
    """``doc`` as a :class:`Prepared` (itself when it is one)."""
    return doc if isinstance(doc, Prepared) else Prepared(doc)
