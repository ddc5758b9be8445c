"""Bad input at every entry point gets one clear message, crashes nothing and changes nothing saved.

Entry points: CLI arguments, the form-level core functions the pages call (profile, follow-up, persona,
drafts, settings, search), chat messages, uploads, CSV rows, transcript files, profile and persona
files. Inputs come from tests/reliability/corpus/ (plus a few generated at run time: enormous, deeply
nested or many-rowed). Before every bad input the data dir is snapshotted (every database row, every
file, the index's document list) and compared afterwards.
"""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from reliability_kit import CORPUS, coach_env, db_rows, run_coach, seed_index, snapshot

from app.cli.main import main
from app.core.config import save_settings
from app.core.drafting import (
    FollowupRequest,
    Profile,
    draft_followup,
    edit_variant,
    followup_from_notes,
    load_profile_file,
    mark_sent,
    parse_csv,
    record_nudge,
    regenerate,
    run_batch,
    save_followup,
    save_profile,
    set_field,
    validate_profile,
)
from app.core.errors import ConfigError, InputError, NotFoundError
from app.core.knowledge.index import KnowledgeBase
from app.core.roleplay import (
    Partner,
    delete_custom_persona,
    persona_from_dict,
    persona_from_text,
    save_custom_persona,
)
from app.core.roleplay.persona_text import build_persona_data
from app.core.roleplay.personas import load_persona_file
from app.core.store import Store
from app.core.transcript import load_transcript

TODAY = date(2025, 3, 12)
GOOD_NOTE = (CORPUS / "uploads" / "good.md").read_bytes()


@dataclass
class Saved:
    """A data dir holding one of everything a user saves, and handles on it."""

    data_dir: Path
    store: Store
    kb: KnowledgeBase
    partner: Partner
    session_id: str
    draft_ids: list[str]

    def state(self) -> dict[str, Any]:
        """Every row, every file and the index's document list."""
        return {**snapshot(self.data_dir), "documents": [d.to_dict() for d in self.kb.list_documents()]}


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory, library_kb) -> Saved:
    """Profile, custom persona, a rehearsal in progress, two drafts, one upload and saved settings."""
    from app.core.config import load_settings

    data_dir = seed_index(Path(library_kb.settings.data_dir), tmp_path_factory.mktemp("saved") / "data")
    settings = load_settings(cli={"data_dir": str(data_dir)}, env={}, secrets={}, saved={})
    save_settings(data_dir, {"engine": "offline"})
    store = Store(data_dir)
    profile = Profile(
        name="Jane Smith",
        business="Smith & Co Bookkeeping",
        email="jane@example.com",
        trigger_phrases=["I'm drowning in paperwork"],
    )
    save_profile(store, profile)
    card = yaml.safe_load((CORPUS / "personas" / "good.yaml").read_text(encoding="utf-8"))
    save_custom_persona(store, card)
    partner = Partner(store)
    session = partner.start("warm-connector")
    for line in ("Hi Maya!", "What does your business do?", "Who is your ideal client?"):
        partner.reply(session, line)
    drafts = []
    for name, goal in (("Sam Patel", "thank"), ("Ann Lee", "invite-121")):
        req = FollowupRequest(name=name, met_at="the Chamber breakfast", detail="loves sailing", goal=goal)
        drafts.append(save_followup(store, draft_followup(req, profile, today=TODAY)))
    kb = KnowledgeBase(settings)
    assert kb.ingest_upload("good.md", GOOD_NOTE).indexed == ["uploads/good.md"]
    return Saved(data_dir, store, kb, partner, session.id, drafts)


