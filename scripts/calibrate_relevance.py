"""Calibrate the relevance floor of the default embedder (MiniLM) and print the evidence as JSON.

Uses only calibration data: the labelled library questions (bench/data/questions_part*.jsonl, which
must stay answered) and the off-topic calibration queries (bench/data/offtopic_calibration.jsonl,
which must get "nothing matches"). The off-topic evaluation queries (bench/data/offtopic_queries.jsonl)
and the held-out questions are never read here: bench/bench_knowledge.py scores the chosen floor on them.

For each query the evidence the floor is compared with is its best cosine over all library
passages and reader questions (knowledge/questions/) plus a lexical weight times log(1 + its best BM25 score) (app/core/knowledge/relevance.py).
For every weight on a grid (0, 0.025, ... 0.5), candidate floors lie halfway between neighbouring
observed values; the one with the lowest balanced error wins (the share of on-topic questions
silenced plus the share of off-topic queries answered, so the larger on-topic set does not outvote
the other), and among equals the one in the widest gap (the largest margin on both sides). The
weight whose best floor has the lowest balanced error wins; among equals the one with the widest
gap relative to the spread of the evidence, then the smallest weight. The grid stops at 0.5: past
it the BM25 term alone decides, and BM25 scores move with the collection (idf) where cosines do not.

    .venv/bin/python scripts/calibrate_relevance.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.config import load_settings  # noqa: E402
from app.core.knowledge.embeddings import minilm  # noqa: E402
from app.core.knowledge.index import KnowledgeBase  # noqa: E402
from app.core.knowledge.relevance import evidence  # noqa: E402

DATA = ROOT / "bench" / "data"


def read_jsonl(pattern: str, field: str) -> list[str]:
    """One field of every row of the bench/data files matching `pattern`."""
    rows = []
    for path in sorted(DATA.glob(pattern)):
        rows += [
            json.loads(line)[field] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    return rows


def best_cosines(kb: KnowledgeBase, queries: list[str]) -> np.ndarray:
    """The highest cosine between each query and any indexed passage or reader question (what search
    compares with the floor, app/core/knowledge/search.py)."""
    rows = kb._collection().get(vectors=True)
    matrix = np.stack([r.vector for r in rows if r.vector is not None])
    qvecs = kb.embedder.embed(queries)
    best = (qvecs @ matrix.T).max(axis=1)
    if kb._questions is not None:
        asked = [max(kb._questions.section_scores(kb.embedder, v).values(), default=-1.0) for v in qvecs]
        best = np.maximum(best, np.array(asked))
    return best


def best_bm25(kb: KnowledgeBase, queries: list[str]) -> np.ndarray:
    """The highest BM25 score between each query and any indexed passage (0.0 when no word is shared)."""
    index = kb._lexical.get(kb._collection())
    return np.array([max((s for _, s in index.search(q, 1)), default=0.0) for q in queries])


WEIGHTS = [i * 0.025 for i in range(21)]


def choose_weight(
    on: tuple[np.ndarray, np.ndarray], off: tuple[np.ndarray, np.ndarray]
) -> tuple[float, float, float, float]:
    """(weight, floor, balanced error, gap width) over the weight grid: see the module docstring."""
    best: tuple[float, float, float, float, float] | None = None  # error, -relative gap, weight, floor, gap
    for weight in WEIGHTS:
        on_e = np.array([evidence(c, b, weight) for c, b in zip(*on, strict=True)])
        off_e = np.array([evidence(c, b, weight) for c, b in zip(*off, strict=True)])
        floor, errors, gap = choose_floor(on_e, off_e)
        spread = float(np.concatenate([on_e, off_e]).std()) or 1.0
        row = (errors, round(-gap / spread, 6), weight, floor, gap)
        if best is None or row[:3] < best[:3]:
            best = row
    assert best is not None
    return best[2], best[3], best[0], best[4]


def choose_floor(on: np.ndarray, off: np.ndarray) -> tuple[float, float, float]:
    """(floor, balanced error there, width of its gap): see the module docstring."""
    values = np.unique(np.concatenate([on, off]))
    best: tuple[float, float, float] | None = None
    for low, high in zip(values[:-1], values[1:], strict=True):
        floor = float((low + high) / 2)
        errors = round(float((on < floor).mean() + (off >= floor).mean()), 6)
        if best is None or (errors, -(high - low)) < (best[0], -best[2]):
            best = (errors, floor, float(high - low))
    assert best is not None, "need at least two distinct cosines"
    return best[1], best[0], best[2]


def summary(values: np.ndarray) -> dict[str, float]:
    """Min, quartiles and max, rounded."""
    q = np.percentile(values, [0, 5, 25, 50, 75, 95, 100])
    return dict(
        zip(["min", "p5", "p25", "median", "p75", "p95", "max"], (round(float(v), 4) for v in q), strict=True)
    )


def main() -> int:
    """Index the library, compare the two calibration sets, print the chosen floor."""
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(load_settings(cli={"data_dir": tmp}, env={}, secrets={}, saved={}), minilm())
        kb.ensure_library()
        on_q = read_jsonl("questions_part*.jsonl", "question")
        off_q = read_jsonl("offtopic_calibration.jsonl", "query")
        on, off = best_cosines(kb, on_q), best_cosines(kb, off_q)
        on_bm25, off_bm25 = best_bm25(kb, on_q), best_bm25(kb, off_q)
    cosine_floor, cosine_errors, _ = choose_floor(on, off)
    weight, floor, errors, gap = choose_weight((on, on_bm25), (off, off_bm25))
    on_e = np.array([evidence(c, b, weight) for c, b in zip(on, on_bm25, strict=True)])
    off_e = np.array([evidence(c, b, weight) for c, b in zip(off, off_bm25, strict=True)])
    print(
        json.dumps(
            {
                "embedder": kb.embedder.name,
                "on_topic_questions": len(on_q),
                "off_topic_calibration_queries": len(off_q),
                "on_topic_best_cosine": summary(on),
                "off_topic_best_cosine": summary(off),
                "cosine_only": {"floor": round(cosine_floor, 3), "balanced_error": round(cosine_errors, 3)},
                "lexical_weight": round(weight, 3),
                "on_topic_evidence": summary(on_e),
                "off_topic_evidence": summary(off_e),
                "floor": round(floor, 3),
                # Answered on meaning alone above this: the best off-topic cosine plus a 0.05 margin.
                "strong_cosine": round(float(off.max()) + 0.05, 2),
                "balanced_error": round(errors, 3),
                "gap_width": round(gap, 4),
                "on_topic_below_floor": [q for q, v in zip(on_q, on_e, strict=True) if v < floor],
                "off_topic_at_or_above_floor": [q for q, v in zip(off_q, off_e, strict=True) if v >= floor],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
