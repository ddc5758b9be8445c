"""Settings page: presets, API key for this browser session only, test connection, save without the key."""

from __future__ import annotations

import json

from app.core.llm import FakeChatModel
from app.core.services import Services

from .helpers import no_exception, open_app, texts

PAGE = "ui/pages/settings.py"


def test_renders_with_data_folder_and_offline_engine(services):
    at = open_app(services, PAGE)
    no_exception(at)
    assert at.title[0].value == "Settings"
    assert at.radio(key="set_engine").value == "offline"
    assert str(services.settings.data_dir) in texts(at)
    assert "No key yet" in texts(at)


def test_preset_fills_form_and_save_writes_settings_file(services):
    at = open_app(services, PAGE)
    at.button(key="preset_Ollama").click().run()
    assert at.radio(key="set_engine").value == "openai"
    assert at.text_input(key="set_base_url").value == "http://127.0.0.1:11434/v1"
    at.text_input(key="set_model").input("llama3.1:8b").run()
    next(b for b in at.button if b.label == "Save settings").click().run()
    no_exception(at)
    saved = json.loads((services.settings.data_dir / "settings.json").read_text())
    assert saved == {
        "engine": "openai",
        "openai_base_url": "http://127.0.0.1:11434/v1",
        "model": "llama3.1:8b",
    }
    assert any("Saved" in i.value for i in at.info)


def test_test_connection_reports_failure_clearly(services):
    at = open_app(services, PAGE)
    at.button(key="preset_LM Studio").click().run()
    next(b for b in at.button if b.label == "Test connection").click().run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("Connection failed:")
    assert "127.0.0.1:1234" in errors[0]


def test_test_connection_success_uses_the_active_engine(settings):
    model = FakeChatModel(["OK"], model="fake-model")
    at = open_app(Services(settings, model=model), PAGE)
    next(b for b in at.button if b.label == "Test connection").click().run()
    no_exception(at)
    assert any("answered" in s.value for s in at.success)
    assert model.history, "the injected model was not asked"


def test_missing_gguf_path_is_a_clear_error_and_nothing_saved(services):
    at = open_app(services, PAGE)
    at.radio(key="set_engine").set_value("local").run()
    at.text_input(key="set_local_model").input("no/such/model.gguf").run()
    next(b for b in at.button if b.label == "Save settings").click().run()
    no_exception(at)
    assert any("no/such/model.gguf" in e.value for e in at.error)
    assert not (services.settings.data_dir / "settings.json").exists()


def test_key_is_masked_and_never_saved(monkeypatch, tmp_path):
    planted = "sk-planted-SECRET-value-987654321"
    monkeypatch.setenv("OPENAI_API_KEY", planted)
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    at = open_app(page=PAGE)
    no_exception(at)
    page_text = texts(at) + "\n".join(str(t.value) for t in at.text_input)
    assert "••••4321" in page_text
    assert planted not in page_text
    assert "SECRET" not in page_text
    next(b for b in at.button if b.label == "Save settings").click().run()
    saved = (tmp_path / "settings.json").read_text()
    assert planted not in saved and "SECRET" not in saved
    assert json.loads(saved)["engine"] == "openai"


def test_saved_settings_take_effect_on_the_next_run(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    at = open_app(page=PAGE)
    assert "offline" in at.sidebar.markdown[0].value
    at.button(key="preset_Ollama").click().run()
    at.text_input(key="set_model").input("llama3.1:8b").run()
    next(b for b in at.button if b.label == "Save settings").click().run()
    no_exception(at)
    assert at.sidebar.markdown[0].value == "**openai · llama3.1:8b @ http://127.0.0.1:11434/v1**"


def test_typed_key_is_kept_for_this_browser_session_only(monkeypatch, tmp_path):
    typed = "sk-typed-SECRET-value-123456789"
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    at = open_app(page=PAGE)
    box = at.text_input(key="set_api_key_input")
    assert box.proto.type == box.proto.PASSWORD, "the key field must be masked"
    box.input(typed).run()
    no_exception(at)
    assert at.text_input(key="set_api_key_input").value == "", (
        "the box is emptied: the key is never sent back"
    )
    page_text = texts(at) + "\n".join(str(t.value) for t in at.text_input)
    assert "••••6789" in page_text and "SECRET" not in page_text
    at.button(key="preset_OpenAI").click().run()
    assert at.radio(key="set_engine").value == "openai"
    next(b for b in at.button if b.label == "Save settings").click().run()
    no_exception(at)
    assert at.sidebar.markdown[0].value.startswith("**openai · gpt-4o-mini")
    for f in tmp_path.rglob("*"):
        if f.is_file():
            assert b"SECRET" not in f.read_bytes(), f"the key was written to {f}"

    # A new browser session has no key: the built-in partner answers and the app says why.
    again = open_app(page="ui/pages/home.py")
    no_exception(again)
    assert "offline" in again.sidebar.markdown[0].value
    assert any("no API key" in i.value for i in again.sidebar.info)


def test_use_openai_is_refused_without_a_key(services):
    at = open_app(services, PAGE)
    at.button(key="preset_OpenAI").click().run()
    no_exception(at)
    assert at.radio(key="set_engine").value == "offline"
    assert any("needs an API key" in e.value for e in at.error)
    # Choosing it by hand and saving is refused too, with nothing written.
    at.radio(key="set_engine").set_value("openai").run()
    next(b for b in at.button if b.label == "Save settings").click().run()
    assert any("needs an API key" in e.value for e in at.error)
    assert not (services.settings.data_dir / "settings.json").exists()


def test_a_key_in_the_environment_that_switched_the_engine_is_announced(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-planted-SECRET-value-987654321")
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    at = open_app()
    no_exception(at)
    assert any(
        "OPENAI_API_KEY in your environment switched the engine" in w.value for w in at.sidebar.warning
    )
    at = open_app(page=PAGE)
    assert any("OPENAI_API_KEY in your environment" in w.value for w in at.warning)
    assert "SECRET" not in texts(at)
