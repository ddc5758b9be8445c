"""Persona cards: the built-in library, validation of bad cards, custom personas, and cards from free text."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from app.core.errors import InputError, NotFoundError
from app.core.llm import FakeChatModel
from app.core.roleplay import (
    delete_custom_persona,
    get_persona,
    list_personas,
    persona_from_dict,
    persona_from_text,
    save_custom_persona,
)
from app.core.roleplay.personas import PERSONAS_DIR, builtin_personas, load_persona_file
from app.core.roleplay.scripted import topic_lines
from app.core.roleplay.topics import GAINS, TOPICS


def _card() -> dict:
    return copy.deepcopy(get_persona("warm-connector").to_dict())


def test_builtin_library_is_varied_and_complete():
    personas = builtin_personas()
    assert len(personas) >= 8
    assert len({p.id for p in personas}) == len(personas)
    assert {p.difficulty for p in personas} == {"easy", "medium", "hard"}
    assert len({p.trade for p in personas}) == len(personas)
    for p in personas:
        assert p.trigger_phrases and p.want_to_meet and p.quirks
        assert set(p.gains) == set(GAINS) and all(p.gains.values())
        for topic in TOPICS:  # every topic has something to say, in the persona's voice first
            assert topic_lines(p, topic)[0]
        assert p.lines.get("questions"), f"{p.id} never asks questions back"


def test_required_archetypes_present():
    ids = {p.id for p in builtin_personas()}
    assert {
        "warm-connector",
        "busy-sceptic",
        "hates-networking",
        "came-to-sell",
        "new-member",
        "seasoned-followup",
    } <= ids
    assert "1-2-1" in get_persona("new-member").opening_line


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda c: c.pop("name"), "name"),
        (lambda c: c.update(difficulty="extreme"), "difficulty"),
        (lambda c: c.update(id="Bad Id!"), "id"),
        (lambda c: c.update(trigger_phrases=[]), "trigger_phrases"),
        (lambda c: c.update(trigger_phrases=[""]), "trigger_phrases"),
        (lambda c: c["gains"].pop("networks"), "networks"),
        (lambda c: c.update(gains="lots"), "gains"),
        (lambda c: c.update(lines={"weather": "sunny"}), "lines.weather"),
        (lambda c: c.update(lines={"business": [1, 2]}), "lines.business"),
        (lambda c: c.update(ideal_client="x" * 5000), "ideal_client"),
        (lambda c: c.update(asks_back_every=0), "asks_back_every"),
    ],
)
def test_bad_cards_name_the_field(change, field):
    card = _card()
    change(card)
    with pytest.raises(InputError) as err:
        persona_from_dict(card)
    assert field in str(err.value)


def test_not_a_mapping_is_rejected():
    with pytest.raises(InputError):
        persona_from_dict(["name", "business"])


def test_yaml_file_problems(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="broken.yaml"):
        load_persona_file(broken)
    renamed = tmp_path / "other-name.yaml"
    renamed.write_text((PERSONAS_DIR / "warm-connector.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="match the file name"):
        load_persona_file(renamed)


def test_unknown_persona_lists_valid_ids(store):
    with pytest.raises(NotFoundError) as err:
        get_persona("no-such-person", store)
    assert "warm-connector" in str(err.value) and "busy-sceptic" in str(err.value)


def test_custom_persona_create_edit_delete(store):
    card = _card()
    card.update(id="my-printer", name="Dana Whitfield", business="Inkwell Print", trade="printer", origin="")
    saved = save_custom_persona(store, card)
    assert saved.origin == "custom"
    assert get_persona("my-printer", store).name == "Dana Whitfield"
    card["business"] = "Inkwell Print and Signs"
    save_custom_persona(store, card)
    assert get_persona("my-printer", store).business == "Inkwell Print and Signs"
    assert [p.id for p in list_personas(store)].count("my-printer") == 1
    delete_custom_persona(store, "my-printer")
    with pytest.raises(NotFoundError):
        get_persona("my-printer", store)


def test_builtins_cannot_be_overwritten_or_deleted(store):
    with pytest.raises(InputError, match="built-in"):
        save_custom_persona(store, _card())
    with pytest.raises(InputError, match="built-in"):
        delete_custom_persona(store, "warm-connector")


def test_bad_custom_card_keeps_existing_data(store):
    card = _card()
    card.update(id="keeper", name="Kim Keeper")
    save_custom_persona(store, card)
    bad = dict(card, difficulty="impossible")
    with pytest.raises(InputError):
        save_custom_persona(store, bad)
    assert get_persona("keeper", store).difficulty == card["difficulty"]


def test_damaged_stored_card_is_skipped_not_fatal(store):
    store.save_persona("damaged", {"id": "damaged", "name": "No fields"})
    ids = [p.id for p in list_personas(store)]
    assert "damaged" not in ids and "warm-connector" in ids


def test_persona_from_text_builder_extracts_and_labels():
    p = persona_from_text(
        "Dana Whitfield runs Inkwell Print, a print shop on the high street. "
        "She works with restaurants and event organisers. Very busy and a bit sceptical."
    )
    assert p.name == "Dana Whitfield"
    assert p.business == "Inkwell Print"
    assert p.ideal_client == "restaurants and event organisers"
    assert p.difficulty == "hard"
    assert p.origin == "from text (built-in builder)"
    assert (
        persona_from_text("A friendly mortgage broker named Raj Patel who helps first-time buyers.").trade
        == "mortgage broker"
    )


def test_persona_from_text_with_model_is_validated():
    good = _card()
    good.update(name="Raj Patel", business="Patel Mortgages", trade="mortgage broker")
    model = FakeChatModel([json.dumps(good)])
    p = persona_from_text("Raj Patel is a mortgage broker who helps first-time buyers.", model)
    assert p.origin == "from text (model)" and p.business == "Patel Mortgages"
    assert model.history[0].kwargs["json_schema"]["required"]


@pytest.mark.parametrize(
    "reply, reason",
    [
        ("not json at all", "not valid JSON"),
        (json.dumps({"name": "Raj Patel", "difficulty": "extreme"}), "difficulty"),
        (json.dumps(dict(_card(), name="Someone Else")), "renamed"),
    ],
)
def test_persona_from_text_falls_back_honestly(reply, reason):
    p = persona_from_text(
        "Raj Patel is a mortgage broker who helps first-time buyers.", FakeChatModel([reply])
    )
    assert p.origin.startswith("from text (built-in builder)")
    assert reason in p.origin
    assert p.name == "Raj Patel"


@pytest.mark.parametrize("text", ["", "   ", "x" * 2500, None])
def test_persona_from_text_bad_input(text):
    with pytest.raises(InputError):
        persona_from_text(text)


def test_builtin_cards_are_plain_yaml_with_matching_ids():
    for path in PERSONAS_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["id"] == path.stem
