"""Live hints: sparse, pointed at the most useful gap for the stage of the conversation."""

from __future__ import annotations

from coach_transcripts import GOOD, convo

from app.core.coach import live_hint


def _chat(user_lines: list[str]) -> list:
    turns = []
    for line in user_lines:
        turns += convo(
            ("U", line), ("P", "That's interesting - we've had a busy year, lots going on with the team.")
        )
    return turns


SMALL_TALK = [
    "Hi, nice to meet you.",
    "The traffic was awful this morning.",
    "I'm a web designer.",
    "I've been at it ten years.",
]


def test_no_hint_before_enough_user_turns():
    assert live_hint(_chat(SMALL_TALK[:2]), last_hint_turn=None) is None


def test_missing_business_question_after_a_few_turns():
    turns = _chat(SMALL_TALK[:3])
    hint = live_hint(turns, last_hint_turn=None)
    assert hint is not None
    assert hint.check_id == "asked_about_their_business"
    assert "business" in hint.text.lower()
    assert hint.turn_index == len(turns) - 1


def test_hints_are_sparse():
    turns = _chat(SMALL_TALK)
    first = live_hint(turns[:6], last_hint_turn=None)
    assert first is not None
    # One and two user turns later: too soon for another hint.
    assert live_hint(turns[:7], last_hint_turn=first.turn_index) is None
    assert live_hint(turns[:8], last_hint_turn=first.turn_index) is None
    more = turns + _chat(["Anyway.", "Yes."])
    assert live_hint(more, last_hint_turn=first.turn_index) is not None


def test_a_pitch_is_flagged_first():
    turns = _chat(["Hello!", "What do you do?", "Shall I send you a quote for a new website?"])
    hint = live_hint(turns, last_hint_turn=None)
    assert hint is not None and hint.check_id == "avoided_selling"


def test_later_stage_points_at_later_gaps_and_skip_moves_on():
    lines = [
        "What do you do?",
        "Who are your clients?",
        "What do you enjoy outside work?",
        "Who would you love me to meet?",
        "My ideal client is a dental practice that is opening a second surgery.",
        "If you hear a dentist say their diary is half empty, think of me.",
        "Right.",
        "Okay.",
        "I see.",
        "Sure.",
    ]
    turns = _chat(lines)
    hint = live_hint(turns, last_hint_turn=None)
    assert hint is not None and hint.check_id == "offered_to_help_first"
    after = live_hint(turns, last_hint_turn=None, skip={"offered_to_help_first"})
    assert after is not None and after.check_id == "agreed_next_step"


def test_no_hint_when_nothing_is_missing():
    assert live_hint(GOOD, last_hint_turn=None) is None


def test_monologue_gets_a_talk_less_hint():
    long = (
        "Let me tell you all about my career, my training, my awards and my plans for the next decade. " * 5
    )
    turns = []
    for line in ["What do you do?", long, long, long]:
        turns += convo(("U", line), ("P", "Right."))
    hint = live_hint(turns, last_hint_turn=None)
    assert hint is not None and hint.check_id == "balanced_talk"
