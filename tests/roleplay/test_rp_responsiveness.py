"""The scripted partner reacts to what was actually said: offers, proposals, the user's own business, mixed and off-topic turns."""

from __future__ import annotations

import pytest
from conftest import talk

from app.core.roleplay import get_persona
from app.core.roleplay.analysis import analyse, offer_target
from app.core.roleplay.personas import builtin_personas
from app.core.roleplay.scripted import swap_person


def _topic_lines(persona_id: str) -> list[str]:
    """Every card-topic line the persona has (what a mis-routed reply would contain)."""
    persona = get_persona(persona_id)
    keys = ("business", "ideal_client", "ideal_referral", "trigger_phrases", "how_to_refer", "want_to_meet",
            "goals", "accomplishments", "interests", "networks", "skills", "not_a_fit")
    return [line for k in keys for line in persona.lines.get(k, [])]


@pytest.mark.parametrize("text,kind,who", [
    ("Could I introduce you to my accountant, Priya?", "person", "my accountant, Priya"),
    ("I know a vet who'd love to meet you - shall I connect you?", "person", "a vet"),
    ("Is there anything I can help you with?", "open", None),
    ("Would you like to come to my chamber of commerce breakfast next month?", "invite", None),
    ("I know someone you should meet.", "unnamed", None),
])
def test_offers_in_any_phrasing_are_offers(text, kind, who):
    assert analyse(text).intent == "offer_help"
    found = offer_target(text)
    assert found[0] == kind and (who is None or found[1] == who)


def test_how_should_i_introduce_you_is_a_question_not_an_offer():
    a = analyse("How should I introduce you?")
    assert a.intent == "how_to_refer" and "offer_help" not in a.extras


@pytest.mark.parametrize("persona_id", [p.id for p in builtin_personas()])
def test_named_offer_is_thanked_and_asked_about_not_answered_from_the_card(partner, persona_id):
    s = partner.start(persona_id)
    talk(partner, s, ["What do you do?", "Which other groups are you part of?"])
    turn = partner.reply(s, "Could I introduce you to my accountant, Priya?")
    assert turn["meta"]["intent"] == "offer_help" and turn["meta"]["topic"] is None
    assert "Priya" in turn["text"]  # it asks about the person offered...
    assert "who did you have in mind" not in turn["text"].lower()  # ...rather than who it is
    assert not any(line in turn["text"] for line in _topic_lines(persona_id))


def test_unnamed_offer_asks_who(partner):
    s = partner.start("warm-connector")
    turn = partner.reply(s, "I know someone you should meet.")
    assert "who" in turn["text"].lower() and "?" in turn["text"]


def test_own_business_client_and_trigger_are_played_back(partner):
    s = partner.start("busy-sceptic")
    business, client, trigger = talk(partner, s, [
        "I run a bookkeeping firm for tradespeople.",
        "My ideal client is a builder with five to twenty staff who does their own books at night.",
        "If someone says they're drowning in paperwork, that's my cue.",
    ])
    assert "you run a bookkeeping firm for tradespeople" in business["text"]
    assert "your ideal client is a builder with five to twenty staff" in client["text"]
    assert "they're drowning in paperwork" in trigger["text"] and "think of you" in trigger["text"]
    assert s.memory["heard"]["trigger_phrases"].startswith("If someone says")


def test_swap_person_turns_the_users_words_round():
    assert swap_person("I run my own firm and we love our clients") == "You run your own firm and you love your clients"


def test_meeting_proposal_is_confirmed_with_its_time(partner):
    s = partner.start("shy-specialist")
    turn = partner.reply(s, "Let's meet again next Thursday at 9am.")
    assert turn["text"].startswith("Next Thursday at 9am works for me.")
    assert "next Thursday at 9am" in s.memory["next_step"]


def test_mixed_turn_answers_the_question_and_acknowledges_the_rest(partner):
    s = partner.start("warm-connector")
    persona = get_persona("warm-connector")
    turn = partner.reply(s, "Hi! Great meeting this morning. I run a bookkeeping firm for builders, so listen out for "
                            "'my accounts are a mess'. Anyway, who is your ideal client? And I could introduce you to "
                            "my neighbour who has three dogs.")
    assert turn["meta"]["topic"] == "ideal_client" and turn["meta"]["revealed"] is True
    assert persona.lines["ideal_client"][0] in turn["text"]  # the main question is answered
    assert '"my accounts are a mess"' in turn["text"]  # the trigger is heard
    assert turn["meta"]["intent"] != "closing" and "closing" not in analyse("Great meeting this morning.").extras


@pytest.mark.parametrize("text,intent", [
    ("How are you? Busy week?", "small_talk"),
    ("Great turnout at the meeting this morning, wasn't it?", "event"),
    ("What did you think of the speaker today?", "event"),
    ("How long have you been in the group? Has it worked for you?", "group"),
    ("Did you watch the football last night?", "off_topic"),
    ("Where did you grow up?", "off_topic"),
])
def test_talk_off_the_card_is_not_answered_from_the_card(partner, text, intent):
    s = partner.start("new-member")
    turn = partner.reply(s, text)
    assert turn["meta"]["intent"] == intent and turn["meta"]["topic"] is None
    assert not any(line in turn["text"] for line in _topic_lines("new-member"))
    assert s.memory["revealed"] == []  # nothing from the card was given away


def test_group_experience_stays_in_character(partner):
    s = partner.start("new-member")
    turn = partner.reply(s, "How long have you been in the group?")
    assert turn["text"].startswith(get_persona("new-member").lines["group"][0])
    assert "second meeting" in turn["text"]  # a brand-new member does not claim years of membership


def test_vague_personal_question_is_not_met_with_a_referral_deflection(partner):
    s = partner.start("busy-sceptic")
    turn = partner.reply(s, "So what's going on for you these days, any plans?")
    assert not any(line in turn["text"] for line in get_persona("busy-sceptic").lines["deflect"])


def test_card_built_line_is_not_a_third_person_repeat(partner):
    s = partner.start("new-member")
    replies = talk(partner, s, ["What are your goals for this year?", "What are you working towards?"])
    assert "so Jordan can" not in replies[1]["text"]
    assert replies[1]["text"].startswith("Like I said:")


@pytest.mark.parametrize("persona_id", [p.id for p in builtin_personas()])
def test_off_topic_replies_never_repeat(partner, persona_id):
    s = partner.start(persona_id)
    replies = talk(partner, s, ["Did you watch the football?", "Where did you grow up?", "What's your favourite film?",
                                "Do you like cooking?", "What car do you drive?"])
    texts = [r["text"] for r in replies]
    assert len(set(texts)) == len(texts)