def run_main(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    """Run `coach ARGV` in this process with its stdout/stderr captured; return (exit code, out, err)."""
    out, err, old = io.StringIO(), io.StringIO(), (sys.stdin, sys.stdout, sys.stderr)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def assert_clear(code: int, out: str, err: str, expected_code: int, fragment: str) -> None:
    """One `coach: error:` line (plus argparse's --help pointer), the expected exit code and words, no traceback."""
    assert code == expected_code, (code, out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[0].startswith("coach: error: "), err
    assert all(line.startswith("(see 'coach") for line in lines[1:]), err
    assert "Traceback" not in out + err and "unexpected error" not in err, err
    assert fragment.lower() in lines[0].lower(), (fragment, lines[0])


def assert_unchanged(saved: Saved, before: dict[str, Any]) -> None:
    """Nothing saved moved: same rows, same files, same indexed documents."""
    after = saved.state()
    assert after["rows"] == before["rows"]
    assert after["files"] == before["files"]
    assert after["documents"] == before["documents"]


# -- CLI arguments ------------------------------------------------------------------------------------
FULL = ["followup", "--name", "Sam Patel", "--met-at", "Expo", "--detail", "loves sailing"]
CLI_CASES = {
    "k-not-a-number": (["search", "referrals", "--k", "abc"], 2, "invalid int value"),
    "k-out-of-range": (["search", "referrals", "--k", "0"], 2, "between 1 and 50"),
    "k-enormous": (["search", "referrals", "--k", "99999999999999999999"], 2, "between 1 and 50"),
    "empty-query": (["search", "   "], 2, "Type a question"),
    "unknown-origin": (["search", "referrals", "--origin", "everywhere"], 2, "invalid choice"),
    "unknown-persona": (["rehearse", "--persona", "no-such-person"], 2, "No persona with id"),
    "traversal-persona": (["rehearse", "--persona", "../../etc/passwd"], 2, "No persona with id"),
    "unknown-scenario": (
        ["rehearse", "--persona", "warm-connector", "--scenario", "job-interview"],
        2,
        "scenario",
    ),
    "unknown-session": (["rehearse", "--resume", "s-0000000000"], 2, "No rehearsal session"),
    "no-partner": (["rehearse"], 2, "Choose a partner"),
    "missing-transcript": (["review", "{tmp}/missing.json"], 2, "No transcript file"),
    "transcript-is-a-folder": (["review", "{tmp}"], 2, "No transcript file"),
    "missing-ingest-path": (["ingest", "{tmp}/nothing-here"], 2, "No such file or folder"),
    "show-unknown-document": (["knowledge", "show", "nope.md"], 2, "No document"),
    "remove-unknown-document": (["knowledge", "remove", "nope.md"], 2, "No document"),
    "remove-library-article": (
        ["knowledge", "remove", "knowledge/articles/giving-first.md"],
        2,
        "built-in library",
    ),
    "show-without-path": (["knowledge", "show"], 2, "needs the document's path"),
    "unknown-knowledge-action": (["knowledge", "erase-all"], 2, "invalid choice"),
    "missing-csv": (["followup", "--csv", "{tmp}/missing.csv", "--out", "{tmp}/out"], 2, "No CSV file"),
    "csv-without-out": (["followup", "--csv", str(CORPUS / "csv" / "bad-rows.csv")], 2, "needs --out"),
    "csv-and-name": (["followup", "--csv", "x.csv", "--name", "Sam"], 2, "either --csv"),
    "nobody": (["followup"], 2, "Say who to follow up"),
    "missing-fields": (["followup", "--name", "Sam"], 2, "is required"),
    "bad-date": ([*FULL, "--met-on", "31/02/2025"], 2, "is not a date"),
    "impossible-date": ([*FULL, "--met-on", "2025-02-31"], 2, "is not a date"),
    "nudges-not-a-number": ([*FULL, "--nudges", "many"], 2, "invalid int value"),
    "negative-nudges": ([*FULL, "--goal", "nudge", "--nudges", "-3"], 2, "nudges"),
    "variants-out-of-range": ([*FULL, "--variants", "7"], 2, "invalid choice"),
    "unknown-channel": ([*FULL, "--channel", "fax"], 2, "invalid choice"),
    "placeholder-detail": (
        ["followup", "--name", "Sam", "--met-at", "Expo", "--detail", "[insert detail]"],
        2,
        "placeholder",
    ),
    "overlong-name": (
        ["followup", "--name", "S" * 5000, "--met-at", "Expo", "--detail", "sailing"],
        2,
        "keep it under",
    ),
    "out-is-a-file": ([*FULL, "--out", str(CORPUS / "README.md")], 2, "Cannot write to"),
    "missing-profile-file": ([*FULL, "--profile", "{tmp}/missing.yaml"], 2, "No profile file"),
    "unknown-profile-key": (["profile", "set", "favourite_colour", "blue"], 2, "Unknown profile key"),
    "bad-email": (["profile", "set", "email", "jane at example"], 2, "not an email address"),
    "set-without-value": (["profile", "set", "name"], 2, "Usage"),
    "profile-init-missing-file": (["profile", "init", "--from", "{tmp}/missing.yaml"], 2, "No profile file"),
    "refer-kit-missing-profile": (["refer-kit", "--profile", "{tmp}/missing.yaml"], 2, "No profile file"),
    "unknown-engine-action": (["engine", "explode"], 2, "invalid choice"),
    "unknown-engine": (["--engine", "quantum", "engine", "info"], 2, "invalid choice"),
    "port-not-a-number": (["app", "--port", "http"], 2, "invalid int value"),
    "unknown-command": (["teleport"], 2, "invalid choice"),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_cli_argument_gets_one_clear_error_and_changes_nothing(saved: Saved, tmp_path: Path, case: str):
    argv, code, fragment = CLI_CASES[case]
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    before = saved.state()
    assert_clear(*run_main("--data-dir", str(saved.data_dir), *argv), code, fragment)
    assert_unchanged(saved, before)


@pytest.mark.parametrize(
    "name, value, fragment",
    [
        ("COACH_MAX_UPLOADS", "twenty", "must be a number"),
        ("COACH_MAX_UPLOAD_MB", "10MB", "must be a number"),
        ("COACH_REQUEST_TIMEOUT", "soon", "must be a number"),
        ("COACH_ENGINE", "gpt", "Unknown engine"),
        ("COACH_EMBEDDING", "word2vec", "Unknown embedding"),
    ],
)
def test_bad_setting_in_the_environment_is_one_clear_error(saved: Saved, monkeypatch, name, value, fragment):
    monkeypatch.setenv(name, value)
    before = saved.state()
    assert_clear(*run_main("--data-dir", str(saved.data_dir), "personas"), 2, fragment)
    assert_unchanged(saved, before)


def test_data_dir_that_is_a_file_is_one_clear_error(tmp_path: Path):
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("I am a file", encoding="utf-8")
    assert_clear(*run_main("--data-dir", str(not_a_dir), "personas"), 1, "Could not open the database")
    assert not_a_dir.read_text(encoding="utf-8") == "I am a file"


@pytest.mark.slow
def test_cli_process_level_failures_have_no_traceback(saved: Saved, tmp_path: Path):
    """The same promises hold for the real console process (exit codes as the shell sees them)."""
    env = coach_env(saved.data_dir)
    before = saved.state()
    for argv, code in (
        (["search", "referrals", "--k", "abc"], 2),
        (["rehearse", "--resume", "s-nope"], 2),
        (["review", str(CORPUS / "transcripts" / "binary.json")], 2),
    ):
        result = run_coach(saved.data_dir, *argv, env=env)
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert result.stderr.startswith("coach: error: ")
    assert_unchanged(saved, before)


# -- form-level core functions (what the pages call) ---------------------------------------------------
PROFILE_FORMS = {
    "empty-name": ({"name": "   "}, "name is required"),
    "name-as-list": ({"name": ["Jane", "Smith"]}, "must be text"),
    "name-as-bool": ({"name": True}, "must be text"),
    "triggers-as-mapping": ({"name": "Jane", "trigger_phrases": {"a": 1}}, "list of short phrases"),
    "nested-list": ({"name": "Jane", "want_to_meet": [["brokers"]]}, "list of short phrases"),
    "bad-email": ({"name": "Jane", "email": "jane at example"}, "not an email address"),
    "script-link": ({"name": "Jane", "scheduling_link": "javascript:alert(1)"}, "https://"),
    "placeholder": ({"name": "Jane", "what_i_do": "I help {client type} with [thing]"}, "placeholder"),
    "enormous": ({"name": "Jane", "story": "word " * 2000}, "keep it under"),
    "unknown-key": ({"name": "Jane", "password": "hunter2"}, "unknown keys"),
    "not-a-mapping": (["Jane"], "must be a mapping"),
}


@pytest.mark.parametrize("case", sorted(PROFILE_FORMS))
def test_profile_form_values_are_refused_and_the_saved_profile_kept(saved: Saved, case: str):
    data, fragment = PROFILE_FORMS[case]
    before = saved.state()
    with pytest.raises(InputError, match=fragment):
        save_profile(saved.store, validate_profile(data))
    assert_unchanged(saved, before)


@pytest.mark.parametrize(
    "key, value, fragment",
    [
        ("nickname", "JJ", "Unknown profile key"),
        ("email", "not an email", "not an email address"),
        ("name", "", "name is required"),
        ("scheduling_link", "ftp://example.com", "https://"),
        ("ideal_client", "x" * 1600, "keep it under"),
    ],
)
def test_profile_set_field_refuses_and_keeps_the_profile(saved: Saved, key, value, fragment):
    before = saved.state()
    with pytest.raises(InputError, match=fragment):
        set_field(saved.store, key, value)
    assert_unchanged(saved, before)


FOLLOWUP_FORMS = {
    "all-empty": (dict(name="", met_at="", detail=""), "is required"),
    "whitespace": (dict(name="  \t", met_at="\n", detail="   "), "is required"),
    "enormous-detail": (dict(name="Sam", met_at="Expo", detail="sailing " * 2000), "keep it under"),
    "placeholder": (dict(name="{first_name}", met_at="Expo", detail="sailing"), "placeholder"),
    "unknown-goal": (dict(name="Sam", met_at="Expo", detail="sailing", goal="sell"), "unknown goal"),
    "unknown-channel": (
        dict(name="Sam", met_at="Expo", detail="sailing", channel="pigeon"),
        "unknown channel",
    ),
    "unknown-tone": (dict(name="Sam", met_at="Expo", detail="sailing", tone="angry"), "unknown tone"),
    "bad-date": (dict(name="Sam", met_at="Expo", detail="sailing", met_on="yesterday"), "not a date"),
    "nudges-text": (dict(name="Sam", met_at="Expo", detail="sailing", goal="nudge", nudges="two"), "nudges"),
    "negative-nudges": (dict(name="Sam", met_at="Expo", detail="sailing", goal="nudge", nudges=-1), "nudges"),
    "resource-without-what": (
        dict(name="Sam", met_at="Expo", detail="sailing", goal="send-resource"),
        "promised",
    ),
    "introduce-without-whom": (
        dict(name="Sam", met_at="Expo", detail="sailing", goal="introduce"),
        "promised",
    ),
}


@pytest.mark.parametrize("case", sorted(FOLLOWUP_FORMS))
def test_followup_form_values_are_refused_before_anything_is_drafted(saved: Saved, case: str):
    fields, fragment = FOLLOWUP_FORMS[case]
    before = saved.state()
    with pytest.raises(InputError, match=fragment):
        draft_followup(FollowupRequest(**fields), Profile(name="Jane Smith"), today=TODAY)
    assert_unchanged(saved, before)


def test_followup_from_notes_with_nothing_usable_is_refused(saved: Saved):
    before = saved.state()
    for name, notes in (("", "Met at the expo, loves sailing."), ("Sam", ""), ("Sam", " ; \n - \n ...")):
        with pytest.raises(InputError, match="name and a few lines"):
            followup_from_notes(name, notes)
    assert_unchanged(saved, before)


def _card_form(name: str, trade: str, **typed: str) -> dict[str, Any]:
    """What the 'Fill in a card' form hands the core (the builder's card with the typed fields on top)."""
    data = build_persona_data(f"{name} is a {trade}.")
    data.update({"name": name, "trade": trade, "difficulty": "medium", "origin": "custom"})
    data.update({k: v for k, v in typed.items() if v})
    data.pop("id", None)
    return data


PERSONA_FORMS = {
    "enormous-client": (_card_form("Dana Cole", "printer", ideal_client="cafes " * 400), "longer than"),
    "enormous-trade": (_card_form("Dana Cole", "printer " * 300), "longer than"),
    "built-in-id": ({**_card_form("Maya Brennan", "agent"), "id": "warm-connector"}, "built-in persona"),
    "traversal-id": ({**_card_form("Dana Cole", "printer"), "id": "../../etc"}, "lowercase letters"),
    "no-name": ({**_card_form("Dana Cole", "printer"), "name": "  ", "id": "dana"}, "'name' is required"),
}


@pytest.mark.parametrize("case", sorted(PERSONA_FORMS))
def test_persona_form_values_are_refused_and_no_persona_is_saved(saved: Saved, case: str):
    data, fragment = PERSONA_FORMS[case]
    before = saved.state()
    with pytest.raises(InputError, match=fragment):
        save_custom_persona(saved.store, data)
    assert_unchanged(saved, before)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "Describe the person"),
        ("   \n ", "Describe the person"),
        (None, "Describe the person"),
        ("Dana runs a print shop. " * 200, "keep it under"),
    ],
)
def test_persona_description_is_refused(saved: Saved, text, fragment):
    before = saved.state()
    with pytest.raises(InputError, match=fragment):
        persona_from_text(text)
    assert_unchanged(saved, before)


