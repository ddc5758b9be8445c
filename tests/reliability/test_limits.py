"""Limits: upload size and count, message length and the model request timeouts are configurable (through
the environment, secrets.toml or the saved settings) and enforced at the changed value; nonsense values
are refused with one clear message; docs/guarantees.md documents every limit with its real default."""

from __future__ import annotations

import io
import math
import re
import sys
import time
from dataclasses import fields
from pathlib import Path

import pytest
from faultserver import fault_server
from reliability_kit import REPO, db_rows

from app.cli.main import main
from app.core.config import ENV_NAMES, Settings, load_settings, save_settings
from app.core.errors import ConfigError, InputError, ModelError
from app.core.knowledge.index import KnowledgeBase
from app.core.llm import HumanMessage, get_chat_model
from app.core.roleplay import Partner
from app.core.services import Services
from app.core.store import Store

LIMITS = (
    "max_upload_mb",
    "max_uploads",
    "max_message_chars",
    "request_timeout",
    "total_timeout",
    "max_retries",
)
GUARANTEES = REPO / "docs" / "guarantees.md"
NOTE = "# Florist notes\n\nThe florist wants referrals from wedding planners and hotel event managers.\n"


def settings_from(data_dir: Path, layer: str, **values: str) -> Settings:
    """Settings whose limits come from one source: 'env', 'secrets' or 'saved' (written with save_settings)."""
    names = {ENV_NAMES[k]: str(v) for k, v in values.items()}
    if layer == "saved":
        save_settings(data_dir, dict(values))
        return load_settings(cli={"data_dir": str(data_dir)}, env={}, secrets={})
    return load_settings(
        cli={"data_dir": str(data_dir)},
        env=names if layer == "env" else {},
        secrets=names if layer == "secrets" else {},
        saved={},
    )


