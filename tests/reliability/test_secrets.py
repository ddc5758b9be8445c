"""Secrets: a planted API key (from the environment and from secrets.toml) never shows up anywhere the
product writes or shows things - database files (WAL included), exports, the whole data dir, logs at
DEBUG, error messages, transcripts, stdout/stderr, prompts sent to the model, or the rendered pages.
The masked form (at most the last four characters) is the only trace allowed.

Every run really uses the key (the loopback server sees it in the Authorization header), so a clean
search is not a vacuous one.
"""

from __future__ import annotations

import base64
import json
import logging
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from faultserver import fault_server
from reliability_kit import REPO, coach_env, run_coach

from app.core.config import load_settings, save_settings
from app.core.drafting import (
    FollowupRequest,
    Profile,
    build_referkit,
    draft_followup,
    draft_markdown,
    kit_markdown,
    save_followup,
    save_profile,
)
from app.core.errors import CoachError
from app.core.llm import HumanMessage
from app.core.llm.probe import test_connection as probe_connection
from app.core.roleplay import Partner, export_markdown
from app.core.roleplay.session import session_from_record
from app.core.services import Services
from app.core.store import Store

_rng = random.Random()
# Letters only (no hex digits run): a window of the secret cannot turn up by chance in hashes or ids.
ENV_KEY = "sk-planted-" + "".join(_rng.choice("ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ") for _ in range(28))
TOML_KEY = "sk-planted-" + "".join(_rng.choice("ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ") for _ in range(28))
assert ENV_KEY != TOML_KEY
WINDOW = 8


def needles(key: str) -> dict[str, bytes]:
    """Every form in which the key could be written: plain, UTF-16, base64, and any 8-character
    window of its secret part (longer than the four characters the masked form may show)."""
    secret = key.removeprefix("sk-planted-")
    out = {
        "key": key.encode(),
        "key-utf16": key.encode("utf-16-le"),
        "key-base64": base64.b64encode(key.encode()),
        "secret": secret.encode(),
    }
    for i in range(len(secret) - WINDOW + 1):
        out[f"window-{i}"] = secret[i : i + WINDOW].encode()
    return out


def leaks(blob: bytes | str, where: str, keys: tuple[str, ...] = (ENV_KEY, TOML_KEY)) -> list[str]:
    """Which forms of which key appear in `blob` (empty when none)."""
    data = blob.encode("utf-8", "surrogatepass") if isinstance(blob, str) else blob
    found = []
    for key in keys:
        for form, needle in needles(key).items():
            if needle in data:
                found.append(f"{where}: {form} of {key[:14]}...")
    return found


def tree_leaks(root: Path, skip: tuple[Path, ...] = ()) -> list[str]:
    """Search every file under `root` (recursively, binary included), except the planted secrets file."""
    found: list[str] = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path not in skip:
            found += leaks(path.read_bytes(), str(path.relative_to(root)))
    return found


def write_secrets_toml(home: Path, key: str, base_url: str = "") -> Path:
    """A user-wide Streamlit secrets file holding the key (as the README tells users to do)."""
    path = home / ".streamlit" / "secrets.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f'OPENAI_API_KEY = "{key}"'] + ([f'OPENAI_BASE_URL = "{base_url}"'] if base_url else [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def authorizations(srv: Any) -> set[str]:
    """The bearer tokens the loopback server received."""
    return {h.get("authorization", "") for h in srv.headers}


def test_needles_find_what_they_should():
    """The search itself works: it finds the key, its pieces and encodings, and allows the masked tail."""
    assert leaks(f"key={ENV_KEY}", "x") and leaks(ENV_KEY.encode("utf-16-le"), "x")
    assert leaks(base64.b64encode(ENV_KEY.encode()), "x")
    assert leaks(ENV_KEY[-12:], "x")  # 12 characters of the secret part
    assert not leaks(f"••••{ENV_KEY[-4:]}", "x")  # the masked form
    assert not leaks("sk-planted-", "x")


