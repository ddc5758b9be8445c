"""Fixtures for the reliability suites: data dirs that already hold the indexed built-in library."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_kit import seed_index

from app.core.config import Settings


@pytest.fixture
def seeded_dir(tmp_path: Path, library_kb) -> Path:
    """A fresh data dir with a copy of the built-in library's index (built once per test run)."""
    return seed_index(Path(library_kb.settings.data_dir), tmp_path / "data")


@pytest.fixture
def seeded_settings(seeded_dir: Path) -> Settings:
    """Offline settings on the seeded data dir."""
    from app.core.config import load_settings

    return load_settings(cli={"data_dir": str(seeded_dir)}, env={}, secrets={}, saved={})
