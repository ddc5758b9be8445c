"""Fixtures for the UI tests (helpers live in helpers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.config import Settings
from app.core.services import Services


@pytest.fixture
def services(settings: Settings) -> Services:
    """Offline services on the test's own data dir."""
    return Services(settings)


LIBRARY = Path(__file__).resolve().parents[2] / "knowledge" / "articles"
SMALL_LIBRARY = ("asking-for-a-1-2-1.md", "giving-first.md")


@pytest.fixture
def kb_services(settings: Settings, tmp_path: Path) -> Services:
    """Offline services whose knowledge base holds a two-article library (quick to index)."""
    from app.core.knowledge.index import KnowledgeBase

    lib = tmp_path / "lib" / "knowledge" / "articles"
    lib.mkdir(parents=True)
    for name in SMALL_LIBRARY:
        shutil.copy(LIBRARY / name, lib / name)
    svc = Services(settings)
    svc.__dict__["knowledge"] = KnowledgeBase(settings, library_dir=lib)
    return svc


@pytest.fixture
def library_services(settings: Settings) -> Services:
    """Offline services over the whole built-in library, as users have it (the relevance floor was
    calibrated on it: its lexical evidence depends on the collection, so a two-article index is too thin)."""
    return Services(settings)
