"""Search helpers: metadata filters for Chroma and collapsing near-duplicate passages."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from app.core.errors import InputError
from app.core.knowledge.types import Passage

FILTER_KEYS = ("origin", "source", "title", "kind")
NEAR_DUPLICATE_COSINE = 0.95
NEAR_DUPLICATE_OVERLAP = 0.8  # share of word 5-grams of the shorter passage found in the other
_SHINGLE = 5


def build_where(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Turn {"origin": "library"} / {"source": [a, b]} into a Chroma `where` clause."""
    if not filters:
        return None
    clauses = []
    for key, value in filters.items():
        if key not in FILTER_KEYS:
            raise InputError(f"Unknown search filter {key!r}: use one of {', '.join(FILTER_KEYS)}.")
        if isinstance(value, (list, tuple, set)):
            values = [str(v) for v in value]
            if not values:
                raise InputError(f"The search filter {key!r} lists no values.")
            clauses.append({key: {"$in": values}})
        else:
            clauses.append({key: str(value)})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def passage_from(pid: str, text: str, meta: Mapping[str, Any], score: float) -> Passage:
    """A Passage from one Chroma row."""
    return Passage(
        id=pid,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        heading=str(meta.get("heading", "")),
        text=text or "",
        score=round(float(score), 4),
        position=int(meta.get("position", 0)),
    )


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _overlap(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def collapse(candidates: Sequence[tuple[Passage, np.ndarray | None]], k: int) -> list[Passage]:
    """Keep the best-ranked passages, dropping any that nearly repeats one already kept."""
    kept: list[tuple[Passage, np.ndarray | None, set[tuple[str, ...]]]] = []
    for passage, vec in candidates:
        grams = _shingles(passage.text)
        duplicate = False
        for _, kvec, kgrams in kept:
            if vec is not None and kvec is not None and float(np.dot(vec, kvec)) > NEAR_DUPLICATE_COSINE:
                duplicate = True
            elif _overlap(grams, kgrams) > NEAR_DUPLICATE_OVERLAP:
                duplicate = True
            if duplicate:
                break
        if not duplicate:
            kept.append((passage, vec, grams))
            if len(kept) >= k:
                break
    return [p for p, _, _ in kept]
