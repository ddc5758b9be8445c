"""Two writers at once lose nothing: separate processes, threads (as Streamlit runs its sessions), and
two tabs sending into the same rehearsal."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from reliability_kit import REPO, WRITER, coach_env, sqlite_integrity

from app.core.drafting import FollowupRequest, Profile, draft_followup, save_followup
from app.core.roleplay import Partner
from app.core.store import Store

TURNS, DRAFTS = 25, 25


def check_writer(store: Store, report: dict, tag: str) -> None:
    """One writer's session holds its opening line and every message with its answer, in order;
    every draft it made is saved under its contact."""
    session = store.get_session(report["session"])
    turns = session["turns"]
    assert len(turns) == 1 + 2 * len(report["said"])
    assert [t["speaker"] for t in turns] == ["partner"] + ["user", "partner"] * len(report["said"])
    assert [t["text"] for t in turns if t["speaker"] == "user"] == report["said"]
    assert all(f"[{tag}]" in text for text in report["said"])
    assert [t["idx"] for t in turns] == list(range(len(turns)))
    for draft_id, contact in report["drafts"].items():
        draft = store.get_draft(draft_id)
        assert draft["contact"] == contact and draft["result"]["variants"]


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(data_dir: Path):
    Store(data_dir)  # create the schema first, as the app does on start
    start_at = time.time() + 8  # both writers import the app first, then start together
    procs = {
        tag: subprocess.Popen(
            [sys.executable, str(WRITER), str(data_dir), tag, str(TURNS), str(DRAFTS), str(start_at)],
            env=coach_env(data_dir),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("alpha", "beta")
    }
    reports = {}
    for tag, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports[tag] = json.loads(out)
    store = Store(data_dir)
    for tag, report in reports.items():
        assert len(report["said"]) == TURNS and len(report["drafts"]) == DRAFTS
        check_writer(store, report, tag)
    assert len(store.list_sessions()) == 2
    assert len(store.list_drafts()) == 2 * DRAFTS
    assert sqlite_integrity(data_dir / "coach.db") == "ok"


def test_threads_writing_their_own_sessions_and_drafts_lose_nothing(data_dir: Path):
    store = Store(data_dir)
    partner = Partner(store)
    profile = Profile(name="Jane Smith")
    reports: dict[str, dict] = {}
    errors: list[BaseException] = []
    go = threading.Barrier(4)

    def writer(tag: str) -> None:
        """One browser session: rehearse and draft, interleaved."""
        try:
            session = partner.start("over-talker")
            said, made = [], {}
            go.wait()
            for i in range(8):
                text = f"[{tag}] message {i}: who would be a good introduction for you?"
                partner.reply(session, text)
                said.append(text)
                req = FollowupRequest(
                    name=f"Contact {tag} {i}", met_at="the expo", detail=f"loves sailing {i}"
                )
                made[save_followup(store, draft_followup(req, profile, today=date(2025, 3, 12)))] = req.name
            reports[tag] = {"session": session.id, "said": said, "drafts": made}
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"t{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    for tag, report in reports.items():
        check_writer(store, report, tag)
    assert len(reports) == 4 and len(store.list_drafts()) == 32
    assert store.integrity_ok()


def test_two_tabs_sending_into_the_same_rehearsal_lose_no_message(data_dir: Path):
    """Two browser tabs open on one session (its id is in the URL) both send: every message is kept."""
    store = Store(data_dir)
    sid = store.create_session("warm-connector", "first-121", persona={}, engine="offline", prompt_refs=[])
    errors: list[BaseException] = []
    go = threading.Barrier(4)

    def tab(tag: str) -> None:
        """Send 40 messages as fast as possible."""
        try:
            go.wait()
            for i in range(40):
                store.add_turn(sid, "user", f"{tag}-{i}", origin="user")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=tab, args=(f"tab{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors[:3]
    turns = store.get_session(sid)["turns"]
    assert len(turns) == 160
    assert [t["idx"] for t in turns] == list(range(160))
    for i in range(4):
        mine = [t["text"] for t in turns if t["text"].startswith(f"tab{i}-")]
        assert mine == [f"tab{i}-{n}" for n in range(40)]  # each tab's messages in the order it sent them