def padded(n_bytes: int, tag: str) -> bytes:
    """A Markdown note of exactly `n_bytes` bytes (distinct per tag, so it is never a duplicate)."""
    head = f"# Note {tag}\n\nThe {tag} florist wants referrals from wedding planners.\n\n".encode()
    body = b"Referrals from hotel event managers are welcome too. "
    data = head + body * (n_bytes // len(body) + 1)
    return data[:n_bytes]


# -- uploads ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("layer", ["env", "secrets", "saved"])
def test_upload_size_limit_is_configurable_and_enforced(seeded_dir: Path, layer: str):
    kb = KnowledgeBase(settings_from(seeded_dir, layer, max_upload_mb=0.004))  # about 4 KB
    assert kb.settings.max_upload_mb == 0.004 and kb.settings.sources["max_upload_mb"] == layer
    under, over = padded(4000, "small"), padded(4400, "large")
    assert kb.ingest_upload("under.md", under).indexed == ["uploads/under.md"]
    refused = kb.ingest_upload("over.md", over)
    assert refused.indexed == [] and "over the 0.004 MB limit" in refused.skipped[0][1]
    assert not (kb.uploads_dir / "over.md").exists()
    bigger = KnowledgeBase(settings_from(seeded_dir, "env", max_upload_mb=0.005))
    assert bigger.ingest_upload("over.md", over).indexed == ["uploads/over.md"]


def test_upload_size_limit_applies_to_cli_ingest(seeded_dir: Path, tmp_path: Path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "small.md").write_bytes(padded(1500, "small"))
    (folder / "large.md").write_bytes(padded(3000, "large"))
    monkeypatch.setenv("COACH_MAX_UPLOAD_MB", "0.002")
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(["--data-dir", str(seeded_dir), "ingest", str(folder)])
    assert code == 1, err.getvalue()
    assert re.search(r"skipped\s+.*large\.md: .*over the 0\.002 MB limit", out.getvalue())
    assert re.search(r"indexed\s+.*small\.md", out.getvalue())


@pytest.mark.parametrize("layer", ["env", "saved"])
def test_upload_count_limit_is_configurable_and_enforced(seeded_dir: Path, layer: str):
    kb = KnowledgeBase(settings_from(seeded_dir, layer, max_uploads=2))
    for name in ("a.md", "b.md"):
        assert kb.ingest_upload(name, padded(600, name)).indexed == [f"uploads/{name}"]
    refused = kb.ingest_upload("c.md", padded(600, "c.md"))
    assert refused.indexed == [] and "limit of 2 uploaded documents" in refused.skipped[0][1]
    assert not (kb.uploads_dir / "c.md").exists()
    assert kb.ingest_upload("a.md", padded(700, "a.md v2")).indexed == [
        "uploads/a.md"
    ]  # replacing one is fine
    assert kb.remove("b.md")
    assert kb.ingest_upload("c.md", padded(600, "c.md")).indexed == ["uploads/c.md"]  # room again
    roomier = KnowledgeBase(settings_from(seeded_dir, "env", max_uploads=3))
    assert roomier.ingest_upload("d.md", padded(600, "d.md")).indexed == ["uploads/d.md"]
    assert sorted(p.name for p in roomier.uploads_dir.iterdir()) == ["a.md", "c.md", "d.md"]


# -- chat messages ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("layer", ["env", "secrets", "saved"])
def test_message_length_limit_is_configurable_and_enforced(data_dir: Path, layer: str):
    svc = Services(settings_from(data_dir, layer, max_message_chars=60))
    partner = Partner.from_services(svc)
    session = partner.start("warm-connector")
    ok = "What does your business do, and who do you like to work for?"[:60]
    assert len(ok) == 60
    partner.reply(session, ok)
    before = db_rows(data_dir)
    with pytest.raises(InputError, match="is 61 characters long; the limit is 60"):
        partner.reply_stream(session, ok + "!")
    assert db_rows(data_dir) == before
    assert [t["text"] for t in svc.store.get_session(session.id)["turns"] if t["speaker"] == "user"] == [ok]


def test_message_length_limit_in_the_cli_rehearsal(data_dir: Path, monkeypatch):
    monkeypatch.setenv("COACH_MAX_MESSAGE_CHARS", "40")
    long_line = "Tell me everything about your ideal clients, please."
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{long_line}\nWho is your ideal client?\n/end\n"))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(Services, "knowledge", property(lambda self: None))  # no citations needed here
    assert main(["--data-dir", str(data_dir), "rehearse", "--persona", "warm-connector"]) == 0
    assert f"! Your message is {len(long_line)} characters long; the limit is 40." in out.getvalue()
    said = [
        t["text"]
        for t in Store(data_dir).get_session(Store(data_dir).list_sessions()[0]["id"])["turns"]
        if t["speaker"] == "user"
    ]
    assert said == ["Who is your ideal client?"]


def test_message_length_limit_on_the_rehearse_page(data_dir: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COACH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("COACH_MAX_MESSAGE_CHARS", "40")
    at = AppTest.from_file(str(REPO / "app" / "streamlit_app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/pages/rehearse.py").run()
    next(b for b in at.button if b.label.startswith("Start the 1-2-1")).click().run()
    sid = at.query_params["session"]
    sid = sid[0] if isinstance(sid, list) else sid
    long_line = "Tell me everything about your ideal clients, please."
    at.chat_input(key="rh_chat").set_value(long_line).run()
    assert not at.exception
    assert any("the limit is 40" in e.value for e in at.error)
    assert any(c.value == long_line for c in at.code)  # given back to copy and shorten
    assert [t["speaker"] for t in Store(data_dir).get_session(sid)["turns"]] == ["partner"]


# -- model requests -----------------------------------------------------------------------------------------
def timed_failure(settings: Settings, mode: str) -> tuple[float, int, ModelError]:
    """Call the configured engine against a fault server; return (seconds, requests, error)."""
    with fault_server(mode) as srv:
        model = get_chat_model(settings.with_overrides(engine="openai", openai_base_url=srv.base_url))
        started = time.monotonic()
        with pytest.raises(ModelError) as info:
            model.complete([HumanMessage("Hello")])
        return time.monotonic() - started, srv.requests, info.value


@pytest.mark.slow  # starts a loopback fault server
@pytest.mark.parametrize("timeout", [0.6, 2.0])
def test_request_timeout_is_configurable_and_enforced(data_dir: Path, allow_model_requests, timeout: float):
    settings = settings_from(data_dir, "env", request_timeout=timeout, max_retries=0, total_timeout=30)
    elapsed, requests, err = timed_failure(settings, "hang")
    assert requests == 1 and "timed out" in str(err)
    assert timeout * 0.9 <= elapsed < timeout + 1.5


@pytest.mark.slow  # starts a loopback fault server
@pytest.mark.parametrize("total", [1.0, 2.5])
def test_total_timeout_bounds_every_retry(data_dir: Path, allow_model_requests, total: float):
    settings = settings_from(data_dir, "saved", request_timeout=0.4, max_retries=50, total_timeout=total)
    elapsed, requests, _ = timed_failure(settings, "hang")
    # 51 attempts of 0.4 s would take over 20 s: only the total budget can stop it this early. It may stop
    # a little before the budget (when the next back-off would cross it), never after it.
    assert total * 0.5 <= elapsed < total + 0.75
    assert 2 <= requests <= math.ceil(total / 0.4) + 1


@pytest.mark.slow  # starts a loopback fault server
@pytest.mark.parametrize("layer, retries", [("env", 0), ("secrets", 1), ("saved", 3)])
def test_retry_count_is_configurable_and_enforced(
    data_dir: Path, allow_model_requests, layer: str, retries: int
):
    settings = settings_from(data_dir, layer, max_retries=retries, request_timeout=5, total_timeout=60)
    _, requests, err = timed_failure(settings, "500")
    assert requests == retries + 1 and err.attempts == retries + 1


# -- nonsense values ----------------------------------------------------------------------------------------
BAD_VALUES = {
    "max_upload_mb": ["0", "-1", "nan", "inf"],
    "max_uploads": ["0", "-3", "2.5"],
    "max_message_chars": ["0", "-10"],
    "request_timeout": ["0", "-5", "nan"],
    "total_timeout": ["0", "-1", "inf"],
    "max_retries": ["-1", "1.5"],
}


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_out_of_range_limits_are_refused_with_one_clear_message(name: str):
    for value in BAD_VALUES[name]:
        with pytest.raises(ConfigError, match=ENV_NAMES[name]):
            load_settings(cli={"data_dir": "unused"}, env={ENV_NAMES[name]: value}, secrets={}, saved={})


@pytest.mark.parametrize("text", ["abc", "", "10 MB"])
def test_non_numbers_are_refused_or_ignored(text: str):
    if not text:  # an empty variable means "not set": the default applies
        assert (
            load_settings(
                cli={"data_dir": "x"}, env={"COACH_MAX_UPLOAD_MB": text}, secrets={}, saved={}
            ).max_upload_mb
            == Settings.max_upload_mb
        )
        return
    with pytest.raises(ConfigError, match="COACH_MAX_UPLOAD_MB must be a number"):
        load_settings(cli={"data_dir": "x"}, env={"COACH_MAX_UPLOAD_MB": text}, secrets={}, saved={})


# -- where the limits are shown ------------------------------------------------------------------------------
def test_settings_page_shows_the_limits_in_force(data_dir: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COACH_DATA_DIR", str(data_dir))
    changed = {
        "COACH_MAX_UPLOAD_MB": "3.5",
        "COACH_MAX_UPLOADS": "7",
        "COACH_MAX_MESSAGE_CHARS": "1234",
        "COACH_REQUEST_TIMEOUT": "45.0",
        "COACH_TOTAL_TIMEOUT": "99.0",
        "COACH_MAX_RETRIES": "6",
    }
    for name, value in changed.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(REPO / "app" / "streamlit_app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/pages/settings.py").run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    for name, value in changed.items():
        assert f"**{value}** (set with `{name}`)" in shown


def _documented_limits() -> dict[str, str]:
    """The configurable-limits table of docs/guarantees.md: environment name -> documented default."""
    rows = {}
    for line in GUARANTEES.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[1].startswith("COACH_"):
            rows[cells[1]] = cells[2]
    return rows


def test_guarantees_document_every_configurable_limit_with_its_real_default():
    documented = _documented_limits()
    defaults = {f.name: f.default for f in fields(Settings)}
    for name in LIMITS:
        env = ENV_NAMES[name]
        assert env in documented, f"{env} is missing from docs/guarantees.md"
        assert float(re.sub(r"[^0-9.]", "", documented[env])) == float(defaults[name]), env
    text = GUARANTEES.read_text(encoding="utf-8")
    for suite in (
        "test_crash.py",
        "test_crash_app.py",
        "test_concurrency.py",
        "test_bad_input.py",
        "test_injection.py",
        "test_secrets.py",
        "test_limits.py",
    ):
        assert suite in text
        assert (Path(__file__).parent / suite).is_file()
