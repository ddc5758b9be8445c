"""Persona cards: the fellow member the user rehearses with. Built-ins are YAML files; custom ones live in the store.

A card is validated field by field so a bad file or form gets one InputError naming the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict

from app.core.datafile import parse_yaml
from app.core.errors import InputError, NotFoundError
from app.core.roleplay.persona_kinds import DIFFICULTIES, INDUSTRIES, TRAITS, Difficulty, Industry, Trait
from app.core.roleplay.topics import ALL_TOPICS, GAINS

if TYPE_CHECKING:
    from app.core.store import Store

PERSONAS_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "personas"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")
TEXT_FIELDS = (
    "name",
    "business",
    "trade",
    "ideal_client",
    "ideal_referral",
    "how_to_refer",
    "not_a_fit",
    "personality",
    "speaking_style",
    "opening_line",
)
LIST_FIELDS = ("trigger_phrases", "want_to_meet", "quirks")
# Scripted-partner lines beyond the card topics: what the persona says in each conversational moment.
INTENT_LINES = (
    "greeting",
    "small_talk",
    "thanks",
    "closing",
    "deflect",
    "questions",
    "pushback_sell",
    "help_offered",
    "next_step",
    "next_step_vague",
    "acknowledge",
    "purpose",
    "off_script",
    "unclear",
    "other_language",
    "followup_opening",
    "pitch",
    "pitch_opening",
    "help_asked",
    "invited",
    "event",
    "group",
    "off_topic",
    "deflect_personal",
    "offer_named",
    "offer_thanks",
    "decline_sales_meeting",
    "recall_unknown",
    "intro_requested",
    "recap",
    "decline_ack",
    "rude",
    "confirm_accept",
    "continue",
)
LINE_KEYS = frozenset(ALL_TOPICS) | frozenset(INTENT_LINES)
HISTORY_SCENARIOS = ("first-121", "follow-up-121", "came-to-sell")
MAX_FIELD_CHARS = 1200


class Persona(BaseModel):
    """A fellow member's card: who they are, what they want, and how they talk.

    Made by `persona_from_dict`, which checks each field and names the one that is wrong.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    business: str
    trade: str
    ideal_client: str
    ideal_referral: str
    gains: dict[str, str]
    trigger_phrases: list[str]
    how_to_refer: str
    want_to_meet: list[str]
    not_a_fit: str
    personality: str
    speaking_style: str
    quirks: list[str]
    difficulty: Difficulty
    opening_line: str
    met_at: str = "a recent chapter meeting"
    last_meeting: str = ""
    summary: str = ""
    asks_back_every: int = 2
    lines: dict[str, list[str]] = {}
    origin: str = "built-in"
    industry: Industry = Industry.OTHER
    traits: list[Trait] = []
    home: str = ""
    history: dict[str, str] = {}
    last_referral: str = ""

    def history_for(self, scenario_id: str) -> str:
        """What has happened between you before a meeting of this scenario ('' for a first meeting)."""
        if scenario_id in self.history:
            return self.history[scenario_id]
        return self.last_meeting if scenario_id == "follow-up-121" else ""

    @property
    def first_name(self) -> str:
        """The name the partner answers to."""
        return self.name.split()[0]

    def field_text(self, topic: str) -> str:
        """The card's text for a topic (GAINS fields included; lists joined), used as a memory fact."""
        if topic in GAINS:
            return self.gains.get(topic, "")
        value = getattr(self, topic, "")
        return "; ".join(value) if isinstance(value, list) else str(value)

    def to_dict(self) -> dict[str, Any]:
        """The card as plain data (the session snapshot and the YAML/JSON form)."""
        return self.model_dump(mode="json")


def _text(data: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"{where}: field '{key}' is required.")
        return ""
    if not isinstance(value, str | int | float):
        raise InputError(f"{where}: field '{key}' must be text.")
    text = str(value).strip()
    if len(text) > MAX_FIELD_CHARS:
        raise InputError(f"{where}: field '{key}' is longer than {MAX_FIELD_CHARS} characters.")
    return text


