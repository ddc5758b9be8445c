"""Defects found by reviewing whole sessions: personal side away from work, next steps that were never
proposed, evidence choice between several qualifying lines, and lines that only look like the behaviour."""

from __future__ import annotations

import pytest
from coach_sessions import NEW_MEMBER_OPENING, REVIEWED, SessionCase
from coach_transcripts import convo, one_line

from app.core.coach import run_checks
from app.core.language import asks, has_time, is_question, normalise
from app.core.language.grammar import tagged_statement


def _checks(turns):
    return {c.id: c for c in run_checks(turns)}


@pytest.mark.parametrize("case", REVIEWED, ids=[c.name for c in REVIEWED])
def test_reviewed_sessions_give_the_expected_result_and_evidence(case: SessionCase):
    results = _checks(case.turns)
    for check_id, (passed, evidence) in case.expect.items():
        got = results[check_id]
        assert (got.passed, got.evidence) == (passed, evidence), (check_id, got.reason)


# -- 1. the personal side away from the business -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What do you do outside the bakery?",
        "What do you get up to away from the salon?",
        "What do you do when you're not at the shop?",
        "What keeps you busy besides work?",
        "How do you switch off?",
        "Are you involved in any clubs or groups?",
        "Out of interest, what do you do when you're not grooming dogs?",
        "What's next for you personally?",
        "What do you do when you're not keeping firms safe?",
    ],
)
def test_time_away_from_the_business_is_the_personal_side_not_the_business(text):
    results = _checks(one_line(text))
    assert results["learned_personal_side"].passed
    assert results["learned_personal_side"].evidence == text
    assert not results["asked_about_their_business"].passed


@pytest.mark.parametrize(
    "text",
    [
        "What do you do?",
        "Do you have clients outside London?",
        "What do you do for your clients outside the city?",
        "What's the business like away from the high street?",
        "What do you do outside of your core services?",
        "Are you open at weekends?",
    ],
)
def test_questions_about_the_business_itself_are_not_the_personal_side(text):
    results = _checks(one_line(text))
    assert not results["learned_personal_side"].passed
    assert results["asked_about_their_business"].passed or "open" in text


# -- 2. next steps: a question about the meeting is not a proposal ----------------------------------------


@pytest.mark.parametrize(
    "partner_line",
    [
        NEW_MEMBER_OPENING,
        "Is it like a sales meeting?",
        "What happens at a 1-2-1, usually?",
        "Did you enjoy the chapter meeting on Thursday?",
        "How was the breakfast meeting last week?",
    ],
)
def test_a_question_about_a_meeting_is_never_a_proposed_next_step(partner_line):
    turns = convo(
        ("P", partner_line), ("U", "It's about learning how to refer each other."), ("P", "Oh, right.")
    )
    result = _checks(turns)["agreed_next_step"]
    assert not result.passed
    assert result.evidence is None
    assert result.reason.startswith("No concrete next step")


def test_the_scripted_new_member_opening_is_not_quoted_as_a_next_step(data_dir):
    from app.core.roleplay import Partner
    from app.core.store import Store
    from app.core.transcript import Turn

    partner = Partner(Store(data_dir))
    session = partner.start("new-member", "first-121")
    for line in [
        "Good question - it's not a sales meeting, it's about learning how to refer each other.",
        "So, what do you do?",
    ]:
        partner.reply(session, line)
    turns = [Turn(t["speaker"], t["text"]) for t in session.turns]
    results = _checks(turns)
    assert results["agreed_next_step"].evidence is None
    # Only the next step may ever quote the partner.
    for c in results.values():
        if c.evidence is not None and c.id != "agreed_next_step":
            assert turns[c.turn].speaker == "user"


def test_a_failed_next_step_quotes_the_vague_plan_not_the_partners_question_back():
    turns = convo(
        ("P", NEW_MEMBER_OPENING),
        ("U", "It's about learning how to refer each other."),
        ("U", "Let's catch up sometime."),
        ("P", "Definitely - when's good for you? I'm flexible on Thursdays."),
    )
    result = _checks(turns)["agreed_next_step"]
    assert not result.passed
    assert result.evidence == "Let's catch up sometime."
    assert "no time or owner" in result.reason


# -- 3. evidence choice -----------------------------------------------------------------------------------


def test_the_most_specific_line_is_quoted_when_several_qualify():
    turns = convo(
        ("U", "Who's your typical client?"),
        ("P", "Landlords, mostly."),
        ("U", "Who are your best clients?"),
        ("P", "The ones with several buildings."),
        ("U", "And who would be a perfect introduction for you?"),
        ("P", "A facilities manager with a refurb coming up."),
    )
    assert (
        _checks(turns)["asked_about_ideal_referral"].evidence
        == "And who would be a perfect introduction for you?"
    )
    # With only the weaker line, it still counts.
    assert _checks(turns[:4])["asked_about_ideal_referral"].evidence == "Who are your best clients?"


def test_the_most_specific_agreed_next_step_is_quoted():
    turns = convo(
        ("U", "Can we book another coffee?"),
        ("P", "Sure - how about Thursday the 14th at 2pm?"),
        ("U", "Perfect."),
    )
    assert _checks(turns)["agreed_next_step"].evidence == "Sure - how about Thursday the 14th at 2pm?"


