"""The template path (offline engine): every channel x goal passes every check, limits hold with very
long inputs, and variants are genuinely different."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.drafting import CHANNELS, GOALS, draft_followup
from app.core.drafting.generate import similar
from app.core.drafting.validators import LIMITS
from app.core.llm import OfflineModel

TODAY = date(2025, 3, 12)
LONG_NAME = "Alexandrina-Konstantina Papadopoulou-Vasilakopoulou Smithington"
LONG_DETAIL = (
    "She is opening a second bakery on Kirkgate next spring, wants help with staff rotas and payroll "
    "for about twelve people, and is worried about energy costs, the lease and finding a good "
    "shopfitter who will not let her down again like the last one did in the autumn"
)


def _first_words(text: str, n: int = 6) -> str:
    body = text.split(",", 1)[1] if text.startswith(("Hi ", "Hello ")) else text
    return " ".join(body.split()[:n]).lower()


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("goal", GOALS)
def test_every_channel_and_goal_passes_the_validators(profile, req, goal, channel):
    result = draft_followup(req(goal=goal, channel=channel), profile, model=OfflineModel(), today=TODAY)
    assert len(result.variants) >= 2
    for variant in result.variants:
        assert variant.origin == "template"
        assert variant.notes == [], variant.notes  # a template that fails a check would say so here
        assert "Sam" in variant.body
        assert ("daughter" in variant.body) and ("Leeds University" in variant.body)
        if channel in LIMITS:
            assert len(variant.body) <= LIMITS[channel]
        assert bool(variant.subject) == (channel == "email")
        if channel == "email":
            assert variant.body.rstrip().endswith("Smith & Co Bookkeeping")  # signature as sign-off
        if goal in ("send-resource", "introduce"):
            assert variant.body.count(result.request.promised.split(",")[0]) >= 1
        if goal in ("invite-121", "nudge"):
            assert len(result.slots) == 2


@pytest.mark.parametrize("goal", GOALS)
def test_variants_differ_in_opening_and_wording(profile, req, goal):
    result = draft_followup(req(goal=goal), profile, today=TODAY, n_variants=3)
    bodies = [v.body for v in result.variants]
    assert len(bodies) == 3
    assert len({_first_words(b) for b in bodies}) == 3
    assert len({v.style for v in result.variants}) == 3
    for i in range(3):
        for j in range(i + 1, 3):
            assert similar(bodies[i], bodies[j]) < 0.75


@pytest.mark.parametrize("channel", ["sms", "linkedin-note"])
@pytest.mark.parametrize("goal", GOALS)
def test_limits_hold_and_checks_pass_with_very_long_inputs(profile, req, goal, channel):
    promised = (
        "the detailed guide to negotiating commercial leases that my solicitor friend wrote, plus her "
        "contact details and the checklist we talked about"
    )
    request = req(
        goal=goal,
        channel=channel,
        name=LONG_NAME,
        detail=LONG_DETAIL[:300],
        met_at="Yorkshire Regional Chamber of Commerce Annual Summer Networking Garden Party and Awards",
        business="Papadopoulou Artisan Bakeries and Patisserie Limited trading as The Kirkgate Kitchen",
        promised=promised if goal in ("send-resource", "introduce") else "",
    )
    result = draft_followup(request, profile, today=TODAY)
    for variant in result.variants:
        assert len(variant.body) <= LIMITS[channel]
        assert variant.notes == [], variant.notes
        assert "bakery" in variant.body and "Kirkgate" in variant.body  # the detail survives, shortened


def test_after_a_121_the_message_carries_what_was_learned_and_the_next_step(profile, req):
    request = req(
        stage="after-121",
        met_at="our 1-2-1",
        learned="first-time buyers turned down by their bank",
        next_step="meet again in April with our diaries",
    )
    result = draft_followup(request, profile, today=TODAY)
    for variant in result.variants:
        assert "first-time buyers" in variant.body and "April" in variant.body
        assert "1-2-1" in variant.body
        assert variant.notes == []


@pytest.mark.parametrize(
    "tone,greeting",
    [
        ("warm", "Hi Sam,"),
        ("professional", "Hello Sam,"),
        ("professional", "Dear Sam,"),
        ("brief", "Hi Sam,"),
    ],
)
def test_tone_changes_greeting_and_signoff(profile, req, tone, greeting):
    from app.core.drafting.phrases import bank

    names = [f"Sam {x}" for x in ("Patel", "Lee", "Ray", "Hart", "Cole", "Ward")]
    bodies = [
        v.body for n in names for v in draft_followup(req(tone=tone, name=n), profile, today=TODAY).variants
    ]
    signoffs = {line.rstrip(",") for b in bodies for line in b.splitlines() if line.endswith(",")} - {
        "Hi Sam",
        "Hello Sam",
        "Dear Sam",
    }
    assert signoffs and signoffs <= set(bank("signoffs", tone))  # the tone's own sign-offs, varied
    assert all(b.startswith(tuple(f"{g} Sam," for g in bank("greetings", tone))) for b in bodies)


def test_medium_length_adds_a_sentence_and_brief_tone_drops_pleasantries(profile, req):
    short = draft_followup(req(goal="invite-121"), profile, today=TODAY).variants[1].body
    medium = draft_followup(req(goal="invite-121", length="medium"), profile, today=TODAY).variants[1].body
    brief = draft_followup(req(goal="invite-121", tone="brief"), profile, today=TODAY).variants[1].body
    assert len(medium) > len(short) > len(brief)
    assert "GAINS" in medium and "GAINS" not in short


def test_scheduling_link_replaces_times(profile, req):
    profile.scheduling_link = "https://cal.example.com/jane"
    result = draft_followup(req(goal="invite-121", channel="sms"), profile, today=TODAY)
    assert result.slots == []
    assert all("https://cal.example.com/jane" in v.body and v.notes == [] for v in result.variants)


def test_bad_input_is_one_clear_message_listing_every_problem(profile, req):
    from app.core.errors import InputError

    with pytest.raises(InputError) as err:
        draft_followup(req(name="", detail="", channel="fax", goal="sell"), profile, today=TODAY)
    msg = str(err.value)
    for part in ("name is required", "detail", "unknown goal 'sell'", "unknown channel 'fax'"):
        assert part in msg
    with pytest.raises(InputError, match="promised"):
        draft_followup(req(goal="introduce", promised=""), profile, today=TODAY)
    with pytest.raises(InputError, match="placeholder"):
        draft_followup(req(detail="talked about [topic]"), profile, today=TODAY)
