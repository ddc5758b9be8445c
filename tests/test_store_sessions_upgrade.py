"""A database made before issue 14 (no hints column) opens, keeps everything and gains the new column."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from app.core.store import DB_NAME, Store

OLD_SESSIONS = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY, persona_id TEXT NOT NULL, scenario_id TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active', mode TEXT NOT NULL DEFAULT 'rehearsal', engine TEXT NOT NULL DEFAULT '',
    prompt_refs TEXT NOT NULL DEFAULT '[]', persona_json TEXT NOT NULL DEFAULT '{}',
    memory_json TEXT NOT NULL DEFAULT '{}', report_json TEXT, score REAL,
    created_at REAL NOT NULL, updated_at REAL NOT NULL);
"""


def test_an_old_database_is_upgraded_in_place_and_loses_nothing(data_dir: Path):
    with sqlite3.connect(data_dir / DB_NAME) as db:
        db.executescript(OLD_SESSIONS)
        db.execute(
            "INSERT INTO sessions (id, persona_id, scenario_id, persona_json, score, created_at, updated_at)"
            " VALUES ('s-old', 'warm-connector', 'first-121', ?, 55, ?, ?)",
            (json.dumps({"name": "Maya Brennan"}), time.time(), time.time()),
        )
    store = Store(data_dir)
    old = store.get_session("s-old")
    assert old["persona"]["name"] == "Maya Brennan" and old["score"] == 55 and old["hints"] == {}
    before = old["updated_at"]
    store.set_session_hints("s-old", {"on": True, "shown": []})
    again = store.get_session("s-old")
    assert again["hints"] == {"on": True, "shown": []}
    assert again["updated_at"] == before, "saving hints must not make a session the latest one"
    assert Store(data_dir).integrity_ok()  # opening it again is a no-op


def test_list_sessions_counts_the_users_messages(data_dir: Path):
    store = Store(data_dir)
    sid = store.create_session("p", "first-121", persona={}, engine="offline", prompt_refs=[])
    for speaker in ("partner", "user", "partner", "user", "partner"):
        store.add_turn(sid, speaker, "hi")
    row = store.list_sessions()[0]
    assert row["n_turns"] == 5 and row["n_user"] == 2
