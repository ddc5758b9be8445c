"""Crash safety of the web app: `streamlit run` is SIGKILLed right after a rehearsal turn; a new server
on the same data dir reopens the session (from its URL) with every turn that was on the screen."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_kit import REPO, coach_env, sqlite_integrity
from ui.live import chromium, free_port, wait_healthy

from app.core.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser]
WAIT = 120_000  # ms, generous: the CI cores are shared


def start_app(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run` on a free loopback port with its own data dir; returns the process and its URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app/streamlit_app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=coach_env(data_dir), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc)
    return proc, url


def test_app_killed_after_a_turn_reopens_the_session(tmp_path: Path):
    from playwright.sync_api import expect

    data_dir = tmp_path / "data"
    first, url = start_app(data_dir, tmp_path / "streamlit.log")
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

    second, url = start_app(data_dir, tmp_path / "streamlit.log")
    try:
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
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert len(Store(data_dir).get_session(sid)["turns"]) == 5