def test_unknown_ids_in_page_actions_are_clear_errors(saved: Saved):
    before = saved.state()
    profile = Profile(name="Jane Smith")
    actions = [
        (lambda: saved.partner.resume("s-does-not-exist"), NotFoundError, "No rehearsal session"),
        (lambda: mark_sent(saved.store, "d-does-not-exist"), NotFoundError, "No draft"),
        (lambda: record_nudge(saved.store, "d-does-not-exist"), NotFoundError, "No draft"),
        (lambda: regenerate(saved.store, "d-does-not-exist", profile), NotFoundError, "No draft"),
        (lambda: edit_variant(saved.store, "d-does-not-exist", 0, body="Hello"), NotFoundError, "No draft"),
        (lambda: delete_custom_persona(saved.store, "nobody-here"), NotFoundError, "No custom persona"),
        (lambda: delete_custom_persona(saved.store, "warm-connector"), InputError, "built-in persona"),
        (lambda: saved.kb.read_document("uploads/nope.md"), NotFoundError, "No document"),
        (lambda: saved.kb.remove("knowledge/articles/giving-first.md"), InputError, "built-in library"),
        (lambda: saved.kb.search("", k=4), InputError, "Type a question"),
        (lambda: saved.kb.search("referrals", k=500), InputError, "between 1 and 50"),
    ]
    for action, error, fragment in actions:
        with pytest.raises(error, match=fragment):
            action()
    assert saved.kb.remove("uploads/nope.md") is False
    assert_unchanged(saved, before)


