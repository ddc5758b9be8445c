"""The partner and the coach read every line the same way: one language layer, one verdict."""

from __future__ import annotations

import pytest
from coach_labelled import LINES
from coach_transcripts import one_line

from app.core.coach import run_checks
from app.core.roleplay.topics import ACT_TOPIC
from app.core.roleplay.understanding import understand

# The card topic a partner answers, and the coach check that the same question passes.
TOPIC_CHECK = {
    "business": "asked_about_their_business",
    "ideal_client": "asked_about_their_business",
    "ideal_referral": "asked_about_ideal_referral",
    "trigger_phrases": "asked_about_ideal_referral",
    "how_to_refer": "asked_about_ideal_referral",
    "want_to_meet": "asked_about_ideal_referral",
    "goals": "learned_personal_side",
    "accomplishments": "learned_personal_side",
    "interests": "learned_personal_side",
    "networks": "learned_personal_side",
    "skills": "learned_personal_side",
}
ALL_LINES = sorted({text for rows in LINES.values() for text, _ in rows})


@pytest.mark.parametrize("text", ALL_LINES, ids=[t[:40] for t in ALL_LINES])
def test_a_question_the_partner_answers_is_a_question_the_coach_counts(text):
    read = understand(text)
    results = {c.id: c for c in run_checks(one_line(text))}
    asks = [u for u in read.reading.units if u.act in ACT_TOPIC] if read.reading else []
    for u in asks:
        check = TOPIC_CHECK.get(ACT_TOPIC[u.act])
        if check is None or read.rude or read.selling:
            continue  # a rude or selling turn is cancelled for the coach; the partner still answers in character
        assert results[check].passed, (text, u.act, results[check].reason)
    # And the other way round: a question the coach counts is one the partner reads as a question on that topic.
    for check in set(TOPIC_CHECK.values()):
        if results[check].passed and results[check].evidence == text:
            topics = {ACT_TOPIC.get(u.act) for u in read.reading.units}
            assert (
                check in {TOPIC_CHECK.get(t) for t in topics if t} or check == "asked_about_ideal_referral"
            ), text


@pytest.mark.parametrize("text", ALL_LINES, ids=[t[:40] for t in ALL_LINES])
def test_a_sales_move_is_one_for_both(text):
    read = understand(text)
    selling = {c.id: c for c in run_checks(one_line(text))}["avoided_selling"]
    assert read.selling is (not selling.passed), text
