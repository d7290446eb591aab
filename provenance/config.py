"""Settings: one frozen dataclass, built once and passed down to every stage.

Built from defaults, then ``[tool.provenance]`` of the nearest
``pyproject.toml`` (found the way ruff and black find theirs), then the command
line: each later source overrides the earlier ones.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, ClassVar

from .model import BOILERPLATE_CATEGORIES, PROVENANCE_CATEGORIES

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.text", "*.jsonl", "*.ndjson")
# What ``clean`` removes: later copies of repeated blocks, and every
# boilerplate category except those that say where the text came from.
REPEATED_BLOCK = "repeated-block"
STRIPPABLE = (REPEATED_BLOCK, *BOILERPLATE_CATEGORIES)
DEFAULT_STRIP = tuple(c for c in STRIPPABLE if c not in PROVENANCE_CATEGORIES)


class ConfigError(ValueError):
    """A configuration file or value that cannot be used, with where and why."""


@dataclass(frozen=True)
class Settings:
    """Every knob of a scan, with the defaults documented in the README.

    Args:
        shingle_size: Words per shingle for MinHash signatures.
        num_perm: MinHash permutations (signature length).
        threshold: Similarity at or above which an aligned block counts as a
            copy (repeated block, duplicate document) rather than shared wording.
        min_words: Fewest matching words a reported passage must have.
        evidence_words: A shared passage with at least this many matching
            words is evidence of reuse whatever its similarity. A shorter
            one is reported when it is also similar (``min_similarity``)
            and, across documents, a quotation: short runs of the same
            words in two of a corpus's many documents are chance or a
            stock phrase more often than reuse.
        min_similarity: Similarity a shared passage shorter than
            ``evidence_words`` needs: below it, the same facts in other
            words are the better explanation.
        widely_quoted: A short quotation found in this many documents is
            reported on its own: one quotation carried by many stories.
        quote_similarity: A passage is ``quoted`` when every copy sits inside
            quotation marks and the quoted words match to this similarity;
            short quotations below it are different quotations, not one.
        jobs: Worker processes for fingerprinting and alignment; 0 uses
            every available core. Never changes the output.
        seed_size: Words per n-gram used as a seed for seed-and-extend; shorter
            than ``shingle_size`` so that phrase-level reuse is found.
        lsh_threshold: Estimated Jaccard at which MinHash LSH proposes a pair;
            lower than ``threshold`` because alignment verifies every pair.
        max_df: Seed n-grams found in more documents than this are too common
            to be evidence of reuse (the passim/BLAST rule).
        max_gap: Most unmatched words allowed inside one aligned passage.
        duplicate_containment: Two documents are copies of one article (a
            duplicate ingest, a re-publication, a trimmed or updated
            reprint) when at least this share of one's article text is
            found in the other...
        min_duplicate_containment: ...and the other's found in it is at
            least this share: a reprint keeps 40-100 % of its story's
            paragraphs, a quoted excerpt much less. (On the real-news
            cluster benchmark no two documents of different stories
            reach 0.3 and 0.2.)
        update_containment: ...or at least this share of one is found in
            the other, however much longer the other is: an earlier
            snapshot of a live blog, or an article and its updated,
            lengthened version.
        minhash_seed: Seed of the MinHash permutations.
        include, exclude: Glob patterns for files found in folders.
        max_file_bytes: Larger files are reported and skipped.
        template_min_docs: A short line found in at least this many documents,
            between different text each time, is a site template.
        boilerplate_phrases: ``(phrase, category)`` pairs of the user's own: a
            line starting with the phrase is boilerplate of that category.
        strip: What ``clean`` removes: ``repeated-block`` and boilerplate
            categories.
    """

    # Fixed rules, named once: seeds two documents of different stories
    # must share to be worth aligning (one shared seed is a phrase anything
    # may carry), read by the scan's candidates and by an index's lookup.
    MIN_SHARED_SEEDS: ClassVar[int] = 2

    shingle_size: int = 5
    num_perm: int = 128
    threshold: float = 0.8
    min_words: int = 8
    evidence_words: int = 22
    min_similarity: float = 0.8
    quote_similarity: float = 0.95
    widely_quoted: int = 3
    jobs: int = 0
    seed_size: int = 4
    lsh_threshold: float = 0.5
    max_df: int = 100
    max_gap: int = 8
    duplicate_containment: float = 0.5
    min_duplicate_containment: float = 0.25
    update_containment: float = 0.8
    minhash_seed: int = 1
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    max_file_bytes: int = 32 * 1024 * 1024
    template_min_docs: int = 5
    boilerplate_phrases: tuple[tuple[str, str], ...] = ()
    strip: tuple[str, ...] = DEFAULT_STRIP

    def __post_init__(self) -> None:
        checks = [
            (self.shingle_size >= 1, "shingle_size must be at least 1"),
            (self.seed_size >= 2, "seed_size must be at least 2"),
            (self.num_perm >= 2, "num_perm must be at least 2"),
            (0.0 < self.threshold <= 1.0, "threshold must be in (0, 1]"),
            (0.0 < self.lsh_threshold <= 1.0, "lsh_threshold must be in (0, 1]"),
            (self.min_words >= self.seed_size, "min_words must be at least seed_size"),
            (self.evidence_words >= 1, "evidence_words must be at least 1"),
            (0.0 <= self.min_similarity <= 1.0, "min_similarity must be in [0, 1]"),
            (0.0 <= self.quote_similarity <= 1.0, "quote_similarity must be in [0, 1]"),
            (self.widely_quoted >= 2, "widely_quoted must be at least 2"),
            (self.jobs >= 0, "jobs must not be negative (0: one per core)"),
            (self.max_df >= 2, "max_df must be at least 2"),
            (self.max_gap >= 0, "max_gap must not be negative"),
            (0.0 < self.duplicate_containment <= 1.0, "duplicate_containment must be in (0, 1]"),
            (0.0 <= self.min_duplicate_containment <= 1.0, "min_duplicate_containment must be in [0, 1]"),
            (0.0 < self.update_containment <= 1.0, "update_containment must be in (0, 1]"),
            (self.template_min_docs >= 2, "template_min_docs must be at least 2"),
            (
                all(c in BOILERPLATE_CATEGORIES for _, c in self.boilerplate_phrases),
                f"boilerplate phrase categories must be among: {', '.join(BOILERPLATE_CATEGORIES)}",
            ),
            (all(c in STRIPPABLE for c in self.strip), f"strip takes: {', '.join(STRIPPABLE)}"),
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
        """The settings a scan report depends on."""
        out = asdict(self)
        del out["jobs"]  # how fast, not what: the report must not depend on it
        del out["strip"]  # what clean removes, not what a scan finds
        out["include"], out["exclude"] = list(self.include), list(self.exclude)
        out["boilerplate_phrases"] = [list(p) for p in self.boilerplate_phrases]
        return out


def expand_names(names: Iterable[str], allowed: Sequence[str], everything: Sequence[str], what: str) -> list[str]:
    """Names as given, with ``all`` standing for ``everything``.

    Raises:
        ConfigError: a name not in ``allowed``, said to be an unknown ``what``.
    """
    out: list[str] = []
    for name in names:
        if name == "all":
            out.extend(everything)
        elif name in allowed:
            out.append(name)
        else:
            raise ConfigError(f"unknown {what} {name!r}; choose from all, {', '.join(allowed)}")
    return out


def resolve_strip(base: Iterable[str], strip: Iterable[str] = (), keep: Iterable[str] = ()) -> tuple[str, ...]:
    """What ``clean`` removes: ``base`` with ``keep`` taken out and ``strip``
    added. ``all`` stands for every boilerplate category; repeated blocks are
    named ``repeated-block``.

    Raises:
        ConfigError: an unknown category, or one both kept and stripped.
    """

    def expand(names: Iterable[str]) -> set[str]:
        return set(expand_names(names, STRIPPABLE, BOILERPLATE_CATEGORIES, "category"))

    strip_set, keep_set = expand(strip), expand(keep)
    named_both = (set(strip) & set(keep)) - {"all"}
    if named_both:
        raise ConfigError(f"{', '.join(sorted(named_both))} both kept and stripped")
    # A category named on its own wins over 'all' on the other side.
    chosen = set(base)
    chosen -= keep_set - (set(strip) - {"all"})
    chosen |= strip_set - (set(keep) - {"all"})
    return tuple(c for c in STRIPPABLE if c in chosen)


# --- [tool.provenance] --------------------------------------------------------

_LIST_KEYS = {"include", "exclude"}


def find_config(paths: Iterable[str | os.PathLike[str]]) -> Path | None:
    """The ``pyproject.toml`` whose ``[tool.provenance]`` applies to ``paths``.

    Like ruff and black: from the folder that holds all the paths, upwards, the
    first ``pyproject.toml`` with a ``[tool.provenance]`` table; the search
    stops at the root of a git or Mercurial checkout.
    """
    resolved = [Path(p).resolve() for p in paths] or [Path.cwd()]
    common = Path(os.path.commonpath([str(p) for p in resolved]))
    start = common if common.is_dir() else common.parent
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "provenance" in _read_toml(candidate).get("tool", {}):
            return candidate
        if (folder / ".git").exists() or (folder / ".hg").exists():
            return None
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: unreadable: {exc.strerror or exc}") from exc


def load_config(path: str | os.PathLike[str], base: Settings | None = None) -> Settings:
    """``base`` (default: the defaults) with a file's ``[tool.provenance]`` applied.

    Keys are the setting names in kebab-case (``min-words``) or snake_case.
    ``strip`` and ``keep`` list categories as on the command line;
    ``boilerplate-phrases`` is a list of phrases (category ``other``) or a
    table of category = [phrases].

    Raises:
        ConfigError: invalid TOML, an unknown key or a bad value, naming the file.
    """
    path = Path(path)
    data = _read_toml(path)
    table = data.get("tool", {}).get("provenance", data if path.name != "pyproject.toml" else {})
    try:
        return apply_table(table, base or Settings())
    except (ConfigError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: [tool.provenance]: {exc}") from exc


def apply_table(table: Mapping[str, Any], base: Settings) -> Settings:
    """``base`` with the keys of one ``[tool.provenance]`` table applied."""
    names = {f.name for f in fields(Settings)} - {"strip"}
    values: dict[str, Any] = {}
    strip = keep = ()
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key == "strip":
            strip = _strings(raw_key, value)
        elif key == "keep":
            keep = _strings(raw_key, value)
        elif key == "boilerplate_phrases":
            values[key] = _phrases(value)
        elif key in _LIST_KEYS:
            values[key] = _strings(raw_key, value)
        elif key in names:
            expected = type(getattr(base, key))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if type(value) is not expected:
                raise ConfigError(f"{raw_key} must be {expected.__name__}, not {type(value).__name__}")
            values[key] = value
        else:
            raise ConfigError(f"unknown key {raw_key!r}")
    settings = base.with_overrides(**values)
    if strip or keep:
        settings = settings.with_overrides(strip=resolve_strip(settings.strip, strip, keep))
    return settings


def _strings(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key} must be a list of strings")
    return tuple(value)


def _phrases(value: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, list):
        return tuple((p, "other") for p in _strings("boilerplate-phrases", value))
    if isinstance(value, dict):
        out = []
        for category, phrases in value.items():
            if category not in BOILERPLATE_CATEGORIES:
                raise ConfigError(f"boilerplate-phrases: unknown category {category!r}")
            out.extend((p, category) for p in _strings(f"boilerplate-phrases.{category}", phrases))
        return tuple(out)
    raise ConfigError("boilerplate-phrases must be a list of phrases or a table of category = [phrases]")
