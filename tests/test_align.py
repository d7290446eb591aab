"""Seed-and-extend alignment on hand-made documents."""

from __future__ import annotations

import itertools
import json
import random

import numpy as np
from conftest import SEEDS

import provenance
from provenance import Document, Settings
from provenance.align import align_pair, chain, char_span, shared_seeds
from provenance.fingerprint import Permutations, fingerprint
from provenance.report import to_json

SETTINGS = Settings()
PERMS = Permutations(SETTINGS.num_perm, SETTINGS.minhash_seed)
NONE = np.zeros(0, dtype=np.uint64)

PARA_A = "The regional council approved the budget for the new hospital wing after a long debate on Monday."
PARA_B = "Nurses at the old building had warned for years that the emergency ward was far too small."
PARA_C = "Construction is due to start in spring, and the wing should open to patients within two years."


def fp(doc_id: str, text: str):
    return Document(id=doc_id, text=text), fingerprint(Document(id=doc_id, text=text), SETTINGS, PERMS)


def test_chain_follows_seeds_that_advance_together():
    seeds = np.array([[0, 100], [1, 101], [2, 102], [40, 5], [41, 6], [6, 108]])
    chains = chain(seeds, reach=12, max_drift=8)
    assert [c.tolist() for c in chains] == [[[0, 100], [1, 101], [2, 102], [6, 108]], [[40, 5], [41, 6]]]


def chain_by_definition(seeds, reach, max_drift):
    """Seeds in text order; each extends the open chain it follows on both
    sides within ``reach`` with the least drift (the earliest on a tie)."""
    open_chains, closed = [], []
    for pa, pb in sorted(map(tuple, seeds.tolist())):
        best, best_drift, still_open = None, max_drift + 1, []
        for c in open_chains:
            la, lb = c[-1]
            if pa - la > reach:
                closed.append(c)
                continue
            still_open.append(c)
            if pa - la > 0 and 0 < pb - lb <= reach and abs((pb - pa) - (lb - la)) < best_drift:
                best, best_drift = c, abs((pb - pa) - (lb - la))
        open_chains = still_open
        if best is None:
            open_chains.append([(pa, pb)])
        else:
            best.append((pa, pb))
    return sorted(closed + open_chains, key=lambda c: c[0])


def test_chains_of_scattered_seeds_match_the_definition():
    rng = np.random.default_rng(20261123)
    for _ in range(300):
        m = int(rng.integers(1, 60))
        # Several diagonals with noise, plus strays: chains meet, cross and close.
        a = rng.integers(0, 200, m)
        b = (a + rng.choice([0, 7, 50, -30], m) + rng.integers(-3, 4, m)).clip(0)
        seeds = np.unique(np.stack([a, b], axis=1), axis=0)
        rng.shuffle(seeds)
        got = [[tuple(x) for x in c.tolist()] for c in chain(seeds, reach=12, max_drift=8)]
        assert got == chain_by_definition(seeds, 12, 8)


def test_copy_with_an_inserted_sentence_is_one_passage():
    inserted = "A spokesman declined to comment on the cost."
    doc_a, fa = fp("a", f"{PARA_A}\n{PARA_B}\n{PARA_C}\n")
    doc_b, fb = fp("b", f"{PARA_A}\n{PARA_B} {inserted}\n{PARA_C}\n")
    passages = align_pair(0, 1, fa, fb, NONE, SETTINGS)
    assert len(passages) == 1
    p = passages[0]
    assert char_span(doc_a.text, fa, p.a_start, p.a_end) == (0, len(doc_a.text) - 1)
    assert char_span(doc_b.text, fb, p.b_start, p.b_end) == (0, len(doc_b.text) - 1)
    words_a = len(fa)
    assert p.matched == words_a and 0.8 < p.similarity < 1.0


