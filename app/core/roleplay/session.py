"""A rehearsal session as the UI and CLI see it, rebuilt from the store at any time."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.errors import InputError
from app.core.roleplay.memory import Memory, normalise_memory
from app.core.roleplay.personas import Persona, get_persona, persona_from_dict
from app.core.roleplay.scenarios import Scenario, get_scenario
from app.core.transcript import Turn

if TYPE_CHECKING:
    from app.core.records import SessionRecord, TurnRecord
    from app.core.store import Store


@dataclass
class RehearsalSession:
    """One saved rehearsal: the persona snapshot, scenario, turns so far and the compact memory."""

    id: str
    persona: Persona
    scenario: Scenario
    mode: str
    engine: str
    prompt_refs: list[str]
    memory: Memory
    turns: list[TurnRecord] = field(default_factory=list)
    status: str = "active"
    report: dict[str, Any] | None = None
    title: str = ""
    created_at: float = 0.0

    @property
    def pending(self) -> bool:
        """True when the last turn is the user's and still has no answer (e.g. the model failed)."""
        return bool(self.turns) and self.turns[-1]["speaker"] == "user"

    @property
    def user_turn_count(self) -> int:
        """How many times the user has spoken."""
        return sum(1 for t in self.turns if t["speaker"] == "user")

    def transcript(self) -> list[Turn]:
        """The turns as coach-review input."""
        return [Turn(t["speaker"], t["text"]) for t in self.turns]

    def to_transcript_dict(self) -> dict[str, Any]:
        """The `coach review` file format for this session."""
        return {
            "persona": self.persona.id,
            "scenario": self.scenario.id,
            "turns": [{"speaker": t["speaker"], "text": t["text"]} for t in self.turns],
        }


def session_from_record(record: SessionRecord, store: Store | None = None) -> RehearsalSession:
    """Rebuild a session from `Store.get_session` output (the persona comes from its saved snapshot)."""
    try:
        persona = persona_from_dict(
            record["persona"], where="Saved persona", origin=record["persona"].get("origin")
        )
    except (InputError, AttributeError):
        persona = get_persona(record["persona_id"], store)
    return RehearsalSession(
        id=record["id"],
        persona=persona,
        scenario=get_scenario(record["scenario_id"]),
        mode=record["mode"],
        engine=record["engine"],
        prompt_refs=list(record["prompt_refs"]),
        memory=normalise_memory(record["memory"]),
        turns=list(record["turns"]),
        status=record["status"],
        report=record["report"],
        title=record["title"],
        created_at=record["created_at"],
    )


def check_message(text: Any, max_chars: int) -> str:
    """The user's message, tidied; empty or over-long messages are one clear InputError."""
    if not isinstance(text, str):
        raise InputError("A message must be text.")
    # Lone surrogates (from broken clipboards or escapes) cannot be stored as UTF-8: replace them.
    clean = (
        unicodedata.normalize("NFC", text)
        .replace("\x00", "")
        .encode("utf-8", "replace")
        .decode("utf-8")
        .strip()
    )
    if not clean:
        raise InputError("Your message is empty - type something to say to your partner.")
    if len(clean) > max_chars:
        raise InputError(
            f"Your message is {len(clean):,} characters long; the limit is {max_chars:,}. "
            "Shorten it and send it again - nothing was sent and your conversation is unchanged."
        )
    return clean
