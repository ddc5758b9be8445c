"""The partner reads what a turn does when the classifier's best guess misses it: proposals, offers,
questions inside statements, sales moves and recall questions, and the replies that follow."""

from __future__ import annotations

import pytest
from rp_talk import talk

from app.core.language import SELLING_ACTS
from app.core.roleplay.memory import Memory
from app.core.roleplay.scripted import paraphrase, recall_line
from app.core.roleplay.understanding import offer_target, plain, trim_phrase, understand, when_of


def test_text_speak_is_spelled_out_for_the_partners_patterns():
    assert plain("we shud defo meet up again, r u free?") == "we should defo meet up again, are you free?"


def test_a_long_statement_that_ends_on_a_question_is_answered_as_the_question():
    read = understand(
        "Well I've been doing this fifteen years, started as an apprentice, went out on my own after the "
        "crash, it's been a rollercoaster but I wouldn't change it - anyway, enough about me, who are your "
        "ideal clients?"
    )
    assert read.act == "ask_ideal_client" and read.topic == "ideal_client"


def test_an_imperative_about_them_asks_rather_than_tells():
    read = understand("Describe for me the ideal person for me to refer to you - the situation they'd be in.")
    assert read.act.startswith("ask_") and not read.heard


@pytest.mark.parametrize(
    "text",
    [
        "Not your clients - I mean the contacts. Who'd you love an intro to?",
        "Can I book you in for a free demo of our software?",
        "We should get our diaries out and find a date for lunch.",
        "What do you do? I could sort your website out for you, mates rates.",
    ],
)
def test_a_sales_move_is_the_shared_readings_call(text):
    # The coach counts selling from the shared reading; the partner must push back on exactly the same turns.
    read = understand(text)
    shared = any(u.act in SELLING_ACTS for u in read.reading.units) if read.reading else False
    assert read.selling is shared


def test_a_question_the_words_name_beats_an_unsure_guess():
    assert understand("What do people come to you for advice on?").topic == "skills"
    assert (
        understand("Apart from our Thursday mornings, where else do you go to meet people?").topic
        == "networks"
    )
    assert understand("What's the perfect introduction I could make for you?").topic == "ideal_referral"
    assert understand("Is there anything you're an expert in that I wouldn't guess?").topic == "skills"


def test_a_sure_guess_is_not_overruled_by_a_word():
    # "clients" names ideal_client, but the classifier is sure this asks about triggers.
    read = understand("What do your clients usually say just before they call you?")
    assert read.topic == "trigger_phrases"


def test_a_guarded_persona_answers_a_question_that_names_its_topic(partner):
    s = partner.start("sceptical-manufacturer")
    turn = partner.reply(
        s,
        "I'm not asking who your clients are in general - I mean who should I actually be referring to you?",
    )
    assert turn["meta"]["reply"] == "topic:ideal_referral"


@pytest.mark.parametrize(
    "text",
    [
        "If we met again in a year, what would you want to tell me you'd done?",
        "Remind me, what did you say you do?",
    ],
)
def test_a_question_about_the_partner_is_not_a_recall_question(text):
    assert understand(text).act != "recall_question"


@pytest.mark.parametrize(
    "text", ["Remind me what I said I did?", "What was the phrase I asked you to listen out for?"]
)
def test_a_question_about_what_the_user_said_is_recall(text):
    assert understand(text).act == "recall_question"


def test_a_follow_up_on_a_referral_is_not_recall():
    assert understand("Did you ever follow up on the contact I told you about?").act != "recall_question"


@pytest.mark.parametrize(
    "text",
    [
        "we shud defo meet up again",
        "Would you be up for meeting again?",
        "Can I pop round to your office some time to see how you work?",
        "Let's get something in the diary.",
        "I'd love to see your workshop sometime.",
        "It'd be good to do a three-way meeting with my accountant at some point.",
    ],
)
def test_a_plan_to_meet_without_a_time_gets_asked_when(partner, text):
    s = partner.start("busy-sceptic")
    turn = partner.reply(s, text)
    assert turn["meta"]["reply"] == "ask_time"


def test_a_text_speak_proposal_with_a_time_is_confirmed_with_it(partner):
    s = partner.start("generous-physio")
    turn = partner.reply(s, "are u free thurs at 9 for a call?")
    assert turn["meta"]["reply"] == "confirm_time" and "thurs at 9" in turn["text"].lower()


