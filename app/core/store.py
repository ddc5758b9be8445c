"""SQLite persistence in the data dir (WAL mode): sessions and turns, drafts, profile, custom personas.

Every write is its own short transaction committed immediately, so a crash or a killed process loses
at most the operation in flight. Each call opens its own connection: Streamlit runs sessions on
several threads and sqlite3 connections must not be shared between them.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.core.errors import NotFoundError, StoreError
from app.core.records import DraftRecord, SessionRecord, draft_record, session_record

DB_NAME = "coach.db"

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    persona_id TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',          -- active | ended
    mode TEXT NOT NULL DEFAULT 'rehearsal',         -- rehearsal | demo | imported
    engine TEXT NOT NULL DEFAULT '',
    prompt_refs TEXT NOT NULL DEFAULT '[]',
    persona_json TEXT NOT NULL DEFAULT '{}',        -- the card as used, so edits later don't rewrite history
    memory_json TEXT NOT NULL DEFAULT '{}',
    report_json TEXT,
    score REAL,
    hints_json TEXT NOT NULL DEFAULT '{}',          -- live hints: {"on": bool, "shown": [{turn, check, text}]}
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT NOT NULL,                          -- user | partner
    text TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',                -- user | model | scripted | fallback
    meta_json TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL,
    PRIMARY KEY (session_id, idx)
);
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                             -- followup | referkit
    contact TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    goal TEXT NOT NULL DEFAULT '',
    inputs_json TEXT NOT NULL,
    result_json TEXT NOT NULL,
    send_by TEXT,                                   -- ISO date
    status TEXT NOT NULL DEFAULT 'draft',           -- draft | sent | done
    nudges INTEGER NOT NULL DEFAULT 0,
    session_id TEXT,
    batch_id TEXT,
    contact_key TEXT,                               -- who and what for: Draft again updates, never duplicates
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data_json TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS personas (
    id TEXT PRIMARY KEY,
    data_json TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_send_by ON drafts(send_by);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated_at);
"""
# Columns added after the first release: (table, column, definition). Older databases get them on open.
MIGRATIONS = (("sessions", "hints_json", "TEXT NOT NULL DEFAULT '{}'"), ("drafts", "contact_key", "TEXT"))
# Indexes on migrated columns: created once the columns exist.
POST_MIGRATION = "CREATE INDEX IF NOT EXISTS drafts_contact_key ON drafts(kind, contact_key);"


