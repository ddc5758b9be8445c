"""The generative path with fakes at the model seam: pass, repair once, or fall back to a template."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.core.drafting import draft_followup
from app.core.drafting.generate import parse_reply, tidy_body
from app.core.errors import ModelError
from app.core.llm import FakeChatModel, FunctionModel

TODAY = date(2025, 3, 12)


def reply(body: str, subject: str = "Good to meet you at the breakfast") -> str:
    return json.dumps({"subject": subject, "body": body})


GOOD_A = (
    "Your news stuck with me: your daughter is starting at Leeds University in September. "
    "If I meet anyone heading that way, I will put you in touch."
)
GOOD_B = (
    "Thanks again for the chat at the Leeds Chamber breakfast. I noted that your daughter is starting "
    "at Leeds University in September, and I hope the move goes smoothly for you both."
)
PLACEHOLDER = "Hi [Name], lovely to meet you at [event]. Let me know about {topic}."
PITCH = (
    "Your daughter is starting at Leeds University in September, so our services include a special "
    "offer for parents: 20% off bookkeeping if you buy before Friday."
)


def test_good_model_drafts_are_kept_with_origin_model(profile, req):
    model = FakeChatModel([reply(GOOD_A), reply(GOOD_B)])
    result = draft_followup(req(), profile, model=model, today=TODAY)
    assert [v.origin for v in result.variants] == ["model", "model"]
    assert GOOD_A in result.variants[0].body and result.variants[0].body.startswith("Hi Sam,")
    assert result.variants[0].body.rstrip().endswith("Smith & Co Bookkeeping")
    assert result.prompt_ref == "draft_followup@v2"
    assert len(model.history) == 2
    assert model.history[0].kwargs["json_schema"]["required"] == ["subject", "body"]
    assert "daughter is starting at Leeds University" in model.history[0].text  # the facts reach the prompt
    assert "something personal they told you" in model.history[0].text  # ... with what kind of detail it is


def test_placeholders_are_repaired_with_the_failure_named(profile, req):
    model = FakeChatModel([reply(PLACEHOLDER), reply(GOOD_A), reply(GOOD_B)])
    result = draft_followup(req(), profile, model=model, today=TODAY)
    assert [v.origin for v in result.variants] == ["repaired", "model"]
    repair_prompt = model.history[1].text
    assert "failed these checks" in repair_prompt and "placeholder" in repair_prompt.lower()
    assert "[Name]" not in result.variants[0].body


def test_a_pitch_twice_falls_back_to_a_labelled_template(profile, req):
    model = FakeChatModel([reply(PITCH), reply(PITCH), reply(GOOD_B)])
    result = draft_followup(req(), profile, model=model, today=TODAY)
    first = result.variants[0]
    assert first.origin == "template"
    assert "pitch" in first.notes[0] and "replaced by a template" in first.notes[0]
    assert "20%" not in first.body and "special offer" not in first.body
    assert result.variants[1].origin == "model"


def test_an_over_long_linkedin_note_is_repaired_then_replaced(profile, req):
    long_note = (
        "Your daughter is starting at Leeds University in September. " + "It was lovely to chat. " * 20
    )
    model = FakeChatModel(default=reply(long_note, subject=""))
    result = draft_followup(req(channel="linkedin-note"), profile, model=model, today=TODAY)
    assert [v.origin for v in result.variants] == ["template", "template"]
    assert all(len(v.body) <= 200 for v in result.variants)  # fits a free account
    assert "too_long_for_channel" in result.variants[0].notes[0]
    assert len(model.history) == 4  # one attempt and one repair per variant
    assert "200 characters" in model.history[1].text


def test_an_empty_reply_falls_back(profile, req):
    model = FakeChatModel(default="")
    result = draft_followup(req(goal="invite-121", channel="sms"), profile, model=model, today=TODAY)
    assert all(v.origin == "template" for v in result.variants)
    assert "empty" in result.variants[0].notes[0]
    assert all(v.body.count("?") == 1 for v in result.variants)


def test_invitation_from_the_model_must_offer_the_two_times(profile, req):
    def answer(messages):
        prompt = "\n".join(str(m.content) for m in messages)
        assert "Friday 14 March at 10:00 or Monday 17 March at 14:00" in prompt
        if "failed these checks" in prompt:
            return reply(
                "Your daughter is starting at Leeds University in September, what news. "
                "Would Friday 14 March at 10:00 or Monday 17 March at 14:00 suit you for a 1-2-1?"
            )
        return reply("Your daughter is starting at Leeds University in September. Shall we meet some time?")

    result = draft_followup(req(goal="invite-121"), profile, model=FunctionModel(answer), today=TODAY)
    assert result.variants[0].origin == "repaired"
    assert "Monday 17 March at 14:00" in result.variants[0].body
    # the second variant would copy the first, which is rejected as too similar and falls back
    assert result.variants[1].origin == "template"
    assert "too_similar" in result.variants[1].notes[0]


def test_invented_numbers_and_links_are_not_shown(profile, req):
    invented = reply(
        "Your daughter is starting at Leeds University in September. I have helped 340 parents; "
        "see https://example.org/offer"
    )
    model = FakeChatModel(default=invented)
    result = draft_followup(req(), profile, model=model, today=TODAY)
    assert all(v.origin == "template" for v in result.variants)
    assert "340" not in result.variants[0].body


def test_engine_failures_propagate(profile, req):
    model = FakeChatModel([ModelError("The model endpoint http://127.0.0.1:9 failed: connection refused.")])
    with pytest.raises(ModelError, match="connection refused"):
        draft_followup(req(), profile, model=model, today=TODAY)


def test_replies_are_parsed_from_json_fences_or_plain_text():
    assert parse_reply('```json\n{"subject": "Hi", "body": "Text"}\n```') == ("Hi", "Text")
    assert parse_reply("Subject: Coffee?\nShall we meet?") == ("Coffee?", "Shall we meet?")
    assert parse_reply("") == ("", "")
    assert (
        tidy_body("Hi Sam,\n\nGreat to meet you.\n\nBest regards,\nJane Smith", ["Jane Smith", "Jane"])
        == "Great to meet you."
    )


def test_a_reply_that_parrots_the_prompt_is_not_shown(profile, req):
    def parrot(messages):
        prompt = str(messages[-1].content)
        goal_line = next(line for line in prompt.splitlines() if line.startswith("Goal: "))
        return reply(goal_line[6:] + " Your daughter is starting at Leeds University in September.")

    result = draft_followup(req(), profile, model=FunctionModel(parrot), today=TODAY)
    assert all(v.origin == "template" for v in result.variants)
    assert "echoed_instructions" in result.variants[0].notes[0]
    assert "offer something useful" not in result.variants[0].body


def test_invented_names_and_places_are_caught(profile, req):
    invented = reply(
        "Your daughter is starting at Leeds University in September, and you also tutor at the "
        "University of Manchester with Professor Higgins."
    )
    result = draft_followup(req(), profile, model=FakeChatModel(default=invented), today=TODAY)
    assert all(v.origin == "template" for v in result.variants)
    assert "invented_name" in result.variants[0].notes[0]


def test_a_capable_models_paraphrase_of_the_detail_passes(profile, req):
    """The checks look for the meaning, not the user's exact words."""
    paraphrase = reply(
        "Leeds University is lucky to be getting your daughter this autumn - I hope the move goes "
        "smoothly for you all. If I meet anyone who could help with student digs, I'll send them your way."
    )
    other = reply(
        "Thanks for the chat at the breakfast. Good luck to your daughter with her first term at Leeds "
        "University; September will come round fast."
    )
    result = draft_followup(req(), profile, model=FakeChatModel([paraphrase, other]), today=TODAY)
    assert [v.origin for v in result.variants] == ["model", "model"]
