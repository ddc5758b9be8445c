"""Settings page: presets, test connection (ok and failing), save without the key, key masked."""

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
    assert "No key set" in texts(at)


def test_preset_fills_form_and_save_writes_settings_file(services):
    at = open_app(services, PAGE)
    at.button(key="preset_Ollama").click().run()
    assert at.radio(key="set_engine").value == "openai"
    assert at.text_input(key="set_base_url").value == "http://127.0.0.1:11434/v1"
    at.text_input(key="set_model").input("llama3.1:8b").run()
    next(b for b in at.button if b.label == "Save settings").click().run()
    no_exception(at)
    saved = json.loads((services.settings.data_dir / "settings.json").read_text())
    assert saved == {"engine": "openai", "openai_base_url": "http://127.0.0.1:11434/v1", "model": "llama3.1:8b"}
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
