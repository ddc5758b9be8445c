"""Calibrate the relevance floor of the default embedder (MiniLM) and print the evidence as JSON.

Uses only calibration data: the labelled library questions (bench/data/questions_part*.jsonl, which
must stay answered) and the off-topic calibration queries (bench/data/offtopic_calibration.jsonl,
which must get "nothing matches"). The off-topic evaluation queries (bench/data/offtopic_queries.jsonl)
and the held-out questions are never read here: bench/bench_knowledge.py scores the chosen floor on them.

For each query the best cosine over all library passages is what the floor is compared with (a
query is answered when its best passage reaches the floor). Candidate floors lie halfway between
neighbouring observed values; the one that misclassifies the fewest calibration queries wins, and
among equals the one in the widest gap (the largest margin on both sides).

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
    """The highest cosine between each query and any indexed passage."""
    rows = kb._collection().get(vectors=True)
    matrix = np.stack([r.vector for r in rows if r.vector is not None])
    return (kb.embedder.embed(queries) @ matrix.T).max(axis=1)


def choose_floor(on: np.ndarray, off: np.ndarray) -> tuple[float, int, float]:
    """(floor, calibration errors there, width of its gap): see the module docstring."""
    values = np.unique(np.concatenate([on, off]))
    best: tuple[int, float, float] | None = None
    for low, high in zip(values[:-1], values[1:], strict=True):
        floor = float((low + high) / 2)
        errors = int((on < floor).sum() + (off >= floor).sum())
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
    floor, errors, gap = choose_floor(on, off)
    print(
        json.dumps(
            {
                "embedder": kb.embedder.name,
                "on_topic_questions": len(on_q),
                "off_topic_calibration_queries": len(off_q),
                "on_topic_best_cosine": summary(on),
                "off_topic_best_cosine": summary(off),
                "floor": round(floor, 3),
                "calibration_errors": errors,
                "gap_width": round(gap, 4),
                "on_topic_below_floor": [q for q, v in zip(on_q, on, strict=True) if v < floor],
                "off_topic_at_or_above_floor": [q for q, v in zip(off_q, off, strict=True) if v >= floor],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
