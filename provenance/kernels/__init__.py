"""Speed behind small doors: each inner loop behind an interface that says
what it computes, so that the stages read as what they do. Compiled with
numba: :mod:`.tokens` (code points, word tokens and their hashes, in one
pass over a text) and :mod:`.literals` (which of a fixed set of ASCII
strings a text holds). Plain numpy: :mod:`.sets` (distinct keys by sorting,
where numpy's own ``np.unique`` builds a hash table). Figures for each are
in ``docs/performance.md``."""
