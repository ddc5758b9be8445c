"""The language helpers drafting added to the shared layer: casing, verb forms and person, word overlap."""

from __future__ import annotations

import pytest

from app.core.language.casing import name_case, sentence_case, shouting, title_case, title_cased
from app.core.language.contractions import contract
from app.core.language.inflect import add_you, address, gerund_phrase
from app.core.language.tense import tense_marker
from app.core.language.wording import mentions, stem


@pytest.mark.parametrize(
    "typed,written",
    [
        ("grace", "Grace"),
        ("lee chan", "Lee Chan"),
        ("LEE CHAN", "Lee Chan"),
        ("van der Berg", "van der Berg"),
        ("o'neil", "O'Neil"),
        ("mary-jane smith", "Mary-Jane Smith"),
    ],
)
def test_names_are_written_properly_whatever_case_they_were_typed_in(typed, written):
    assert name_case(typed) == written


def test_title_case_and_capitals_are_recognised_and_lowered():
    assert title_cased("Was Hiring Two Welders") and not title_cased("was hiring two welders")
    assert shouting("WON THE TENDER") and not shouting("BNI")
    assert sentence_case("Moving Into A Unit In Otley") == "moving into a unit in Otley"
    assert title_case("acme plumbing and heating") == "Acme Plumbing and Heating"


@pytest.mark.parametrize(
    "note,clause",
    [
        ("has just opened a second shop", "you've just opened a second shop"),
        ("was hiring two welders", "you were hiring two welders"),
        ("runs a bakery and coaches netball", "you run a bakery and coach netball"),
        ("has three kids under five", "you have three kids under five"),
        ("keeps chickens on his allotment", "you keep chickens on your allotment"),
        ("second bakery in Solihull", None),
    ],
)
def test_a_note_without_a_subject_is_addressed_to_them(note, clause):
    assert add_you(note) == clause


@pytest.mark.parametrize(
    "note,gerund",
    [
        ("just opened a pop-up shop", "opening a pop-up shop"),
        ("won the tender", "winning the tender"),
        ("has recently moved office", "moving office"),
    ],
)
def test_gerunds_for_congratulations(note, gerund):
    assert gerund_phrase(note) == gerund


def test_third_person_turns_to_second_until_a_relative_is_named():
    assert address("his pricing is too low") == "your pricing is too low"
    assert address("her daughter started and she loves it") == "your daughter started and she loves it"
    assert address("a buyer turned down by their bank") == "a buyer turned down by their bank"


@pytest.mark.parametrize(
    "text,tense",
    [
        ("will open in May", "future"),
        ("was hiring", "past"),
        ("runs a bakery", None),
        ("has just opened", "past"),
    ],
)
def test_tense_markers(text, tense):
    assert tense_marker(text) == tense


def test_contractions_keep_sentence_capitals():
    assert (
        contract("It would not be a sales meeting. I am sure I will see you.")
        == "It wouldn't be a sales meeting. I'm sure I'll see you."
    )
    assert contract("That is who you are.") == "That's who you are."


def test_word_overlap_survives_light_rewording():
    assert stem("daughters") == stem("daughter") and stem("sailing") == "sail"
    assert mentions("Your daughters have started at Leeds", "her daughter started at Leeds University")[0]
