"""Fixtures for the rehearsal-partner tests: a real store, and a partner on it (the talk helper is in rp_talk.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def store(data_dir):
    """A real SQLite store in a fresh data dir."""
    from app.core.store import Store

    return Store(data_dir)


@pytest.fixture
def partner(store):
    """The offline (scripted) partner on the real store."""
    from app.core.roleplay import Partner

    return Partner(store)