def test_equally_good_lines_are_spread_across_checks():
    turns = convo(
        ("U", "I know a great bookkeeper - I'll send you her details by Friday."),
        ("P", "Thanks!"),
        ("U", "And I'll send you the chamber event invitation by Friday too."),
        ("P", "Lovely."),
    )
    results = _checks(turns)
    assert results["offered_to_help_first"].passed and results["agreed_next_step"].passed
    assert results["offered_to_help_first"].evidence != results["agreed_next_step"].evidence


def test_a_demo_session_quotes_distinct_lines_for_distinct_checks(data_dir):
    from app.core.roleplay import Partner, run_demo
    from app.core.store import Store
    from app.core.transcript import Turn

    session = run_demo(Partner(Store(data_dir)), "new-member", "first-121")
    results = _checks([Turn(t["speaker"], t["text"]) for t in session.turns])
    assert all(c.passed for c in results.values())
    assert "referral" in results["asked_about_ideal_referral"].evidence
    quoted = [
        results[c].evidence
        for c in (
            "asked_about_their_business",
            "asked_about_ideal_referral",
            "offered_to_help_first",
            "agreed_next_step",
        )
    ]
    assert len(set(quoted)) == len(quoted), quoted


# -- 4. lines that only look like the behaviour -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I've got three kids, you know?", True),
        ("My ideal client is a landlord who is fed up with chasing rent - does that make sense?", True),
        ("So I help builders, yeah?", True),
        ("You've got kids, right?", False),  # checks a fact about them: a real question
        ("Golf is great, isn't it?", False),
        ("What do you do, then?", False),
        ("Right?", False),
    ],
)
def test_tagged_statements_about_the_speaker(text, expected):
    assert tagged_statement(normalise(text)) is expected
    assert is_question(normalise(text)) is not expected


@pytest.mark.parametrize(
    "text",
    [
        "I was wondering what you do outside work.",
        "I wonder who your ideal client is.",
        "I wanted to ask how you started.",
    ],
)
def test_indirect_questions_ask(text):
    assert asks(normalise(text))


@pytest.mark.parametrize(
    ("text", "check_id", "expected"),
    [
        # A trigger can be given as a request, or as a question answered straight away.
        (
            "If someone says their boiler is on its last legs, could you send them my way?",
            "gave_trigger_phrases",
            True,
        ),
        (
            "Ever hear people moaning that their website never brings in any work? That's exactly who I help.",
            "gave_trigger_phrases",
            True,
        ),
        # Promising to listen for their triggers, or noting them, is not giving yours.
        (
            "I'll keep an ear out for anyone saying they've outgrown their premises.",
            "gave_trigger_phrases",
            False,
        ),
        (
            "So the phrase to listen for is 'we've just got a puppy' - I'll remember that.",
            "gave_trigger_phrases",
            False,
        ),
        # Someone else's clients, or things that are not clients, are not your ideal client.
        (
            "Your ideal client sounds like a landlord who is fed up with chasing rent.",
            "explained_own_ideal_client",
            False,
        ),
        ("I'm after a new van that can take a ladder rack.", "explained_own_ideal_client", False),
        ("I help out at the food bank on Sundays.", "explained_own_ideal_client", False),
        (
            "My clients? Mostly families who are moving house for the first time.",
            "explained_own_ideal_client",
            True,
        ),
        # Offers of someone's details count; asking how they like to be introduced is the referral question.
        ("My neighbour runs a print shop - do you want her number?", "offered_to_help_first", True),
        ("How would you like me to introduce you?", "offered_to_help_first", False),
        ("How would you like me to introduce you?", "asked_about_ideal_referral", True),
        # A price followed by "Interested?" is a pitch; declining theirs is not.
        ("Our starter plan is £30 a month. Interested?", "avoided_selling", False),
        ("No thanks, I'm happy with my supplier and don't need a quote.", "avoided_selling", True),
        ("I could give you a price, but that's not what today is for.", "avoided_selling", True),
    ],
)
def test_lines_that_only_look_like_the_behaviour(text, check_id, expected):
    assert _checks(one_line(text))[check_id].passed is expected


def test_a_line_that_is_not_about_clients_is_not_quoted_as_a_vague_ideal_client():
    result = _checks(convo(("U", "I'm after a new van."), ("P", "Oh?"), ("U", "I work with my brother.")))[
        "explained_own_ideal_client"
    ]
    assert not result.passed and result.evidence is None
    vague = _checks(one_line("We work with anyone really."))["explained_own_ideal_client"]
    assert not vague.passed and vague.evidence == "We work with anyone really."


def test_sales_questions_do_not_count_towards_balanced_talk():
    turns = convo(
        ("U", "What do you do?"),
        ("P", "one two three four five six seven eight nine ten eleven twelve"),
        ("U", "Who are your clients?"),
        ("P", "one two three four five six seven eight nine ten eleven twelve"),
        ("U", "Shall I send you a quote for your printing?"),
        ("P", "one two three four five six seven eight nine ten eleven twelve"),
    )
    result = _checks(turns)["balanced_talk"]
    assert not result.passed
    assert "2 questions" in result.reason


@pytest.mark.parametrize("word", ["friend", "market", "wedding", "monitor", "decision"])
def test_words_that_start_like_a_day_or_month_are_not_times(word):
    line = f"Shall we meet up about the {word}?"
    assert not has_time(line)
    turns = convo(("U", line), ("P", "Yes, great idea."))
    assert not _checks(turns)["agreed_next_step"].passed
