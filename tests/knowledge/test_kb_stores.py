"""One contract, two stores: MemoryStore (the fake the logic tests use) behaves like ChromaStore."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from app.core.errors import KnowledgeError
from app.core.knowledge.hash_embedder import HashEmbedder
from app.core.knowledge.memory_store import MemoryStore
from app.core.knowledge.vectors import Row, VectorStore

DIM = 4


def _vec(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _memory(tmp_path: Path) -> VectorStore:
    return MemoryStore({"embedding_model": "hash-4"})


def _chroma(tmp_path: Path) -> VectorStore:
    from app.core.config import load_settings
    from app.core.knowledge.chroma import ChromaStore

    settings = load_settings(cli={"data_dir": str(tmp_path / "data")}, env={}, secrets={}, saved={})
    return ChromaStore.open(settings, HashEmbedder(DIM, name="hash-4"), {"embedding_model": "hash-4"})


STORES = [pytest.param(_memory, id="memory"), pytest.param(_chroma, id="chroma", marks=pytest.mark.chroma)]
ROWS = [
    Row("a#0", "alpha", {"source": "a.md", "position": 0, "origin": "library"}, _vec(1, 0, 0, 0)),
    Row("a#1", "alpha two", {"source": "a.md", "position": 1, "origin": "library"}, _vec(1, 1, 0, 0)),
    Row("b#0", "beta", {"source": "b.md", "position": 0, "origin": "user"}, _vec(0, 0, 1, 0)),
]


@pytest.mark.parametrize("make", STORES)
def test_the_store_contract(make: Callable[[Path], VectorStore], tmp_path: Path) -> None:
    store = make(tmp_path)
    assert store.count() == 0 and store.metadata == {"embedding_model": "hash-4"}
    assert store.query(_vec(1, 0, 0, 0), 3) == []
    store.upsert(ROWS)
    assert store.count() == 3

    # Nearest first, as cosine similarity; filters bind the query.
    hits = store.query(_vec(1, 0, 0, 0), 3)
    assert [pid for pid, _ in hits] == ["a#0", "a#1", "b#0"]
    assert [round(s, 3) for _, s in hits] == [1.0, 0.707, 0.0]
    assert [pid for pid, _ in store.query(_vec(1, 0, 0, 0), 3, where={"origin": "user"})] == ["b#0"]
    assert [pid for pid, _ in store.query(_vec(1, 0, 0, 0), 1)] == ["a#0"]

    # get: by id (missing ids ignored), by filter (value lists, several fields), vectors only on request.
    got = {r.id: r for r in store.get(["b#0", "nope", "a#0"])}
    assert set(got) == {"a#0", "b#0"} and got["b#0"].text == "beta" and got["a#0"].vector is None
    assert got["b#0"].meta["source"] == "b.md" and got["b#0"].meta["position"] == 0
    assert {r.id for r in store.get(where={"position": 0})} == {"a#0", "b#0"}
    assert {r.id for r in store.get(where={"source": ["b.md", "c.md"], "origin": "user"})} == {"b#0"}
    vec = store.get(["a#1"], vectors=True)[0].vector
    assert vec is not None and np.allclose(vec, _vec(1, 1, 0, 0), atol=1e-6)

    # upsert replaces; delete by id and by filter.
    store.upsert(
        [Row("a#1", "alpha again", {"source": "a.md", "position": 1, "origin": "library"}, _vec(0, 1, 0, 0))]
    )
    assert store.get(["a#1"])[0].text == "alpha again" and store.count() == 3
    store.delete(ids=["b#0"])
    assert {r.id for r in store.get()} == {"a#0", "a#1"}
    store.delete(where={"source": "a.md"})
    assert store.count() == 0

    # recreate: empty, new metadata, a new key (caches keyed on it know the index was rebuilt).
    store.upsert(ROWS)
    key = store.key
    store.recreate({"embedding_model": "other"})
    assert store.count() == 0 and store.metadata == {"embedding_model": "other"} and store.key != key


def test_memory_store_refuses_vectors_of_another_dimension() -> None:
    store = MemoryStore()
    store.upsert(ROWS[:1])
    with pytest.raises(KnowledgeError, match="dimension"):
        store.upsert([Row("x#0", "x", {}, np.ones(3, dtype=np.float32))])
    with pytest.raises(KnowledgeError):
        store.upsert([Row("y#0", "y", {}, None)])


@pytest.mark.chroma
def test_chroma_failures_become_one_knowledge_error(tmp_path: Path) -> None:
    store = _chroma(tmp_path)
    store.upsert(ROWS)
    with pytest.raises(KnowledgeError, match=r"^Could not search the knowledge index \("):
        store.query(np.ones(DIM + 3, dtype=np.float32), 2)  # a vector of the wrong length
    with pytest.raises(KnowledgeError, match=r"^Could not write to the knowledge index \("):
        store.upsert([Row("x#0", "x", {"source": "x.md"}, np.ones(DIM + 3, dtype=np.float32))])
