"""Fixtures for the knowledge tests: a tiny library of our own fixture articles and a fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb_fixtures import ARTICLE_COFFEE, ARTICLE_GARDEN, FakeEmbedder


@pytest.fixture
def fixture_library(tmp_path: Path) -> Path:
    """A library folder with two small articles of our own."""
    lib = tmp_path / "lib" / "articles"
    lib.mkdir(parents=True)
    (lib / "coffee-meeting.md").write_text(ARTICLE_COFFEE, encoding="utf-8")
    (lib / "vegetable-garden.md").write_text(ARTICLE_GARDEN, encoding="utf-8")
    return lib


@pytest.fixture
def kb(settings, fixture_library: Path):
    """A knowledge base on the fixture library with the real MiniLM embedder and embedded Chroma."""
    from app.core.knowledge.index import KnowledgeBase

    return KnowledgeBase(settings, library_dir=fixture_library)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    """A small fake embedder (16 dimensions)."""
    return FakeEmbedder(16)
