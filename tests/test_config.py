"""Settings: one precedence rule, default-engine rules, clear errors, and an API key that never leaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.config import (
    SETTINGS_FILE,
    Secret,
    Settings,
    load_settings,
    read_saved,
    read_secrets,
    save_settings,
)
from app.core.errors import ConfigError

KEY = "sk-planted-9d8c7b6a5f4e3d2c1b0a"

# setting name -> (env/secrets name, one distinct value per layer: cli, env, secrets, saved, default)
LAYERED = {
    "model": ("COACH_MODEL", ["m-cli", "m-env", "m-secrets", "m-saved", ""]),
    "openai_base_url": (
        "OPENAI_BASE_URL",
        ["http://cli/v1", "http://env/v1", "http://sec/v1", "http://saved/v1", ""],
    ),
    "request_timeout": ("COACH_REQUEST_TIMEOUT", ["11", "12", "13", "14", 60.0]),
    "max_retries": ("COACH_MAX_RETRIES", ["1", "2", "5", "7", 3]),
    "embedding": ("COACH_EMBEDDING", ["openai", "minilm", "openai", "minilm", "minilm"]),
    "max_message_chars": ("COACH_MAX_MESSAGE_CHARS", ["100", "200", "300", "400", 4000]),
}
LAYERS = ["cli", "env", "secrets", "saved", "default"]


def _load(data_dir: Path, cli=None, env=None, secrets=None, saved=None) -> Settings:
    return load_settings(
        cli={"data_dir": str(data_dir), **(cli or {})},
        env=env or {},
        secrets=secrets or {},
        saved=saved or {},
    )


@pytest.mark.parametrize("name", sorted(LAYERED))
@pytest.mark.parametrize("top", range(len(LAYERS)))
def test_precedence_cli_env_secrets_saved_defaults(data_dir, name, top):
    """Fill every layer from `top` downwards: the value must come from `top`."""
    env_name, values = LAYERED[name]
    layers = {layer: {} for layer in LAYERS[:4]}
    for i, layer in enumerate(LAYERS[:4]):
        if i >= top:
            layers[layer] = {name: values[i]} if layer in ("cli", "saved") else {env_name: values[i]}
    s = _load(data_dir, layers["cli"], layers["env"], layers["secrets"], layers["saved"])
    expected = values[top]
    actual = getattr(s, name)
    if top < 4:
        expected = type(Settings.__dataclass_fields__[name].default)(expected)
    assert actual == expected
    assert s.sources[name] == LAYERS[top]


def test_secrets_file_layer_is_read_from_toml(tmp_path, data_dir):
    project = tmp_path / "secrets.toml"
    project.write_text(f'OPENAI_API_KEY = "{KEY}"\nCOACH_MODEL = "from-toml"\n', encoding="utf-8")
    secrets = read_secrets([tmp_path / "missing.toml", project])
    s = _load(data_dir, env={"COACH_MODEL": "from-env"}, secrets=secrets)
    assert s.model == "from-env"
    assert s.openai_api_key.get() == KEY
    assert s.sources["openai_api_key"] == "secrets"


def test_later_secrets_file_overrides_earlier(tmp_path):
    user, project = tmp_path / "user.toml", tmp_path / "project.toml"
    user.write_text('COACH_MODEL = "user"\nCOACH_ENGINE = "local"\n', encoding="utf-8")
    project.write_text('COACH_MODEL = "project"\n', encoding="utf-8")
    assert read_secrets([user, project]) == {"COACH_MODEL": "project", "COACH_ENGINE": "local"}


def test_damaged_secrets_file_is_a_config_error(tmp_path):
    bad = tmp_path / "secrets.toml"
    bad.write_text("COACH_MODEL = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="secrets.toml"):
        read_secrets([bad])


def test_data_dir_from_env_and_saved_file_is_read_from_it(tmp_path):
    data = tmp_path / "d"
    save_settings(data, {"model": "saved-model"})
    s = load_settings(env={"COACH_DATA_DIR": str(data)}, secrets={})
    assert s.data_dir == data
    assert s.sources["data_dir"] == "env"
    assert s.model == "saved-model"
    assert s.sources["model"] == "saved"


def test_blank_values_do_not_override(data_dir):
    s = _load(
        data_dir, cli={"model": ""}, env={"COACH_MODEL": "   "}, secrets={"COACH_MODEL": "from-secrets"}
    )
    assert s.model == "from-secrets"


# -- default engine -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("env", "secrets", "saved", "engine"),
    [
        ({}, {}, {}, "offline"),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}, {}, {}, "openai"),
        ({"OPENAI_API_KEY": KEY}, {}, {}, "openai"),
        ({}, {"OPENAI_API_KEY": KEY}, {}, "openai"),
        ({}, {}, {"openai_base_url": "http://127.0.0.1:1234/v1"}, "openai"),
        ({"COACH_LOCAL_MODEL": "/models/qwen.gguf"}, {}, {}, "local"),
        ({"COACH_ENGINE": "offline", "OPENAI_API_KEY": KEY}, {}, {}, "offline"),
        ({"COACH_ENGINE": "local", "OPENAI_BASE_URL": "http://x/v1"}, {}, {}, "local"),
        ({"OPENAI_API_KEY": KEY}, {}, {"engine": "offline"}, "offline"),
        ({"COACH_LOCAL_MODEL": "/m.gguf"}, {"COACH_ENGINE": "openai"}, {}, "openai"),
    ],
)
def test_default_engine_rules(data_dir, env, secrets, saved, engine):
    s = _load(data_dir, env=env, secrets=secrets, saved=saved)
    assert s.engine == engine


def test_explicit_engine_is_marked_with_its_source(data_dir):
    assert _load(data_dir).sources["engine"] == "default"
    assert _load(data_dir, env={"COACH_ENGINE": "local"}).sources["engine"] == "env"
    assert _load(data_dir, cli={"engine": "openai"}, env={"COACH_ENGINE": "local"}).engine == "openai"


def test_effective_model_per_engine(data_dir):
    assert _load(data_dir).effective_model == "none"
    assert _load(data_dir, env={"OPENAI_BASE_URL": "http://x/v1"}).effective_model == "gpt-4o-mini"
    assert _load(data_dir, env={"COACH_LOCAL_MODEL": "/m/qwen-7b.gguf"}).effective_model == "qwen-7b.gguf"
    assert _load(data_dir, env={"COACH_ENGINE": "local"}).effective_model == "SmolLM2-135M-Instruct"
    assert (
        _load(data_dir, env={"COACH_ENGINE": "openai", "COACH_MODEL": "llama3"}).effective_model == "llama3"
    )


# -- bad values ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"COACH_ENGINE": "gpu"}, "Unknown engine"),
        ({"COACH_EMBEDDING": "word2vec"}, "Unknown embedding"),
        ({"COACH_MAX_RETRIES": "lots"}, "COACH_MAX_RETRIES"),
        ({"COACH_REQUEST_TIMEOUT": "ten"}, "COACH_REQUEST_TIMEOUT"),
        ({"CHROMA_PORT": "80.5"}, "CHROMA_PORT"),
    ],
)
def test_bad_values_are_config_errors(data_dir, env, words):
    with pytest.raises(ConfigError, match=words):
        _load(data_dir, env=env)


def test_bad_cli_engine_is_a_config_error(data_dir):
    with pytest.raises(ConfigError, match="offline, local, openai"):
        _load(data_dir, cli={"engine": "magic"})


# -- saving -------------------------------------------------------------------------------------
def test_save_settings_refuses_the_api_key(data_dir):
    with pytest.raises(ConfigError, match="openai_api_key"):
        save_settings(data_dir, {"model": "m", "openai_api_key": KEY})
    assert not (data_dir / SETTINGS_FILE).exists()  # nothing written, not even the allowed part


def test_save_settings_refuses_unknown_names_and_the_data_dir(data_dir):
    for bad in ({"colour": "blue"}, {"data_dir": "/elsewhere"}):
        with pytest.raises(ConfigError):
            save_settings(data_dir, bad)
    assert not (data_dir / SETTINGS_FILE).exists()


def test_saved_settings_round_trip_and_clearing(data_dir):
    save_settings(data_dir, {"engine": "local", "model": "tiny", "max_retries": 1})
    s = load_settings(cli={"data_dir": str(data_dir)}, env={}, secrets={})
    assert (s.engine, s.model, s.max_retries) == ("local", "tiny", 1)
    assert s.sources["engine"] == "saved"
    save_settings(data_dir, {"model": ""})  # an empty value removes the saved choice
    s = load_settings(cli={"data_dir": str(data_dir)}, env={}, secrets={})
    assert s.model == "" and s.engine == "local"
    assert KEY not in (data_dir / SETTINGS_FILE).read_text(encoding="utf-8")


def test_a_key_planted_in_the_saved_file_is_ignored(data_dir):
    (data_dir / SETTINGS_FILE).write_text(json.dumps({"openai_api_key": KEY, "model": "m"}), encoding="utf-8")
    assert read_saved(data_dir) == {"model": "m"}
    s = load_settings(cli={"data_dir": str(data_dir)}, env={}, secrets={})
    assert not s.openai_api_key
    assert s.engine == "offline"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"", b"[1, 2, 3]", b'"just a string"', b"null"],
)
def test_damaged_saved_settings_fall_back_to_defaults(data_dir, content):
    (data_dir / SETTINGS_FILE).write_bytes(content)
    s = load_settings(cli={"data_dir": str(data_dir)}, env={}, secrets={})
    assert s.engine == "offline"
    assert s.model == ""
    assert s.sources["model"] == "default"


# -- the key never shows ------------------------------------------------------------------------
def test_api_key_never_appears_in_repr_or_str(data_dir):
    s = _load(data_dir, env={"OPENAI_API_KEY": KEY})
    assert s.openai_api_key.get() == KEY
    for text in (repr(s), str(s), repr(s.openai_api_key), str(s.openai_api_key), f"{s.openai_api_key}"):
        assert KEY not in text
        assert KEY[:-4] not in text


def test_masked_key_shows_at_most_the_last_four():
    assert Secret(KEY).masked() == "••••" + KEY[-4:]
    assert Secret("short").masked() == "••••"  # short keys reveal nothing
    assert Secret("").masked() == ""
    assert not Secret("") and Secret(KEY)


def test_with_overrides_keeps_the_key_masked(data_dir):
    s = _load(data_dir, env={"OPENAI_API_KEY": KEY}).with_overrides(model="other")
    assert s.model == "other"
    assert KEY not in repr(s)
    assert json.dumps({"key": s.openai_api_key}, default=str).count(KEY) == 0


def test_bad_values_in_the_saved_file_fall_back_to_defaults(data_dir):
    # The user cannot fix a value they never typed as an env var: the app must still start.
    (data_dir / SETTINGS_FILE).write_text(
        json.dumps({"max_retries": "lots", "engine": "gpu", "model": "kept"}), encoding="utf-8"
    )
    s = load_settings(cli={"data_dir": str(data_dir)}, env={}, secrets={})
    assert s.max_retries == Settings.max_retries
    assert s.engine == "offline"
    assert s.model == "kept"
