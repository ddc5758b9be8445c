"""Scenarios: the situation of a rehearsal (first 1-2-1, follow-up, they came to sell) and its brief."""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from app.core.datafile import parse_yaml
from app.core.errors import InputError, NotFoundError
from app.core.roleplay.personas import Persona

SCENARIOS_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "scenarios"
DEFAULT_SCENARIO = "first-121"
# Persona fields a brief may mention; anything else in braces is a mistake in the file.
BRIEF_FIELDS = frozenset({"name", "first_name", "trade", "business", "met_at", "last_meeting"})
OPENINGS = ("opening_line", "followup_opening", "pitch_opening")


@dataclass(frozen=True)
class Scenario:
    """A rehearsal situation: the user's objective, what they know, tips, and the partner's side of it."""

    id: str
    title: str
    summary: str
    objective: str
    you_know: str
    tips: list[str]
    partner_brief: str
    opening: str = "opening_line"

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)


def _check_template(text: str, where: str) -> None:
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None and name not in BRIEF_FIELDS:
            raise InputError(
                f"{where}: unknown placeholder {{{name}}} (use {', '.join(sorted(BRIEF_FIELDS))})."
            )


def scenario_from_dict(data: Any, *, where: str = "Scenario") -> Scenario:
    """Validate plain data into a Scenario (InputError naming the field)."""
    if not isinstance(data, dict):
        raise InputError(f"{where} must be a mapping of fields.")
    values: dict[str, Any] = {}
    for key in ("id", "title", "summary", "objective", "you_know", "partner_brief"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{where}: field '{key}' is required text.")
        values[key] = " ".join(value.split())
    tips = data.get("tips") or []
    if not isinstance(tips, list) or not all(isinstance(t, str) and t.strip() for t in tips):
        raise InputError(f"{where}: field 'tips' must be a list of texts.")
    opening = data.get("opening", "opening_line")
    if opening not in OPENINGS:
        raise InputError(f"{where}: field 'opening' must be one of {', '.join(OPENINGS)}.")
    for key in ("objective", "you_know", "partner_brief"):
        _check_template(values[key], f"{where} field '{key}'")
    return Scenario(tips=[t.strip() for t in tips], opening=opening, **values)


def list_scenarios(directory: Path = SCENARIOS_DIR) -> list[Scenario]:
    """Every scenario file, the default one first."""
    out = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = parse_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise InputError(f"Scenario file {path.name} could not be read: {exc}") from None
        out.append(scenario_from_dict(data, where=f"Scenario file {path.name}"))
    return sorted(out, key=lambda s: (s.id != DEFAULT_SCENARIO, s.title))


def get_scenario(scenario_id: str | None) -> Scenario:
    """One scenario by id (the default when None); unknown ids list the valid ones."""
    scenarios = list_scenarios()
    wanted = scenario_id or DEFAULT_SCENARIO
    for s in scenarios:
        if s.id == wanted:
            return s
    raise NotFoundError(
        f"No scenario with id {wanted!r}. Choose one of: {', '.join(s.id for s in scenarios)}."
    )


def fill(text: str, persona: Persona, scenario_id: str = "follow-up-121") -> str:
    """Put the persona's details into a scenario text (the history that fits the scenario)."""
    history = persona.history_for(scenario_id) if hasattr(persona, "history_for") else persona.last_meeting
    values = {
        "name": persona.name,
        "first_name": persona.first_name,
        "trade": persona.trade,
        "business": persona.business,
        "met_at": persona.met_at,
        "last_meeting": history or persona.last_meeting or "You have had one 1-2-1 with them before.",
    }
    return text.format(**values).strip()


def help_text(scenario: Scenario, persona: Persona) -> str:
    """The brief the user reads before starting and again from Help: objective, what you know, tips."""
    tips = "\n".join(f"  - {t}" for t in scenario.tips)
    return (
        f"{scenario.title} - with {persona.name}, {persona.trade} ({persona.difficulty})\n\n"
        f"Your objective: {fill(scenario.objective, persona, scenario.id)}\n\n"
        f"What you know so far: {fill(scenario.you_know, persona, scenario.id)}\n\n"
        f"Tips:\n{tips}"
    )


def opening_line(scenario: Scenario, persona: Persona) -> str:
    """The partner's first line for this scenario (the persona's own, or a generic one in their name)."""
    if scenario.opening == "opening_line":
        return persona.opening_line
    own = persona.lines.get(scenario.opening)
    if own:
        return own[0]
    if scenario.opening == "pitch_opening":
        return (
            f"Good to see you! Before we start - have you ever thought about using a {persona.trade}? "
            "I can do you a special rate as a fellow member."
        )
    return "Good to see you again. Shall we pick up where we left off last time?"
