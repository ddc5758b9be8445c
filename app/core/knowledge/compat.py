"""An index must match the embedder and chunker that read it: otherwise it is rebuilt, not misread.

The store's metadata records the embedding model, its dimension and the chunker version. An index
built with anything else (another model: vectors of another length or meaning; another chunker:
passages cut differently) is emptied and rebuilt from the files, with a message, instead of
failing on a dimension mismatch later or ranking by vectors of another model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.knowledge.chunking import CHUNKER_VERSION
from app.core.knowledge.embeddings import Embedder
from app.core.knowledge.vectors import VectorStore


def expected_metadata(embedder: Embedder) -> dict[str, Any]:
    """What an index built with this embedder and the current chunker records."""
    return {
        "embedding_model": str(embedder.name),
        "embedding_dim": int(embedder.dim),
        "chunker": CHUNKER_VERSION,
    }


@dataclass
class Checked:
    """What was found: the old metadata and document rows when the index had to be emptied."""

    rebuilt_from: dict[str, Any] | None = None
    old_documents: list[dict[str, Any]] = field(default_factory=list)


def make_compatible(store: VectorStore, embedder: Embedder) -> Checked:
    """Leave a matching index alone; empty one built otherwise (remembering what it held)."""
    expected = expected_metadata(embedder)
    meta = store.metadata
    if all(meta.get(k) == v for k, v in expected.items()):
        return Checked()
    # A store just created has no metadata of ours yet: nothing was built, so nothing is announced.
    old = [dict(r.meta) for r in store.get(where={"position": 0})] if meta else []
    store.recreate(expected)
    return Checked(dict(meta), old) if meta else Checked()