@pytest.mark.parametrize(
    "index, body, fragment",
    [
        (0, "", "empty"),
        (0, "   \n\t", "empty"),
        (0, "x" * 10_001, "longer than"),
        (7, "Hello Sam", "no variant 8"),
        (-1, "Hello Sam", "no variant 0"),
    ],
)
def test_draft_edits_that_cannot_be_saved_leave_the_draft_alone(saved: Saved, index, body, fragment):
    before = saved.state()
    with pytest.raises(InputError, match=fragment):
        edit_variant(saved.store, saved.draft_ids[0], index, body=body)
    assert_unchanged(saved, before)


def test_settings_form_refuses_the_key_and_unknown_names(saved: Saved):
    before = saved.state()
    for values in ({"openai_api_key": "sk-typed-in-the-form"}, {"data_dir": "/"}, {"colour": "blue"}):
        with pytest.raises(ConfigError, match="cannot be saved"):
            save_settings(saved.data_dir, values)
    assert_unchanged(saved, before)


# -- chat input ---------------------------------------------------------------------------------------
REFUSED_MESSAGES = {
    "empty": "",
    "whitespace": "  \n\t  \r\n",
    "only-nul-bytes": "\x00\x00\x00",
    "twenty-thousand-chars": "Tell me about your clients. " * 741,
    "bytes": b"What do you do?",
    "number": 42,
    "none": None,
}
ACCEPTED_MESSAGES = {
    "emoji": "👋🤝 Hi Maya! 💼 What do you do?",
    "arabic-rtl": "مرحبا، ما هو عملك؟",
    "hebrew-mixed-bidi": "Hi \u202eשלום\u202c what do you do?",
    "chinese": "你好，你的理想客户是谁？",
    "japanese": "はじめまして。どんなお客様が理想ですか？",
    "nul-inside": "What do\x00 you do?",
    "ansi-escapes": "\x1b[31mWhat do you do?\x1b[0m",
    "latin1-bytes-as-text": bytes(range(32, 256)).decode("latin-1"),
    "markup": "<script>alert('x')</script> **What** do you _do_? {{name}}",
    "sql": "Robert'); DROP TABLE turns;-- who is your ideal client?",
    "crlf-lines": "Hi Maya.\r\nWhat do you do?\r\nWho do you help?",
    "exactly-the-limit": ("Who is your ideal client? " * 200)[:4000],
    "lone-surrogate": "What do you do? \ud800 And who is your ideal client?",
}


