"""A helper the rehearsal-partner tests share. It lives in its own uniquely named module, not in
conftest.py: with several test folders collected in one process, `from conftest import ...` can
resolve to another folder's conftest."""

from __future__ import annotations


def talk(partner, session, lines):
    """Send each line and return the partner turns produced."""
    return [partner.reply(session, line) for line in lines]
