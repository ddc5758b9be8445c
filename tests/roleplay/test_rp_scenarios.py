"""Scenarios: the three briefs, Help restating them with the persona's details, and bad scenario files."""

from __future__ import annotations

import pytest

from app.core.errors import InputError, NotFoundError
from app.core.roleplay import get_persona, get_scenario, help_text, list_scenarios, opening_line
from app.core.roleplay.scenarios import scenario_from_dict


def test_three_scenarios_with_default_first():
    ids = [s.id for s in list_scenarios()]
    assert ids[0] == "first-121"
    assert {"first-121", "follow-up-121", "came-to-sell"} <= set(ids)
    assert get_scenario(None).id == "first-121"


def test_help_restates_objective_and_what_you_know():
    persona = get_persona("busy-sceptic")
    first = help_text(get_scenario("first-121"), persona)
    assert "Your objective:" in first and "What you know so far:" in first
    assert persona.met_at in first and persona.name in first
    follow = help_text(get_scenario("follow-up-121"), persona)
    assert persona.last_meeting in follow


def test_scenario_openings_follow_the_situation():
    seller = get_persona("came-to-sell")
    assert opening_line(get_scenario("first-121"), seller) == seller.opening_line
    assert opening_line(get_scenario("follow-up-121"), seller) == seller.lines["followup_opening"][0]
    # A persona without a pitch of its own still opens the "came to sell" scenario with a pitch.
    shy = get_persona("shy-specialist")
    assert shy.trade in opening_line(get_scenario("came-to-sell"), shy)


def test_unknown_scenario_lists_valid_ids():
    with pytest.raises(NotFoundError) as err:
        get_scenario("speed-dating")
    assert "follow-up-121" in str(err.value)


def test_bad_scenario_data():
    good = get_scenario("first-121").to_dict()
    with pytest.raises(InputError, match="objective"):
        scenario_from_dict({**good, "objective": ""})
    with pytest.raises(InputError, match="placeholder"):
        scenario_from_dict({**good, "you_know": "You met {nickname}."})
    with pytest.raises(InputError, match="opening"):
        scenario_from_dict({**good, "opening": "shout"})
