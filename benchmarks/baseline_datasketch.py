"""Reference pipeline for the benchmarks: near-duplicate pairs with datasketch's batch API.

Usage::

    python benchmarks/baseline_datasketch.py DOCS_DIR --output pairs.json \\
        [--num-perm 128] [--threshold 0.8] [--jobs 1]

What it is
----------
The pipeline a typical datasketch user writes with the batch API, with no
tuning or tricks, so that ``run.py --baseline`` can time ``provenance`` against
it on the same corpus in the same run:

1. read every file below ``DOCS_DIR`` (sorted; hidden files and folders
   skipped, as ``provenance`` does), UTF-8 with replacement characters;
2. tokenise with a Python regex (``\\w+`` on the lowercased text);
3. shingles: the set of word 5-grams, each joined with spaces and encoded to
   UTF-8 bytes (a document of fewer than five words is one shingle);
4. signatures with the batch API: ``MinHash.generator`` (the streaming form of
   ``MinHash.bulk``, which calls ``update_batch`` once per document) with the
   default hash function (SHA-1) and scheme, ``num_perm=128``, each kept as a
   ``LeanMinHash``;
5. ``MinHashLSH(threshold=0.8, num_perm=128)`` filled in an
   ``insertion_session``, then queried with every document;
6. every candidate pair the LSH returns (no Jaccard re-check) is written as
   ``{"pairs": [[a, b], ...]}``, ``a < b``, the ids being the file paths
   relative to ``DOCS_DIR`` in POSIX form -- the ids ``provenance`` uses.

It reports document *pairs only*: no shared passages, no offsets, no repeated
blocks within a document, no boilerplate, no direction (which is the copy).

Single process by default (``--jobs 1``), which is how the batch API is
normally used. With ``--jobs N > 1`` the reading, shingling and signatures
(steps 1-4) run in a ``multiprocessing`` pool over chunks of files; the LSH
index is built and queried in the main process either way.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

from datasketch import LeanMinHash, MinHash, MinHashLSH

WORD = re.compile(r"\w+")
SHINGLE = 5
CHUNK = 500  # files per pool task with --jobs > 1


def list_docs(root: Path) -> list[tuple[Path, str]]:
    """``(path, id)`` of the files below ``root``, sorted; hidden entries skipped."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if not name.startswith("."):
                path = base / name
                found.append((path, path.relative_to(root).as_posix()))
    return found


def shingles(path: Path) -> list[bytes]:
    words = WORD.findall(path.read_text(encoding="utf-8", errors="replace").lower())
    if len(words) < SHINGLE:
        return [" ".join(words).encode()] if words else []
    return list({" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)})


def signatures(paths: list[Path], num_perm: int) -> list[LeanMinHash]:
    return [LeanMinHash(m) for m in MinHash.generator((shingles(p) for p in paths), num_perm=num_perm)]


def _signatures_star(args: tuple[list[Path], int]) -> list[LeanMinHash]:
    return signatures(*args)


def all_signatures(paths: list[Path], num_perm: int, jobs: int) -> Iterator[LeanMinHash]:
    if jobs <= 1:
        yield from signatures(paths, num_perm)
        return
    chunks = [(paths[i : i + CHUNK], num_perm) for i in range(0, len(paths), CHUNK)]
    with Pool(jobs) as pool:
        for chunk in pool.imap(_signatures_star, chunks):
            yield from chunk


def find_pairs(docs_dir: Path, num_perm: int = 128, threshold: float = 0.8, jobs: int = 1) -> list[list[str]]:
    docs = list_docs(docs_dir)
    ids = [doc_id for _, doc_id in docs]
    minhashes = list(all_signatures([path for path, _ in docs], num_perm, jobs))
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for doc_id, m in zip(ids, minhashes, strict=True):
            session.insert(doc_id, m)
    pairs = set()
    for doc_id, m in zip(ids, minhashes, strict=True):
        for other in lsh.query(m):
            if other != doc_id:
                pairs.add((min(doc_id, other), max(doc_id, other)))
    return [list(p) for p in sorted(pairs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", type=Path, help="folder of articles")
    parser.add_argument("--output", type=Path, required=True, help="JSON file for the pairs")
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--jobs", type=int, default=1, help="processes for the signatures (default 1)")
    args = parser.parse_args()
    started = time.perf_counter()
    pairs = find_pairs(args.docs, args.num_perm, args.threshold, args.jobs)
    args.output.write_text(json.dumps({"pairs": pairs}) + "\n")
    print(f"{len(pairs)} candidate pairs in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
