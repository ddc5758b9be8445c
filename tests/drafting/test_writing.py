"""Drafts that read like a person wrote them: the detail worked in (never after a colon), contractions,
names and events written properly, channel lengths, approaches that differ, and a batch that never repeats
an opening or double-books a time."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import combinations

import pytest

from app.core.drafting import FollowupRequest, draft_followup, run_batch
from app.core.drafting.channels import sms_segments
from app.core.drafting.lint import faults, opening

TODAY = date(2025, 3, 12)


def _bodies(result) -> list[str]:
    return [v.body for v in result.variants]


@pytest.mark.parametrize(
    "detail,want,avoid",
    [
        ("opening a second bakery in Solihull", "second bakery in Solihull", "said: opening"),
        ("his pricing is too low", "your pricing", "his pricing"),
        ("I offered to look at his pricing", "look at your pricing", "you said"),
        ("Was Hiring Two Welders", "two welders", "Two Welders"),
        ("we both love fell running", "we both love fell running", "you said"),
    ],
)
def test_the_detail_is_worked_into_a_sentence_of_its_own(profile, req, detail, want, avoid):
    result = draft_followup(req(detail=detail), profile, today=TODAY)
    for body in _bodies(result):
        assert want in body and avoid not in body, body
        assert faults(body, detail=detail) == [], body


def test_a_problem_in_a_thank_you_becomes_an_offer_to_help(profile, req):
    body = draft_followup(req(detail="his pricing is too low"), profile, today=TODAY).variants[0].body
    assert re.search(r"help|introduce|fresh pair of eyes", body)


def test_a_promise_i_made_becomes_what_i_am_doing_about_it(profile, req):
    for body in _bodies(draft_followup(req(detail="I offered to look at his pricing"), profile, today=TODAY)):
        assert "look at your pricing" in body and "I offered to look." not in body
        assert (
            "Leeds Chamber breakfast" in body or "Thank" in body or "meet" in body.lower() or "happy" in body
        )


def test_contractions_and_no_stiff_phrasing(profile, req):
    bodies = _bodies(draft_followup(req(goal="invite-121"), profile, today=TODAY))
    assert not any(re.search(r"\b(?:It would not|I will|I am|do not|It is)\b", b) for b in bodies)


@pytest.mark.parametrize(
    "name,business,greeting", [("grace", "", "Hi Grace,"), ("lee chan", "acme plumbing", "Hi Lee,")]
)
def test_names_typed_in_lower_case_are_written_properly(profile, req, name, business, greeting):
    result = draft_followup(req(name=name, business=business, length="medium"), profile, today=TODAY)
    for body in _bodies(result):
        assert body.startswith(greeting)
        assert "acme plumbing" not in body


@pytest.mark.parametrize(
    "met_at,want,avoid",
    [
        ("Birmingham Tech Week", "at Birmingham Tech Week", "the Birmingham Tech Week"),
        ("birmingham tech week", "at Birmingham Tech Week", "the Birmingham"),
        ("Leeds Business Expo", "the Leeds Business Expo", "at Leeds Business Expo"),
    ],
)
def test_events_get_the_right_article_and_capitals(profile, req, met_at, want, avoid):
    bodies = _bodies(draft_followup(req(met_at=met_at, detail="nice guy"), profile, today=TODAY))
    assert any(want in b for b in bodies) and not any(avoid in b for b in bodies), bodies


def test_a_text_fits_two_messages_and_says_how_many(profile, req):
    for goal in ("thank", "invite-121", "introduce"):
        for v in draft_followup(req(goal=goal, channel="sms"), profile, today=TODAY).variants:
            n, _enc = sms_segments(v.body)
            assert n <= 2 and v.fit.startswith(f"Fits in {n} text message")


def test_a_linkedin_note_fits_a_free_account_and_a_longer_one_is_offered(profile, req):
    request = req(
        goal="invite-121",
        channel="linkedin-note",
        stage="after-121",
        met_at="our 1-2-1",
        learned="first-time buyers turned down by their bank",
        next_step="meet again in April",
    )
    for v in draft_followup(request, profile, today=TODAY).variants:
        assert len(v.body) <= 200 and "200 characters" in v.fit
        assert v.long_body and len(v.long_body) <= 300 and "April" in v.long_body


def test_variants_differ_in_approach_not_sentence_order(profile, req):
    result = draft_followup(req(), profile, today=TODAY)
    warm, specific = (v.body for v in result.variants)
    assert [v.style for v in result.variants] == ["warm", "specific"]
    assert opening(warm, "email") != opening(specific, "email")
    sentences = lambda t: {s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", t) if s.strip()}  # noqa: E731
    shared = sentences(warm) & sentences(specific) - {"Hi Sam,", "Jane Smith", "Smith & Co Bookkeeping"}
    assert len(shared) <= 1, shared  # not the same sentences shuffled


def _csv(n: int) -> str:
    details = [
        "opening a second shop in York",
        "his van broke down twice last month",
        "we both love climbing",
        "I promised to send her the lease checklist",
        "looking for a good accountant",
        "Just Won The Tender For The School Refit",
        "her son starts university in the autumn",
        "the keynote on pricing was excellent",
        "planning to hire two apprentices",
        "nice bloke",
    ]
    events = ["Birmingham Tech Week", "chamber breakfast", "BNI Leeds Central", "Leeds Business Expo"]
    goals = ["thank", "invite-121", "thank", "invite-121", "send-resource"]
    rows = ["name,business,met_at,detail,channel,goal,promised,met_on"]
    for i in range(n):
        goal = goals[i % len(goals)]
        rows.append(
            f"Person{i} Lee,Firm {i},{events[i % 4]},{details[i % 10]},"
            f"{['email', 'sms', 'linkedin-message', 'linkedin-note'][i % 4]},{goal},"
            f"{'the checklist' if goal == 'send-resource' else ''},{(TODAY - timedelta(days=1)).isoformat()}"
        )
    return "\n".join(rows) + "\n"


def test_a_batch_of_fifty_never_repeats_an_opening_or_overlaps_a_time(profile, store):
    result = run_batch(_csv(50), profile, store=store, today=TODAY)
    assert len(result.drafts) == 50 and result.errors == []
    firsts = [opening(r.variants[0].body, r.request.channel) for _, r, _ in result.drafts]
    assert len(set(firsts)) == 50
    slots = [s for _, r, _ in result.drafts for s in r.slots]
    assert slots and all(abs((a - b).total_seconds()) >= 3600 for a, b in combinations(slots, 2))
    for _, r, _ in result.drafts:
        for v in r.variants:
            assert faults(v.body, detail=r.request.detail) == [], v.body


def test_a_nudge_row_for_someone_met_today_is_not_a_nudge(profile, store):
    csv = f"name,met_at,detail,goal,met_on\nAmy Wood,Expo,opening a shop in Leeds,nudge,{TODAY.isoformat()}\n"
    result = run_batch(csv, profile, store=store, today=TODAY)
    drafted = result.drafts[0][1]
    assert drafted.request.goal == "invite-121" and "No first message" in drafted.notes[0]
    assert not any(
        "pick up my note" in v.body or "follow up on my last note" in v.body for v in drafted.variants
    )


def test_every_request_field_survives_a_round_trip():
    req = FollowupRequest(
        name="Sam",
        met_at="Expo",
        detail="x y z",
        slots=["2025-03-18 10:00", "2025-03-20 14:00"],
        sent_on="2025-03-01",
    ).normalised()
    again = FollowupRequest.from_dict(req.to_dict())
    assert again == req
