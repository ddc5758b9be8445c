"""What the partner remembers of a rehearsal, bounded by the number of topics (never by its length).

`facts` holds the card text of every topic the partner has shared (the drafting hand-off reads it with
`next_step`); `depth` how many of a topic's lines were said; `heard` what the user said about their own
business, verbatim (recall questions are answered from it, and the partner never re-asks it); `offers`
what the user offered; `agreed` the next steps confirmed; `moments` the moves seen (selling, offers...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from app.core.roleplay.topics import ALL_TOPICS

MOMENTS = frozenset(
    {
        "greeting",
        "small_talk",
        "thanks",
        "closing",
        "selling",
        "offer",
        "purpose",
        "next_step",
        "next_step_vague",
        "about_user",
        "injection",
        "gibberish",
        "other_language",
        "rude",
        "request_introduction",
        "recap_last_time",
    }
)
MAX_HEARD_CHARS = 300
MAX_LIST = 8


class Memory(BaseModel):
    """What the partner remembers (saved as `sessions.memory_json`)."""

    # Keys this version does not know (from an older or newer version) are kept, so saving loses nothing.
    model_config = ConfigDict(extra="allow")

    facts: dict[str, str] = {}  # topic -> the card text shared
    revealed: list[str] = []  # topics shared, in order
    depth: dict[str, int] = {}  # topic -> how many of its lines were said
    asked: list[str] = []
    deflected: list[str] = []
    next_step: str | None = None
    heard: dict[str, str] = {}  # topic -> the user's own sentence
    offers: list[str] = []
    agreed: list[str] = []
    moments: list[str] = []
    last_topic: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        # An older session may hold null for a key this version keeps a list or mapping in.
        if isinstance(data, Mapping):
            return {k: v for k, v in data.items() if v is not None}
        return data


def new_memory() -> Memory:
    """An empty memory."""
    return Memory()


def normalise_memory(memory: Memory | Mapping[str, Any] | None) -> Memory:
    """A copy with every key present (sessions saved by older versions may lack some)."""
    if isinstance(memory, Memory):
        return memory.model_copy(deep=True)
    return Memory.model_validate(dict(memory or {}))


def _push(items: list[str], value: str | None) -> None:
    if value and value not in items:
        items.append(value)
        del items[:-MAX_LIST]


def remember(
    memory: Memory | Mapping[str, Any],
    *,
    topic_said: str | None = None,
    fact: str | None = None,
    asked: str | None = None,
    deflected: str | None = None,
    heard: dict[str, str] | None = None,
    offer: str | None = None,
    next_step: str | None = None,
    agreed: str | None = None,
    moments: list[str] | None = None,
) -> Memory:
    """The memory after one turn (a new one; the old one is not changed)."""
    mem = normalise_memory(memory)
    if asked in ALL_TOPICS and asked not in mem.asked:
        mem.asked.append(asked)
    if deflected and deflected not in mem.deflected:
        mem.deflected.append(deflected)
    if topic_said:
        if topic_said not in mem.revealed:
            mem.revealed.append(topic_said)
        mem.depth[topic_said] = mem.depth.get(topic_said, 0) + 1
        mem.last_topic = topic_said
        if fact:
            mem.facts[topic_said] = fact
    for topic, sentence in (heard or {}).items():
        mem.heard[topic] = sentence.strip()[:MAX_HEARD_CHARS]
    _push(mem.offers, offer)
    _push(mem.agreed, agreed)
    if next_step:
        mem.next_step = next_step
    for m in moments or []:
        if m in MOMENTS and m not in mem.moments:
            mem.moments.append(m)
    return mem


def memory_summary(memory: Memory) -> str:
    """A compact text of the memory for the model prompt (bounded: topic names and short notes only)."""
    labels = {t: t.replace("_", " ") for t in ALL_TOPICS}
    shared = ", ".join(labels.get(t, t) for t in memory.revealed) or "nothing yet"
    lines = [f"- You have already told them about: {shared}."]
    for topic, text in memory.heard.items():
        label = "their personal life" if topic == "personal" else f"their {labels.get(topic, topic)}"
        lines.append(f'- They told you about {label}: "{text[:200]}" (do not ask about this again)')
    for offer in memory.offers:
        lines.append(f"- They offered you: {offer[:120]} (do not ask for this as if it were new)")
    if memory.next_step:
        lines.append(f'- Next step proposed: "{memory.next_step[:160]}"')
    for step in memory.agreed:
        lines.append(f"- Agreed: {step[:160]}")
    if "selling" in memory.moments:
        lines.append("- They have tried to sell to you.")
    return "\n".join(lines)
