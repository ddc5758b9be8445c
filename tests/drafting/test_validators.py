"""Each validator on its own: it passes good text and names the failure on bad text."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.core.drafting import validators as v

SLOTS = [datetime(2025, 3, 18, 10, 0), datetime(2025, 3, 20, 15, 0)]


def test_name_uses_first_name_or_full_name():
    assert v.check_name("Hi Sam, thanks", "Dr Sam Patel") is None
    assert v.check_name("Hello there", "Sam Patel").name == "missing_name"


def test_detail_key_phrase_allows_rephrasing_but_not_a_vague_nod():
    detail = "his daughter is starting at Leeds University in September"
    assert (
        v.check_phrase(
            "Good luck to your daughter starting at Leeds University this September",
            detail,
            "missing_detail",
            "the detail",
        )
        is None
    )
    vague = v.check_phrase("Good luck with the family news!", detail, "missing_detail", "the detail")
    assert vague is not None and vague.name == "missing_detail" and "daughter" in vague.message


@pytest.mark.parametrize(
    "text",
    [
        "Hi [Name], great",
        "Thanks {first_name}",
        "See <link> here",
        "TODO: add",
        "XXX",
        "Please insert your link",
        "Hi ___,",
    ],
)
def test_placeholders_are_caught(text):
    failure = v.check_placeholders(text)
    assert failure is not None and failure.name == "placeholder"


def test_plain_text_has_no_placeholder():
    assert v.check_placeholders("Would Tuesday 18 March at 10:00 suit you for a 1-2-1?") is None


@pytest.mark.parametrize(
    "text",
    [
        "Our packages start at £99.",
        "I can give you 20% off.",
        "A special offer for you",
        "Happy to quote for the work.",
        "Our services include payroll.",
        "Buy now",
    ],
)
def test_pitch_is_caught(text):
    failure = v.check_pitch(text, [])
    assert failure is not None and failure.name == "pitch"


def test_pitch_ignores_hospitality_and_the_users_own_words():
    assert v.check_pitch("Can I buy you a coffee next week?", []) is None
    detail = "he wants a quote for new windows"
    assert v.check_pitch(f"You mentioned that {detail}.", [detail]) is None


def test_invitation_needs_exactly_one_ask_with_both_times():
    good = "Great to meet you. Would Tuesday 18 March at 10:00 or Thursday 20 March at 3pm suit you?"
    assert v.check_ask(good, SLOTS, "") is None
    two_asks = "How was the rest of the event? Would Tue 10am or Thu 3pm suit you?"
    assert v.check_ask(two_asks, SLOTS, "").name == "ask_count"
    one_time = "Would Tuesday at 10:00 suit you?"
    assert v.check_ask(one_time, SLOTS, "").name == "no_time_options"
    assert v.check_ask("No ask at all.", SLOTS, "").name == "ask_count"


def test_invitation_with_a_link_counts_the_link_sentence_as_the_ask():
    link = "https://cal.example.com/jane?month=3"
    assert v.check_ask(f"Pick any hour that suits you here: {link}", [], link) is None
    assert (
        v.check_ask("Pick any hour that suits you here: https://other.example.com", [], link).name
        == "no_time_options"
    )


def test_email_needs_subject_and_signoff_with_my_name():
    assert v.check_subject("").name == "no_subject"
    assert v.check_subject("Good to meet you") is None
    assert v.check_signoff("Hi Sam,\n\nThanks.\n\nWarm wishes,\nJane Smith", "Jane Smith") is None
    assert v.check_signoff("Hi Sam,\n\nThanks.", "Jane Smith").name == "no_signoff"


def test_channel_limits():
    assert v.check_limit("x" * 200, "linkedin-note") is None  # a free account's invitation note
    assert v.check_limit("x" * 201, "linkedin-note").name == "too_long_for_channel"
    assert v.check_limit("x" * 300, "linkedin-note-paid") is None
    assert v.check_limit("x" * 306, "sms") is None  # two text messages
    assert v.check_limit("x" * 307, "sms").name == "too_long_for_channel"
    assert v.check_limit("\u2019" * 134, "sms") is None  # a curly quote makes every character count double
    assert v.check_limit("\u2019" * 135, "sms").name == "too_long_for_channel"
    assert v.check_limit("x" * 5000, "email") is None


def test_word_limit_applies_to_long_channels_only():
    long_body = "word " * 150
    assert v.check_words(long_body, "short", "email").name == "too_many_words"
    assert v.check_words(long_body, "medium", "email") is None
    assert v.check_words(long_body, "short", "sms") is None


def test_invented_links_and_numbers_are_caught():
    allowed = ["Sam Patel", "Tuesday 18 March at 10:00"]
    assert v.check_invented("See you Tuesday 18 March at 10:00", allowed) is None
    assert v.check_invented("I have helped 250 firms", allowed).name == "invented_number"
    assert v.check_invented("More at https://spam.example.com", allowed).name == "invented_link"


def test_validate_message_reports_every_failure_by_name():
    fails = v.validate_message(
        subject="",
        text="Hi there [Name], our services include payroll.",
        body="our services include payroll.",
        channel="email",
        goal="invite-121",
        length="short",
        contact="Sam Patel",
        detail="loves sailing",
        promised="",
        learned="",
        next_step="",
        my_name="Jane Smith",
        slots=SLOTS,
        link="",
        user_texts=[],
    )
    names = {f.name for f in fails}
    assert {
        "missing_name",
        "missing_detail",
        "ask_count",
        "no_subject",
        "no_signoff",
        "placeholder",
        "pitch",
    } <= names


def test_names_must_come_from_the_inputs():
    allowed = ["Sam Patel", "Leeds Chamber breakfast", "loves sailing in Whitby"]
    assert (
        v.check_names(
            "Hi Sam, great to meet you at the Leeds Chamber breakfast on Tuesday. Whitby sounds lovely.",
            allowed,
        )
        is None
    )
    fail = v.check_names("You also know Tom Hardy from the Rotary club.", allowed)
    assert fail is not None and fail.name == "invented_name" and "Tom" in fail.message


def test_echo_of_instructions_is_caught_but_the_users_words_are_not():
    instructions = ["Thank them for the conversation and offer something useful; no request for a meeting."]
    user = ["thank them for the conversation and offer a cup of tea"]
    assert (
        v.check_echo("Thank them for the conversation and offer something useful.", instructions, []).name
        == "echoed_instructions"
    )
    assert (
        v.check_echo("I will thank them for the conversation and offer a cup of tea.", instructions, user)
        is None
    )
    assert v.check_echo("Great to meet you yesterday.", instructions, []) is None
