"""The language layer's rule parts: spans, units, questions, person, negation scope, person swap, times."""

from __future__ import annotations

import pytest

from app.core.language import (
    asks,
    has_time,
    is_question,
    negated,
    normalise,
    sentence_spans,
    swap_person,
    time_mentions,
    units,
    when_phrase,
)
from app.core.language.grammar import first_person, second_person, tagged_statement


def test_sentence_spans_are_exact_substrings_and_keep_abbreviations_whole():
    text = "I help builders, e.g. roofers.  Who do you work with?\nThanks!"
    spans = sentence_spans(text)
    pieces = [text[a:b] for a, b in spans]
    assert pieces == ["I help builders, e.g. roofers.", "Who do you work with?", "Thanks!"]


def test_a_short_self_question_is_read_with_its_answer():
    text = "My ideal client? Care homes with 40-plus beds. What about you?"
    got = [u.text for u in units(text)]
    assert got == ["My ideal client? Care homes with 40-plus beds.", "What about you?"]
    # A real question to the other person is not merged with what follows.
    assert [u.text for u in units("What do you do? I fit kitchens.")] == [
        "What do you do?",
        "I fit kitchens.",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("what do you do", True),
        ("walk me through a normal week", True),
        ("i've got three kids, you know?", False),
        ("you've got kids, right?", True),
        ("i run a bakery.", False),
        ("no, i mean can i put you in touch with dev?", True),
    ],
)
def test_asks(line: str, expected: bool):
    assert asks(line) is expected


def test_tagged_statement_is_not_a_question():
    assert tagged_statement("i've got three kids, you know?")
    assert not is_question("i've got three kids, you know?")


def test_person():
    assert first_person("we fit kitchens") and not second_person("we fit kitchens")
    assert second_person("what do u do") and not first_person("what do u do")


@pytest.mark.parametrize(
    ("line", "near", "expected"),
    [
        ("i'm not going to introduce you to anyone", "introduce", True),
        ("i don't know anyone there but i can introduce you to jo", "introduce", False),
        ("no, i mean can i put you in touch with dev?", "put you in touch", False),
        ("i never send referrals to people i haven't met", "send", True),
    ],
)
def test_negation_scope(line: str, near: str, expected: bool):
    assert negated(line, near=near) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I could save you thousands", "You could save me thousands"),
        ("I was hoping my clients could meet you.", "You were hoping your clients could meet me."),
        (
            "If you hear someone moan, that's when you send them to me",
            "If I hear someone moan, that's when I send them to you",
        ),
        ("It was fun", "It was fun"),
    ],
)
def test_swap_person_turns_both_ways(text: str, expected: str):
    assert swap_person(text) == expected


def test_time_expressions():
    assert [m.text for m in time_mentions("Coffee next Tuesday at 9am?")] == ["next Tuesday", "9am"]
    assert when_phrase("Shall we do Thursday the 12th at 8, same cafe?") == "Thursday the 12th at 8"
    assert not has_time("lunch at the market with a friend")
    assert not has_time("see you next time")
    assert has_time("I'll email it by Friday")


def test_normalise_makes_quotes_and_dashes_plain():
    assert normalise("It\u2019s  \u201cgreat\u201d \u2013 really") == 'it\'s "great" - really'
