"""Rehearsal partners: persona cards, scenarios, the scripted and model partner, demo mode and export."""

from app.core.roleplay.demo import play_demo, run_demo
from app.core.roleplay.export import export_markdown
from app.core.roleplay.partner import Partner, review_session
from app.core.roleplay.persona_text import persona_from_text
from app.core.roleplay.personas import (
    Persona,
    delete_custom_persona,
    get_persona,
    list_personas,
    persona_from_dict,
    save_custom_persona,
)
from app.core.roleplay.scenarios import Scenario, get_scenario, help_text, list_scenarios, opening_line
from app.core.roleplay.session import RehearsalSession

__all__ = [
    "Partner",
    "Persona",
    "RehearsalSession",
    "Scenario",
    "delete_custom_persona",
    "export_markdown",
    "get_persona",
    "get_scenario",
    "help_text",
    "list_personas",
    "list_scenarios",
    "opening_line",
    "persona_from_dict",
    "persona_from_text",
    "play_demo",
    "review_session",
    "run_demo",
    "save_custom_persona",
]