def test_copy_with_every_twentieth_word_changed_is_as_similar_as_its_words(tmp_path):
    # Chains either side of each edit overlap; the words they share must not
    # be counted twice (this copy used to come out 100% similar).
    original = (SEEDS / "003_4be7770271fcae25.txt").read_text(encoding="utf-8")
    edited_lines, edits, words = [], 0, 0
    for line in original.splitlines():
        tokens = line.split(" ")
        for i in range(len(tokens)):
            words += 1
            if words % 20 == 0 and tokens[i].isalpha():
                tokens[i], edits = "zyzzyva", edits + 1
        edited_lines.append(" ".join(tokens))
    (tmp_path / "original.txt").write_text(original, encoding="utf-8")
    (tmp_path / "edited.txt").write_text("\n".join(edited_lines) + "\n", encoding="utf-8")
    report = provenance.scan([tmp_path])
    [dup] = [f for f in report.findings if f.kind == "duplicate-document"]
    expected = 1 - edits / words  # each changed word: one deletion and one insertion
    assert edits >= 10 and dup.similarity < 1.0
    assert abs(dup.similarity - expected) < 0.02, (dup.similarity, expected)
    # The passages of the pair do not overlap on either side.
    (_, fa), (_, fb) = fp("a", original), fp("b", "\n".join(edited_lines) + "\n")
    passages = align_pair(0, 1, fa, fb, NONE, SETTINGS)
    for side in ("a", "b"):
        ranges = sorted((getattr(p, f"{side}_start"), getattr(p, f"{side}_end")) for p in passages)
        assert all(s[1] <= t[0] for s, t in itertools.pairwise(ranges)), ranges


def test_repeated_block_inside_one_document_is_found_once_with_exact_offsets():
    block = f"{PARA_A}\n{PARA_B}"
    text = f"Headline about the hospital\n{block}\n{PARA_C}\n{block}\nComments are closed."
    _, f = fp("d", text)
    passages = align_pair(0, 0, f, f, NONE, SETTINGS)
    assert len(passages) == 1
    p = passages[0]
    first = text.index(block)
    second = text.index(block, first + 1)
    assert char_span(text, f, p.a_start, p.a_end) == (first, first + len(block))
    assert char_span(text, f, p.b_start, p.b_end) == (second, second + len(block))
    assert p.similarity == 1.0


def test_shared_phrase_is_found_where_jaccard_is_tiny():
    a = "Investigators found that the fire started in a faulty electrical cabinet on the third floor, officials said."
    b = "By Friday police were saying the fire started in a faulty electrical cabinet, according to a union leader."
    (_, fa), (_, fb) = fp("a", a), fp("b", b)
    passages = align_pair(0, 1, fa, fb, NONE, SETTINGS)
    assert len(passages) == 1
    phrase = "the fire started in a faulty electrical cabinet"
    p = passages[0]
    assert char_span(a, fa, p.a_start, p.a_end) == (a.index(phrase), a.index(phrase) + len(phrase))
    assert not p.quoted


def test_quotation_is_split_from_surrounding_narrative():
    quote = "we will not accept any deal that leaves the harbour closed to fishing boats"
    a = f"The mayor wrote on Tuesday: “{quote}.” Her office gave no further details about the harbour."
    b = f"“{quote},” said the mayor, whose office gave no further details about the plan."
    (_, fa), (_, fb) = fp("a", a), fp("b", b)
    passages = align_pair(0, 1, fa, fb, NONE, SETTINGS)
    quoted = [p for p in passages if p.quoted]
    assert len(quoted) == 1
    s, e = char_span(a, fa, quoted[0].a_start, quoted[0].a_end)
    assert a[s:e].rstrip(".") == quote


def test_common_seeds_are_ignored():
    (_, fa), (_, fb) = fp("a", PARA_A), fp("b", PARA_A)
    every_seed = np.unique(fa.seeds)
    assert align_pair(0, 1, fa, fb, every_seed, SETTINGS) == []


def test_output_does_not_depend_on_jobs(tmp_path, monkeypatch):
    pools = []

    class CountedPool(provenance.engine.workers.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    # Every stage on a pool however small the input, so that merging results
    # from workers is what is compared.
    monkeypatch.setattr(provenance.engine.workers, "MIN_PARALLEL_ITEMS", 1)
    monkeypatch.setattr(provenance.engine.workers, "CHUNK", 7)
    monkeypatch.setattr(provenance.engine.workers, "ProcessPoolExecutor", CountedPool)
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(3000)]
    texts = []
    for _ in range(90):
        paragraphs = [" ".join(rng.choice(vocab) for _ in range(40)) + "." for _ in range(4)]
        texts.append("\n".join(paragraphs))
    for i in range(0, 90, 9):  # plant copies and a doubled paragraph
        texts[i + 1] = texts[i]
        texts[i + 2] = texts[i + 2] + "\n" + texts[i + 2].split("\n")[0]
    for i, text in enumerate(texts):
        (tmp_path / f"{i:03d}.txt").write_text(text + "\n")
    for i in range(5, 90, 11):  # files that are no documents, between chunks and inside them
        (tmp_path / f"{i:03d}b.txt").write_bytes(b"GIF89a\x00\x01")
    serial = to_json(provenance.scan([tmp_path], jobs=1))
    assert len(json.loads(serial)["errors"]) == 8
    assert pools == []
    for jobs in (2, 3, 2):
        assert to_json(provenance.scan([tmp_path], jobs=jobs)) == serial
    # Titles come back from the workers chunk by chunk, each to its document.
    assert [d["title"] for d in json.loads(serial)["documents"]] == [t.split("\n")[0][:200] for t in texts]
    # Per run, a pool for the first pass (fingerprint and boilerplate), one
    # for the pass once templates are known (boilerplate again, articles,
    # credits and dates), one for candidate grouping, and one for alignment.
    assert pools == [2] * 4 + [3] * 4 + [2] * 4
    kinds = [f["kind"] for f in json.loads(serial)["findings"]]
    assert kinds.count("duplicate-document") == 10 and kinds.count("repeated-block") == 10


