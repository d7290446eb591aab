"""What the index stores of a document: LSH band keys and winnowed seeds.

* **Band keys** (LSH banding as in Leskovec, Rajaraman & Ullman, *Mining of
  Massive Datasets*, ch. 3): the document's MinHash signature cut into ``b``
  bands of ``r`` values, ``b`` and ``r`` chosen by datasketch's
  ``MinHashLSH`` for the scan's ``lsh_threshold``; two documents whose
  signatures agree on a whole band are near-copy candidates. One hash per
  band, so a lookup is ``b`` equality probes whatever the index size.
* **Winnowed seeds** (Schleimer, Wilkerson & Aiken, "Winnowing: local
  algorithms for document fingerprinting", SIGMOD 2003): of every ``window``
  consecutive seed n-grams, the one with the smallest hash. Any run of
  ``window + seed_size - 1`` words two texts share selects the same seed in
  both, so partial reuse is still found while the index holds about
  ``2 / (window + 1)`` of the seeds.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..candidates import band_hashes
from ..fingerprint import Fingerprint
from ..kernels.sets import unique

WINDOW = 8
_NONE = np.uint64(0xFFFFFFFFFFFFFFFF)


def band_keys(signature: np.ndarray | None, b: int, r: int) -> np.ndarray:
    """One 64-bit key per band of a signature (empty without a signature),
    the keys a scan's LSH stage compares (:func:`~provenance.candidates.band_hashes`)."""
    if signature is None:
        return np.zeros(0, dtype=np.uint64)
    return band_hashes(np.asarray(signature)[None, :], b, r)[0]


def winnow(fp: Fingerprint, window: int = WINDOW) -> np.ndarray:
    """The sorted distinct winnowed seeds of a document.

    Seeds of function words only are never chosen: a window holding no
    distinctive seed chooses nothing.

    Args:
        fp: The document's fingerprint.
        window: Consecutive seeds per window.

    Returns:
        ``uint64`` array of seed hashes.
    """
    seeds = np.where(fp.distinctive, fp.seeds, _NONE)
    if len(seeds) == 0:
        return np.zeros(0, dtype=np.uint64)
    if len(seeds) <= window:
        chosen = seeds[[int(np.argmin(seeds))]]
    else:
        windows = sliding_window_view(seeds, window)
        chosen = seeds[unique(np.argmin(windows, axis=1) + np.arange(len(windows)))]
    return unique(chosen[chosen != _NONE])
