"""Train the dialogue-act classifier from knowledge/language/train/*.yaml and save it for the app.

Run:  .venv/bin/python scripts/train_language.py [--search]

Needs scikit-learn and SciPy (the `train` extra); the app itself only needs NumPy to use the result.
Hyper-parameters are chosen by stratified cross-validation on the training data only: the held-out
sets under bench/heldout/ are never read here. Prints one JSON object with the cross-validated scores.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.knowledge.embeddings import MINILM_NAME, minilm  # noqa: E402
from app.core.language.corpus import act_ids, corpus_hash, load_examples  # noqa: E402
from app.core.language.features import FeatureConfig, sparse_matrix  # noqa: E402
from app.core.language.model import MODEL_FILE  # noqa: E402
from app.core.language.text import normalise  # noqa: E402

SEED = 7
# Text-speak a careless typist uses; a noisy copy of every example teaches the model that "wat do u do" is
# "what do you do" (cross-validated macro-F1 +0.3 points on clean text, and far steadier on noisy text).
_SPEAK = {
    "you": "u",
    "your": "ur",
    "what": "wat",
    "are": "r",
    "to": "2",
    "for": "4",
    "please": "pls",
    "thanks": "thx",
    "because": "cos",
    "really": "rly",
    "people": "ppl",
    "business": "biz",
}


def noisy_copy(text: str, rng: random.Random) -> str:
    """The text as a hurried chat message: lower case without apostrophes, text-speak, one swapped letter."""
    out = text
    roll = rng.random()
    if roll < 0.4:
        out = re.sub(r"[.!?]+$", "", out.lower().replace("'", ""))
    if roll > 0.3:
        out = " ".join(_SPEAK.get(w.lower(), w) if rng.random() < 0.5 else w for w in out.split())
    parts = out.split()
    if parts and rng.random() < 0.5:
        i = rng.randrange(len(parts))
        w = parts[i]
        if len(w) > 4:
            j = rng.randrange(len(w) - 1)
            parts[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        out = " ".join(parts)
    return out


def _dedupe(examples):  # type: ignore[no-untyped-def]
    """One example per normalised text; texts labelled with two different acts are dropped and reported."""
    by_text: dict[str, list] = {}
    for ex in examples:
        by_text.setdefault(normalise(ex.text), []).append(ex)
    kept, conflicts = [], []
    for group in by_text.values():
        acts = {e.act for e in group}
        if len(acts) > 1:
            conflicts.append({"text": group[0].text, "acts": sorted(acts)})
            continue
        kept.append(group[0] if not any(e.rude for e in group) else next(e for e in group if e.rude))
    return kept, conflicts


def _design(dense: np.ndarray, texts: list[str], cfg: FeatureConfig):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix, hstack

    return hstack([csr_matrix(dense), sparse_matrix(texts, cfg)]).tocsr()


def _fit(x, y, c: float, *, binary: bool = False):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=SEED)
    return model.fit(x, y)


def _cv(dense, texts, y, cfg: FeatureConfig, c: float, noisy, folds: int = 5) -> float:  # type: ignore[no-untyped-def]
    """Cross-validated macro-F1; each training fold gets its noisy copies, each test fold is clean text."""
    from scipy.sparse import vstack
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    x = _design(dense, texts, cfg)
    xn = _design(noisy[1], noisy[0], cfg)
    pred = np.empty(len(y), dtype=object)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(texts, y):
        pred[test] = _fit(vstack([x[train], xn[train]]), np.concatenate([y[train], y[train]]), c).predict(
            x[test]
        )
    return float(f1_score(y, pred, average="macro"))


def main() -> None:
    """Train, cross-validate, save."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--search", action="store_true", help="grid-search C and the n-gram weight by CV")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()

    started = time.perf_counter()
    examples, conflicts = _dedupe(load_examples())
    texts = [e.text for e in examples]
    y = np.array([e.act for e in examples], dtype=object)
    rude = np.array([e.rude or e.act == "rude" for e in examples], dtype=np.int64)
    dense = minilm().embed(texts)
    rng = random.Random(SEED)
    noisy_texts = [noisy_copy(t, rng) for t in texts]
    noisy_dense = minilm().embed(noisy_texts)

    # Chosen by 5-fold cross-validation on the training data (macro-F1 0.793-0.820 over C 3-30, weight 0.5-2).
    grid_c = [3.0, 10.0, 30.0] if args.search else [10.0]
    grid_w = [1.0, 2.0, 3.0] if args.search else [2.0]
    search = []
    best = (-1.0, grid_c[0], grid_w[0])
    for w in grid_w:
        cfg = FeatureConfig(sparse_weight=w)
        for c in grid_c:
            f1 = _cv(dense, texts, y, cfg, c, (noisy_texts, noisy_dense))
            search.append({"C": c, "sparse_weight": w, "cv_macro_f1": round(f1, 4)})
            best = max(best, (f1, c, w))
    cv_f1, c, w = best
    cfg = FeatureConfig(sparse_weight=w)
    from scipy.sparse import vstack

    x = vstack([_design(dense, texts, cfg), _design(noisy_dense, noisy_texts, cfg)]).tocsr()
    acts = _fit(x, np.concatenate([y, y]), c)
    rude_model = _fit(x, np.concatenate([rude, rude]), c)

    labels = [str(a) for a in acts.classes_]
    missing = sorted(set(act_ids()) - set(labels))
    dim = dense.shape[1]
    coef = acts.coef_.toarray() if hasattr(acts.coef_, "toarray") else np.asarray(acts.coef_)
    rcoef = np.asarray(rude_model.coef_)[0]
    meta = {
        "labels": labels,
        "features": asdict(cfg),
        "embedder": MINILM_NAME,
        "corpus_hash": corpus_hash(),
        "C": c,
        "examples": len(examples),
        "per_act": dict(sorted(Counter(y.tolist()).items())),
        "rude_examples": int(rude.sum()),
        "cv_macro_f1": round(cv_f1, 4),
        "missing_acts": missing,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        meta=np.array(json.dumps(meta)),
        w_dense=coef[:, :dim].astype(np.float32),
        w_sparse=coef[:, dim:].astype(np.float16),
        b=np.asarray(acts.intercept_, dtype=np.float32),
        r_dense=rcoef[:dim].astype(np.float32),
        r_sparse=rcoef[dim:].astype(np.float16),
        r_b=np.float32(rude_model.intercept_[0]),
    )
    report = {
        **meta,
        "search": search,
        "conflicts": conflicts[:40],
        "n_conflicts": len(conflicts),
        "seconds": round(time.perf_counter() - started, 1),
        "saved": args.out.name,
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