def test_a_repeated_block_whose_seeds_break_off_is_one_passage():
    # Seeds too common in the corpus to seed on, inside the block, split its
    # seeds into two chains; their passages overlap by their margins and
    # were reported as two overlapping blocks (16 of 200 doubled blocks of
    # the 10 000-article benchmark corpus).
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]

    def words(n):
        return " ".join(rng.choice(vocab) for _ in range(n)) + "."

    block = "\n".join(words(50) for _ in range(3))
    text = f"{words(30)}\n{block}\n{words(40)}\n{block}\n{words(20)}\n"
    _, f = fp("d", text)
    first, second = text.index(block), text.rindex(block)
    in_first = np.flatnonzero((f.starts >= first) & (f.ends <= first + len(block)))
    gap = in_first[60:80]  # 20 words: more than a chain may skip, less than two margins
    common = np.unique(f.seeds[gap])
    assert len(chain(provenance.align.repeated_seeds(f, common), 12, 8)) == 2
    passages = align_pair(0, 0, f, f, common, SETTINGS)
    assert len(passages) == 1
    p = passages[0]
    assert char_span(text, f, p.a_start, p.a_end) == (first, first + len(block))
    assert char_span(text, f, p.b_start, p.b_end) == (second, second + len(block))


def test_repeated_block_ends_at_its_paragraphs_even_when_the_next_ones_start_alike(tmp_path):
    block = f"{PARA_A}\n{PARA_B}"
    after_1 = "The council said that the opening ceremony would be held in the old town square next May."
    after_2 = "The council said little else; a vote on parking fees at the new site was postponed again."
    text = f"{block}\n{after_1}\n{PARA_C}\n{block}\n{after_2}\n"
    (tmp_path / "doc.txt").write_text(text)
    blocks = provenance.scan([tmp_path]).of_kind("repeated-block")
    assert len(blocks) == 1
    second = text.index(block, 1)
    assert (blocks[0].span.start, blocks[0].span.end) == (second, second + len(block))
    assert (blocks[0].copy_of.start, blocks[0].copy_of.end) == (0, len(block))


def test_a_repeated_block_keeps_the_function_words_at_its_edges():
    # The block's first and last words are function words, so no seed
    # (two content words or more) starts or ends there: each falls in the
    # aligned window's margin, one equal word on its own, and was dropped
    # (22 of the 200 doubled blocks of the 10 000-article benchmark corpus).
    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(5000)]

    def words(n):
        return " ".join(rng.choice(vocab) for _ in range(n))

    block = f"Was to the {words(30)} of {words(2)} to the."
    text = f"{words(20)}.\n{block}\n{words(25)} and.\n{block}\n{words(10)}.\n"
    _, f = fp("d", text)
    passages = align_pair(0, 0, f, f, NONE, SETTINGS)
    assert len(passages) == 1
    first, second = text.index(block), text.rindex(block)
    assert char_span(text, f, passages[0].a_start, passages[0].a_end) == (first, first + len(block))
    assert char_span(text, f, passages[0].b_start, passages[0].b_end) == (second, second + len(block))


def test_one_word_across_a_paragraph_break_is_not_part_of_a_copy():
    # The copied paragraph ends in function words, past its last seed; both
    # texts go on with "The" on the next line: chance, and left out.
    para = "The council approved the plan and found the money to build a new wing for it."
    text_a = f"{para}\nThe mayor was not there.\n"
    text_b = f"{para}\nThe weather was poor.\n"
    (_, fa), (_, fb) = fp("a", text_a), fp("b", text_b)
    passages = align_pair(0, 1, fa, fb, NONE, SETTINGS)
    assert len(passages) == 1
    assert char_span(text_a, fa, passages[0].a_start, passages[0].a_end) == (0, len(para))
    assert char_span(text_b, fb, passages[0].b_start, passages[0].b_end) == (0, len(para))


