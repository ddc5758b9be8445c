"""The model judge: verdicts with verified quotes stand; anything else falls back to the classifier, labelled."""

from __future__ import annotations

import json

from coach_transcripts import GOOD, POOR

from app.core.coach import review
from app.core.coach.model_judge import judge_schema
from app.core.errors import ModelError
from app.core.llm import FakeChatModel

SUMMARY = "You asked good questions; next time agree a concrete next step with a date."


def _verdicts(**items: tuple[bool, str]) -> str:
    return json.dumps(
        {
            "checks": [
                {"id": k, "passed": p, "quote": q, "reason": f"Judged {k}."} for k, (p, q) in items.items()
            ]
        }
    )


def test_verified_model_verdicts_stand_and_are_labelled():
    quote = "What kind of clients do you usually look after?"
    model = FakeChatModel([_verdicts(asked_about_their_business=(True, quote)), SUMMARY])
    report = review(GOOD, model=model)
    check = report.check("asked_about_their_business")
    assert check.judge == "model" and check.passed and check.evidence == quote
    # Checks the model did not judge keep the classifier's verdict, and the note says so.
    assert report.check("gave_trigger_phrases").judge == "classifier"
    assert "judged 1 of 8 checks" in report.judge_note


def test_a_quote_that_is_not_in_the_users_turns_falls_back():
    model = FakeChatModel(
        [_verdicts(offered_to_help_first=(True, "I'll introduce you to my cousin Dev.")), SUMMARY]
    )
    report = review(POOR, model=model)
    check = report.check("offered_to_help_first")
    assert check.judge == "classifier" and not check.passed
    assert "quote was not found" in report.judge_note


def test_a_partner_line_cannot_be_quoted_as_the_users():
    partner_line = "Mostly trades and builders - owner-managed firms, up to about twenty staff."
    model = FakeChatModel([_verdicts(explained_own_ideal_client=(True, partner_line)), SUMMARY])
    report = review(POOR, model=model)
    assert report.check("explained_own_ideal_client").judge == "classifier"


def test_the_classifier_guards_against_a_pitch_passed_off_as_an_offer():
    pitch = next(t.text for t in POOR if t.speaker == "user" and "£" in t.text)
    model = FakeChatModel([_verdicts(offered_to_help_first=(True, pitch)), SUMMARY])
    report = review(POOR, model=model)
    assert report.check("offered_to_help_first").judge == "classifier"
    assert "sales move" in report.judge_note


def test_a_failing_model_leaves_every_check_to_the_classifier():
    down = ModelError("endpoint down", endpoint="http://x", cause="timeout")
    report = review(GOOD, model=FakeChatModel([down, down]))
    baseline = review(GOOD)
    assert [c.passed for c in report.checks] == [c.passed for c in baseline.checks]
    assert all(c.judge == "classifier" for c in report.checks)
    assert "could not judge" in report.judge_note


def test_the_judge_is_asked_for_json_against_a_schema_naming_every_judged_check():
    model = FakeChatModel(['{"checks": []}', SUMMARY])
    review(GOOD, model=model)
    schema = model.history[0].kwargs["json_schema"]
    ids = schema["properties"]["checks"]["items"]["properties"]["id"]["enum"]
    assert "balanced_talk" not in ids and "asked_about_ideal_referral" in ids
    assert schema == judge_schema(ids)
    prompt = " ".join(str(m.content) for m in model.history[0].messages)
    assert "USER:" in prompt and "PARTNER:" in prompt


def test_a_failed_selling_check_needs_the_pitch_quoted():
    pitch = next(t.text for t in POOR if t.speaker == "user" and "£" in t.text)
    ok = FakeChatModel([_verdicts(avoided_selling=(False, pitch)), SUMMARY])
    assert review(POOR, model=ok).check("avoided_selling").judge == "model"
    made_up = FakeChatModel([_verdicts(avoided_selling=(False, "Buy my stuff now!")), SUMMARY])
    assert review(POOR, model=made_up).check("avoided_selling").judge == "classifier"
