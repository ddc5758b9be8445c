"""The partner answers the act that was made: offers, proposals, the user's own business, mixed and off-topic turns."""

from __future__ import annotations

import pytest
from rp_talk import talk

from app.core.language import swap_person
from app.core.roleplay import get_persona
from app.core.roleplay.personas import builtin_personas
from app.core.roleplay.topics import TOPICS
from app.core.roleplay.understanding import offer_target, understand


def _topic_lines(persona_id: str) -> list[str]:
    """Every card-topic line the persona has (what a mis-routed reply would contain)."""
    persona = get_persona(persona_id)
    return [line for k in TOPICS for line in persona.lines.get(k, [])]


@pytest.mark.parametrize(
    ("text", "kind", "who"),
    [
        ("Could I introduce you to my accountant, Priya?", "person", "Priya"),
        ("I know a vet who'd love to meet you - shall I connect you?", "person", "a vet"),
        ("Is there anything I can help you with?", "open", None),
        (
            "Would you like to come to my chamber of commerce breakfast next month as my guest?",
            "invite",
            None,
        ),
        ("I know someone you should meet.", "unnamed", None),
    ],
)
def test_offers_are_read_with_who_or_what_was_offered(text, kind, who):
    read = understand(text)
    assert read.act in ("offer_concrete", "offer_vague")
    found = offer_target(text)
    assert found[0] == kind and (who is None or who in (found[1] or ""))


def test_how_should_i_introduce_you_is_a_question_not_an_offer():
    read = understand("How should I introduce you?")
    assert read.act == "ask_how_to_refer" and read.topic == "how_to_refer"


@pytest.mark.parametrize("persona_id", [p.id for p in builtin_personas()])
def test_named_offer_is_taken_up_by_name_not_answered_from_the_card(partner, persona_id):
    s = partner.start(persona_id)
    talk(partner, s, ["What do you do?", "Which other groups are you part of?"])
    turn = partner.reply(s, "Could I introduce you to my accountant, Priya?")
    assert turn["meta"]["reply"] == "accept_offer" and turn["meta"]["topic"] is None
    assert "Priya" in turn["text"]  # it asks about the person offered...
    assert "who did you have in mind" not in turn["text"].lower()  # ...rather than who it is
    assert not any(line in turn["text"] for line in _topic_lines(persona_id))


def test_an_offer_with_nobody_named_asks_who(partner):
    s = partner.start("warm-connector")
    turn = partner.reply(s, "Let me know if there's anything I can do.")
    assert turn["meta"]["reply"] == "ask_who"
    assert "?" in turn["text"] and any(w in turn["text"].lower() for w in ("who", "what"))


def test_own_business_client_and_trigger_are_played_back(partner):
    s = partner.start("busy-sceptic")
    business, client, trigger = talk(
        partner,
        s,
        [
            "I run a bookkeeping firm for tradespeople.",
            "My ideal client is a builder with five to twenty staff who does their own books at night.",
            "If someone says 'I'm drowning in paperwork', that's my cue.",
        ],
    )
    assert "you run a bookkeeping firm for tradespeople" in business["text"]
    assert "your ideal client is a builder with five to twenty staff" in client["text"]
    assert '"I\'m drowning in paperwork"' in trigger["text"] and "think of you" in trigger["text"]
    assert s.memory.heard["trigger_phrases"].startswith("If someone says")


def test_swap_person_turns_the_users_words_round():
    assert (
        swap_person("I run my own firm and we love our clients")
        == "You run your own firm and you love your clients"
    )


def test_meeting_proposal_is_confirmed_with_its_time(partner):
    s = partner.start("shy-specialist")
    turn = partner.reply(s, "Let's meet again next Thursday at 9am.")
    assert turn["text"].startswith("Next Thursday at 9am works for me.")
    assert "next Thursday at 9am" in s.memory.next_step


def test_a_proposal_without_a_time_gets_asked_when(partner):
    s = partner.start("warm-connector")
    turn = partner.reply(s, "We should grab a coffee again soon.")
    assert turn["meta"]["reply"] in ("ask_time",)
    assert "?" in turn["text"]


def test_mixed_turn_answers_the_question_and_hears_the_trigger(partner):
    s = partner.start("warm-connector")
    persona = get_persona("warm-connector")
    turn = partner.reply(
        s,
        "Hi! I run a bookkeeping firm for builders, so listen out for 'my accounts are a mess'. "
        "Anyway, who is your ideal client?",
    )
    assert turn["meta"]["topic"] == "ideal_client" and turn["meta"]["revealed"] is True
    assert persona.lines["ideal_client"][0] in turn["text"]  # the main question is answered
    assert '"my accounts are a mess"' in turn["text"]  # the trigger is heard


@pytest.mark.parametrize(
    "text",
    [
        "How are you? Busy week?",
        "Did you watch the football last night?",
        "Can you recommend a good film?",
    ],
)
def test_talk_off_the_card_is_not_answered_from_the_card(partner, text):
    s = partner.start("new-member")
    turn = partner.reply(s, text)
    assert turn["meta"]["topic"] is None
    assert not any(line in turn["text"] for line in _topic_lines("new-member"))
    assert s.memory.revealed == []  # nothing from the card was given away


def test_a_sales_pitch_is_pushed_back_in_character(partner):
    s = partner.start("busy-sceptic")
    turn = partner.reply(s, "Would you be up for a demo of our job-management software? I can do you a deal.")
    assert turn["meta"]["reply"] == "decline_sales"
    assert not turn["text"].lower().startswith(("yes", "sure", "sounds good"))


@pytest.mark.parametrize("persona_id", [p.id for p in builtin_personas()])
def test_off_topic_replies_never_repeat(partner, persona_id):
    s = partner.start(persona_id)
    replies = talk(
        partner,
        s,
        [
            "Did you watch the football?",
            "Where did you grow up?",
            "What's your favourite film?",
            "Do you like cooking?",
            "What car do you drive?",
        ],
    )
    texts = [r["text"] for r in replies]
    assert len(set(texts)) == len(texts)
