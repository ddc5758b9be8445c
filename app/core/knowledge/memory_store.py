"""An in-memory VectorStore: a dict and brute-force cosine, for logic tests and throwaway indexes."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from app.core.errors import KnowledgeError
from app.core.knowledge.vectors import Row, Where, matches

_incarnations = itertools.count(1)


class MemoryStore:
    """Passages kept in this process only; behaves like the Chroma store for everything the app uses."""

    def __init__(self, metadata: Mapping[str, Any] | None = None):
        self._rows: dict[str, Row] = {}
        self._metadata = dict(metadata or {})
        self._key = f"memory-{next(_incarnations)}"

    @property
    def key(self) -> str:
        """Changes whenever the store is recreated."""
        return self._key

    @property
    def metadata(self) -> dict[str, Any]:
        """The metadata given at creation (or the last recreate)."""
        return dict(self._metadata)

    def recreate(self, metadata: Mapping[str, Any]) -> None:
        """Forget every passage and record new metadata."""
        self._rows.clear()
        self._metadata = dict(metadata)
        self._key = f"memory-{next(_incarnations)}"

    def count(self) -> int:
        """How many passages are stored."""
        return len(self._rows)

    def upsert(self, rows: Sequence[Row]) -> None:
        """Insert or replace passages; every vector must have the store's dimension."""
        dims = {int(np.asarray(r.vector).shape[-1]) for r in rows if r.vector is not None}
        if any(r.vector is None for r in rows) or len(dims | self._dims()) > 1:
            raise KnowledgeError("Every passage needs a vector of the index's dimension.")
        for r in rows:
            self._rows[r.id] = Row(r.id, r.text, dict(r.meta), np.asarray(r.vector, dtype=np.float32))

    def _dims(self) -> set[int]:
        first = next(iter(self._rows.values()), None)
        return set() if first is None or first.vector is None else {int(first.vector.shape[-1])}

    def delete(self, *, ids: Sequence[str] | None = None, where: Where | None = None) -> None:
        """Remove passages by id or by filter."""
        doomed = (
            set(ids or ())
            if ids is not None
            else {r.id for r in self._rows.values() if matches(r.meta, where)}
        )
        for pid in doomed:
            self._rows.pop(pid, None)

    def get(
        self, ids: Sequence[str] | None = None, *, where: Where | None = None, vectors: bool = False
    ) -> list[Row]:
        """Passages by id and/or filter (copies, so callers cannot change the store)."""
        rows = (
            [self._rows[i] for i in dict.fromkeys(ids) if i in self._rows]
            if ids is not None
            else list(self._rows.values())
        )
        return [
            Row(r.id, r.text, dict(r.meta), r.vector if vectors else None)
            for r in rows
            if matches(r.meta, where)
        ]

    def query(self, vector: np.ndarray, n: int, *, where: Where | None = None) -> list[tuple[str, float]]:
        """The n nearest passages by cosine similarity (ties in insertion order)."""
        rows = [r for r in self._rows.values() if matches(r.meta, where)]
        if not rows or n <= 0:
            return []
        sims = np.stack([r.vector for r in rows if r.vector is not None]) @ np.asarray(
            vector, dtype=np.float32
        )
        order = np.argsort(-sims, kind="stable")[:n]
        return [(rows[i].id, float(sims[i])) for i in order]
