"""`coach personas` and `coach rehearse`: listing, an interactive session from stdin, errors and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from app.cli.main import main
from app.core.services import Services
from app.core.store import Store


@pytest.fixture(autouse=True)
def _shared_library(monkeypatch, library_kb):
    """Every command gets the real built-in library, indexed once per test run instead of once per test."""
    monkeypatch.setattr(Services, "knowledge", property(lambda self: library_kb))


def test_personas_json(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "personas", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 8
    assert {"id", "name", "trade", "difficulty", "summary"} <= set(rows[0])
    assert "busy-sceptic" in {r["id"] for r in rows}


def test_personas_text_lists_scenarios(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "personas"]) == 0
    out = capsys.readouterr().out
    assert "warm-connector" in out and "came-to-sell (They came to sell)" in out


def test_rehearse_reads_stdin_and_ends_with_report(data_dir, capsys, monkeypatch):
    lines = [
        "Hi Graham!",
        "What do you do?",
        "/hint",
        "",
        "/help",
        "Who can I send you?",
        "/nonsense",
        "What does a great referral look like for you?",
        "/end",
        "never read",
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["--data-dir", str(data_dir), "rehearse", "--persona", "busy-sceptic"]) == 0
    out = capsys.readouterr().out
    assert "Your objective:" in out and out.count("Your objective:") == 2  # brief, then /help
    assert "Engine: offline" in out
    assert "Electrical contractor. Eleven sparks." in out and "[scripted]" in out
    assert "Hint:" in out and "Unknown command '/nonsense'" in out
    assert "Your message is empty" in out
    assert "=== Coach's report" in out and "Asked about their ideal referral" in out
    assert "asked_about_ideal_referral" not in out  # plain words, never raw check ids
    assert "Read:" in out  # library citations explain the missed checks
    session = Store(data_dir).list_sessions()[0]
    assert session["status"] == "ended" and session["report"]["score"] is not None
    assert session["n_turns"] == 9  # opening + four exchanges; commands and the empty line are not turns


def test_rehearse_resume(data_dir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("What do you do?\n"))
    main(["--data-dir", str(data_dir), "rehearse", "--persona", "warm-connector"])
    sid = Store(data_dir).list_sessions()[0]["id"]
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("Who are your clients?\n/end\n"))
    assert main(["--data-dir", str(data_dir), "rehearse", "--resume", sid]) == 0
    out = capsys.readouterr().out
    assert "You: What do you do?" in out  # the earlier conversation is shown again
    assert len(Store(data_dir).get_session(sid)["turns"]) == 5


def test_unknown_persona_exits_2_with_valid_ids(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "rehearse", "--persona", "nobody"]) == 2
    err = capsys.readouterr().err
    assert "No persona with id 'nobody'" in err and "warm-connector" in err
    assert (
        main(["--data-dir", str(data_dir), "rehearse", "--persona", "warm-connector", "--scenario", "x"]) == 2
    )
    assert main(["--data-dir", str(data_dir), "rehearse"]) == 2
    assert main(["--data-dir", str(data_dir), "rehearse", "--resume", "s-x", "--demo"]) == 2
    assert Store(data_dir).list_sessions() == []  # no failed command left a session behind


def test_demo_prints_both_sides_and_report(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "rehearse", "--persona", "new-member", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "Networker: So tell me about your business" in out
    assert "Jordan:" in out and "=== Coach's report - score 100 ===" in out
    assert Store(data_dir).list_sessions()[0]["mode"] == "demo"


@pytest.mark.slow
def test_rehearse_as_a_real_process_with_piped_stdin(shared_kb_dir):
    # The shared dir already holds the library index (built by the fixture), so the report's citations are quick.
    env = dict(os.environ, COACH_DATA_DIR=str(shared_kb_dir))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli.main",
            "rehearse",
            "--persona",
            "shy-specialist",
            "--scenario",
            "follow-up-121",
        ],
        input="What do you do?\nこんにちは 👋\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Kenji: Cyber security. For small firms." in proc.stdout
    assert "English" in proc.stdout  # the non-Latin message got an in-character answer
    assert "=== Coach's report" in proc.stdout
    assert "Read:" in proc.stdout  # citations from the real library for the missed checks
