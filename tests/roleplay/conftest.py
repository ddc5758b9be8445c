"""Fixtures for the rehearsal-partner tests: a real store, a partner on it, and helpers to talk."""

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


def talk(partner, session, lines):
    """Send each line and return the partner turns produced."""
    return [partner.reply(session, line) for line in lines]
