"""The vector-store seam: what the knowledge code needs from a store of passages and their vectors.

Two implementations: `chroma.ChromaStore` (embedded or a Chroma server; every Chroma exception is
turned into a KnowledgeError there and nowhere else) and `memory_store.MemoryStore` (a dict, for
logic tests). Filters are plain `{field: value}` or `{field: [values]}` mappings, all of which must
hold; each store translates them into its own query language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

Where = Mapping[str, Any]  # {"origin": "user"}, {"source": ["a.md", "b.md"]}, {"position": 0}


@dataclass(frozen=True)
class Row:
    """One stored passage: id, text, metadata and (when asked for) its unit vector."""

    id: str
    text: str
    meta: Mapping[str, Any]
    vector: np.ndarray | None = None


class VectorStore(Protocol):
    """A collection of passages with unit vectors, searchable by cosine similarity."""

    @property
    def key(self) -> str:
        """Identifies this incarnation of the collection: it changes when the collection is recreated."""
        ...

    @property
    def metadata(self) -> dict[str, Any]:
        """What the collection was built with (embedding model, dimension, chunker version)."""
        ...

    def recreate(self, metadata: Mapping[str, Any]) -> None:
        """Drop every passage and start again, recording `metadata`."""
        ...

    def count(self) -> int:
        """How many passages are stored."""
        ...

    def upsert(self, rows: Sequence[Row]) -> None:
        """Insert or replace passages (each row must carry its vector)."""
        ...

    def delete(self, *, ids: Sequence[str] | None = None, where: Where | None = None) -> None:
        """Remove the passages with these ids, or those matching `where`."""
        ...

    def get(
        self, ids: Sequence[str] | None = None, *, where: Where | None = None, vectors: bool = False
    ) -> list[Row]:
        """Passages by id (those that exist, in no particular order) and/or filter; all when neither is given."""
        ...

    def query(self, vector: np.ndarray, n: int, *, where: Where | None = None) -> list[tuple[str, float]]:
        """Up to n (id, cosine similarity) pairs nearest to a unit vector, best first."""
        ...


def where_values(where: Where | None) -> dict[str, frozenset[str]]:
    """Each filtered field and the values it may take, compared as strings."""
    out = {}
    for key, value in (where or {}).items():
        values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        out[key] = frozenset(str(v) for v in values)
    return out


def matches(meta: Mapping[str, Any], where: Where | None) -> bool:
    """Whether a passage's metadata passes a filter (every field takes one of its values)."""
    return all(str(meta.get(key)) in values for key, values in where_values(where).items())
