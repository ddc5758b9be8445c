"""Vectors shipped with the code, so that indexing the built-in library needs no embedding model.

knowledge/library-vectors.npz maps a key of (embedding model, exact text embedded) to its vector.
Indexing looks every passage up there first and embeds only the ones it does not find, so an
article added or edited since the file was made is still indexed correctly (just not for free).
scripts/build_library_vectors.py regenerates the file; tests/knowledge/test_kb_shipped.py fails
when it no longer covers the library exactly.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from app.core.knowledge.embeddings import Embedder

log = logging.getLogger(__name__)
SHIPPED_FILE = Path(__file__).resolve().parents[3] / "knowledge" / "library-vectors.npz"


def text_key(model: str, text: str) -> str:
    """The lookup key of one embedded text: the same text under another model is another key."""
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()[:32]


class ShippedVectors:
    """The shipped table, read on first lookup; a missing or unreadable file is an empty table."""

    def __init__(self, path: Path = SHIPPED_FILE):
        self.path = Path(path)
        self._table: dict[str, np.ndarray] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, np.ndarray]:
        with self._lock:
            if self._table is None:
                self._table = {}
                if self.path.is_file():
                    try:
                        with np.load(self.path, allow_pickle=False) as data:
                            self._table = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
                    except (OSError, ValueError, KeyError) as exc:  # a broken file only costs embedding time
                        log.warning("Ignoring the shipped library vectors %s (%s).", self.path, exc)
            return self._table

    def __len__(self) -> int:
        return len(self._load())

    def keys(self) -> set[str]:
        """Every key in the table."""
        return set(self._load())

    def lookup(self, model: str, texts: Sequence[str]) -> list[np.ndarray | None]:
        """The shipped vector of each text under this model, or None where there is none."""
        table = self._load()
        return [table.get(text_key(model, t)) for t in texts]


def save_vectors(path: Path, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
    """Write a table (sorted by key, so the same library always gives the same file)."""
    rows = sorted(
        zip((text_key(model, t) for t in texts), np.asarray(vectors, dtype=np.float32), strict=True),
        key=lambda r: r[0],
    )
    keys = np.array([k for k, _ in rows], dtype="U32")
    matrix = np.stack([v for _, v in rows]) if rows else np.zeros((0, 0), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, keys=keys, vectors=matrix)


def embed_texts(
    embedder: Embedder, texts: Sequence[str], shipped: ShippedVectors | None = None
) -> np.ndarray:
    """Vectors for texts: shipped ones where known, the embedder's for the rest (only those are embedded)."""
    dim = int(embedder.dim)
    found = shipped.lookup(str(embedder.name), texts) if shipped is not None else [None] * len(texts)
    out = np.zeros((len(texts), dim), dtype=np.float32)
    missing = []
    for i, vec in enumerate(found):
        if vec is not None and vec.shape[-1] == dim:
            out[i] = vec
        else:
            missing.append(i)
    if missing:
        out[missing] = embedder.embed([texts[i] for i in missing])
    return out
