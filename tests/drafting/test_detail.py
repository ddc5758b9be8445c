"""Understanding the detail before writing it: who it is about, what kind it is, its tense, its forms."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from app.core.drafting.detail import KINDS, clean_case, understand, understand_many
from app.core.drafting.detail_model import CORPUS_FILE, MODEL_FILE, DetailModel


@pytest.mark.parametrize(
    "detail,about,kind",
    [
        ("I offered to look at his pricing", "me", "promise"),
        ("we both love fell running", "both", "shared_interest"),
        ("his pricing is too low", "them", "problem"),
        ("looking for a reliable joiner", "them", "request"),
        ("nice guy", "them", "unusable"),
        ("n/a", "them", "unusable"),
    ],
)
def test_who_and_what_kind(detail, about, kind):
    d = understand(detail)
    assert (d.about, d.kind) == (about, kind)


@pytest.mark.parametrize(
    "detail,tense",
    [
        ("will be exhibiting at the spring fair", "future"),
        ("was hiring two welders", "past"),
        ("she has just opened a second branch", "past"),
        ("is going to open a shop next year", "future"),
    ],
)
def test_tense_from_verb_forms(detail, tense):
    assert understand(detail).tense == tense


@pytest.mark.parametrize(
    "detail,clause",
    [
        ("his pricing is too low", "your pricing is too low"),
        ("Was Hiring Two Welders", "you were hiring two welders"),
        ("opening a second bakery in Solihull", "you're opening a second bakery in Solihull"),
        ("I offered to look at his pricing", "I offered to look at your pricing"),
        ("she has just opened a second branch", "you have just opened a second branch"),
        ("Sam is moving office in May", "you are moving office in May"),
    ],
)
def test_the_detail_becomes_a_clause_from_my_side(detail, clause):
    assert understand(detail, contact_first="Sam").clause == clause


def test_a_promise_gives_what_i_said_i_would_do():
    assert (
        understand("I said I'd send her the cash-flow checklist").promise
        == "send you the cash-flow checklist"
    )


@pytest.mark.parametrize(
    "typed,clean",
    [
        ("Was Hiring Two Welders", "was hiring two welders"),
        ("OPENING A SECOND BAKERY IN SOLIHULL", "opening a second bakery in Solihull"),
        ("Has A Daughter At Durham University", "has a daughter at Durham University"),
        ("Needs A Copywriter For The NHS Trust", "needs a copywriter for the NHS trust"),
        (
            "her daughter is at Leeds University",
            "her daughter is at Leeds University",
        ),  # ordinary typing is kept
    ],
)
def test_title_case_and_capitals_become_sentence_case(typed, clean):
    assert clean_case(typed) == clean


def test_an_unusable_detail_is_warned_about_with_the_reason():
    d = understand("nice guy")
    assert not d.usable and "nice guy" in d.warnings[0] and "add something they told you" in d.warnings[0]


def test_a_sensitive_detail_is_flagged():
    d = understand("her mum is in hospital at the moment")
    assert d.sensitive and any("sensitive" in w for w in d.warnings)


def test_many_details_are_understood_in_one_batch_in_order():
    got = understand_many(["we both love fell running", "nice guy", "I'll send the link to the grant scheme"])
    assert [d.kind for d in got] == ["shared_interest", "unusable", "promise"]


def test_the_training_corpus_has_forty_examples_of_every_kind_and_valid_labels():
    data = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))["kinds"]
    assert set(data) == set(KINDS)
    for kind, rows in data.items():
        assert len(rows) >= 40, kind
        for text, about, tense in rows:
            assert about in ("them", "me", "both", "event") and tense in ("past", "present", "future"), text


def test_the_shipped_model_matches_its_labels_and_corpus():
    model = DetailModel(MODEL_FILE)
    assert set(model.labels["kind"]) == set(KINDS)
    assert model.meta["examples"] >= 360 and model.meta["scores"]["kind"]["cv_accuracy"] > 0.75


def test_the_runtime_model_needs_numpy_only():
    source = (
        Path(__file__).resolve().parents[2] / "app" / "core" / "drafting" / "detail_model.py"
    ).read_text()
    imported = {
        n.names[0].name.split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import)
    }
    imported |= {
        n.module.split(".")[0]
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.ImportFrom) and n.module
    }
    assert not imported & {"sklearn", "scipy", "torch"}
