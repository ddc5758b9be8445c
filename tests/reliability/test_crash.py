"""Crash safety: `coach` is SIGKILLed in the middle of a rehearsal, a batch of drafts and an ingest.

After each kill, whatever the process had reported as done is in the data dir exactly as reported,
the database passes `PRAGMA integrity_check`, the index still answers searches, and the next run
carries on (a resumed rehearsal, a new batch, a re-ingest that completes the half-done one).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest
from reliability_kit import (
    Watched,
    assert_one_clear_error,
    coach_env,
    probe_index,
    run_coach,
    sqlite_integrity,
)

from app.core.drafting import Profile, followup_markdown, save_profile
from app.core.drafting.history import safe_filename
from app.core.knowledge.index import DEFAULT_LIBRARY
from app.core.knowledge.sources import library_files
from app.core.store import Store

pytestmark = pytest.mark.slow

LINES = [
    "Hi Maya, thanks for making the time.",
    "What does your business do, day to day?",
    "Who is your ideal client?",
    "What would a great referral look like for you?",
    "What should I listen out for when I'm talking to people?",
]

LIBRARY_ARTICLES = len(library_files(DEFAULT_LIBRARY))  # the shipped library, however many articles it holds


def partner_lines(out: str, first_name: str) -> list[str]:
    """The partner's lines as the CLI printed them (prompt prefix and origin note removed)."""
    found = []
    for line in out.splitlines():
        while line.startswith("you> "):
            line = line[len("you> ") :]
        if line.startswith(f"{first_name}: "):
            found.append(re.sub(r" \[(scripted|model|fallback[^\]]*)\]$", "", line[len(first_name) + 2 :]))
    return found


def session_id(out: str) -> str:
    """The session id the CLI announced."""
    m = re.search(r"^Session: (s-[0-9a-f]+)$", out, re.M)
    assert m, out
    return m.group(1)


# -- a rehearsal ------------------------------------------------------------------------------------
def test_killed_rehearsal_keeps_every_printed_turn_and_resumes(seeded_dir: Path):
    env = coach_env(seeded_dir)
    proc = Watched(["rehearse", "--persona", "warm-connector"], env, seeded_dir.parent)
    try:
        proc.wait_for(lambda: proc.out.count("you> ") >= 1, what="the first prompt")
        for i, line in enumerate(LINES[:4], start=1):
            proc.send(line)
            proc.wait_for(lambda n=i: proc.out.count("you> ") >= n + 1, what=f"reply {i}")
        proc.send(LINES[4])  # in flight when the process dies
        proc.sigkill()
    finally:
        proc.close()

    printed = partner_lines(proc.out, "Maya")
    assert len(printed) == 5  # the opening line and four replies
    sid = session_id(proc.out)
    assert sqlite_integrity(seeded_dir / "coach.db") == "ok"

    saved = Store(seeded_dir).get_session(sid)
    turns = saved["turns"]
    assert len(turns) in (9, 10, 11)  # the fifth message may or may not have been saved (and answered)
    assert [t["text"] for t in turns if t["speaker"] == "partner"][:5] == printed
    assert [t["text"] for t in turns if t["speaker"] == "user"][:4] == LINES[:4]
    assert [t["idx"] for t in turns] == list(range(len(turns)))
    assert saved["status"] == "active"

    # Restart: the session is shown exactly as saved and the conversation carries on to a report.
    again = Watched(["rehearse", "--resume", sid], env, seeded_dir.parent)
    try:
        again.wait_for(lambda: "you> " in again.out, what="the resumed prompt")
        for t in turns:
            who = "You" if t["speaker"] == "user" else "Maya"
            assert f"{who}: {t['text']}" in again.out
        pending = turns[-1]["speaker"] == "user"
        if pending:
            again.send("/retry")
            again.wait_for(lambda: again.out.count("you> ") >= 2, what="the retried reply")
        prompts = again.out.count("you> ")
        again.send("Shall we meet again next Tuesday at 10 to swap introductions?")
        again.wait_for(lambda: again.out.count("you> ") >= prompts + 1, what="the reply after resuming")
        again.send("/end")
        again.proc.stdin.close()
        assert again.proc.wait(timeout=240) == 0, again.err
        again.wait_for(lambda: "Saved as session" in again.out, timeout=30, what="the final line")
    finally:
        again.close()
    assert "Coach's report" in again.out and "Traceback" not in again.err
    final = Store(seeded_dir).get_session(sid)
    assert final["status"] == "ended" and final["report"] is not None
    assert len(final["turns"]) == len(turns) + (1 if pending else 0) + 2
    assert final["turns"][: len(turns)] == turns  # nothing saved before the crash was rewritten
    assert sqlite_integrity(seeded_dir / "coach.db") == "ok"