# -- the CLI, as separate processes ----------------------------------------------------------------------
TRANSCRIPT = {
    "persona": "warm-connector",
    "scenario": None,
    "turns": [
        {"speaker": "partner", "text": "Hello! Where shall we start?"},
        {"speaker": "user", "text": "What does your business do, and who is your ideal client?"},
        {"speaker": "partner", "text": "I let commercial space to small firms."},
        {"speaker": "user", "text": "Shall we meet again next Tuesday at 10?"},
    ],
}


@pytest.mark.slow
def test_cli_never_writes_or_prints_the_key(seeded_dir: Path, tmp_path: Path):
    home = tmp_path / "home"
    secrets_file = write_secrets_toml(home, TOML_KEY)
    exports = tmp_path / "exports"
    transcript = tmp_path / "transcript.json"
    transcript.write_text(json.dumps(TRANSCRIPT), encoding="utf-8")
    outputs: list[tuple[str, str]] = []

    def coach(
        srv_url: str,
        *args: str,
        key: str | None = ENV_KEY,
        stdin: str = "",
        debug: bool = False,
        **extra: str,
    ) -> Any:
        """Run coach against an endpoint with real calls allowed; keep its output for the search."""
        env = coach_env(
            seeded_dir,
            home,
            COACH_REQUEST_TIMEOUT="2",
            COACH_TOTAL_TIMEOUT="4",
            COACH_MAX_RETRIES="1",
            **extra,
        )
        env.pop("COACH_BLOCK_MODEL_CALLS")
        if key:
            env["OPENAI_API_KEY"] = key
        flags = ["--debug"] if debug else []
        result = run_coach(
            seeded_dir,
            *flags,
            "--engine",
            "openai",
            "--base-url",
            srv_url,
            *args,
            stdin=stdin,
            env=env,
            cwd=tmp_path,
        )
        outputs.append((" ".join(args), result.stdout + result.stderr))
        return result

    save_profile(Store(seeded_dir), Profile(name="Jane Smith", business="Smith & Co Bookkeeping"))
    with fault_server("ok") as srv:
        url = srv.base_url
        info = coach(url, "engine", "info", "--json")
        assert info.returncode == 0 and json.loads(info.stdout)["api_key"] == f"••••{ENV_KEY[-4:]}"
        chat = coach(
            url,
            "rehearse",
            "--persona",
            "warm-connector",
            stdin="Hi Maya, what does your business do?\nWho is your ideal client?\n/end\n",
        )
        assert chat.returncode == 0 and "Coach's report" in chat.stdout
        assert (
            coach(
                url,
                "followup",
                "--name",
                "Sam Patel",
                "--met-at",
                "the Expo",
                "--detail",
                "loves sailing",
                "--goal",
                "invite-121",
                "--out",
                str(exports),
            ).returncode
            == 0
        )
        assert coach(url, "refer-kit", "--out", str(exports)).returncode == 0
        assert coach(url, "review", str(transcript), "--json").returncode == 0
        toml_info = coach(url, "engine", "info", key=None)  # the key only in secrets.toml
        assert f"••••{TOML_KEY[-4:]}" in toml_info.stdout
        # Failing endpoints: the error paths of every command, with and without --debug.
        srv.mode = "500"
        failed = coach(url, "engine", "test")
        assert failed.returncode == 1 and url in failed.stdout + failed.stderr
        assert coach(url, "engine", "test", debug=True, key=None).returncode == 1
        broken = coach(url, "rehearse", "--persona", "busy-sceptic", stdin="What do you do?\n/retry\n/end\n")
        assert "Your message is saved" in broken.stdout
        assert (
            coach(
                url, "followup", "--name", "Ann Lee", "--met-at", "the Expo", "--detail", "runs a bakery"
            ).returncode
            == 1
        )
        for mode in ("401", "reset"):
            srv.mode = mode
            assert coach(url, "engine", "test").returncode == 1
        bodies = json.dumps(srv.bodies)
        seen = authorizations(srv)
    assert f"Bearer {ENV_KEY}" in seen and f"Bearer {TOML_KEY}" in seen  # the keys really were used
    unreachable = coach("http://127.0.0.1:9/v1", "engine", "test")
    assert unreachable.returncode == 1 and "could not connect" in unreachable.stdout + unreachable.stderr

    found = leaks(bodies, "prompts sent to the model")
    for command, text in outputs:
        found += leaks(text, f"output of `coach {command}`")
    found += tree_leaks(seeded_dir)  # coach.db, coach.db-wal, the index, uploads, settings.json
    found += tree_leaks(exports)
    found += tree_leaks(home, skip=(secrets_file,))
    found += tree_leaks(tmp_path, skip=(secrets_file,))
    assert not found, found
    assert list(exports.glob("*.md")) and list(seeded_dir.glob("coach.db*"))


