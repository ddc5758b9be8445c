"""Train the drafting detail classifier from knowledge/drafting/details.yaml and save it for the app.

Run:  .venv/bin/python scripts/train_drafting.py

Needs scikit-learn (the `train` extra); the app only needs NumPy to use the result. The regularisation
strength is chosen by stratified cross-validation on the training corpus only: bench/heldout/ is never
read here. Prints one JSON object with the cross-validated accuracy of each head.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.drafting.detail_model import (  # noqa: E402
    CORPUS_FILE,
    HASH_BITS,
    HEADS,
    MODEL_FILE,
    features,
    training_examples,
)
from app.core.knowledge.embeddings import MINILM_NAME, minilm  # noqa: E402

SEED = 11
GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


def _fit(x: np.ndarray, y: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=4000, class_weight="balanced", random_state=SEED).fit(x, y)


def _cv(x: np.ndarray, y: np.ndarray, c: float, folds: int = 5) -> float:
    from sklearn.model_selection import StratifiedKFold

    hits = 0
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(x, y):
        hits += int((_fit(x[train], y[train], c).predict(x[test]) == y[test]).sum())
    return hits / len(y)


def proper_nouns() -> list[str]:
    """Words written capitalised mid-sentence in the project's own texts and never in lower case there:
    places, clubs and organisations ('Leeds', 'Rotary'). Saved for the casing rules."""
    import re

    import yaml

    from app.core.language.casing import shouting, title_cased

    # The labelled details are written with care, so a capital there counts twice.
    texts: list[str] = [r[0] for r in training_examples(CORPUS_FILE)] * 2
    for folder in ("articles", "personas", "scenarios"):
        for path in sorted((ROOT / "knowledge" / folder).glob("*")):
            if path.suffix in (".md", ".yaml"):
                texts.append(path.read_text(encoding="utf-8"))
    texts += [
        str(v)
        for v in yaml.safe_load((ROOT / "knowledge" / "drafting" / "phrases.yaml").read_text()).get(
            "acronyms", []
        )
    ]
    caps: collections.Counter[str] = collections.Counter()
    lower: set[str] = set()
    for text in texts:
        for line in text.splitlines():
            if shouting(line) or title_cased(line) or line.lstrip().startswith("#"):
                continue
            for sentence in re.split(r"(?<=[.!?:;])\s+|\s[-*]\s|\(|\"", line):
                found = re.findall(r"[A-Za-z][A-Za-z'-]*", sentence)
                for i, w in enumerate(found):
                    if w[0].isupper() and i > 0 and w.lower() != "i" and not w.isupper():
                        caps[w.lower()] += 1
                    elif w[0].islower():
                        lower.add(w.lower())
    # Ordinary words capitalised in titles ('Critical', 'Developing') are not names: their endings give them away.
    ordinary = re.compile(
        r"(?:ing|ed|ly|tion|sion|ment|ness|ity|ive|al|ic|ate|ize|ise|ful|less|ous|ance|ence|ship|"
        r"ers|or|'s|')$"
    )
    # Seen capitalised at least twice: a one-off capital is more often a heading than a name.
    return sorted(
        w
        for w, n in caps.items()
        if n >= 2 and w not in lower and len(w) > 2 and "'" not in w and not ordinary.search(w)
    )


def main() -> None:
    """Cross-validate C per head, fit on everything, save weights and metadata."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    rows = training_examples(CORPUS_FILE)
    texts = [r[0] for r in rows]
    x = features(texts, minilm(), HASH_BITS)
    arrays: dict[str, np.ndarray] = {}
    labels: dict[str, list[str]] = {}
    scores: dict[str, dict[str, float]] = {}
    for i, head in enumerate(HEADS, start=1):
        y = np.array([r[i] for r in rows])
        cv = {c: _cv(x, y, c) for c in GRID}
        best = max(cv, key=lambda c: (cv[c], -c))
        model = _fit(x, y, best)
        labels[head] = [str(c) for c in model.classes_]
        w, b = model.coef_.astype(np.float32), model.intercept_.astype(np.float32)
        if len(labels[head]) == 2:  # binary heads come back as one row: make them two-class softmax rows
            w, b = np.vstack([-w / 2, w / 2]), np.array([-b[0] / 2, b[0] / 2], dtype=np.float32)
        arrays[f"{head}_w"], arrays[f"{head}_b"] = w, b
        scores[head] = {"cv_accuracy": round(cv[best], 4), "C": best}
    meta = {
        "labels": labels,
        "hash_bits": HASH_BITS,
        "embedding": MINILM_NAME,
        "examples": len(rows),
        "corpus_sha": hashlib.sha256(CORPUS_FILE.read_bytes()).hexdigest()[:16],
        "scores": scores,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    names = proper_nouns()
    (args.out.parent / "proper_nouns.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    meta["proper_nouns"] = len(names)
    np.savez_compressed(args.out, meta=np.array(json.dumps(meta)), **arrays)
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
