"""How far a learned line classifier goes on the web-page set (an experiment,
not what ``provenance clean`` runs).

Each line of a page is described by the features the boilerplate stage
already works out (:class:`provenance.boilerplate.Line`: words, stop-word
density, title case, sentence end, list marker, figures, prose; the category
the rules give it, if any), the same for the three lines on each side, the
density of prose around it, and where it sits against the article's block
(:func:`provenance.boilerplate.page.article_block`). A gradient-boosted tree
ensemble (scikit-learn's ``HistGradientBoostingClassifier``; every page
weighing alike) is trained on one half of the set and scored on the other,
both ways, keeping the lines it gives at least a threshold's probability of
being article, with the shingle measure of ``evaluate.py``.

Needs ``pip install scikit-learn`` (not a dependency of the project) and the
set made by ``make.py``. About 1.5 minutes on 2 cores.

    python benchmarks/webpages/line_classifier.py [--data /work/data/webpages]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate as ev

from provenance.boilerplate import Lined, detect
from provenance.boilerplate.page import _scraped_page, article_block
from provenance.config import Settings
from provenance.model import BOILERPLATE_CATEGORIES, Document

CATEGORIES = list(BOILERPLATE_CATEGORIES)
NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
THRESHOLDS = (0.1, 0.2, 0.3, 0.5)


def features(text: str) -> np.ndarray:
    """One row per line of a page (every line of the set's pages is non-blank)."""
    page = Lined(Document(id="page.txt", text=text))
    lines = page.lines
    category = {}
    for found in detect(page, Settings()):
        for line in lines:
            if line.start >= found.span.start and line.end <= found.span.end:
                category[line.index] = CATEGORIES.index(found.category)
    own = np.array(
        [
            [
                math.log1p(x.words),
                x.stop_density,
                x.titleish,
                x.sentence_end,
                x.marker,
                x.numbers,
                x.prose,
                x.blank_before,
                category.get(x.index, -1),
            ]
            for x in lines
        ],
        dtype=float,
    )
    n = len(lines)
    prose = own[:, 6]
    running = np.concatenate([[0], np.cumsum(prose * np.array([x.words for x in lines], float))])
    block = article_block(lines)
    scraped = _scraped_page(lines)
    rows = []
    for k in range(n):
        row = list(own[k])
        for d in NEIGHBOURS:
            j = k + d
            row += list(own[j][[0, 1, 2, 3, 4, 6, 8]]) if 0 <= j < n else [-1] * 7
        for reach in (5, 20):
            lo, hi = max(0, k - reach), min(n, k + reach + 1)
            row += [(running[hi] - running[lo]) / (hi - lo), prose[lo:hi].mean()]
        if block:
            first, last = block
            row += [first <= k <= last, k - last if k > last else k - first if k < first else 0, k < first]
        else:
            row += [-1, 0, -1]
        row += [k / n, k, n - k, scraped, n]
        rows.append(row)
    return np.array(rows, float)


def main() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/data/webpages"))
    data = parser.parse_args().data
    info = json.loads((data / "manifest.json").read_text())["pages"]
    x, y, texts, golds = {}, {}, {}, {}
    for name in sorted(info):
        text = (data / "pages" / f"{name}.txt").read_text(encoding="utf-8")
        gold = (data / "gold" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        x[name] = features(text)
        y[name] = np.array(ev.line_labels(text.splitlines(), gold)[: len(x[name])], int)
        texts[name], golds[name] = text.splitlines(), ev.shingle_counts(gold)
    halves = {s: [n for n in sorted(info) if info[n]["split"] == s] for s in ("dev", "held")}
    out = {}
    for train, test in (("dev", "held"), ("held", "dev")):
        pages = halves[train]
        model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.1, random_state=0)
        weight = np.concatenate([np.full(len(x[n]), len(pages) / len(x[n])) for n in pages])
        model.fit(np.concatenate([x[n] for n in pages]), np.concatenate([y[n] for n in pages]), sample_weight=weight)
        for t in THRESHOLDS:
            p = r = 0.0
            for name in halves[test]:
                keep = model.predict_proba(x[name])[:, 1] >= t
                got = ev.prf([line for line, k in zip(texts[name], keep, strict=True) if k], golds[name])
                p, r = p + got["p"], r + got["r"]
            p, r = p / len(halves[test]), r / len(halves[test])
            f1 = 2 * p * r / (p + r)
            out[f"train {train}, score {test}, threshold {t}"] = [round(p, 3), round(r, 3), round(f1, 3)]
            print(f"train {train:4} score {test:4} t={t}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    path = Path(__file__).resolve().parent.parent / "results" / "webpages-line-classifier.json"
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
