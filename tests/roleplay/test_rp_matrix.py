"""Every persona with every scenario: consistent history, and the scenario's objective can be completed."""

from __future__ import annotations

import re

import pytest

from app.core.coach import review
from app.core.roleplay import Partner, run_demo
from app.core.roleplay.personas import builtin_personas
from app.core.roleplay.scenarios import fill, get_scenario, list_scenarios, opening_line
from app.core.transcript import Turn

PERSONAS = [p.id for p in builtin_personas()]
SCENARIOS = [s.id for s in list_scenarios()]
EARLIER_MEETING = re.compile(
    r"\b(?:last time|last meeting|again|since we (?:last|met)|our (?:first|last) 1-2-1)\b", re.I
)


@pytest.mark.parametrize("persona_id", PERSONAS)
def test_a_first_meeting_never_mentions_an_earlier_one(persona_id):
    persona = next(p for p in builtin_personas() if p.id == persona_id)
    first = get_scenario("first-121")
    assert not EARLIER_MEETING.search(opening_line(first, persona))
    assert not EARLIER_MEETING.search(fill(first.you_know, persona, first.id))
    assert not EARLIER_MEETING.search(persona.history_for("first-121"))


@pytest.mark.parametrize("persona_id", PERSONAS)
def test_a_follow_up_has_a_history_a_named_person_to_meet_and_a_last_referral(persona_id):
    persona = next(p for p in builtin_personas() if p.id == persona_id)
    follow = get_scenario("follow-up-121")
    assert persona.history_for("follow-up-121")
    assert persona.history_for("follow-up-121") in fill(follow.you_know, persona, follow.id)
    assert any(re.match(r"[A-Z]\w+ [A-Z]\w+", w) for w in persona.want_to_meet), persona.want_to_meet
    assert persona.last_referral and persona.lines.get("last_referral")


def test_the_set_is_diverse():
    personas = builtin_personas()
    assert len(personas) >= 12
    industries = {p.industry for p in personas}
    assert {"hospitality", "health", "creative", "manufacturing", "charity"} <= industries
    assert len({p.home for p in personas}) >= 5
    abrasive = [p for p in personas if {"abrasive", "blunt", "impatient"} & set(p.traits)]
    warm = [p for p in personas if "warm" in p.traits]
    assert len(abrasive) >= 3 and len(warm) >= 3


@pytest.mark.slow
@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("persona_id", PERSONAS)
def test_every_scenario_objective_can_be_completed_with_every_persona(store, persona_id, scenario_id):
    session = run_demo(Partner(store), persona_id, scenario_id)
    turns = [Turn(t["speaker"], t["text"]) for t in session.turns]
    report = review(turns, scenario=scenario_id)
    missed = [c.id for c in report.checks if not c.passed]
    assert not missed, [(c.id, c.reason) for c in report.checks if not c.passed]
