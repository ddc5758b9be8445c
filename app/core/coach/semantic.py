"""Semantic matching of sentences against each check's example phrasings with the embedding model."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock

import numpy as np

from app.core.coach.phrasings import NEAR_MISS, POSITIVE
from app.core.knowledge.embeddings import minilm

_CACHE_SIZE = 4096
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_lock = Lock()


@dataclass(frozen=True)
class Match:
    """How close one sentence is to a check: best positive, best near miss, and the margin between."""

    positive: float
    near_miss: float

    @property
    def margin(self) -> float:
        """Positive minus near-miss similarity: > 0 means closer to the real thing than to a look-alike."""
        return self.positive - self.near_miss

    def hit(self, threshold: float, margin: float = 0.0) -> bool:
        """Close enough to the examples, and closer to them than to any near miss."""
        return self.positive >= threshold and self.margin > margin


@lru_cache(maxsize=1)
def _banks() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Embed every example phrasing once per process."""
    model = minilm()
    return {
        check: (model.embed(list(POSITIVE[check])), model.embed(list(NEAR_MISS.get(check, ())) or [" "]))
        for check in POSITIVE
    }


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed texts, reusing vectors of sentences seen before (live hints re-read the whole session)."""
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        vecs = minilm().embed(missing)
        with _lock:
            for t, v in zip(missing, vecs, strict=True):
                _cache[t] = v
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    with _lock:
        rows = [_cache.get(t) for t in texts]
    # A sentence evicted between the two steps (very long sessions) is simply embedded again.
    if any(r is None for r in rows):
        return minilm().embed(list(texts))
    return np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)


def match(texts: Sequence[str]) -> dict[str, list[Match]]:
    """For each check, a Match per text (in order)."""
    if not texts:
        return {check: [] for check in POSITIVE}
    vecs = embed(texts)
    out: dict[str, list[Match]] = {}
    for check, (pos, neg) in _banks().items():
        p = (vecs @ pos.T).max(axis=1)
        n = (vecs @ neg.T).max(axis=1)
        out[check] = [Match(float(a), float(b)) for a, b in zip(p, n, strict=True)]
    return out
