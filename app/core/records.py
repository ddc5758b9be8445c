"""What the store returns: one typed record per saved session, turn and draft.

Records are TypedDicts checked by pydantic when a row is read (`SESSION.validate_python(...)`): mypy knows
every key and its type, and the UI, CLI and tests keep reading them as the dicts they always were. The
JSON columns stay plain data here; their owners parse them (`Persona`, `Memory`, `FollowupRequest`,
`ReferKit`), because a session or draft saved by an older version must still open.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Literal, NotRequired

from pydantic import TypeAdapter

# pydantic validates TypedDicts from typing_extensions only, on Python before 3.12.
from typing_extensions import TypedDict


class TurnRecord(TypedDict):
    """One line of a rehearsal."""

    idx: int
    speaker: str  # user | partner
    text: str
    origin: str  # user | model | scripted | fallback
    meta: dict[str, Any]  # what the partner understood and planned (JSON, varies by origin)
    created_at: float


class SessionRecord(TypedDict):
    """A rehearsal as saved: the persona and memory snapshots, report and turns."""

    id: str
    persona_id: str
    scenario_id: str
    title: str
    status: str  # active | ended
    mode: str  # rehearsal | demo | imported
    engine: str
    prompt_refs: list[str]
    persona: dict[str, Any]  # the card as used (Persona.to_dict())
    memory: dict[str, Any]  # Memory's JSON form
    report: dict[str, Any] | None  # Report.to_dict(), once ended
    score: float | None
    hints: dict[str, Any]  # {"on": bool, "shown": [{turn, check, text}]}
    created_at: float
    updated_at: float
    turns: list[TurnRecord]  # empty in list_sessions
    n_turns: NotRequired[int]  # list_sessions only: all turns
    n_user: NotRequired[int]  # list_sessions only: the user's own messages


class DraftRecord(TypedDict):
    """A saved follow-up or refer-me kit with the inputs it was made from."""

    id: str
    kind: Literal["followup", "referkit"]
    contact: str
    channel: str
    goal: str
    inputs: dict[str, Any]  # FollowupRequest.to_dict() (+ profile_sha), or {"profile": ...} for a kit
    result: dict[str, Any]  # FollowupResult.to_dict() or ReferKit.to_dict()
    send_by: str | None  # ISO date
    status: str  # draft | sent | done
    nudges: int
    session_id: str | None
    batch_id: str | None
    contact_key: str | None
    created_at: float
    updated_at: float


SESSION: TypeAdapter[SessionRecord] = TypeAdapter(SessionRecord)
DRAFT: TypeAdapter[DraftRecord] = TypeAdapter(DraftRecord)


def session_record(row: sqlite3.Row, turns: list[sqlite3.Row]) -> SessionRecord:
    """A sessions row and its turns rows, decoded and checked."""
    extra = {k: row[k] for k in ("n_turns", "n_user") if k in row.keys()}
    return SESSION.validate_python(
        {
            "id": row["id"],
            "persona_id": row["persona_id"],
            "scenario_id": row["scenario_id"],
            "title": row["title"],
            "status": row["status"],
            "mode": row["mode"],
            "engine": row["engine"],
            "prompt_refs": json.loads(row["prompt_refs"]),
            "persona": json.loads(row["persona_json"]),
            "memory": json.loads(row["memory_json"]),
            "report": json.loads(row["report_json"]) if row["report_json"] else None,
            "score": row["score"],
            "hints": json.loads(row["hints_json"] or "{}"),
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "turns": [
                {
                    "idx": t["idx"],
                    "speaker": t["speaker"],
                    "text": t["text"],
                    "origin": t["origin"],
                    "meta": json.loads(t["meta_json"]),
                    "created_at": t["created_at"],
                }
                for t in turns
            ],
            **extra,
        }
    )


def draft_record(row: sqlite3.Row) -> DraftRecord:
    """A drafts row, decoded and checked."""
    return DRAFT.validate_python(
        {
            "id": row["id"],
            "kind": row["kind"],
            "contact": row["contact"],
            "channel": row["channel"],
            "goal": row["goal"],
            "inputs": json.loads(row["inputs_json"]),
            "result": json.loads(row["result_json"]),
            "send_by": row["send_by"],
            "status": row["status"],
            "nudges": row["nudges"],
            "session_id": row["session_id"],
            "batch_id": row["batch_id"],
            "contact_key": row["contact_key"] if "contact_key" in row.keys() else None,
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
    )