# -- in-process: logs at DEBUG, error messages, stores, exports -------------------------------------------
@pytest.mark.slow  # starts a loopback fault server
def test_core_never_logs_stores_or_exports_the_key(
    seeded_dir: Path, tmp_path: Path, caplog, allow_model_requests
):
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    texts: list[tuple[str, str]] = []
    with fault_server("ok") as srv:
        settings = load_settings(
            cli={"data_dir": str(seeded_dir), "openai_base_url": srv.base_url},
            env={
                "OPENAI_API_KEY": ENV_KEY,
                "COACH_REQUEST_TIMEOUT": "2",
                "COACH_TOTAL_TIMEOUT": "4",
                "COACH_MAX_RETRIES": "1",
            },
            secrets={},
            saved={},
        )
        assert settings.engine == "openai"
        texts += [
            ("settings repr", repr(settings)),
            ("settings str", str(settings)),
            ("key in an f-string", f"{settings.openai_api_key}"),
            ("sources", json.dumps(dict(settings.sources))),
        ]
        svc = Services(settings)
        texts.append(("engine label", svc.model.info.label))
        texts.append(("test connection", json.dumps(probe_connection(svc.model))))
        store = svc.store
        # An open reader keeps the write-ahead log on disk, so the search below reads it too.
        reader = sqlite3.connect(store.path)
        reader.execute("SELECT count(*) FROM sessions").fetchone()
        save_profile(store, Profile(name="Jane Smith", business="Smith & Co Bookkeeping"))
        partner = Partner.from_services(svc)
        session = partner.start("warm-connector")
        partner.reply(session, "Hi Maya, what does your business do?")
        srv.mode = "500"
        errors: list[CoachError] = []
        try:
            partner.reply(session, "Who is your ideal client?")
        except CoachError as err:
            errors.append(err)
        srv.mode = "ok"
        assert session.pending  # the message that failed is saved and can be answered again
        list(partner.retry_stream(session))
        partner.end(session)
        req = FollowupRequest(name="Sam Patel", met_at="the Expo", detail="loves sailing", goal="invite-121")
        result = draft_followup(req, Profile(name="Jane Smith"), model=svc.model, today=None)
        draft_id = save_followup(store, result)
        kit = build_referkit(Profile(name="Jane Smith", what_i_do="Bookkeeping"), model=svc.model)
        for mode in ("401", "reset"):
            srv.mode = mode
            try:
                svc.model.complete([HumanMessage("Hello")])
            except CoachError as err:
                errors.append(err)
            texts.append((f"test connection {mode}", json.dumps(probe_connection(svc.model))))
        assert f"Bearer {ENV_KEY}" in authorizations(srv)
        bodies = json.dumps(srv.bodies)
    assert errors and all(srv.base_url in str(e) for e in errors)
    save_settings(seeded_dir, {"engine": "openai", "openai_base_url": srv.base_url, "max_retries": 1})
    record = store.get_session(session.id)
    texts += [(f"error {type(e).__name__}", f"{e} {e.__dict__}") for e in errors]
    texts += [
        ("export", export_markdown(session_from_record(record, store))),
        ("session record", json.dumps(record, default=str)),
        ("draft markdown", draft_markdown(store.get_draft(draft_id))),
        ("kit markdown", kit_markdown(kit)),
        ("transcript", json.dumps(session_from_record(record, store).to_transcript_dict())),
        ("prompts", bodies),
        ("logs", caplog.text),
        ("log records", "\n".join(f"{r.args!r} {r.__dict__}" for r in caplog.records)),
    ]
    found = [hit for where, text in texts for hit in leaks(text, where)]
    wal = store.path.with_name(store.path.name + "-wal")
    assert wal.is_file() and wal.stat().st_size > 0
    found += tree_leaks(seeded_dir)
    reader.close()
    assert not found, found
    assert caplog.records, "nothing was logged: the log search would be vacuous"
    assert session.engine.startswith("openai")


