"""CLI parity with the app (issue 14): history, due, sent (with undo), persona add, plain-text review."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.store import Store

CORPUS = Path(__file__).parent / "reliability" / "corpus"
TODAY = dt.date(2025, 3, 14)


def run(capsys, data_dir: Path, *argv: str) -> tuple[int, str, str]:
    """`coach --data-dir DATA ARGV` in-process: (exit code, stdout, stderr)."""
    try:
        code = main(["--data-dir", str(data_dir), *argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def one_error(err: str, fragment: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("coach: error:") and fragment in lines[0], err
    assert "Traceback" not in err


def _followup(store: Store, contact: str, days: int, status: str = "draft") -> str:
    did = store.save_draft(
        "followup",
        {},
        {},
        contact=contact,
        channel="email",
        goal="invite-121",
        send_by=(TODAY + dt.timedelta(days=days)).isoformat(),
    )
    if status != "draft":
        store.update_draft(did, status=status)
    return did


# -- history ------------------------------------------------------------------------------------
def test_history_lists_rehearsals_and_drafts_with_ids(capsys, data_dir):
    code, out, _ = run(capsys, data_dir, "history")
    assert code == 0 and "none yet" in out
    store = Store(data_dir)
    sid = store.create_session(
        "warm-connector",
        "first-121",
        persona={"name": "Maya Brennan"},
        engine="offline",
        prompt_refs=[],
        title="Maya Brennan - First 1-2-1",
    )
    for i in range(3):
        store.add_turn(sid, "user", f"hello {i}", origin="user")
        store.add_turn(sid, "partner", f"hi {i}", origin="scripted")
    store.update_session(sid, score=67, status="ended")
    did = _followup(store, "Sam Lee", 1)
    code, out, _ = run(capsys, data_dir, "history")
    assert code == 0
    assert (
        sid in out
        and "Maya Brennan - First 1-2-1" in out
        and "3 messages from you" in out
        and "67/100" in out
    )
    assert did in out and "follow-up to Sam Lee" in out and "None" not in out

    code, out, _ = run(capsys, data_dir, "history", "--json")
    data = json.loads(out)
    assert data["rehearsals"][0]["id"] == sid and data["rehearsals"][0]["your_messages"] == 3
    assert data["drafts"][0]["id"] == did
    code, out, _ = run(capsys, data_dir, "history", "--kind", "drafts", "--json")
    assert [d["id"] for d in json.loads(out)] == [did]


def test_history_bad_limit_is_one_line(capsys, data_dir):
    code, _, err = run(capsys, data_dir, "history", "--limit", "0")
    assert code == 2
    one_error(err, "--limit")


# -- due and sent -------------------------------------------------------------------------------
def test_due_lists_overdue_and_due_soon_with_ids(capsys, data_dir):
    store = Store(data_dir)
    late = _followup(store, "Sam Lee", -2)
    soon = _followup(store, "Priya Shah", 2)
    _followup(store, "Far Future", 30)
    _followup(store, "Already Sent", -1, status="sent")
    code, out, _ = run(capsys, data_dir, "due", "--today", TODAY.isoformat())
    assert code == 0
    assert out.index(late) < out.index(soon)
    assert "overdue by 2 days" in out and "due in 2 days" in out
    assert "Far Future" not in out and "Already Sent" not in out
    code, out, _ = run(capsys, data_dir, "due", "--today", TODAY.isoformat(), "--days", "0", "--json")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [late] and rows[0]["overdue"] is True and rows[0]["days_left"] == -2


def test_sent_marks_and_undo_puts_it_back(capsys, data_dir):
    store = Store(data_dir)
    did = _followup(store, "Sam Lee", -1)
    code, out, _ = run(capsys, data_dir, "sent", did)
    assert (
        code == 0 and "Marked the follow-up to Sam Lee as sent" in out and f"coach sent {did} --undo" in out
    )
    assert store.get_draft(did)["status"] == "sent"
    code, out, _ = run(capsys, data_dir, "due", "--today", TODAY.isoformat())
    assert did not in out
    code, out, _ = run(capsys, data_dir, "sent", did)
    assert code == 0 and "already marked sent" in out
    code, out, _ = run(capsys, data_dir, "sent", did, "--undo")
    assert code == 0 and "back on your list" in out
    assert store.get_draft(did)["status"] == "draft"
    code, out, _ = run(capsys, data_dir, "due", "--today", TODAY.isoformat())
    assert did in out


def test_sent_with_an_unknown_id_or_a_kit_is_one_line(capsys, data_dir):
    code, _, err = run(capsys, data_dir, "sent", "d-nope")
    assert code == 2
    one_error(err, "d-nope")
    kit = Store(data_dir).save_draft("referkit", {}, {}, contact="Jane")
    code, _, err = run(capsys, data_dir, "sent", kit)
    assert code == 2
    one_error(err, "refer-me kit")


# -- persona add --------------------------------------------------------------------------------
def test_persona_add_from_a_partial_card_fills_the_rest(capsys, data_dir, tmp_path):
    card = tmp_path / "dana.yaml"
    card.write_text(
        "name: Dana Holt\ntrade: printer\nideal_client: Cafes opening a second site\ntraits: [impatient]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, data_dir, "persona", "add", str(card))
    assert code == 0, err
    assert "Saved Dana Holt" in out and "coach rehearse --persona dana-holt" in out and "Filled in" in out
    code, out, _ = run(capsys, data_dir, "personas", "--json")
    mine = next(p for p in json.loads(out) if p["id"] == "dana-holt")
    assert mine["origin"] == "custom" and mine["traits"] == ["impatient"]
    code, out, _ = run(capsys, data_dir, "persona", "add", str(card))
    assert "Updated Dana Holt" in out


def test_persona_add_full_card_and_from_text_then_remove(capsys, data_dir):
    code, out, err = run(capsys, data_dir, "persona", "add", str(CORPUS / "personas" / "good.yaml"), "--json")
    assert code == 0, err
    assert json.loads(out)["id"] == "my-partner"
    code, out, err = run(
        capsys,
        data_dir,
        "persona",
        "add",
        "--from-text",
        "Dana Holt runs a print shop and is very busy; she works with local cafes.",
    )
    assert code == 0, err
    assert "Saved Dana Holt" in out
    code, out, _ = run(capsys, data_dir, "persona", "remove", "my-partner")
    assert code == 0 and "Removed my-partner" in out
    assert {p["id"] for p in Store(data_dir).list_personas()} == {"dana-holt"}


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        ("trade: printer\n", "card.yaml", "'name' is required"),
        ("name: Dana\n", "card.yaml", "'trade' is required"),
        (
            "name: Dana\ntrade: printer\nideal_clent: cafes\n",
            "card.yaml",
            "'ideal_clent' is not a persona field",
        ),
        (
            "name: Dana\ntrade: printer\ndifficulty: brutal\n",
            "card.yaml",
            "'difficulty' must be easy, medium or hard",
        ),
        ("- just\n- a list\n", "card.yaml", "must be a mapping"),
        ("name: [unclosed\n", "card.yaml", "could not be read"),
        ('{"name": "Dana", "trade": 5}', "card.json", "'trade' is required"),
        ("id: warm-connector\nname: Maya\ntrade: letting agent\n", "card.yaml", "built-in persona"),
    ],
)
def test_bad_persona_cards_are_one_line_and_save_nothing(capsys, data_dir, tmp_path, content, name, fragment):
    card = tmp_path / name
    card.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, data_dir, "persona", "add", str(card))
    assert code == 2 and out == ""
    one_error(err, fragment)
    assert Store(data_dir).list_personas() == []


def test_persona_add_needs_a_file_or_text(capsys, data_dir, tmp_path):
    code, _, err = run(capsys, data_dir, "persona", "add")
    assert code == 2 and "coach: error:" in err
    code, _, err = run(capsys, data_dir, "persona", "add", str(tmp_path / "missing.yaml"))
    assert code == 2
    one_error(err, "No persona card")
    code, _, err = run(capsys, data_dir, "persona", "remove", "warm-connector")
    assert code == 2
    one_error(err, "built-in")


# -- review of plain-text transcripts -----------------------------------------------------------
ME_THEM = """Me: Hi Maya, thanks for meeting me. What does a good week look like in your business?
Them: I let shops and offices in the town centre.
And the odd workshop.
Me: Who is a great referral for you?
Them: Someone outgrowing their space.
"""


def test_review_reads_me_them_lines(capsys, data_dir, tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(ME_THEM, encoding="utf-8")
    code, out, err = run(capsys, data_dir, "review", str(path), "--no-citations", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["checks"] and all(isinstance(c["passed"], bool) for c in data["checks"])
    code, out, _ = run(capsys, data_dir, "review", str(path), "--no-citations")
    assert "✓ Asked about their business" in out
    assert "asked_about_their_business" not in out and "_" not in "".join(
        ln for ln in out.splitlines() if ln.startswith(("✓", "✗"))
    )


def test_review_reads_name_lines_using_a_known_partner_or_me(capsys, data_dir, tmp_path):
    known = tmp_path / "known.txt"
    known.write_text(
        "Jane: Hi Maya, what does your business do?\nMaya: Commercial lettings.\n"
        "Jane: Who is a great referral for you?\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, data_dir, "review", str(known), "--no-citations")
    assert code == 0, err
    assert '"Hi Maya, what does your business do?"' in out

    ambiguous = tmp_path / "ambiguous.txt"
    ambiguous.write_text(
        "Jane: Hi Tom, what do you do?\nTom: I'm a plumber.\nJane: Who's your ideal client?\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, data_dir, "review", str(ambiguous), "--no-citations")
    assert code == 2 and out == ""
    one_error(err, "--me NAME")
    code, out, err = run(capsys, data_dir, "review", str(ambiguous), "--me", "jane", "--no-citations")
    assert code == 0, err
    assert '"Hi Tom, what do you do?"' in out
    code, _, err = run(capsys, data_dir, "review", str(ambiguous), "--me", "Bob", "--no-citations")
    assert code == 2
    one_error(err, "'Bob' is not one of the speakers")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "empty"),
        ("just some notes from the day\nno speakers here\n", "first line has no speaker"),
        ("A: one\nB: two\nC: three\n", "more than two speakers"),
        ("Them: hello there\nThem: anyone?\n", "no words from the user"),
    ],
)
def test_bad_plain_text_transcripts_are_one_line(capsys, data_dir, tmp_path, content, fragment):
    path = tmp_path / "chat.txt"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, data_dir, "review", str(path))
    assert code == 2 and out == ""
    one_error(err, fragment)


def test_review_of_a_json_transcript_still_works(capsys, data_dir, tmp_path):
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps(
            {
                "persona": None,
                "scenario": "follow-up-121",
                "turns": [
                    {
                        "speaker": "user",
                        "text": "Last time we agreed I'd introduce you to Sam - how did it go?",
                    },
                    {"speaker": "partner", "text": "Really well, thanks."},
                ],
            }
        ),
        encoding="utf-8",
    )
    code, out, err = run(capsys, data_dir, "review", str(path), "--no-citations", "--json")
    assert code == 0, err
    ids = [c["id"] for c in json.loads(out)["checks"]]
    assert "recapped_last_meeting" in ids, "the scenario's own checks are part of the review"