def new_id(prefix: str) -> str:
    """A short unique id such as 's-3f2a9c1b7d'."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class Store:
    """The product's database: one file under the data dir."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            with self.connect() as db:
                db.executescript(SCHEMA)
                _migrate(db)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Could not open the database in {self.data_dir}: {exc}") from None

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in WAL mode whose transaction commits on success and rolls back on error."""
        db = sqlite3.connect(self.path, timeout=30.0)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # NORMAL under WAL survives application crashes (SIGKILL); only power loss can drop the tail.
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
            with db:
                yield db
        except sqlite3.Error as exc:
            raise StoreError(f"Database error: {exc}") from None
        finally:
            db.close()

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check passes."""
        with self.connect() as db:
            row = db.execute("PRAGMA integrity_check").fetchone()
        return row is not None and row[0] == "ok"

    # -- rehearsal sessions ----------------------------------------------------------------------
    def create_session(
        self,
        persona_id: str,
        scenario_id: str,
        *,
        persona: dict[str, Any],
        engine: str,
        prompt_refs: list[str],
        title: str = "",
        mode: str = "rehearsal",
    ) -> str:
        """Create a session and return its id."""
        sid = new_id("s")
        now = time.time()
        with self.connect() as db:
            db.execute(
                "INSERT INTO sessions (id, persona_id, scenario_id, title, mode, engine, prompt_refs, persona_json,"
                " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    sid,
                    persona_id,
                    scenario_id,
                    title,
                    mode,
                    engine,
                    json.dumps(prompt_refs),
                    json.dumps(persona),
                    now,
                    now,
                ),
            )
        return sid

    def add_turn(
        self,
        session_id: str,
        speaker: str,
        text: str,
        *,
        origin: str = "",
        meta: dict[str, Any] | None = None,
    ) -> int:
        """Append a turn (committed at once) and return its index."""
        now = time.time()
        with self.connect() as db:
            db.execute(
                "BEGIN IMMEDIATE"
            )  # take the write lock first: concurrent writers must not share an idx
            if db.execute("SELECT 1 FROM sessions WHERE id=?", (session_id,)).fetchone() is None:
                raise NotFoundError(f"No rehearsal session with id {session_id!r}.")
            idx = int(
                db.execute(
                    "SELECT COALESCE(MAX(idx), -1) + 1 FROM turns WHERE session_id=?", (session_id,)
                ).fetchone()[0]
            )
            db.execute(
                "INSERT INTO turns (session_id, idx, speaker, text, origin, meta_json, created_at) VALUES (?,?,?,?,?,?,?)",
                (session_id, idx, speaker, text, origin, json.dumps(meta or {}), now),
            )
            db.execute("UPDATE sessions SET updated_at=? WHERE id=?", (now, session_id))
        return idx

    def update_session(self, session_id: str, **fields: Any) -> None:
        """Update columns of a session (memory, report, score, status, engine, prompt_refs, title)."""
        allowed = {"memory", "report", "score", "status", "engine", "prompt_refs", "title"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot update {bad}")
        cols, vals = [], []
        for k, v in fields.items():
            col = {"memory": "memory_json", "report": "report_json"}.get(k, k)
            cols.append(f"{col}=?")
            vals.append(json.dumps(v) if k in ("memory", "report", "prompt_refs") else v)
        cols.append("updated_at=?")
        vals.append(time.time())
        with self.connect() as db:
            cur = db.execute(f"UPDATE sessions SET {', '.join(cols)} WHERE id=?", (*vals, session_id))
            if cur.rowcount == 0:
                raise NotFoundError(f"No rehearsal session with id {session_id!r}.")

    def set_session_hints(self, session_id: str, hints: dict[str, Any]) -> None:
        """Save a session's live-hint state (switch and hints shown) without making it the latest session."""
        with self.connect() as db:
            cur = db.execute("UPDATE sessions SET hints_json=? WHERE id=?", (json.dumps(hints), session_id))
            if cur.rowcount == 0:
                raise NotFoundError(f"No rehearsal session with id {session_id!r}.")

    def get_session(self, session_id: str) -> SessionRecord:
        """The session with its turns, decoded; NotFoundError for an unknown id."""
        with self.connect() as db:
            row = db.execute("SELECT * FROM sessions WHERE id=?", (session_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"No rehearsal session with id {session_id!r}.")
            turns = db.execute(
                "SELECT * FROM turns WHERE session_id=? ORDER BY idx", (session_id,)
            ).fetchall()
        return session_record(row, turns)

    def list_sessions(self, limit: int = 200) -> list[SessionRecord]:
        """Sessions, newest first, without turns but with counts: all turns and the user's own messages."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id=s.id) AS n_turns,"
                " (SELECT COUNT(*) FROM turns t WHERE t.session_id=s.id AND t.speaker='user') AS n_user"
                " FROM sessions s ORDER BY updated_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [session_record(r, []) for r in rows]  # the counts come with each row

    def delete_session(self, session_id: str) -> None:
        """Delete a session and its turns."""
        with self.connect() as db:
            db.execute("DELETE FROM turns WHERE session_id=?", (session_id,))
            db.execute("DELETE FROM sessions WHERE id=?", (session_id,))

    # -- drafts ----------------------------------------------------------------------------------
    def save_draft(
        self,
        kind: str,
        inputs: dict[str, Any],
        result: dict[str, Any],
        *,
        contact: str = "",
        channel: str = "",
        goal: str = "",
        send_by: str | None = None,
        session_id: str | None = None,
        batch_id: str | None = None,
        draft_id: str | None = None,
        contact_key: str | None = None,
    ) -> str:
        """Insert a draft (or replace it when `draft_id` is given) and return its id.

        With `contact_key` and no `draft_id`, an unsent draft with the same key is replaced instead of a copy
        being added (the check and the write are one transaction, so two writers cannot both insert)."""
        now = time.time()
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            did = draft_id
            if did is None and contact_key:
                row = db.execute(
                    "SELECT id FROM drafts WHERE kind=? AND contact_key=? AND status='draft'"
                    " ORDER BY updated_at DESC LIMIT 1",
                    (kind, contact_key),
                ).fetchone()
                did = row["id"] if row else None
            did = did or new_id("d")
            old = db.execute("SELECT created_at, status, nudges FROM drafts WHERE id=?", (did,)).fetchone()
            created, status, nudges = (
                (old["created_at"], old["status"], old["nudges"]) if old else (now, "draft", 0)
            )
            db.execute(
                "INSERT OR REPLACE INTO drafts (id, kind, contact, channel, goal, inputs_json, result_json, send_by,"
                " status, nudges, session_id, batch_id, contact_key, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    did,
                    kind,
                    contact,
                    channel,
                    goal,
                    json.dumps(inputs),
                    json.dumps(result),
                    send_by,
                    status,
                    nudges,
                    session_id,
                    batch_id,
                    contact_key,
                    created,
                    now,
                ),
            )
        return did

    def find_drafts(self, kind: str, contact_key: str, *, prefix: bool = False) -> list[DraftRecord]:
        """Drafts of one kind saved under `contact_key` (or any key starting with it), newest first."""
        if prefix:
            escaped = contact_key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            sql, arg = "contact_key LIKE ? ESCAPE '\\'", escaped + "%"
        else:
            sql, arg = "contact_key=?", contact_key
        with self.connect() as db:
            rows = db.execute(
                f"SELECT * FROM drafts WHERE kind=? AND {sql} ORDER BY updated_at DESC", (kind, arg)
            ).fetchall()
        return [draft_record(r) for r in rows]

    def update_draft(self, draft_id: str, **fields: Any) -> None:
        """Change a draft's result, status, nudges or send_by."""
        allowed = {"result", "status", "nudges", "send_by"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot update {bad}")
        cols = [f"{'result_json' if k == 'result' else k}=?" for k in fields] + ["updated_at=?"]
        vals = [json.dumps(v) if k == "result" else v for k, v in fields.items()] + [time.time()]
        with self.connect() as db:
            cur = db.execute(f"UPDATE drafts SET {', '.join(cols)} WHERE id=?", (*vals, draft_id))
            if cur.rowcount == 0:
                raise NotFoundError(f"No draft with id {draft_id!r}.")

    def get_draft(self, draft_id: str) -> DraftRecord:
        """One draft, decoded; NotFoundError for an unknown id."""
        with self.connect() as db:
            row = db.execute("SELECT * FROM drafts WHERE id=?", (draft_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No draft with id {draft_id!r}.")
        return draft_record(row)

    def list_drafts(self, kind: str | None = None, limit: int = 500) -> list[DraftRecord]:
        """Drafts, newest first."""
        sql, args = "SELECT * FROM drafts", list[str | int]()
        if kind:
            sql += " WHERE kind=?"
            args.append(kind)
        sql += " ORDER BY updated_at DESC LIMIT ?"
        args.append(limit)
        with self.connect() as db:
            return [draft_record(r) for r in db.execute(sql, args).fetchall()]

    def due_drafts(self, until: str) -> list[DraftRecord]:
        """Follow-ups not yet sent whose send-by date (ISO) is on or before `until`, soonest first."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT * FROM drafts WHERE kind='followup' AND status='draft' AND send_by IS NOT NULL"
                " AND send_by != '' AND substr(send_by, 1, 10) <= ? ORDER BY send_by, updated_at DESC",
                (until[:10],),
            ).fetchall()
        return [draft_record(r) for r in rows]

    def delete_draft(self, draft_id: str) -> None:
        """Delete one draft."""
        with self.connect() as db:
            db.execute("DELETE FROM drafts WHERE id=?", (draft_id,))

    # -- profile ---------------------------------------------------------------------------------
    def get_profile(self) -> dict[str, Any] | None:
        """The saved profile, or None when there is none yet."""
        with self.connect() as db:
            row = db.execute("SELECT data_json FROM profile WHERE id=1").fetchone()
        return json.loads(row["data_json"]) if row else None

    def save_profile(self, data: dict[str, Any]) -> None:
        """Replace the saved profile."""
        with self.connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO profile (id, data_json, updated_at) VALUES (1, ?, ?)",
                (json.dumps(data), time.time()),
            )

    # -- custom personas -------------------------------------------------------------------------
    def save_persona(self, persona_id: str, data: dict[str, Any]) -> None:
        """Insert or replace a user-made persona."""
        now = time.time()
        with self.connect() as db:
            old = db.execute("SELECT created_at FROM personas WHERE id=?", (persona_id,)).fetchone()
            db.execute(
                "INSERT OR REPLACE INTO personas (id, data_json, created_at, updated_at) VALUES (?,?,?,?)",
                (persona_id, json.dumps(data), old["created_at"] if old else now, now),
            )

    def list_personas(self) -> list[dict[str, Any]]:
        """User-made personas, oldest first."""
        with self.connect() as db:
            return [
                json.loads(r["data_json"])
                for r in db.execute("SELECT data_json FROM personas ORDER BY created_at")
            ]

    def delete_persona(self, persona_id: str) -> None:
        """Delete a user-made persona (NotFoundError if there is none)."""
        with self.connect() as db:
            if db.execute("DELETE FROM personas WHERE id=?", (persona_id,)).rowcount == 0:
                raise NotFoundError(f"No custom persona with id {persona_id!r}.")


def _migrate(db: sqlite3.Connection) -> None:
    """Add columns that databases made by earlier versions lack (nothing is rewritten or lost)."""
    for table, column, definition in MIGRATIONS:
        have = {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            try:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
            except sqlite3.OperationalError as exc:  # another process added it a moment ago
                if "duplicate column" not in str(exc):
                    raise
    db.executescript(POST_MIGRATION)
