"""The recorded datasketch parameters are datasketch's, and spare a scan its import."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from provenance import datasketch_defaults as recorded
from provenance.candidates import banding
from provenance.fingerprint import Permutations

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(("num_perm", "seed"), sorted(recorded.PERMUTATIONS))
def test_recorded_permutations_are_datasketchs(num_perm, seed):
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    perms = Permutations(num_perm, seed)
    assert np.array_equal(perms.a, a.astype(np.uint32))
    assert np.array_equal(perms.b, b.astype(np.uint32))


@pytest.mark.parametrize(("threshold", "num_perm"), sorted(recorded.BANDING))
def test_recorded_banding_is_datasketchs(threshold, num_perm):
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert recorded.BANDING[threshold, num_perm] == (lsh.b, lsh.r)


def test_settings_not_recorded_ask_datasketch():
    assert (64, 7) not in recorded.PERMUTATIONS and (0.55, 64) not in recorded.BANDING
    a, b = MinHash(num_perm=64, seed=7, scheme="affine32").permutations
    perms = Permutations(64, 7)
    assert np.array_equal(perms.a, a.astype(np.uint32)) and np.array_equal(perms.b, b.astype(np.uint32))
    lsh = MinHashLSH(threshold=0.55, num_perm=64)
    assert banding(0.55, 64) == (lsh.b, lsh.r)


def test_a_scan_with_the_defaults_does_not_import_datasketch():
    code = (
        "import sys\n"
        "from provenance import api\n"
        f"report = api.scan([{str(SEEDS)!r}], jobs=1)\n"
        "assert report.findings\n"
        "print('datasketch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_permutations_from_anywhere_are_one_type_to_the_compiled_code():
    # numba compiles (and each process loads) a read-only array as another
    # type: the pool's workers would load code the main process had not.
    import numba

    recorded_ = Permutations(128, 1)
    made = [
        recorded_,
        Permutations.from_hex(recorded_.to_hex(), 1),  # as an index records them
        Permutations(64, 7),  # from datasketch
        Permutations(1, 0, np.ones(1), np.zeros(1)),  # as api._load_compiled makes them
    ]
    assert len({numba.typeof(x) for p in made for x in (p.a, p.b)}) == 1