def test_passages_of_paragraphs_in_another_order_are_not_merged_across():
    # In a, paragraph X runs on into Y; in b, X is followed by a paragraph
    # that starts with Y's first words, and Y comes first. X's passage ends
    # two words into Y on a's side: it overlaps Y's passage there, but not on
    # b's side, where Y lies before X. Joined, the two were one passage over
    # both orders, less similar than either (seen at 0.93 for a 0.99 copy).
    x, y = f"{PARA_A} {PARA_B}", f"In the end {PARA_C}"
    other = "In the meantime the old wing stays open for visitors and for staff."
    text_a = f"{x}\n{y}\n"
    text_b = f"{y}\nA paragraph of other news about the city and its plans.\n{x}\n{other}\n"
    (_, fa), (_, fb) = fp("a", text_a), fp("b", text_b)
    passages = align_pair(0, 1, fa, fb, NONE, SETTINGS)
    spans = [(char_span(text_a, fa, p.a_start, p.a_end), char_span(text_b, fb, p.b_start, p.b_end)) for p in passages]
    x_b, y_b = text_b.index(x), text_b.index(y)
    for _, (b0, b1) in spans:  # every passage lies in X or in Y on b's side
        assert x_b <= b0 < b1 <= x_b + len(x) + len(" In the") or y_b <= b0 < b1 <= y_b + len(y), spans
    assert min(p.similarity for p in passages) >= 0.95


def _shared_seeds_by_definition(fa, fb, common, most=16):
    """shared_seeds as numpy set operations, as it was written first."""
    pa, pb = np.flatnonzero(fa.distinctive), np.flatnonzero(fb.distinctive)
    ha, hb = fa.seeds[pa], fb.seeds[pb]
    shared = np.setdiff1d(np.intersect1d(ha, hb), common)
    keep_a, keep_b = np.isin(ha, shared), np.isin(hb, shared)
    order_a, order_b = np.argsort(ha[keep_a], kind="stable"), np.argsort(hb[keep_b], kind="stable")
    ha, pa = ha[keep_a][order_a], pa[keep_a][order_a]
    hb, pb = hb[keep_b][order_b], pb[keep_b][order_b]
    rows = []
    for h, p in zip(ha.tolist(), pa.tolist(), strict=True):
        lo, hi = np.searchsorted(hb, h, side="left"), np.searchsorted(hb, h, side="right")
        if 0 < hi - lo <= most:
            rows += [(p, q) for q in pb[lo:hi].tolist()]
    return np.asarray(rows, dtype=np.int64).reshape(-1, 2)


def test_shared_seeds_follow_their_definition():
    """Few distinct seeds, so that they repeat (past the limit too), with
    common ones and non-distinctive positions."""
    from types import SimpleNamespace

    rng = np.random.default_rng(8)
    for _ in range(300):
        distinct = int(rng.integers(4, 30))
        fake = [
            SimpleNamespace(seeds=rng.integers(0, distinct, n).astype(np.uint64), distinctive=rng.random(n) < 0.8)
            for n in rng.integers(0, 200, 2)
        ]
        common = np.unique(rng.integers(0, 30, rng.integers(0, 5)).astype(np.uint64))
        assert np.array_equal(shared_seeds(*fake, common), _shared_seeds_by_definition(*fake, common))


def test_a_copy_aligned_whole_gives_the_passages_and_counts_of_aligning_them_apart():
    """align_copy counts a passage's matched words from the one alignment of
    the whole texts; they must be those of aligning its two ranges alone."""
    from provenance.align import _passage_over, align_copy

    rng = random.Random(11)
    base = (SEEDS / "003_4be7770271fcae25.txt").read_text(encoding="utf-8")
    for trial in range(20):
        paras = base.split("\n")
        kept = paras[: rng.randint(4, len(paras))]
        words = "\n".join(kept).split(" ")
        for _ in range(rng.randint(0, 12)):
            words[rng.randrange(len(words))] = rng.choice(["zq", "the", "reportedly", "said"])
        local = "A paragraph of the outlet's own, about the weather in town today."
        text = "Home | News\n" + " ".join(words) + f"\n{local}\n"
        (_, fa), (_, fb) = fp("a", base), fp("b", text)
        passages = align_copy(0, 1, fa, fb, NONE, SETTINGS)
        assert passages, trial
        for p in passages:
            again = _passage_over(fa, fb, 0, 1, p.a_start, p.a_end, p.b_start, p.b_end)
            assert (p.matched, p.similarity, p.quoted) == (again.matched, again.similarity, again.quoted)