def _text_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key)
    if isinstance(value, str) and value.strip():
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: field '{key}' must be a list of one or more non-empty texts.")
    return [v.strip() for v in value]


def _lines(data: dict[str, Any], where: str) -> dict[str, list[str]]:
    raw = data.get("lines") or {}
    if not isinstance(raw, dict):
        raise InputError(f"{where}: field 'lines' must be a mapping of topic to text or list of texts.")
    out: dict[str, list[str]] = {}
    for key, value in raw.items():
        if key not in LINE_KEYS:
            raise InputError(
                f"{where}: 'lines.{key}' is not a known topic or moment ({', '.join(sorted(LINE_KEYS))})."
            )
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
            raise InputError(f"{where}: 'lines.{key}' must be text or a list of non-empty texts.")
        out[key] = [v.strip() for v in items]
    return out


def _choice_list(
    data: dict[str, Any], key: str, allowed: tuple[str, ...], where: str, noun: str
) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: field '{key}' must be a list of words.")
    bad = [v for v in value if v.strip().lower() not in allowed]
    if bad:
        raise InputError(f"{where}: '{bad[0]}' is not a known {noun} ({', '.join(allowed)}).")
    return [v.strip().lower() for v in value]


def _history(data: dict[str, Any], where: str) -> dict[str, str]:
    raw = data.get("history") or {}
    if not isinstance(raw, dict):
        raise InputError(
            f"{where}: field 'history' must map a scenario ({', '.join(HISTORY_SCENARIOS)}) to text."
        )
    out = {}
    for key in raw:
        if key not in HISTORY_SCENARIOS:
            raise InputError(f"{where}: 'history.{key}' is not a scenario ({', '.join(HISTORY_SCENARIOS)}).")
        out[key] = _text(raw, key, f"{where} (history)")
    return out


def persona_from_dict(data: Any, *, where: str = "Persona card", origin: str | None = None) -> Persona:
    """Validate plain data into a Persona; any problem is an InputError naming the field."""
    if not isinstance(data, dict):
        raise InputError(f"{where} must be a mapping of fields (name, business, ideal_client, ...).")
    pid = _text(data, "id", where)
    if not ID_PATTERN.match(pid):
        raise InputError(
            f"{where}: field 'id' must be 2-48 lowercase letters, digits or hyphens (got {pid!r})."
        )
    values: dict[str, Any] = {k: _text(data, k, where) for k in TEXT_FIELDS}
    for k in LIST_FIELDS:
        values[k] = _text_list(data, k, where)
    gains = data.get("gains")
    if not isinstance(gains, dict):
        raise InputError(f"{where}: field 'gains' must be a mapping with {', '.join(GAINS)}.")
    values["gains"] = {g: _text(gains, g, f"{where} (gains)") for g in GAINS}
    difficulty = str(data.get("difficulty", "")).strip().lower()
    if difficulty not in DIFFICULTIES:
        raise InputError(
            f"{where}: field 'difficulty' must be easy, medium or hard (got {data.get('difficulty')!r})."
        )
    every = data.get("asks_back_every", 2)
    if not isinstance(every, int) or not 1 <= every <= 6:
        raise InputError(f"{where}: field 'asks_back_every' must be a whole number from 1 to 6.")
    industry = _choice_list(
        {"industry": data.get("industry") or "other"}, "industry", INDUSTRIES, where, "industry"
    )
    return Persona(
        id=pid,
        difficulty=Difficulty(difficulty),
        met_at=_text(data, "met_at", where, required=False) or "a recent chapter meeting",
        last_meeting=_text(data, "last_meeting", where, required=False),
        summary=_text(data, "summary", where, required=False)
        or f"{values['trade']} - {values['personality']}"[:140],
        asks_back_every=every,
        lines=_lines(data, where),
        origin=origin or str(data.get("origin") or "built-in"),
        industry=Industry(industry[0] if industry else "other"),
        traits=[Trait(t) for t in _choice_list(data, "traits", TRAITS, where, "trait")],
        home=_text(data, "home", where, required=False),
        history=_history(data, where),
        last_referral=_text(data, "last_referral", where, required=False),
        **values,
    )


