"""Crash safety of the web app: `streamlit run` is SIGKILLed right after a rehearsal turn; a new server
on the same data dir reopens the session (from its URL) with every turn that was on the screen."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from reliability_kit import REPO, coach_env, sqlite_integrity
from support.servers import free_port, serve
from ui.live import chromium, streamlit_cmd

from app.core.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser]
WAIT = 120_000  # ms, generous: the CI cores are shared


@contextmanager
def app_server(data_dir: Path, log: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """`streamlit run` on a free loopback port with its own data dir; yields the process and its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    health = f"{url}/_stcore/health"
    # The same 30 s grace to shut down as before; the SIGKILLed first server is already gone by then.
    env = coach_env(data_dir)
    with serve(streamlit_cmd(port), health, cwd=REPO, env=env, log=log, stop_timeout=30) as proc:
        yield proc, url


def test_app_killed_after_a_turn_reopens_the_session(tmp_path: Path):
    from playwright.sync_api import expect

    data_dir = tmp_path / "data"
    with app_server(data_dir, tmp_path / "streamlit.log") as (first, url):
        try:
            with chromium() as ctx:
                page = ctx.new_page()
                page.goto(f"{url}/rehearse")
                page.get_by_role("button", name="Start the 1-2-1").click()
                expect(page.get_by_role("heading", name="1-2-1 with")).to_be_visible(timeout=WAIT)
                box = page.locator('[data-testid="stChatInputTextArea"]')
                box.fill("Hi! What does your business do, and who are your best clients?")
                box.press("Enter")
                messages = page.locator('[data-testid="stChatMessage"]')
                expect(messages).to_have_count(3, timeout=WAIT)
                expect(messages.last).to_contain_text("offline engine", timeout=WAIT)
                on_screen = [m.inner_text() for m in messages.all()]
                session_url = page.url
        finally:
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    assert "session=s-" in session_url
    sid = session_url.split("session=")[1].split("&")[0]

    assert sqlite_integrity(data_dir / "coach.db") == "ok"
    turns = Store(data_dir).get_session(sid)["turns"]
    assert [t["speaker"] for t in turns] == ["partner", "user", "partner"]
    for turn, shown in zip(turns, on_screen, strict=True):
        assert turn["text"].split("\n")[0][:60] in shown

    with app_server(data_dir, tmp_path / "streamlit.log") as (_second, url):
        with chromium() as ctx:
            page = ctx.new_page()
            page.goto(f"{url}/rehearse?session={sid}")
            expect(page.get_by_role("heading", name="1-2-1 with")).to_be_visible(timeout=WAIT)
            messages = page.locator('[data-testid="stChatMessage"]')
            expect(messages).to_have_count(3, timeout=WAIT)
            assert [m.inner_text() for m in messages.all()] == on_screen
            box = page.locator('[data-testid="stChatInputTextArea"]')
            box.fill("What would a great referral look like for you?")
            box.press("Enter")
            expect(messages).to_have_count(5, timeout=WAIT)
            expect(messages.last).to_contain_text("offline engine", timeout=WAIT)
    assert len(Store(data_dir).get_session(sid)["turns"]) == 5
