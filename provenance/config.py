"""Settings: one frozen dataclass, built once and passed down to every stage."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.text")


@dataclass(frozen=True)
class Settings:
    """Every knob of a scan, with the defaults documented in the README.

    Args:
        shingle_size: Words per shingle for MinHash signatures.
        num_perm: MinHash permutations (signature length).
        threshold: Similarity at or above which an aligned block counts as a
            copy (repeated block, duplicate document) rather than shared wording.
        min_words: Fewest matching words a reported passage must have.
        jobs: Worker processes for fingerprinting and alignment; 0 uses
            every available core. Never changes the output.
        seed_size: Words per n-gram used as a seed for seed-and-extend; shorter
            than ``shingle_size`` so that phrase-level reuse is found.
        lsh_threshold: Estimated Jaccard at which MinHash LSH proposes a pair;
            lower than ``threshold`` because alignment verifies every pair.
        max_df: Seed n-grams found in more documents than this are too common
            to be evidence of reuse (the passim/BLAST rule).
        max_gap: Most unmatched words allowed inside one aligned passage.
        min_duplicate_containment: A duplicate document must have at least this
            share of *each* side covered by the other (the larger side must
            reach ``threshold``).
        minhash_seed: Seed of the MinHash permutations.
        include, exclude: Glob patterns for files found in folders.
        max_file_bytes: Larger files are reported and skipped.
    """

    shingle_size: int = 5
    num_perm: int = 128
    threshold: float = 0.8
    min_words: int = 8
    jobs: int = 0
    seed_size: int = 4
    lsh_threshold: float = 0.5
    max_df: int = 100
    max_gap: int = 8
    min_duplicate_containment: float = 0.5
    minhash_seed: int = 1
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    max_file_bytes: int = 32 * 1024 * 1024

    def __post_init__(self) -> None:
        checks = [
            (self.shingle_size >= 1, "shingle_size must be at least 1"),
            (self.seed_size >= 2, "seed_size must be at least 2"),
            (self.num_perm >= 2, "num_perm must be at least 2"),
            (0.0 < self.threshold <= 1.0, "threshold must be in (0, 1]"),
            (0.0 < self.lsh_threshold <= 1.0, "lsh_threshold must be in (0, 1]"),
            (self.min_words >= self.seed_size, "min_words must be at least seed_size"),
            (self.jobs >= 0, "jobs must not be negative (0: one per core)"),
            (self.max_df >= 2, "max_df must be at least 2"),
            (self.max_gap >= 0, "max_gap must not be negative"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values are ignored."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["jobs"]  # how fast, not what: the report must not depend on it
        out["include"], out["exclude"] = list(self.include), list(self.exclude)
        return out
