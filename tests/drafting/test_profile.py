"""Profile validation, files, the saved profile, and the message when there is none."""

from __future__ import annotations

import json

import pytest
import yaml

from app.core.drafting import (
    EXAMPLE_YAML,
    load_profile_file,
    require_profile,
    save_profile,
    saved_profile,
    set_field,
    validate_profile,
)
from app.core.errors import InputError


def test_example_yaml_is_a_valid_full_profile():
    profile = validate_profile(yaml.safe_load(EXAMPLE_YAML))
    assert profile.name == "Jane Smith"
    assert len(profile.trigger_phrases) == 3 and profile.scheduling_link.startswith("https://")
    assert "\n" in profile.signature  # multi-line signature kept


def test_every_problem_is_named_in_one_message():
    with pytest.raises(InputError) as err:
        validate_profile(
            {
                "nmae": "Jane",
                "trigger_phrases": {"a": 1},
                "business": ["x"],
                "colour": "red",
                "scheduling_link": "cal.example.com",
                "email": "not-an-email",
            }
        )
    msg = str(err.value)
    for part in (
        "unknown keys colour, nmae",
        "trigger_phrases must be a list",
        "business must be text",
        "name is required",
        "scheduling_link must be a web address",
        "email 'not-an-email'",
    ):
        assert part in msg


def test_lists_accept_semicolon_or_line_separated_text():
    profile = validate_profile(
        {
            "name": "Jane",
            "trigger_phrases": "drowning in paperwork; books on Sunday",
            "want_to_meet": "brokers\nmerchants",
        }
    )
    assert profile.trigger_phrases == ["drowning in paperwork", "books on Sunday"]
    assert profile.want_to_meet == ["brokers", "merchants"]


def test_placeholders_in_the_profile_are_refused():
    with pytest.raises(InputError, match="placeholder"):
        validate_profile({"name": "Jane", "story": "Client [X] saved time"})


def test_load_yaml_and_json_files(tmp_path):
    y = tmp_path / "me.yaml"
    y.write_text("name: Jane\nbusiness: Smith & Co\n", encoding="utf-8")
    j = tmp_path / "me.json"
    j.write_text(json.dumps({"name": "Ann", "want_to_meet": ["brokers"]}), encoding="utf-8")
    assert load_profile_file(y).business == "Smith & Co"
    assert load_profile_file(j).want_to_meet == ["brokers"]


@pytest.mark.parametrize(
    "content,match",
    [("name: [unclosed", "not valid YAML near line 1"), ("", "empty"), ("- just\n- a list\n", "mapping")],
)
def test_bad_files_give_one_clear_error(tmp_path, content, match):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=match):
        load_profile_file(path)


def test_missing_file_and_missing_profile_say_what_to_do(tmp_path, store):
    with pytest.raises(InputError, match="No profile file"):
        load_profile_file(tmp_path / "nope.yaml")
    with pytest.raises(InputError) as err:
        require_profile(store)
    assert "coach profile init" in str(err.value) and "Refer-me kit page" in str(err.value)


def test_save_set_and_reload(store):
    with pytest.raises(InputError, match="profile set name"):
        set_field(store, "business", "Smith & Co")
    set_field(store, "name", "Jane Smith")
    set_field(store, "want_to_meet", "brokers; merchants")
    profile = saved_profile(store)
    assert profile.name == "Jane Smith" and profile.want_to_meet == ["brokers", "merchants"]
    with pytest.raises(InputError, match="Unknown profile key 'colour'"):
        set_field(store, "colour", "red")
    with pytest.raises(InputError, match="name is required"):
        set_field(store, "name", "")
    assert saved_profile(store).name == "Jane Smith"  # a rejected change loses nothing
    profile.business = "Smith & Co"
    save_profile(store, profile)
    assert require_profile(store).business == "Smith & Co"
