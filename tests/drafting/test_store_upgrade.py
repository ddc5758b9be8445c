"""A database from before drafts had a contact key still opens, keeps its drafts, and gains the key."""

from __future__ import annotations

import json
import sqlite3
import time

from app.core.store import Store

OLD_DRAFTS = """CREATE TABLE drafts (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, contact TEXT NOT NULL DEFAULT '', channel TEXT NOT NULL DEFAULT '',
    goal TEXT NOT NULL DEFAULT '', inputs_json TEXT NOT NULL, result_json TEXT NOT NULL, send_by TEXT,
    status TEXT NOT NULL DEFAULT 'draft', nudges INTEGER NOT NULL DEFAULT 0, session_id TEXT, batch_id TEXT,
    created_at REAL NOT NULL, updated_at REAL NOT NULL)"""


def test_an_old_database_is_upgraded_in_place_without_losing_drafts(tmp_path):
    with sqlite3.connect(tmp_path / "coach.db") as db:
        db.execute(OLD_DRAFTS)
        db.execute(
            "INSERT INTO drafts (id, kind, contact, inputs_json, result_json, created_at, updated_at)"
            " VALUES ('d-old', 'followup', 'Sam Patel', ?, ?, ?, ?)",
            (
                json.dumps({"name": "Sam Patel"}),
                json.dumps({"contact": "Sam Patel"}),
                time.time(),
                time.time(),
            ),
        )
    store = Store(tmp_path)
    old = store.get_draft("d-old")
    assert old["contact"] == "Sam Patel" and old["contact_key"] is None
    first = store.save_draft("followup", {}, {}, contact="Ann", contact_key="ann||thank")
    again = store.save_draft("followup", {"v": 2}, {}, contact="Ann", contact_key="ann||thank")
    assert first == again and store.get_draft(first)["inputs"] == {"v": 2}
    assert len(store.list_drafts("followup")) == 2 and store.integrity_ok()
    Store(tmp_path)  # opening again is a no-op
    assert [d["id"] for d in store.find_drafts("followup", "ann||", prefix=True)] == [first]
