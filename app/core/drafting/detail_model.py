"""The detail classifier at run time (NumPy only; training is scripts/train_drafting.py).

Three small logistic regressions over one feature row - the MiniLM embedding of the detail plus hashed
word n-grams - say what kind of detail it is, who it is about and its tense. The n-grams carry the small
words the embedding blurs ("I said I'd ...", "we both ...").
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from app.core.datafile import parse_yaml
from app.core.errors import CoachError
from app.core.language.text import normalise

DRAFTING_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "drafting"
MODEL_FILE = DRAFTING_DIR / "detail_model.npz"
CORPUS_FILE = DRAFTING_DIR / "details.yaml"
HEADS = ("kind", "about", "tense")
HASH_BITS = 11
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|\?")


class DetailModelError(CoachError):
    """The detail model file is missing or unreadable."""


def grams(text: str) -> list[str]:
    """Word unigrams, bigrams and the opening words of a normalised detail."""
    toks = _TOKEN.findall(normalise(text))
    out = [f"w:{t}" for t in toks] + [f"b:{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
    out += [f"s:{t}" for t in toks[:2]] + [f"n:{min(len(toks), 6)}"]
    return out


def sparse_features(texts: Sequence[str], bits: int = HASH_BITS) -> np.ndarray:
    """Hashed n-gram rows (dense, scaled to unit length): crc32 keeps them stable across machines."""
    size = 1 << bits
    out = np.zeros((len(texts), size), dtype=np.float32)
    for r, text in enumerate(texts):
        idx = sorted({zlib.crc32(g.encode("utf-8")) & (size - 1) for g in grams(text)})
        if idx:
            out[r, idx] = 1.0 / np.sqrt(len(idx))
    return out


def features(texts: Sequence[str], embedder: Any, bits: int = HASH_BITS) -> np.ndarray:
    """The classifier's input rows: [embedding, hashed n-grams]."""
    dense = np.asarray(embedder.embed([normalise(t) or " " for t in texts]), dtype=np.float32)
    return np.hstack([dense, sparse_features(texts, bits)])


@dataclass(frozen=True)
class Prediction:
    """The most probable label of each head with its probability."""

    kind: str
    about: str
    tense: str
    confidence: dict[str, float]
    probs: dict[str, dict[str, float]]


class DetailModel:
    """The saved weights of the three heads."""

    def __init__(self, path: Path = MODEL_FILE, embedder: Any = None) -> None:
        try:
            data = np.load(path, allow_pickle=False)
            self.meta: dict[str, Any] = json.loads(str(data["meta"]))
            self._w = {h: (np.asarray(data[f"{h}_w"]), np.asarray(data[f"{h}_b"])) for h in HEADS}
        except (OSError, ValueError, KeyError) as err:
            raise DetailModelError(
                f"The drafting detail model {path.name} is missing or damaged: run scripts/train_drafting.py."
            ) from err
        self.labels: dict[str, list[str]] = self.meta["labels"]
        self._embedder = embedder
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Any:
        """The bundled MiniLM embedder (loaded on first use)."""
        if self._embedder is None:
            from app.core.knowledge.embeddings import minilm

            self._embedder = minilm()
        return self._embedder

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """One prediction per text (one embedding batch for all of them)."""
        if not texts:
            return []
        with self._lock:
            x = features(texts, self.embedder, int(self.meta.get("hash_bits", HASH_BITS)))
        probs: dict[str, np.ndarray] = {}
        for head in HEADS:
            w, b = self._w[head]
            logits = x @ w.T + b
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            probs[head] = p / p.sum(axis=1, keepdims=True)
        out = []
        for i in range(len(texts)):
            best = {h: self.labels[h][int(np.argmax(probs[h][i]))] for h in HEADS}
            out.append(
                Prediction(
                    best["kind"],
                    best["about"],
                    best["tense"],
                    {h: float(np.max(probs[h][i])) for h in HEADS},
                    {h: dict(zip(self.labels[h], map(float, probs[h][i]), strict=True)) for h in HEADS},
                )
            )
        return out


_model: DetailModel | None = None
_model_lock = threading.Lock()


def default_model() -> DetailModel:
    """The shipped model, loaded once per process."""
    global _model
    with _model_lock:
        if _model is None:
            _model = DetailModel()
        return _model


@cache
def training_examples(path: Path = CORPUS_FILE) -> tuple[tuple[str, str, str, str], ...]:
    """(text, kind, about, tense) for every labelled detail in the corpus file."""
    data = parse_yaml(path.read_text(encoding="utf-8"))
    out = []
    for kind, rows in data["kinds"].items():
        for text, about, tense in rows:
            out.append((str(text), str(kind), str(about), str(tense)))
    return tuple(out)
