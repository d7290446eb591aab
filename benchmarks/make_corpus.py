"""Generate a synthetic news-like corpus with planted duplication, for benchmarks.

Usage::

    python benchmarks/make_corpus.py OUT_DIR [--n 10000] [--seed 0] [--avg-bytes 4800]

or, from Python, ``generate(out_dir, n, seed, avg_bytes)``, which writes the
corpus and returns the gold dict. The output depends only on the arguments:
the same arguments give byte-identical files.

The generator
-------------
Articles must tokenise like news prose yet share no phrase by accident, so
that every duplicate a tool finds is one this script planted. Content words
therefore come from a vocabulary of 200 000 pseudo-words built from syllables
(2-4 syllables, about one in eight capitalised as a name), drawn with a
Zipf-Mandelbrot law ``p(r) ~ (r + 100) ** -1.1``: the offset lets the curve
continue after the ~100 ranks that function words hold in real English, so no
content word is frequent enough to make common phrases. Between them, about
45% of tokens are real English function words at roughly natural relative
rates (all of them in ``provenance.fingerprint.STOPWORDS``). Two unrelated
articles share essentially no 4-gram with two or more content words.

An article is a title-case headline of 5-12 words (first line, no final
period), then paragraphs of 1-4 sentences, one paragraph per line, no blank
lines, and a final newline. Sentences have 8-35 words, a capitalised first
word, occasional commas and a final period; some are quotations,
``“Xxx yyy zzz,” he said.``. Article sizes are uniform in 0.5-1.5 times
``avg_bytes`` (but at least four body paragraphs, which the planting needs).
Each document is generated from its own seed ``(seed, 2, index)``, so the
source of a planted copy is simply regenerated instead of being kept in
memory; files are written as they are made.

Planted duplication (shares of ``n``; every target is a distinct document,
every source is a plain article used once, so the gold lists *all* shared text):

* ``exact`` (2%): B is a byte-identical copy of an earlier A.
* ``edited`` (4%): B is A with 5-15% of its words edited (rate uniform per
  pair; each edit a substitution by a vocabulary word, a deletion or an
  insertion; words with punctuation or capitals are never deleted, and the
  headline keeps 5-12 words), lines kept.
* ``reordered`` (1%): B is A with its body paragraphs shuffled.
* ``added-paragraph`` (1%): B is A with one new paragraph inserted among the
  body paragraphs.
* ``partial`` (3%): B is a fresh article with 1-3 consecutive paragraphs of A
  (40+ words) inserted verbatim between two of its body paragraphs.
* ``doubled`` (2%): a fresh article whose run of 2-6 consecutive body
  paragraphs is repeated later in the same file, after at least one other
  paragraph.

The gold file
-------------
``OUT_DIR/gold.json``::

    {"n": 10000, "seed": 0,
     "pairs": [{"a": "000012.txt", "b": "000345.txt",
                "kind": "exact" | "edited" | "reordered" | "added-paragraph",
                "edit_rate": 0.0}],
     "partial": [{"source": "000012.txt", "target": "000777.txt",
                  "source_span": [start, end], "target_span": [start, end]}],
     "doubled": [{"doc": "000123.txt", "first": [start, end], "second": [start, end]}]}

Ids are file names in ``OUT_DIR/docs``; ``a`` / ``source`` always has the
smaller index. Spans are ``str`` offsets (end exclusive) into the text read
with ``open(path, encoding="utf-8", newline="")``, from the first character of
the first planted paragraph to the last character of the last one (no
trailing newline). ``edit_rate`` is the realised share of A's words edited
(edits / words of A), 0.0 for the other kinds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from provenance.fingerprint import STOPWORDS

VOCABULARY_SIZE = 200_000
ZIPF_EXPONENT = 1.1
ZIPF_OFFSET = 100  # ranks taken by function words before the first content word
FUNCTION_SHARE = 0.45
NAME_SHARE = 0.12
COMMA_RATE = 0.06  # per word
QUOTE_RATE = 0.07  # per sentence
SENTENCE_WORDS = (8, 35)
PARAGRAPH_SENTENCES = (1, 4)
HEADLINE_WORDS = (5, 12)
MIN_PARAGRAPHS = 4  # body paragraphs (and sentences) every article has: planting needs them
MIN_PARTIAL_WORDS = 40

# (kind, share of n); the order fixes the role codes 1..6 used by the plan.
KINDS = (
    ("exact", 0.02),
    ("edited", 0.04),
    ("reordered", 0.01),
    ("added-paragraph", 0.01),
    ("partial", 0.03),
    ("doubled", 0.02),
)
_PLAIN, _EXACT, _EDITED, _REORDERED, _ADDED, _PARTIAL, _DOUBLED = range(7)

# Relative frequencies (roughly per 10 000 words of news text).
FUNCTION_WORDS: dict[str, float] = {
    "the": 600, "of": 280, "to": 260, "and": 250, "a": 220, "in": 200, "that": 100,
    "is": 90, "for": 85, "it": 80, "was": 75, "said": 70, "on": 70, "with": 65, "he": 65,
    "as": 50, "at": 50, "by": 50, "be": 45, "from": 45, "his": 45, "have": 40, "but": 40,
    "are": 40, "this": 40, "has": 35, "not": 35, "they": 35, "had": 35, "an": 35,
    "will": 30, "were": 30, "their": 30, "or": 30, "who": 25, "would": 25, "which": 25,
    "its": 25, "been": 25, "one": 25, "also": 20, "more": 20, "she": 20, "we": 20,
    "her": 20, "all": 20, "after": 15, "two": 15, "about": 15, "there": 15, "if": 15,
    "up": 15, "when": 15, "can": 15, "out": 12, "than": 12, "into": 10,
    "over": 10, "could": 10, "them": 10, "no": 10, "other": 10, "some": 10, "only": 10,
    "so": 10, "what": 10, "do": 10, "before": 8, "while": 8, "these": 8, "most": 8,
    "because": 8, "says": 8, "our": 8, "between": 6, "where": 6, "did": 6, "under": 5,
}  # fmt: skip

# No pseudo-word may be one of the words provenance treats as function words.
_STOPWORDS = STOPWORDS
assert set(FUNCTION_WORDS) <= _STOPWORDS

# Syllable parts; repeats weight the common ones.
_SINGLE_ONSETS = "b c d f g h j k l m n p r s t v w z b d k l m n r s t".split()
_ONSETS = [*_SINGLE_ONSETS, *"br ch dr fr gr kr pl pr sh sk st th tr vl zh".split(), ""]
_VOWELS = "a e i o u a e i o u a e i o ai ea ie ou oa y".split()
_CODAS = ["", "", "", "", "", "n", "r", "l", "s", "m", "k", "t", "nd", "rn", "st"]
_SYLLABLE_WEIGHTS = {2: 0.45, 3: 0.40, 4: 0.15}

# Sentence endings of quotations: everything here is a function word.
_ATTRIBUTIONS = [
    ",” he said.", ",” he said.", ",” she said.", ",” they said.",
    ",” he says.", ",” she says.", ",” it said.",
]  # fmt: skip
_OPEN_QUOTE = "“"
# What follows a word: closing punctuation x gap (space / end of paragraph) x
# whether the next sentence opens a quotation. Code = close * 4 + gap * 2 + open.
_CLOSES = ["", ",", ".", *_ATTRIBUTIONS]
_SEPARATORS = np.array(
    [c + g + o for c in _CLOSES for g in (" ", "\n") for o in ("", _OPEN_QUOTE)],
    dtype=object,
)

_WORD = re.compile(r"^(\W*)(\w+)(\W*)$")

# New lines, and the (first, last) line indices of the planted run in the source
# (for ``doubled``: of the first copy) and in the new lines.
_Planted = tuple[list[str], tuple[int, int], tuple[int, int]]


class _Vocabulary:
    """Token tables and sampling distributions, built once per seed."""

    def __init__(self, rng: np.random.Generator) -> None:
        words, syllables = _pseudo_words(rng, VOCABULARY_SIZE)
        # Frequent ranks get the shorter words, as in real languages.
        order = np.argsort(syllables + rng.random(len(words)) * 1.5, kind="stable")
        names = rng.random(len(words)) < NAME_SHARE
        ranked = zip(order.tolist(), names.tolist(), strict=True)
        content = [words[j].capitalize() if name else words[j] for j, name in ranked]
        function = list(FUNCTION_WORDS)
        self.n_content = len(content)
        self.n_forms = len(content) + len(function)
        # Ids 0..n_forms-1 are the running-text forms, + n_forms the capitalised ones.
        lower = content + function
        self.table = np.array(lower + [w[0].upper() + w[1:] for w in lower], dtype=object)
        self.content = np.array(content, dtype=object)

        ranks = np.arange(1, self.n_content + 1, dtype=np.float64)
        self.content_cdf = _cdf((ranks + ZIPF_OFFSET) ** -ZIPF_EXPONENT)
        self.function_cdf = _cdf(np.array(list(FUNCTION_WORDS.values()), dtype=np.float64))

    def token_ids(self, rng: np.random.Generator, count: int) -> np.ndarray:
        """Running-text token ids: function words mixed with Zipf-drawn content words."""
        is_function = rng.random(count) < FUNCTION_SHARE
        u = rng.random(count)
        ids = np.empty(count, dtype=np.int64)
        # Search the 200 000-entry table only for the content positions: it is the hot spot.
        ids[~is_function] = np.searchsorted(self.content_cdf, u[~is_function], side="right")
        function = np.searchsorted(self.function_cdf, u[is_function], side="right")
        ids[is_function] = self.n_content + function
        return ids

    def content_words(self, rng: np.random.Generator, count: int) -> list[str]:
        u = rng.random(count)
        return self.content[np.searchsorted(self.content_cdf, u, side="right")].tolist()


def _cdf(weights: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    cdf[-1] = 1.0  # u < 1 always lands inside the table
    return cdf


def _pseudo_words(rng: np.random.Generator, size: int) -> tuple[list[str], np.ndarray]:
    """``size`` distinct lower-case pseudo-words and their syllable counts."""
    parts = [np.array(p, dtype=object) for p in (_ONSETS, _VOWELS, _CODAS)]
    lengths = np.array(list(_SYLLABLE_WEIGHTS), dtype=np.int64)
    probs = np.array(list(_SYLLABLE_WEIGHTS.values()))
    found: dict[str, int] = {}
    while len(found) < size:
        batch = size + size // 4
        n_syl = rng.choice(lengths, size=batch, p=probs / probs.sum())
        words = np.full(batch, "", dtype=object)
        for slot in range(int(lengths.max())):
            syllable = parts[0][rng.integers(len(parts[0]), size=batch)]
            for part in parts[1:]:
                syllable = syllable + part[rng.integers(len(part), size=batch)]
            words = np.where(n_syl > slot, words + syllable, words)
        for word, count in zip(words.tolist(), n_syl.tolist(), strict=True):
            if len(word) >= 4 and word not in _STOPWORDS and word not in found:
                found[word] = count
                if len(found) == size:
                    break
    return list(found), np.array(list(found.values()), dtype=np.float64)


class _Corpus:
    """Makes documents as lists of lines (headline first), from per-document seeds."""

    def __init__(self, seed: int, avg_bytes: int) -> None:
        self.seed = seed
        self.avg_bytes = avg_bytes
        self.vocab = _Vocabulary(np.random.default_rng([seed, 0]))
        self.bytes_per_token, self.headline_bytes = self._expected_sizes()

    def _expected_sizes(self) -> tuple[float, float]:
        """Mean UTF-8 bytes per body token and per headline, to size articles."""
        lengths = np.array([len(w.encode()) for w in self.vocab.table[: self.vocab.n_forms]])
        n = self.vocab.n_content
        content = float(np.diff(self.vocab.content_cdf, prepend=0.0) @ lengths[:n])
        function = float(np.diff(self.vocab.function_cdf, prepend=0.0) @ lengths[n:])
        word = FUNCTION_SHARE * function + (1 - FUNCTION_SHARE) * content
        attribution = np.mean([len(a.encode()) for a in _ATTRIBUTIONS]) + len(_OPEN_QUOTE.encode())
        sentence_end = (1 - QUOTE_RATE) + QUOTE_RATE * attribution
        per_token = word + 1 + COMMA_RATE + sentence_end / np.mean(SENTENCE_WORDS)
        return per_token, np.mean(HEADLINE_WORDS) * (word + 1)

    def rng(self, index: int, stream: int) -> np.random.Generator:
        # stream 2: the fresh article; stream 3: what is planted into document `index`.
        return np.random.default_rng([self.seed, stream, index])

    def fresh(self, index: int) -> list[str]:
        """The plain article with this index: headline, then body paragraphs."""
        rng = self.rng(index, 2)
        target = self.avg_bytes * rng.uniform(0.5, 1.5)
        # Sentences are drawn until the target is passed; start half a sentence short.
        tokens = (target - self.headline_bytes) / self.bytes_per_token - np.mean(SENTENCE_WORDS) / 2
        return [self._headline(rng), *self._body(rng, max(tokens, 1.0))]

    def _headline(self, rng: np.random.Generator) -> str:
        count = int(rng.integers(HEADLINE_WORDS[0], HEADLINE_WORDS[1] + 1))
        ids = self.vocab.token_ids(rng, count)
        # Title case: content words and the first word capitalised.
        capital = ids < self.vocab.n_content
        capital[0] = True
        return " ".join(self.vocab.table[ids + capital * self.vocab.n_forms].tolist())

    def _body(self, rng: np.random.Generator, tokens: float) -> list[str]:
        low, high = SENTENCE_WORDS
        cap = int(tokens) // low + MIN_PARAGRAPHS + 1
        lengths = rng.integers(low, high + 1, size=cap)
        count = max(int(np.searchsorted(np.cumsum(lengths), tokens)) + 1, MIN_PARAGRAPHS)
        lengths = lengths[: min(count, cap)]
        sizes = rng.integers(PARAGRAPH_SENTENCES[0], PARAGRAPH_SENTENCES[1] + 1, size=len(lengths))
        ends = np.cumsum(sizes)
        n_par = int(np.searchsorted(ends, len(lengths))) + 1
        if n_par < MIN_PARAGRAPHS:  # short article: one sentence per paragraph at first
            sizes = np.ones(len(lengths), dtype=np.int64)
            sizes[MIN_PARAGRAPHS - 1] = len(lengths) - (MIN_PARAGRAPHS - 1)
            n_par = MIN_PARAGRAPHS
        sizes = sizes[:n_par].copy()
        sizes[-1] = len(lengths) - sizes[:-1].sum()
        return self._compose(rng, lengths, sizes)

    def _paragraph(self, rng: np.random.Generator) -> str:
        count = int(rng.integers(PARAGRAPH_SENTENCES[0], PARAGRAPH_SENTENCES[1] + 1))
        lengths = rng.integers(SENTENCE_WORDS[0], SENTENCE_WORDS[1] + 1, size=count)
        return self._compose(rng, lengths, np.array([count]))[0]

    def _compose(
        self,
        rng: np.random.Generator,
        lengths: np.ndarray,
        sizes: np.ndarray,
    ) -> list[str]:
        """Paragraph lines from sentence lengths (words) and paragraph sizes (sentences)."""
        vocab = self.vocab
        total = int(lengths.sum())
        ends = np.cumsum(lengths)  # exclusive end of each sentence, in words
        starts = ends - lengths
        ids = vocab.token_ids(rng, total)
        quoted = rng.random(len(lengths)) < QUOTE_RATE
        # Commas follow content words only ("of, the" reads badly).
        comma = (rng.random(total) < COMMA_RATE / (1 - FUNCTION_SHARE)) & (ids < vocab.n_content)
        ids[starts] += vocab.n_forms  # capitalised sentence starts

        close = comma.astype(np.int64)
        attribution = 3 + rng.integers(len(_ATTRIBUTIONS), size=len(lengths))
        close[ends - 1] = np.where(quoted, attribution, 2)
        gap = np.zeros(total, dtype=np.int64)
        gap[ends[np.cumsum(sizes) - 1] - 1] = 1
        opens = np.zeros(total, dtype=np.int64)
        opens[starts[1:] - 1] = quoted[1:]

        # Interleave words and separators and join once: the fast path in Python.
        parts = np.empty(2 * total, dtype=object)
        parts[0::2] = vocab.table[ids]
        parts[1::2] = _SEPARATORS[close * 4 + gap * 2 + opens]
        text = (_OPEN_QUOTE if quoted[0] else "") + "".join(parts.tolist())
        return text.split("\n")[:-1]

    # Planting -----------------------------------------------------------------

    def edited(self, lines: list[str], rng: np.random.Generator) -> tuple[list[str], float]:
        """``lines`` with 5-15% of words substituted, deleted or inserted; and the rate."""
        rate = rng.uniform(0.05, 0.15)
        while True:
            words = [line.split(" ") for line in lines]
            where = [(li, wi) for li, line in enumerate(words) for wi in range(len(line))]
            count = max(1, round(rate * len(where)))
            chosen = rng.choice(len(where), size=count, replace=False)
            ops = rng.integers(3, size=count)  # 0 substitute, 1 delete, 2 insert
            new = self.vocab.content_words(rng, count)
            left = [len(line) for line in words]
            result: dict[tuple[int, int], list[str]] = {}
            for p, op, word in zip(chosen.tolist(), ops.tolist(), new, strict=True):
                li, wi = where[p]
                old = words[li][wi]
                match = _WORD.match(old)
                assert match is not None
                pre, core, post = match.groups()
                # Deleting punctuation or a capitalised sentence start would leave
                # malformed prose, and headlines keep 5-12 words: such edits become
                # substitutions.
                shortest = HEADLINE_WORDS[0] if li == 0 else 1
                if op == 1 and (pre or post or core[0].isupper() or left[li] <= shortest):
                    op = 0
                if op == 2 and li == 0 and left[0] >= HEADLINE_WORDS[1]:
                    op = 0
                if op == 0:
                    while word.lower() == core.lower():
                        word = self.vocab.content_words(rng, 1)[0]
                    if core[0].isupper():
                        word = word[0].upper() + word[1:]
                    result[li, wi] = [pre + word + post]
                elif op == 1:
                    result[li, wi] = []
                    left[li] -= 1
                else:
                    left[li] += 1
                    if li == 0:  # the headline is in title case
                        word = word[0].upper() + word[1:]
                    # Insert before a word that ends a sentence, after any other.
                    result[li, wi] = [word, old] if "." in post else [old, word]
            out = [
                " ".join(w for wi, old in enumerate(line) for w in result.get((li, wi), [old]))
                for li, line in enumerate(words)
            ]
            if out != lines:  # a deletion undone by an insertion is possible, barely
                return out, count / len(where)

    def reordered(self, lines: list[str], rng: np.random.Generator) -> list[str]:
        """``lines`` with the body paragraphs in a new (never the same) order."""
        body = len(lines) - 1
        while True:
            order = rng.permutation(body)
            if (order != np.arange(body)).any():
                return [lines[0], *(lines[1 + j] for j in order.tolist())]

    def added(self, lines: list[str], rng: np.random.Generator) -> list[str]:
        """``lines`` with one new paragraph inserted anywhere in the body."""
        at = 1 + int(rng.integers(len(lines)))  # before any body paragraph, or at the end
        return [*lines[:at], self._paragraph(rng), *lines[at:]]

    def partial(self, source: list[str], target: list[str], rng: np.random.Generator) -> _Planted:
        """``target`` with a 40+ word run of ``source`` paragraphs inserted.

        Returns the new lines and the (first, last) line indices of the run in
        ``source`` and in the result.
        """
        words = np.array([len(line.split()) for line in source[1:]])
        first_try = int(rng.integers(1, 4))
        best: tuple[int, int] | None = None
        for run in (first_try, *(r for r in (3, 2, 1) if r != first_try)):
            sums = np.convolve(words, np.ones(run, dtype=np.int64), mode="valid")
            ok = np.flatnonzero(sums >= MIN_PARTIAL_WORDS)
            if len(ok):
                start = int(ok[rng.integers(len(ok))])
                best = (1 + start, start + run)
                break
        if best is None:  # only in tiny articles: the longest run of 3
            start = int(np.argmax(np.convolve(words, np.ones(3, dtype=np.int64), mode="valid")))
            best = (1 + start, start + 3)
        first, last = best
        at = 2 + int(rng.integers(len(target) - 2))  # strictly between two body paragraphs
        out = [*target[:at], *source[first : last + 1], *target[at:]]
        return out, best, (at, at + last - first)

    def doubled(self, lines: list[str], rng: np.random.Generator) -> _Planted:
        """``lines`` with a run of 2-6 body paragraphs repeated after a later one."""
        body = len(lines) - 1
        run = min(int(rng.integers(2, 7)), body - 1)
        start = 1 + int(rng.integers(body - run))  # leaves a paragraph after the run
        after = int(rng.integers(start + run, len(lines)))  # line after which to copy
        out = [*lines[: after + 1], *lines[start : start + run], *lines[after + 1 :]]
        return out, (start, start + run - 1), (after + 1, after + run)


def _plan(n: int, rng: np.random.Generator) -> tuple[list[int], dict[int, int]]:
    """Role of every document and the source of every copy-like target.

    Sources are plain articles with a smaller index, each used at most once, so
    that no duplication exists beyond what the gold file lists.
    """
    counts = [round(share * n) for _, share in KINDS]
    roles = np.zeros(n, dtype=np.int64)
    roles[rng.permutation(n)[: sum(counts)]] = np.repeat(np.arange(1, len(KINDS) + 1), counts)
    role = roles.tolist()
    sources: dict[int, int] = {}
    pool: list[int] = []  # plain documents seen so far and not used as a source yet
    for i in range(n):
        if role[i] == _PLAIN:
            pool.append(i)
        elif role[i] != _DOUBLED:
            if not pool:  # no earlier source yet: trade roles with the next plain document
                j = next((j for j in range(i + 1, n) if role[j] == _PLAIN), None)
                if j is not None:
                    role[j] = role[i]
                role[i] = _PLAIN
                pool.append(i)
                continue
            k = int(rng.integers(len(pool)))
            pool[k], pool[-1] = pool[-1], pool[k]
            sources[i] = pool.pop()
    return role, sources


def _span(lines: list[str], first: int, last: int) -> list[int]:
    """Character range of lines ``first..last`` (inclusive) in ``"\\n".join(lines)``."""
    start = sum(len(line) + 1 for line in lines[:first])
    end = start + sum(len(line) + 1 for line in lines[first : last + 1]) - 1
    return [start, end]


def _name(index: int) -> str:
    return f"{index:06d}.txt"


def generate(out_dir: Path, n: int = 10000, seed: int = 0, avg_bytes: int = 4800) -> dict[str, Any]:
    """Write ``n`` articles to ``out_dir/docs`` and ``out_dir/gold.json``; return the gold.

    Existing ``NNNNNN.txt`` files in ``out_dir/docs`` are overwritten, and those
    with an index of ``n`` or more removed, so that the folder matches the gold.
    """
    if n < 1 or seed < 0 or avg_bytes < 1:
        raise ValueError("n and avg_bytes must be positive and seed not negative")
    out_dir = Path(out_dir)
    docs = out_dir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    corpus = _Corpus(seed, avg_bytes)
    role, sources = _plan(n, np.random.default_rng([seed, 1]))
    kinds = {code: kind for code, (kind, _) in enumerate(KINDS, start=1)}
    gold: dict[str, Any] = {"n": n, "seed": seed, "pairs": [], "partial": [], "doubled": []}

    for i in range(n):
        r = role[i]
        rng = corpus.rng(i, 3)
        if r in (_EXACT, _EDITED, _REORDERED, _ADDED):
            source = corpus.fresh(sources[i])
            rate = 0.0
            if r == _EXACT:
                lines = source
            elif r == _EDITED:
                lines, rate = corpus.edited(source, rng)
            elif r == _REORDERED:
                lines = corpus.reordered(source, rng)
            else:
                lines = corpus.added(source, rng)
            gold["pairs"].append(
                {
                    "a": _name(sources[i]),
                    "b": _name(i),
                    "kind": kinds[r],
                    "edit_rate": round(rate, 6),
                }
            )
        elif r == _PARTIAL:
            source = corpus.fresh(sources[i])
            lines, (s0, s1), (t0, t1) = corpus.partial(source, corpus.fresh(i), rng)
            gold["partial"].append(
                {
                    "source": _name(sources[i]),
                    "target": _name(i),
                    "source_span": _span(source, s0, s1),
                    "target_span": _span(lines, t0, t1),
                }
            )
        elif r == _DOUBLED:
            lines, (f0, f1), (g0, g1) = corpus.doubled(corpus.fresh(i), rng)
            gold["doubled"].append(
                {
                    "doc": _name(i),
                    "first": _span(lines, f0, f1),
                    "second": _span(lines, g0, g1),
                }
            )
        else:
            lines = corpus.fresh(i)
        with open(docs / _name(i), "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines) + "\n")

    for stale in docs.glob("*.txt"):
        if re.fullmatch(r"\d{6,}\.txt", stale.name) and int(stale.name[:-4]) >= n:
            stale.unlink()
    with open(out_dir / "gold.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(gold, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder for docs/ and gold.json")
    parser.add_argument("--n", type=int, default=10000, help="number of articles")
    parser.add_argument("--seed", type=int, default=0, help="random seed (>= 0)")
    parser.add_argument("--avg-bytes", type=int, default=4800, help="mean article size")
    args = parser.parse_args(argv)
    if args.n < 1 or args.seed < 0 or args.avg_bytes < 1:
        parser.error("--n and --avg-bytes must be positive and --seed not negative")
    started = time.perf_counter()
    gold = generate(args.out_dir, args.n, args.seed, args.avg_bytes)
    size = sum(p.stat().st_size for p in (args.out_dir / "docs").glob("*.txt"))
    print(
        f"{args.n} articles, {size / 1e6:.1f} MB, {len(gold['pairs'])} pairs, "
        f"{len(gold['partial'])} partial, {len(gold['doubled'])} doubled "
        f"in {time.perf_counter() - started:.1f} s -> {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