# -- a batch of drafts -------------------------------------------------------------------------------
GOALS = [
    ("thank", "email", ""),
    ("invite-121", "email", ""),
    ("send-resource", "linkedin-message", "the cash-flow checklist"),
    ("thank", "sms", ""),
    ("invite-121", "linkedin-note", ""),
]


def write_csv(path: Path, n: int, start: int = 0) -> list[str]:
    """A CSV of `n` contacts (every goal and channel); returns the contact names in row order."""
    names = []
    rows = ["name,business,met_at,detail,channel,goal,promised"]
    for i in range(start, start + n):
        goal, channel, promised = GOALS[i % len(GOALS)]
        name = f"Contact {i:03d} Brook"
        names.append(name)
        rows.append(
            f"{name},Brook Print {i:03d},the Chamber breakfast,mentioned a new van for the business,"
            f"{channel},{goal},{promised}"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return names


def test_killed_batch_keeps_every_reported_draft_and_its_files(seeded_dir: Path, tmp_path: Path):
    store = Store(seeded_dir)
    save_profile(
        store, Profile(name="Jane Smith", business="Smith & Co Bookkeeping", email="jane@example.com")
    )
    csv_path, out = tmp_path / "event.csv", tmp_path / "drafts"
    names = write_csv(csv_path, 200)
    env = coach_env(seeded_dir)
    proc = Watched(
        ["followup", "--csv", str(csv_path), "--out", str(out), "--today", "2025-03-12"], env, tmp_path
    )
    try:
        proc.wait_for(lambda: proc.err.count(" drafted\n") >= 12, timeout=240, what="twelve drafts")
        proc.sigkill()
    finally:
        proc.close()

    reported = re.findall(r"^row (\d+): (.+) drafted$", proc.err, re.M)
    assert 12 <= len(reported) < 200  # killed mid-way
    assert [name for _, name in reported] == names[: len(reported)]
    assert sqlite_integrity(seeded_dir / "coach.db") == "ok"

    saved = {d["contact"]: d for d in Store(seeded_dir).list_drafts("followup")}
    assert len(saved) - len(reported) in (0, 1)  # at most the draft in flight is saved but unreported
    assert len({d["batch_id"] for d in saved.values()}) == 1
    for _, name in reported:
        draft = saved[name]
        assert draft["result"]["variants"], name
        md = out / safe_filename(name, ".md")
        assert md.read_text(encoding="utf-8") == followup_markdown(draft["result"])
        if draft["goal"] == "invite-121":
            ics = (out / safe_filename(name, ".ics")).read_bytes()
            assert ics.startswith(b"BEGIN:VCALENDAR") and ics.rstrip().endswith(b"END:VCALENDAR")
            for slot in draft["result"]["slots"]:
                assert datetime.fromisoformat(slot).strftime("%Y%m%dT%H%M") in ics.decode()

    # Restart: the next batch runs to the end and the drafts saved before the crash are untouched.
    before = Store(seeded_dir).list_drafts("followup")
    more = write_csv(tmp_path / "more.csv", 5, start=500)
    result = run_coach(
        seeded_dir,
        "followup",
        "--csv",
        str(tmp_path / "more.csv"),
        "--out",
        str(out),
        "--today",
        "2025-03-12",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Drafted 5 follow-up(s)" in result.stdout
    after = {d["id"]: d for d in Store(seeded_dir).list_drafts("followup")}
    assert len(after) == len(before) + 5
    assert all(after[d["id"]] == d for d in before)
    assert {d["contact"] for d in after.values()} >= set(more)


# -- an ingest ---------------------------------------------------------------------------------------
TOWNS = ["Harbour", "Millbrook", "Ashford", "Kestrel Bay", "Oakham", "Rivermouth"]


def write_notes(folder: Path, n: int) -> None:
    """`n` Markdown notes of three sections each (so most are several passages long)."""
    folder.mkdir()
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        sections = []
        for s, topic in enumerate(("Bakery deliveries", "Wholesale sourdough", "Cafe owners")):
            words = " ".join(
                f"The {town} bakery member {i} delivers sourdough loaf batch {s}-{j} to cafe owners before seven."
                for j in range(12)
            )
            sections.append(f"## {topic}\n\n{words}\n")
        (folder / f"note-{i:03d}.md").write_text(
            f"# {town} referral note {i}\n\n" + "\n".join(sections), encoding="utf-8"
        )


def passage_count(index_db: Path) -> int | None:
    """Passages in the Chroma store right now, read without disturbing the writer (None while locked)."""
    try:
        db = sqlite3.connect(f"file:{index_db}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(db.execute("SELECT count(*) FROM embeddings").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return None


QUERY = "who delivers sourdough to cafe owners before seven"


def test_killed_ingest_leaves_a_sound_index_and_a_reingest_completes_it(seeded_dir: Path, tmp_path: Path):
    folder = tmp_path / "notes"
    n_files = 24
    write_notes(folder, n_files)
    index_db = seeded_dir / "index" / "chroma.sqlite3"
    base = passage_count(index_db)
    assert base
    env = coach_env(seeded_dir)
    proc = Watched(["ingest", str(folder)], env, tmp_path)
    try:
        proc.wait_for(
            lambda: (passage_count(index_db) or 0) >= base + 10,
            timeout=240,
            what="ten new passages",
            every=0.1,
        )
        proc.sigkill()
    finally:
        proc.close()

    assert sqlite_integrity(index_db) == "ok"
    state = probe_index(seeded_dir, QUERY)
    user = {s: d for s, d in state["documents"].items() if d["origin"] == "user"}
    assert 0 < len(user) < n_files  # killed mid-way
    assert sum(1 for d in state["documents"].values() if d["origin"] == "library") == LIBRARY_ARTICLES
    assert any(d["n_chunks"] > 1 for d in user.values())
    for source, d in state["documents"].items():
        assert d["found"] == d["n_chunks"], f"{source} is half-indexed"
    assert state["search"][QUERY] and state["search"][QUERY][0]["source"] in user

    searched = run_coach(seeded_dir, "search", QUERY, "--k", "2", env=env)
    assert searched.returncode == 0 and "Traceback" not in searched.stderr
    assert "sourdough" in searched.stdout

    # Re-ingest: the documents indexed before the crash are unchanged, the rest are indexed now.
    again = run_coach(seeded_dir, "ingest", str(folder), "--json", env=env, timeout=400)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["skipped"] == []
    assert set(report["unchanged"]) == set(user)
    assert len(report["indexed"]) + len(report["unchanged"]) == n_files
    final = probe_index(seeded_dir, QUERY)
    done = {s: d for s, d in final["documents"].items() if d["origin"] == "user"}
    assert sorted(Path(s).name for s in done) == sorted(p.name for p in folder.iterdir())
    assert all(d["found"] == d["n_chunks"] for d in final["documents"].values())
    assert final["search"][QUERY][0]["source"] in done
    assert sqlite_integrity(index_db) == "ok"


def test_a_killed_process_never_leaves_the_next_one_locked_out(seeded_dir: Path, tmp_path: Path):
    """A writer killed inside its transaction leaves no lock behind: the next command works at once."""
    env = coach_env(seeded_dir)
    proc = Watched(["rehearse", "--persona", "busy-sceptic"], env, tmp_path)
    try:
        proc.wait_for(lambda: "you> " in proc.out, what="the first prompt")
        for _ in range(3):
            proc.send("What do you do and who do you work with?")
        time.sleep(0.05)
        proc.sigkill()
    finally:
        proc.close()
    started = time.monotonic()
    result = run_coach(seeded_dir, "rehearse", "--resume", session_id(proc.out), stdin="/end\n", env=env)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 120
    assert sqlite_integrity(seeded_dir / "coach.db") == "ok"
    bad = run_coach(seeded_dir, "rehearse", "--resume", "s-0000000000", env=env)
    assert "No rehearsal session" in assert_one_clear_error(bad, code=2)