@pytest.mark.parametrize("case", sorted(REFUSED_MESSAGES))
def test_unsendable_chat_message_is_refused_and_the_conversation_unchanged(saved: Saved, case: str):
    session = saved.partner.resume(saved.session_id)
    before = saved.state()
    with pytest.raises(InputError):
        saved.partner.reply_stream(session, REFUSED_MESSAGES[case])
    assert_unchanged(saved, before)
    assert saved.partner.resume(saved.session_id).turns == session.turns


@pytest.mark.parametrize("case", sorted(ACCEPTED_MESSAGES))
def test_odd_but_real_chat_message_is_answered_and_saved_as_sent(data_dir: Path, case: str):
    text = ACCEPTED_MESSAGES[case]
    assert len(text) <= 4000
    store = Store(data_dir)
    partner = Partner(store)
    session = partner.start("warm-connector")
    partner.reply(session, "Hi Maya, lovely to meet you.")
    earlier = store.get_session(session.id)["turns"]
    reply = "".join(partner.reply_stream(session, text))
    assert reply.strip()
    turns = store.get_session(session.id)["turns"]
    assert turns[: len(earlier)] == earlier
    assert [t["speaker"] for t in turns[len(earlier) :]] == ["user", "partner"]
    said = turns[len(earlier)]["text"]
    if case == "lone-surrogate":  # not encodable: it may be dropped or replaced, the words around it stay
        assert "\ud800" not in said and said.startswith("What do you do?") and said.endswith("ideal client?")
    else:
        assert said == unicodedata.normalize("NFC", text).replace("\x00", "").strip()
    assert partner.resume(session.id).turns == turns  # what is shown after a reload is what was sent