# -- the pages, rendered by AppTest ------------------------------------------------------------------------
def page_text(at: Any) -> str:
    """Every element of the rendered page as its protobuf text, plus the current widget values."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        """Collect one element and everything inside it."""
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for kind in ("text_input", "text_area"):
        parts += [str(w.value) for w in getattr(at, kind)]
    parts += [str(e.value) for e in at.exception]
    return "\n".join(parts)


@pytest.mark.slow  # starts a loopback fault server
@pytest.mark.parametrize("source", ["env", "secrets"])
def test_settings_page_shows_only_the_masked_key(
    tmp_path: Path, monkeypatch, source: str, allow_model_requests
):
    from streamlit.testing.v1 import AppTest

    key = ENV_KEY if source == "env" else TOML_KEY
    data_dir = tmp_path / "data"
    monkeypatch.setenv("COACH_DATA_DIR", str(data_dir))
    with fault_server("500") as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        at = AppTest.from_file(str(REPO / "app" / "streamlit_app.py"), default_timeout=60)
        if source == "env":
            monkeypatch.setenv("OPENAI_API_KEY", key)
        else:
            at.secrets["OPENAI_API_KEY"] = key
        at.run()
        at.switch_page("ui/pages/settings.py").run()
        assert not at.exception, [e.value for e in at.exception]
        shown = page_text(at)
        assert f"••••{key[-4:]}" in shown  # the masked form is what the user sees
        next(b for b in at.button if b.label == "Test connection").click().run()
        failed = page_text(at)
        assert any(srv.base_url in e.value for e in at.error)  # the failure is shown, naming the endpoint
        next(b for b in at.button if b.label == "Save settings").click().run()
        saved_page = page_text(at)
        seen = authorizations(srv)
    assert f"Bearer {key}" in seen
    found = leaks(shown, "settings page") + leaks(failed, "settings page after a failed test")
    found += leaks(saved_page, "settings page after saving") + tree_leaks(data_dir)
    assert not found, found
    assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["engine"] == "openai"


@pytest.mark.slow  # starts a loopback fault server
def test_rehearse_page_error_never_shows_the_key(seeded_dir: Path, monkeypatch, allow_model_requests):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COACH_DATA_DIR", str(seeded_dir))
    monkeypatch.setenv("OPENAI_API_KEY", ENV_KEY)
    monkeypatch.setenv("COACH_TOTAL_TIMEOUT", "3")
    monkeypatch.setenv("COACH_MAX_RETRIES", "1")
    with fault_server("500") as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        at = AppTest.from_file(str(REPO / "app" / "streamlit_app.py"), default_timeout=120)
        at.run()
        at.switch_page("ui/pages/rehearse.py").run()
        next(b for b in at.button if b.label.startswith("Start the 1-2-1")).click().run()
        at.chat_input(key="rh_chat").set_value("Hi! What does your business do?").run()
        assert not at.exception, [e.value for e in at.exception]
        errors = [e.value for e in at.error]
        shown = page_text(at)
        seen = authorizations(srv)
    assert errors and srv.base_url in errors[0] and "saved" in errors[0]
    assert f"Bearer {ENV_KEY}" in seen
    found = leaks(shown, "rehearse page") + tree_leaks(seeded_dir)
    assert not found, found