def load_persona_file(path: Path) -> Persona:
    """Read and validate one YAML card."""
    try:
        data = parse_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"Persona card {Path(path).name} could not be read: {exc}") from None
    persona = persona_from_dict(data, where=f"Persona card {Path(path).name}", origin="built-in")
    if persona.id != Path(path).stem:
        raise InputError(
            f"Persona card {Path(path).name}: field 'id' must match the file name ({Path(path).stem!r})."
        )
    return persona


def builtin_personas(directory: Path = PERSONAS_DIR) -> list[Persona]:
    """Every built-in card, sorted by difficulty then name."""
    cards = [load_persona_file(p) for p in sorted(directory.glob("*.yaml"))]
    return sorted(cards, key=lambda p: (DIFFICULTIES.index(p.difficulty), p.name))


def list_personas(store: Store | None = None) -> list[Persona]:
    """Built-in personas followed by the user's own (a damaged custom card is skipped, never fatal)."""
    personas = builtin_personas()
    if store is not None:
        for data in store.list_personas():
            try:
                personas.append(
                    persona_from_dict(data, where="Custom persona", origin=data.get("origin") or "custom")
                )
            except InputError:
                continue
    return personas


def filter_personas(
    personas: list[Persona], *, traits: list[str] | None = None, industry: str | None = None
) -> list[Persona]:
    """The personas with every one of `traits` and, when given, in `industry` (case ignored); unknown values are an InputError."""
    wanted = [t.strip().lower() for t in traits or [] if t.strip()]
    bad = [t for t in wanted if t not in TRAITS]
    if bad:
        raise InputError(f"'{bad[0]}' is not a trait. Choose from: {', '.join(TRAITS)}.")
    ind = (industry or "").strip().lower()
    if ind and ind not in INDUSTRIES:
        raise InputError(f"'{industry}' is not an industry. Choose from: {', '.join(INDUSTRIES)}.")
    return [p for p in personas if all(t in p.traits for t in wanted) and (not ind or p.industry == ind)]


def get_persona(persona_id: str, store: Store | None = None) -> Persona:
    """One persona by id; an unknown id is a NotFoundError listing the valid ones."""
    personas = list_personas(store)
    for p in personas:
        if p.id == persona_id:
            return p
    ids = ", ".join(p.id for p in personas)
    raise NotFoundError(f"No persona with id {persona_id!r}. Choose one of: {ids}.")


def slugify(text: str) -> str:
    """A persona id from a name: lowercase words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return slug if len(slug) >= 2 else "persona"


def save_custom_persona(store: Store, data: dict[str, Any] | Persona) -> Persona:
    """Validate and save a user-made persona (create or edit); built-in ids cannot be overwritten."""
    raw = data.to_dict() if isinstance(data, Persona) else dict(data)
    if not raw.get("id") and raw.get("name"):
        raw["id"] = slugify(str(raw["name"]))
    if raw.get("origin") in (None, "", "built-in"):
        raw["origin"] = "custom"
    persona = persona_from_dict(raw, where="Custom persona", origin=raw["origin"])
    if persona.id in {p.id for p in builtin_personas()}:
        raise InputError(f"{persona.id!r} is a built-in persona; save your version under a different id.")
    store.save_persona(persona.id, persona.to_dict())
    return persona


def delete_custom_persona(store: Store, persona_id: str) -> None:
    """Delete a user-made persona (built-ins are files and cannot be deleted here)."""
    if persona_id in {p.id for p in builtin_personas()}:
        raise InputError(f"{persona_id!r} is a built-in persona and cannot be deleted.")
    store.delete_persona(persona_id)