@pytest.mark.slow
def test_invalid_utf8_typed_into_the_cli_rehearsal_does_not_end_it(saved: Saved, tmp_path: Path):
    """Bytes that are not UTF-8 on stdin (a mis-set terminal) cost at most that one line."""
    data_dir = seed_index(saved.data_dir, tmp_path / "data")
    lines = (
        b"Hi Maya, what do you do?\n\xff\xfe caf\xe9 \xc3\x28 bad bytes\nWho is your ideal client?\n/end\n"
    )
    result = run_coach(
        data_dir, "rehearse", "--persona", "warm-connector", stdin=lines, env=coach_env(data_dir)
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    assert "Coach's report" in result.stdout
    session = Store(data_dir).list_sessions()[0]
    said = [t["text"] for t in Store(data_dir).get_session(session["id"])["turns"] if t["speaker"] == "user"]
    assert said[0] == "Hi Maya, what do you do?" and said[-1] == "Who is your ideal client?"
    assert session["status"] == "ended"


# -- uploads ------------------------------------------------------------------------------------------
UPLOAD_FILES = {
    "empty.md": "The file is empty",
    "whitespace.txt": "The file is empty",
    "binary.md": "binary data",
    "latin1.txt": "not UTF-8",
    "not-a-pdf.pdf": "PDF could not be read",
    "setup.exe": "Unsupported file type",
    "bad-front-matter.md": "front matter is not valid YAML",
    "no-text.html": "no text to index",
}


@pytest.mark.parametrize("name", sorted(UPLOAD_FILES))
def test_bad_upload_gets_one_reason_and_nothing_is_kept(saved: Saved, name: str):
    before = saved.state()
    report = saved.kb.ingest_upload(name, (CORPUS / "uploads" / name).read_bytes())
    assert report.indexed == [] and report.unchanged == []
    assert len(report.skipped) == 1 and UPLOAD_FILES[name] in report.skipped[0][1]
    assert "\n" not in report.skipped[0][1]
    assert_unchanged(saved, before)


@pytest.mark.parametrize(
    "name, data, fragment",
    [
        ("huge.md", b"# Huge\n\n" + b"referral " * (11 * 1024 * 1024 // 9), "over the 10 MB limit"),
        ("..", GOOD_NOTE, "no usable file name"),
        ("", GOOD_NOTE, "no usable file name"),
        ("../../", GOOD_NOTE, "no usable file name"),
        ("copy-of-good.md", GOOD_NOTE, "Same content as uploads/good.md"),
        ("../../../copy.md", GOOD_NOTE, "Same content as uploads/good.md"),
    ],
)
def test_enormous_nameless_and_duplicate_uploads_are_refused(saved: Saved, name, data, fragment):
    before = saved.state()
    report = saved.kb.ingest_upload(name, data)
    assert report.indexed == [] and len(report.skipped) == 1 and fragment in report.skipped[0][1]
    assert_unchanged(saved, before)


def test_uploading_the_same_file_again_changes_nothing(saved: Saved):
    before = saved.state()
    assert saved.kb.ingest_upload("good.md", GOOD_NOTE).unchanged == ["uploads/good.md"]
    assert_unchanged(saved, before)


@pytest.mark.parametrize(
    "name, stored",
    [
        ("../../escape.md", "escape.md"),
        ("/etc/passwd.md", "passwd.md"),
        ("..\\..\\windows\\evil.md", "evil.md"),
        (".hidden.md", "hidden.md"),
        ("nul\x00byte.md", "nulbyte.md"),
        ("a" * 300 + ".md", "a" * 117 + ".md"),
    ],
)
def test_path_traversal_in_upload_names_stays_inside_the_uploads_folder(
    data_dir: Path, library_kb, name, stored
):
    from app.core.config import load_settings

    seed_index(Path(library_kb.settings.data_dir), data_dir / "inner")
    inner = data_dir / "inner"
    kb = KnowledgeBase(load_settings(cli={"data_dir": str(inner)}, env={}, secrets={}, saved={}))
    outside = {p for p in data_dir.parent.rglob("*") if "inner" not in p.parts}
    body = f"# Notes for {stored[:20]}\n\nThe florist wants referrals from wedding planners.\n".encode()
    report = kb.ingest_upload(name, body)
    assert report.indexed == [f"uploads/{stored}"]
    assert (inner / "uploads" / stored).read_bytes() == body
    assert {
        p for p in data_dir.parent.rglob("*") if "inner" not in p.parts
    } == outside  # nothing written elsewhere
    assert [p.name for p in (inner / "uploads").iterdir()] == [stored]


# -- CSV rows -----------------------------------------------------------------------------------------
CSV_FILES = {
    "empty.csv": "The CSV is empty",
    "whitespace.csv": "The CSV is empty",
    "no-header.csv": "has no name, met_at, detail column",
    "missing-columns.csv": "has no met_at, detail column",
    "utf16.csv": "The CSV",
    "binary.csv": "The CSV",
}


@pytest.mark.parametrize("name", sorted(CSV_FILES))
def test_unusable_csv_file_is_one_clear_error_and_nothing_is_drafted(saved: Saved, name: str):
    before = saved.state()
    with pytest.raises(InputError, match=CSV_FILES[name]):
        run_batch(
            (CORPUS / "csv" / name).read_bytes(), Profile(name="Jane Smith"), store=saved.store, today=TODAY
        )
    assert_unchanged(saved, before)


@pytest.mark.parametrize(
    "make, fragment",
    [
        (
            lambda: b"name,met_at,detail\n" + b"Sam Patel,Chamber breakfast,loves sailing\n" * 60_000,
            "larger than 2 MB",
        ),
        (
            lambda: b"name,met_at,detail\n" + b"Sam Patel,Chamber breakfast,loves sailing\n" * 501,
            "more than 500",
        ),
        (
            lambda: b"name,met_at,detail\nSam Patel,Chamber breakfast," + b"sailing " * 25_000 + b"\n",
            "The CSV",
        ),
    ],
    ids=["over-2-MB", "501-rows", "one-enormous-cell"],
)
def test_oversized_csv_is_one_clear_error(saved: Saved, make, fragment):
    before = saved.state()
    with pytest.raises(InputError, match=fragment):
        run_batch(make(), Profile(name="Jane Smith"), store=saved.store, today=TODAY)
    assert_unchanged(saved, before)


def test_csv_with_old_mac_line_endings_is_read_or_refused_clearly(saved: Saved):
    before = saved.state()
    try:
        rows, errors = parse_csv((CORPUS / "csv" / "old-mac-line-endings.csv").read_bytes())
    except InputError:
        assert_unchanged(saved, before)
        return
    assert [r.request.name for r in rows] == ["Sam Patel", "Ann Lee"] and errors == []


def test_only_a_header_drafts_nothing_and_says_so(saved: Saved, tmp_path: Path):
    before = saved.state()
    code, out, err = run_main(
        "--data-dir",
        str(saved.data_dir),
        "followup",
        "--csv",
        str(CORPUS / "csv" / "only-header.csv"),
        "--out",
        str(tmp_path / "out"),
    )
    assert code == 0 and "Drafted 0 follow-up(s)" in out and "Traceback" not in err
    assert_unchanged(saved, before)


def test_bad_rows_are_reported_by_row_and_good_rows_still_drafted(saved: Saved, tmp_path: Path):
    before = saved.state()
    code, out, err = run_main(
        "--data-dir",
        str(saved.data_dir),
        "followup",
        "--csv",
        str(CORPUS / "csv" / "bad-rows.csv"),
        "--out",
        str(tmp_path / "out"),
        "--today",
        TODAY.isoformat(),
    )
    assert code == 1 and "Traceback" not in err
    assert "Drafted 2 follow-up(s)" in out
    reasons = dict(line.split(": ", 1) for line in out.splitlines() if line.startswith("row "))
    assert set(reasons) == {f"row {n}" for n in range(3, 10)}
    expected = {
        3: "name is required",
        4: "unknown channel 'fax'",
        5: "unknown goal 'sell-to-them'",
        6: "met_at",
        7: "detail",
        8: "promised",
        9: "placeholder",
    }
    for row, words in expected.items():
        assert words in reasons[f"row {row}"]
    after = db_rows(saved.data_dir)
    for table, rows in before["rows"].items():
        assert set(rows) <= set(after[table]), table  # every earlier row is still there, unchanged
    new = {r[2] for r in set(after["drafts"]) - set(before["rows"]["drafts"])}  # the contact column
    assert new == {"Sam Patel", "Gus Hall"}
    for draft_id in [r[0] for r in set(after["drafts"]) - set(before["rows"]["drafts"])]:
        saved.store.delete_draft(draft_id)
    assert_unchanged(saved, before)


def test_windows_1252_csv_keeps_its_accents(data_dir: Path):
    store = Store(data_dir)
    result = run_batch(
        (CORPUS / "csv" / "windows-1252.csv").read_bytes(),
        Profile(name="Jane Smith"),
        store=store,
        today=TODAY,
    )
    assert result.errors == []
    ((_, drafted, _),) = result.drafts
    assert drafted.request.name == "Zoë Martin" and "crème brûlée" in drafted.request.detail
    assert "Zoë" in store.list_drafts()[0]["result"]["variants"][0]["body"]


# -- transcript files (coach review) ------------------------------------------------------------------
TRANSCRIPTS = {
    "list.json": "must be a JSON object",
    "empty-object.json": "'turns' must be a non-empty list",
    "no-turns.json": "'turns' must be a non-empty list",
    "turns-string.json": "'turns' must be a non-empty list",
    "bad-speaker.json": "'speaker' must be",
    "text-number.json": "'text' must be a string",
    "no-user-words.json": "no words from",
    "emoji-only.json": "no words from you",
    "persona-number.json": "'persona' must be a string",
    "truncated.json": "not valid JSON",
    "latin1.json": "not UTF-8",
    "utf16.json": "not UTF-8",
    "binary.json": "not UTF-8",
}


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_bad_transcript_file_gets_one_clear_error(saved: Saved, name: str):
    before = saved.state()
    code, out, err = run_main(
        "--data-dir", str(saved.data_dir), "review", str(CORPUS / "transcripts" / name), "--no-citations"
    )
    assert_clear(code, out, err, 2, TRANSCRIPTS[name])
    assert_unchanged(saved, before)


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda: b"[" * 100_000 + b"]" * 100_000, "transcript"),
        (
            lambda: json.dumps(
                {"turns": [{"speaker": "user", "text": "What do you do? " * 400_000}]}
            ).encode(),
            "larger than 5 MB",
        ),
    ],
    ids=["nested-100000-deep", "over-5-MB"],
)
def test_generated_hostile_transcripts_get_one_clear_error(saved: Saved, tmp_path: Path, make, fragment):
    path = tmp_path / "transcript.json"
    path.write_bytes(make())
    before = saved.state()
    code, out, err = run_main("--data-dir", str(saved.data_dir), "review", str(path), "--no-citations")
    assert_clear(code, out, err, 2, fragment)
    assert_unchanged(saved, before)