def test_a_month_in_a_plan_is_its_time(partner):
    assert when_of("Let's put a follow-up in the diary for the first week of March.") == (
        "the first week of March"
    )
    assert when_of("We may meet again.") is None  # "may" the verb is no month
    s = partner.start("came-to-sell")
    turn = partner.reply(s, "Let's put a follow-up in the diary for the first week of March.")
    assert turn["meta"]["reply"] == "confirm_time" and "March" in turn["text"]


@pytest.mark.parametrize(
    ("text", "kind", "what"),
    [
        ("let me intro u to jess at the bakery, she's looking for someone like u", "person", "jess"),
        (
            "Fancy coming to the Rotary dinner with me? I've got a spare ticket.",
            "invite",
            "the Rotary dinner",
        ),
        ("I'll forward you the guide on lease breaks that our solicitor wrote.", "thing", "the guide"),
        (
            "I'll share the spreadsheet of local landlords with you.",
            "thing",
            "the spreadsheet of local landlords",
        ),
        ("You'd get on with my cousin Mark - I'll put you in touch.", "person", "my cousin, Mark"),
        ("You must meet my mate Gareth - he runs the gym on Mill Lane.", "person", "my mate Gareth"),
        ("I can get you an invite to the awards night.", "invite", "the awards night"),
        ("Would it help if I sent you our supplier list?", "thing", "our supplier list"),
    ],
)
def test_offers_say_who_or_what(text, kind, what):
    assert offer_target(text) == (kind, what)


def test_a_phrase_keeps_that_after_a_preposition():
    assert trim_phrase("the link to that checklist I mentioned") == "the link to that checklist"
    assert trim_phrase("a vet that loves dogs") == "a vet"


@pytest.mark.parametrize(
    ("persona_id", "text", "word"),
    [
        (
            "generous-physio",
            "Would you like to come along to the Chamber breakfast next month as my guest?",
            "Chamber",
        ),
        ("eager-fundraiser", "Fancy coming to the Rotary dinner with me? I've got a spare ticket.", "Rotary"),
        ("new-member", "You should meet Colin at the incubator, he'd love what you do.", "Colin"),
        ("over-talker", "I'll send you the link to that checklist I mentioned.", "checklist"),
        (
            "busy-sceptic",
            "I'll share the spreadsheet of local landlords with you if that helps.",
            "spreadsheet",
        ),
    ],
)
def test_a_concrete_offer_is_taken_up_naming_it(partner, persona_id, text, word):
    s = partner.start(persona_id)
    turn = partner.reply(s, text)
    assert turn["meta"]["reply"] == "accept_offer" and word in turn["text"]


@pytest.mark.parametrize(
    "text",
    ["How can I help you?", "What can I do for you, then?", "I know loads of people who might need you."],
)
def test_an_open_offer_of_help_is_met_with_who(partner, text):
    s = partner.start("blunt-driving-instructor")
    assert partner.reply(s, text)["meta"]["reply"] == "ask_who"


def test_only_function_words_is_unclear(partner):
    s = partner.start("new-member")
    assert partner.reply(s, "the the the and")["meta"]["reply"] == "clarify"


def test_hello_with_thanks_for_coming_is_a_greeting_first_and_thanks_later(partner):
    s = partner.start("warm-connector")
    assert partner.reply(s, "Morning! Thanks for coming all this way.")["meta"]["reply"] == "greet"
    talk(partner, s, ["What do you do?"])
    assert partner.reply(s, "Thanks so much, that's really helpful.")["meta"]["reply"] == "thanks_back"


def test_recall_of_clients_is_answered_from_what_they_said_about_their_business(partner):
    s = partner.start("over-talker")
    talk(partner, s, ["I do bookkeeping for builders and plumbers with up to ten staff."])
    turn = partner.reply(s, "What did I say my ideal client was?")
    assert turn["meta"]["reply"] == "recall" and "builders" in turn["text"]


def test_recall_topic_comes_from_the_question_not_its_lead_in(partner):
    s = partner.start("new-member")
    talk(partner, s, ["I fit kitchens for landlords with big rental portfolios."])
    turn = partner.reply(s, "Just checking you were listening: who did I say I work with?")
    assert "landlords" in turn["text"]


def test_recall_does_not_invent_an_unrelated_topic():
    memory = Memory(heard={"business": "I fit kitchens."})
    assert recall_line("trigger_phrases", memory) is None
    assert recall_line("ideal_client", memory) == "You said you fit kitchens."


def test_playback_drops_an_about_me_lead_in():
    said = paraphrase("So, about me - I'm an architect, I do house extensions in the Peak District.")
    assert said is not None and said.startswith("you're an architect") and "extensions" in said
