"""Fixtures for the knowledge tests: a tiny library of our own articles, and knowledge bases on the
fakes (HashEmbedder + MemoryStore, for logic) or on the real MiniLM and embedded Chroma (marked tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb_fixtures import ARTICLE_COFFEE, ARTICLE_GARDEN

from app.core.knowledge.hash_embedder import HashEmbedder
from app.core.knowledge.index import KnowledgeBase
from app.core.knowledge.memory_store import MemoryStore


@pytest.fixture
def fixture_library(tmp_path: Path) -> Path:
    """A library folder with two small articles of our own."""
    lib = tmp_path / "lib" / "articles"
    lib.mkdir(parents=True)
    (lib / "coffee-meeting.md").write_text(ARTICLE_COFFEE, encoding="utf-8")
    (lib / "vegetable-garden.md").write_text(ARTICLE_GARDEN, encoding="utf-8")
    return lib


@pytest.fixture
def embedder() -> HashEmbedder:
    """The deterministic fake embedder (counts what it embeds)."""
    return HashEmbedder()


@pytest.fixture
def store() -> MemoryStore:
    """An empty in-memory vector store."""
    return MemoryStore()


@pytest.fixture
def kb(settings, fixture_library: Path, embedder: HashEmbedder, store: MemoryStore) -> KnowledgeBase:
    """A knowledge base on the fixture library with the fakes: no model, no Chroma."""
    return KnowledgeBase(settings, embedder, library_dir=fixture_library, store=store)


@pytest.fixture
def real_kb(settings, fixture_library: Path) -> KnowledgeBase:
    """A knowledge base on the fixture library with the real MiniLM and embedded Chroma (mark the test)."""
    return KnowledgeBase(settings, library_dir=fixture_library)