@pytest.mark.parametrize("name", ["lone-surrogate.json", "nul-escape.json"])
def test_escaped_control_characters_in_a_transcript_are_reviewed_or_refused_clearly(saved: Saved, name: str):
    code, out, err = run_main(
        "--data-dir",
        str(saved.data_dir),
        "review",
        str(CORPUS / "transcripts" / name),
        "--no-citations",
        "--json",
    )
    assert "Traceback" not in err and "unexpected error" not in err, err
    if code == 0:
        assert json.loads(out)["total"] == 9
    else:
        assert_clear(code, out, err, 2, "transcript")


def test_transcript_loader_raises_input_error_for_the_whole_corpus():
    for path in sorted((CORPUS / "transcripts").iterdir()):
        if path.name in TRANSCRIPTS and TRANSCRIPTS[path.name].startswith(("not", "must")):
            with pytest.raises(InputError):
                load_transcript(path)


# -- profile and persona files ------------------------------------------------------------------------
PROFILE_FILES = {
    "list.yaml": "must be a mapping",
    "scalar.yaml": "must be a mapping",
    "empty.yaml": "is empty",
    "bad-syntax.yaml": "not valid YAML",
    "python-tag.yaml": "not valid YAML",
    "wrong-types.yaml": "must be text",
    "placeholder.yaml": "placeholder",
    "bad-contact.yaml": "not an email address",
    "unknown-keys.yaml": "unknown keys",
    "no-name.yaml": "name is required",
    "list.json": "must be a mapping",
    "truncated.json": "not valid JSON",
    "wrong-types.json": "must be text",
    "latin1.yaml": "Could not read",
    "binary.yaml": "Could not read",
    "utf16.json": "Could not read",
}


