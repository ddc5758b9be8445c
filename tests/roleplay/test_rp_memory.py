"""The partner remembers the conversation: recall from the user's own words, no re-asking, no repeats."""

from __future__ import annotations

import pytest
from rp_talk import talk

from app.core.language import read
from app.core.roleplay.memory import new_memory, normalise_memory, remember
from app.core.roleplay.personas import builtin_personas, get_persona

# The user's own topics as a question back would ask about them.
ASKS_USER = {
    "ask_business": "business",
    "ask_ideal_client": "ideal_client",
    "ask_triggers": "trigger_phrases",
}

TOLD = [
    "I run a bookkeeping firm in Leeds.",
    "My ideal client is a family-run care home with 30 to 60 beds that's just had a bad inspection.",
    "If you hear a manager say 'the CQC are coming back in a month', that's when they need me.",
]


def test_a_recall_question_restates_the_users_own_words(partner):
    s = partner.start("warm-connector")
    talk(partner, s, TOLD)
    turn = partner.reply(s, "What did I say my ideal client was?")
    assert turn["meta"]["reply"] == "recall"
    assert "care home with 30 to 60 beds" in turn["text"]
    assert "your ideal client" in turn["text"]  # the user's words, turned to face them
    trig = partner.reply(s, "Remind me what I told you to listen for?")
    assert "the CQC are coming back in a month" in trig["text"]


def test_a_recall_question_about_something_never_said_says_so(partner):
    s = partner.start("busy-sceptic")
    turn = partner.reply(s, "What did I say my ideal client was?")
    assert turn["meta"]["reply"] == "recall"
    assert "you haven't" in turn["text"].lower() or "don't think you've" in turn["text"].lower()


@pytest.mark.parametrize("persona_id", [p.id for p in builtin_personas()])
def test_nothing_the_user_told_is_asked_again_in_a_long_session(partner, persona_id):
    s = partner.start(persona_id)
    lines = TOLD + [
        "k",
        "What do you do?",
        "ok",
        "Who are your best clients?",
        "right",
        "What are your goals?",
        "Tell me more",
        "mm",
        "What do you do outside work?",
        "Which groups are you in?",
        "ok",
        "What should I listen out for?",
        "How should I introduce you?",
        "Who would you like to meet?",
        "I see",
        "Tell me more",
        "What are you proud of?",
        "What are you good at?",
        "Who isn't a fit?",
        "k",
        "Anything else?",
        "Go on",
        "right",
        "fair enough",
        "ok",
        "cool",
        "sure",
    ]
    replies = talk(partner, s, lines)
    assert len(replies) == 30
    # Rhetorical questions inside the persona's own answers ("Why regular donors? ...") ask the user nothing.
    persona = get_persona(persona_id)
    card = " ".join(line for key, lines_ in persona.lines.items() if key != "questions" for line in lines_)
    for turn in replies[3:]:
        for u in read(turn["text"]).units:
            if u.question and u.text not in card:
                assert ASKS_USER.get(u.act) not in s.memory.heard, (persona_id, u.text)
    texts = [t["text"] for t in s.turns if t["speaker"] == "partner"]
    assert len(set(texts)) == len(texts)  # no line repeated within the session


def test_a_second_question_on_a_topic_gets_new_detail(partner):
    s = partner.start("warm-connector")
    first, second = talk(partner, s, ["Who's your ideal client?", "Tell me more about them?"])
    assert first["meta"]["topic"] == second["meta"]["topic"] == "ideal_client"
    assert second["text"] != first["text"] and s.memory.depth["ideal_client"] == 2


def test_a_backchannel_moves_on_and_is_not_praised(partner):
    s = partner.start("busy-sceptic")
    talk(partner, s, ["What do you do?"])
    turn = partner.reply(s, "k")
    assert turn["meta"]["reply"] == "continue"
    assert "useful" not in turn["text"].lower() and "?" in turn["text"]


def test_no_second_hello_mid_conversation(partner):
    s = partner.start("warm-connector")
    talk(partner, s, ["Hi!", "What do you do?", "Who are your clients?"])
    turn = partner.reply(s, "Hello again!")
    assert not turn["text"].lower().startswith(("hi", "hello", "hey", "lovely to see you"))


def test_what_was_just_offered_is_not_wished_for_again(partner):
    s = partner.start("warm-connector")
    talk(
        partner,
        s,
        ["I could introduce you to Ruth Okafor, a commercial property solicitor who talks in plain English."],
    )
    turn = partner.reply(s, "Who would you most like to meet?")
    assert "solicitor" not in turn["text"].lower() or "already offered" in turn["text"].lower()


def test_a_partner_who_is_not_buying_turns_down_a_demo(partner):
    s = partner.start("busy-sceptic")
    turn = partner.reply(s, "Can I book you in for a quick demo of our scheduling software next week?")
    assert turn["meta"]["reply"] == "decline_sales"


def test_memory_saved_by_an_older_version_loads_with_every_key():
    # An early memory_json: a few keys, a null where this version keeps a list, and a key it no longer knows.
    old = {"facts": {"business": "Dog grooming"}, "revealed": ["business"], "offers": None, "mood": "warm"}
    mem = normalise_memory(old)
    assert mem.facts == {"business": "Dog grooming"} and mem.revealed == ["business"]
    assert mem.offers == [] and mem.heard == {} and mem.next_step is None and mem.depth == {}
    assert mem.model_dump(mode="json")["mood"] == "warm"  # kept, so saving it again loses nothing
    assert normalise_memory(None) == new_memory()


def test_remember_returns_a_new_memory_and_leaves_the_old_one():
    before = new_memory()
    after = remember(before, topic_said="business", fact="Dog grooming", offer="an intro to Sam")
    assert before.revealed == [] and before.offers == []
    assert (
        after.revealed == ["business"]
        and after.depth == {"business": 1}
        and after.offers == ["an intro to Sam"]
    )
