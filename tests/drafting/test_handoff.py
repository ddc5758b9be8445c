"""From rehearsal (a saved session) or meeting notes to a pre-filled follow-up."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.drafting import draft_followup, followup_from_notes, followup_from_session
from app.core.drafting.handoff import to_you
from app.core.errors import InputError

TODAY = date(2025, 3, 12)


def _saved_session(store, memory: dict) -> dict:
    """A real session row, saved and read back the way the rehearsal area stores it."""
    sid = store.create_session(
        "priya",
        "first-121",
        persona={"name": "Priya Shah", "business": "Shah Mortgages"},
        engine="offline",
        prompt_refs=[],
    )
    store.add_turn(sid, "user", "Who is a good referral for you?", origin="user")
    store.update_session(sid, memory=memory, status="ended")
    return store.get_session(sid)


MEMORY = {
    "facts": {
        "ideal_referral": "My ideal referral is a first-time buyer in Leeds who has been turned down by their bank. "
        "They often feel stuck.",
        "interests": "I run half-marathons most weekends.",
        "business": "I arrange mortgages.",
    },
    "revealed": ["ideal_referral", "interests", "business"],
    "next_step": "Meet again in April to swap two introductions each",
}


def test_session_prefills_what_was_learned_and_the_next_step(store, profile):
    session = _saved_session(store, MEMORY)
    request = followup_from_session(session)
    assert request.name == "Priya Shah" and request.business == "Shah Mortgages"
    assert request.stage == "after-121" and request.session_id == session["id"]
    assert request.learned == "a first-time buyer in Leeds who has been turned down by their bank"
    assert request.detail == "You run half-marathons most weekends"
    assert request.next_step == "Meet again in April to swap two introductions each"
    result = draft_followup(request, profile, today=TODAY)
    for v in result.variants:
        assert "first-time buyer" in v.body and "April" in v.body and "half-marathons" in v.body
        assert v.notes == []


def test_a_promised_introduction_becomes_the_goal(store, profile):
    memory = dict(MEMORY, next_step="I will introduce her to Tom Lee at Lee Estates")
    request = followup_from_session(_saved_session(store, memory))
    assert request.goal == "introduce" and request.promised == "Tom Lee at Lee Estates"
    body = draft_followup(request, profile, today=TODAY).variants[0].body
    assert "Tom Lee at Lee Estates" in body and "first-time buyer" in body


def test_session_without_a_partner_name_is_refused():
    with pytest.raises(InputError, match="no partner name"):
        followup_from_session({"persona": {}, "memory": {}})


def test_notes_from_a_real_meeting():
    notes = (
        "- Runs an estate agency with three branches\n"
        "- Looking for: landlords with five or more properties\n"
        "- Next step: send him the landlord tax checklist"
    )
    request = followup_from_notes("Tom Lee", notes, business="Lee Estates")
    assert request.goal == "send-resource" and request.promised == "the landlord tax checklist"
    assert request.learned == "landlords with five or more properties"
    assert request.detail == "Runs an estate agency with three branches"
    assert request.stage == "after-121"
    with pytest.raises(InputError):
        followup_from_notes("Tom", "   ")


def test_notes_keep_a_plain_next_step():
    request = followup_from_notes(
        "Ann", "Loves cricket. Ideal client: cafes in York. We agreed to meet at her shop"
    )
    assert request.goal == "thank"
    assert request.next_step == "We agreed to meet at your shop"
    assert request.learned == "cafes in York"


@pytest.mark.parametrize(
    "text,first_person,expected",
    [
        ("She runs half-marathons", False, "You run half-marathons"),
        ("I will introduce her to Tom", False, "I will introduce you to Tom"),
        ("He is opening a shop and his van broke", False, "You are opening a shop and your van broke"),
        ("My clients are landlords; I coach them", True, "Your clients are landlords; you coach them"),
    ],
)
def test_facts_are_turned_to_address_the_contact(text, first_person, expected):
    assert to_you(text, first_person=first_person) == expected
