"""Dialogue-act classifier on the held-out utterances (bench/heldout/utterances.yaml), never trained or tuned on.

Run:  python bench/bench_language.py        (prints one JSON object)

Reports accuracy and macro-F1 over every act, per-act precision/recall/F1, the confusion between offer,
vague offer, conditional offer and pitch, the rude flag's precision/recall, and read latency.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_eval  # noqa: E402

from app.core.language import read_many  # noqa: E402
from app.core.language.model import default_model, model_meta  # noqa: E402
from app.core.language.text import units  # noqa: E402

GIVING = ("offer_concrete", "offer_vague", "offer_conditional", "pitch")


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(rows: list[dict]) -> dict:
    """Per-act and macro scores of predicted vs labelled acts."""
    acts = sorted({r["act"] for r in rows} | {r["pred"] for r in rows})
    per = {}
    for a in acts:
        tp = sum(1 for r in rows if r["act"] == a and r["pred"] == a)
        fp = sum(1 for r in rows if r["act"] != a and r["pred"] == a)
        fn = sum(1 for r in rows if r["act"] == a and r["pred"] != a)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per[a] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(_f1(p, r), 3), "n": tp + fn}
    labelled = [a for a in acts if per[a]["n"]]
    macro = statistics.mean(per[a]["f1"] for a in labelled)
    acc = sum(r["act"] == r["pred"] for r in rows) / len(rows)
    return {"accuracy": round(acc, 4), "macro_f1": round(macro, 4), "per_act": per}


def main() -> None:
    """Read every held-out utterance and score the readings."""
    items = heldout_eval.load("utterances.yaml")["utterances"]
    model = default_model()
    texts = [str(i["text"]) for i in items]
    t0 = time.perf_counter()
    readings = read_many(texts)
    batch_s = time.perf_counter() - t0
    rows = []
    for item, reading in zip(items, readings, strict=True):
        # A held-out line is one utterance; when it reads as several units, the unit the label is about is
        # the one with the most confident act, as the partner and coach each act on every unit.
        us = [u for u in reading.units if not u.meta] or list(reading.units)
        best = max(us, key=lambda u: u.scores.confidence) if us else None
        rows.append(
            {
                "text": item["text"],
                "act": item["act"],
                "pred": best.act if best else "other",
                "rude": bool(item.get("rude")),
                "pred_rude": bool(reading.rude),
                "units": len(units(str(item["text"]))),
            }
        )
    result = score(rows)
    confusion = {a: dict(Counter(r["pred"] for r in rows if r["act"] == a)) for a in GIVING}
    tp = sum(r["rude"] and r["pred_rude"] for r in rows)
    fp = sum((not r["rude"]) and r["pred_rude"] and r["act"] != "rude" for r in rows)
    fn = sum(r["rude"] and not r["pred_rude"] for r in rows)
    rude_p = tp / (tp + fp) if tp + fp else 0.0
    rude_r = tp / (tp + fn) if tp + fn else 0.0
    # Warm single-utterance latency (embedding cache cleared by using new text each time).
    lat = []
    for i in range(30):
        t = time.perf_counter()
        read_many([f"So what kind of work keeps you busy in week {i}?"])
        lat.append((time.perf_counter() - t) * 1000)
    misses = [{"text": r["text"], "act": r["act"], "pred": r["pred"]} for r in rows if r["act"] != r["pred"]]
    meta = model_meta()
    print(
        json.dumps(
            {
                "heldout_utterances": len(rows),
                "accuracy": result["accuracy"],
                "macro_f1": result["macro_f1"],
                "target_macro_f1": 0.90,
                "rude_flag": {
                    "precision": round(rude_p, 3),
                    "recall": round(rude_r, 3),
                    "f1": round(_f1(rude_p, rude_r), 3),
                    "n": sum(r["rude"] for r in rows),
                },
                "giving_confusion": confusion,
                "per_act": result["per_act"],
                "model": {
                    "examples": meta.get("examples"),
                    "cv_macro_f1": meta.get("cv_macro_f1"),
                    "corpus": meta.get("corpus_hash"),
                },
                "latency_ms": {
                    "batch_total": round(batch_s * 1000),
                    "one_utterance_p50": round(statistics.median(lat), 2),
                    "one_utterance_p95": round(sorted(lat)[int(0.95 * len(lat)) - 1], 2),
                },
                "misses_sample": misses[:60],
                "n_misses": len(misses),
            },
            indent=1,
        )
    )
    _ = model


if __name__ == "__main__":
    main()
