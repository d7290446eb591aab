"""Compiled inner loops (numba), each behind a small interface that says what
it computes, so that the stages read as what they do: :mod:`.tokens` (code
points, word tokens and their hashes, in one pass over a text) and
:mod:`.literals` (which of a fixed set of ASCII strings a text holds);
:mod:`.sets` (distinct keys by sorting, not numpy's hash tables).
Figures for each are in ``docs/performance.md``."""