@pytest.mark.parametrize("name", sorted(PROFILE_FILES))
def test_bad_profile_file_is_refused_and_the_saved_profile_kept(saved: Saved, name: str):
    before = saved.state()
    path = CORPUS / "profiles" / name
    with pytest.raises(InputError, match=PROFILE_FILES[name]):
        load_profile_file(path)
    assert_clear(
        *run_main("--data-dir", str(saved.data_dir), "profile", "init", "--from", str(path)),
        2,
        PROFILE_FILES[name],
    )
    assert_unchanged(saved, before)


def test_python_tags_in_a_profile_are_never_executed(saved: Saved, tmp_path: Path, monkeypatch):
    import os

    ran: list[str] = []
    monkeypatch.setattr(os, "system", lambda cmd: ran.append(cmd) or 0)
    with pytest.raises(InputError):
        load_profile_file(CORPUS / "profiles" / "python-tag.yaml")
    assert ran == []


PERSONA_FILES = {
    "list.yaml": "must be a mapping",
    "scalar.yaml": "must be a mapping",
    "empty.yaml": "must be a mapping",
    "bad-syntax.yaml": "could not be read",
    "binary.yaml": "could not be read",
    "gains-list.yaml": "'gains' must be a mapping",
    "bad-id.yaml": "'id' must be 2-48 lowercase",
    "difficulty.yaml": "'difficulty' must be easy, medium or hard",
    "no-name.yaml": "'name' is required",
    "triggers-number.json": "'trigger_phrases' must be a list",
    "lines-unknown.json": "'lines.sing_a_song' is not a known",
    "asks-back-text.yaml": "'asks_back_every' must be a whole number",
    "long-field.yaml": "'personality' is longer than",
}


@pytest.mark.parametrize("name", sorted(PERSONA_FILES))
def test_bad_persona_file_is_refused_and_no_persona_saved(saved: Saved, name: str):
    before = saved.state()
    path = CORPUS / "personas" / name
    with pytest.raises(InputError, match=PERSONA_FILES[name]):
        load_persona_file(path)
    raw = path.read_bytes()
    try:
        data = json.loads(raw) if name.endswith(".json") else yaml.safe_load(raw.decode("utf-8"))
    except (ValueError, yaml.YAMLError):
        data = None  # unreadable files were covered by the loader above
    if data is not None or name == "empty.yaml":
        with pytest.raises(InputError, match=PERSONA_FILES[name]):
            save_custom_persona(saved.store, data) if isinstance(data, dict) else persona_from_dict(data)
    assert_unchanged(saved, before)


def test_the_persona_corpus_base_card_is_valid(data_dir: Path):
    """Each bad card differs from a valid one in one planted way, so each error is the planted one."""
    data = yaml.safe_load((CORPUS / "personas" / "good.yaml").read_text(encoding="utf-8"))
    assert save_custom_persona(Store(data_dir), data).id == "my-partner"
    with pytest.raises(InputError, match="must match the file name"):
        load_persona_file(CORPUS / "personas" / "good.yaml")
    same = {**data, "id": "warm-connector"}
    with pytest.raises(InputError, match="built-in persona"):
        save_custom_persona(Store(data_dir), same)
