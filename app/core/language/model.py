"""The trained act classifier at run time: NumPy only (training is scripts/train_language.py).

One multinomial logistic regression over [embedding, hashed n-grams] gives each sentence a probability
per act; a second, binary one says whether the sentence carries a rude or dismissive add-on.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from app.core.errors import CoachError
from app.core.language.acts import Act
from app.core.language.features import FeatureConfig, sparse_row
from app.core.language.lexicon import LANGUAGE_DIR

MODEL_FILE = LANGUAGE_DIR / "model" / "acts.npz"
_CACHE_SIZE = 8192


class TextEmbedder(Protocol):
    """Anything that turns texts into unit-length rows (the knowledge embedder, or a fake in tests)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


class LanguageModelError(CoachError):
    """The act model file is missing or unreadable."""


@dataclass(frozen=True)
class Scores:
    """A sentence's act probabilities (in `labels` order) and its rudeness probability."""

    labels: tuple[str, ...]
    probs: np.ndarray
    rude: float

    @property
    def act(self) -> Act:
        """The most probable act."""
        return Act(self.labels[int(np.argmax(self.probs))])

    @property
    def confidence(self) -> float:
        """Probability of the most probable act."""
        return float(np.max(self.probs))

    def prob(self, act: str) -> float:
        """Probability of one act."""
        return float(self.probs[self.labels.index(act)])

    def ranked(self, n: int = 3) -> list[tuple[str, float]]:
        """The `n` most probable acts with their probabilities."""
        order = np.argsort(-self.probs)[:n]
        return [(self.labels[i], float(self.probs[i])) for i in order]


class ActModel:
    """Loaded weights plus a cache of sentence embeddings (live hints re-read the whole session)."""

    def __init__(self, path: Path = MODEL_FILE, embedder: TextEmbedder | None = None) -> None:
        try:
            data = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as err:
            raise LanguageModelError(
                f"The language model file {path.name} is missing or damaged: run scripts/train_language.py."
            ) from err
        meta = json.loads(str(data["meta"]))
        self.meta = meta
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.config = FeatureConfig(**meta["features"])
        self.embedder_name: str = meta["embedder"]
        self._w_dense = data["w_dense"].astype(np.float32)
        self._w_sparse = data["w_sparse"].astype(np.float32)
        self._b = data["b"].astype(np.float32)
        self._r_dense = data["r_dense"].astype(np.float32)
        self._r_sparse = data["r_sparse"].astype(np.float32)
        self._r_b = float(data["r_b"])
        self._embedder = embedder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def embedder(self) -> TextEmbedder:
        """The embedder in use (the bundled MiniLM unless one was injected)."""
        if self._embedder is None:
            from app.core.knowledge.embeddings import minilm

            self._embedder = minilm()
        return self._embedder

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of `texts`, reusing the cache of texts seen before."""
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vecs = np.asarray(self.embedder.embed(missing), dtype=np.float32)
            with self._lock:
                for t, v in zip(missing, vecs, strict=True):
                    self._cache[t] = v
                    self._cache.move_to_end(t)
                while len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = [self._cache.get(t) for t in texts]
        present = [r for r in rows if r is not None]
        if len(present) < len(rows):  # evicted in between (very long sessions): embed again
            return np.asarray(self.embedder.embed(list(texts)), dtype=np.float32)
        return np.stack(present) if present else np.zeros((0, self._w_dense.shape[1]), dtype=np.float32)

    def score(self, texts: Sequence[str]) -> list[Scores]:
        """Act probabilities and rudeness for each text."""
        if not texts:
            return []
        dense = self._embed(texts)
        logits = dense @ self._w_dense.T + self._b
        rude = dense @ self._r_dense + self._r_b
        for i, text in enumerate(texts):
            idx, vals = sparse_row(text, self.config)
            if len(idx):
                logits[i] += self._w_sparse[:, idx] @ vals
                rude[i] += float(self._r_sparse[idx] @ vals)
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        rude_p = 1.0 / (1.0 + np.exp(-rude))
        return [Scores(self.labels, probs[i], float(rude_p[i])) for i in range(len(texts))]


_default: ActModel | None = None
_default_lock = threading.Lock()


def default_model() -> ActModel:
    """The shipped act model with the bundled embedder, loaded once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = ActModel()
        return _default


@cache
def model_meta(path: Path = MODEL_FILE) -> dict[str, object]:
    """The saved model's metadata (labels, corpus hash, training scores) without loading the weights."""
    with np.load(path, allow_pickle=False) as data:
        return dict(json.loads(str(data["meta"])))
