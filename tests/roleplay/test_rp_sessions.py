"""Persistence, resume, export, the end-of-session report, demo mode and bad input."""

from __future__ import annotations

import pytest
from rp_talk import talk

from app.core.errors import InputError, NotFoundError
from app.core.llm import FakeChatModel
from app.core.roleplay import Partner, export_markdown, get_persona, run_demo
from app.core.roleplay.demo import play_demo

CHECK_IDS = {
    "asked_about_their_business",
    "asked_about_ideal_referral",
    "explained_own_ideal_client",
    "gave_trigger_phrases",
    "learned_personal_side",
    "offered_to_help_first",
    "agreed_next_step",
    "avoided_selling",
    "balanced_talk",
}


def test_start_saves_session_with_snapshot_and_opening(partner, store):
    s = partner.start("seasoned-followup", "follow-up-121")
    saved = store.get_session(s.id)
    assert saved["persona"]["name"] == "Sandra Whitlock"
    assert saved["scenario_id"] == "follow-up-121" and saved["mode"] == "rehearsal"
    assert saved["turns"][0]["speaker"] == "partner"
    assert saved["turns"][0]["text"] == get_persona("seasoned-followup").lines["followup_opening"][0]
    assert saved["memory"]["facts"] == {}


def test_resume_after_restart_continues_the_conversation(store):
    first = Partner(store)
    s = first.start("warm-connector")
    talk(first, s, ["What do you do?", "What should I listen out for?"])
    again = Partner(store)  # a new process: nothing in memory but the database
    resumed = again.resume(s.id)
    assert resumed.turns == s.turns
    assert resumed.memory == s.memory and resumed.persona == s.persona
    again.reply(resumed, "What does a great referral look like for you?")
    assert again.resume(s.id).memory.revealed == ["business", "trigger_phrases", "ideal_referral"]


def test_persona_snapshot_survives_edits_to_the_card(store):
    from app.core.roleplay import save_custom_persona

    card = get_persona("warm-connector").to_dict()
    card.update(id="my-agent", name="Pat Agent")
    save_custom_persona(store, card)
    p = Partner(store)
    s = p.start("my-agent")
    save_custom_persona(store, dict(card, name="Renamed Later"))
    assert p.resume(s.id).persona.name == "Pat Agent"


def test_unknown_ids(partner):
    with pytest.raises(NotFoundError, match="warm-connector"):
        partner.start("nobody-here")
    with pytest.raises(NotFoundError):
        partner.resume("s-doesnotexist")


@pytest.mark.parametrize("bad", ["", "   \n\t ", "x" * 20_000])
def test_bad_messages_are_refused_and_nothing_is_lost(partner, store, bad):
    s = partner.start("warm-connector")
    partner.reply(s, "What do you do?")
    before = store.get_session(s.id)
    with pytest.raises(InputError) as err:
        partner.reply_stream(s, bad)
    assert "empty" in str(err.value) or "20,000" in str(err.value)
    after = store.get_session(s.id)
    assert after["turns"] == before["turns"] and after["memory"] == before["memory"]
    assert len(s.turns) == len(before["turns"])


def test_emoji_and_non_latin_text_round_trip(partner, store):
    s = partner.start("new-member")
    text = "Bonjour 👋 こんにちは — what do you do? 🐕"
    turn = partner.reply(s, text)
    saved = store.get_session(s.id)["turns"]
    assert saved[-2]["text"] == text
    assert turn["text"]
    arabic = partner.reply(s, "مرحبا، ماذا تعمل؟")
    assert arabic["meta"]["reply"] == "other_language"


def test_end_saves_the_coach_report(partner, store):
    s = partner.start("warm-connector")
    talk(
        partner,
        s,
        [
            "What do you do?",
            "What does a great referral look like for you?",
            "Let's meet again next Tuesday at 10am - I'll send the invite.",
        ],
    )
    report = partner.end(s)
    assert {c["id"] for c in report["checks"]} == CHECK_IDS
    saved = store.get_session(s.id)
    assert saved["status"] == "ended" and saved["report"] == report and saved["score"] == report["score"]
    checks = {c["id"]: c for c in report["checks"]}
    assert checks["asked_about_their_business"]["passed"] and checks["agreed_next_step"]["passed"]


def test_export_markdown_has_everything(store):
    # Two partner replies (the second swaps roles and falls back), then the judge's verdicts, then the prose.
    model = FakeChatModel(
        [
            "I let shops and offices in the town centre.",
            "User: hello",
            '{"checks": []}',
            "You asked about their business; next time ask about their goals.",
        ]
    )
    partner = Partner(store, model)
    s = partner.start("warm-connector")
    talk(partner, s, ["What do you do?", "Who are your clients?"])
    partner.end(s)
    md = export_markdown(partner.resume(s.id))
    assert md.startswith("# 1-2-1 rehearsal: Maya Brennan - First 1-2-1 after meeting at an event")
    for turn in s.turns:
        assert turn["text"].splitlines()[0] in md
    assert "partner_reply@v1" in md and model.info.label in md
    assert "scripted fallback: role_swap" in md
    assert "## Coach's report" in md and "Asked about their business" in md
    assert "next time ask about their goals" in md


@pytest.mark.parametrize(
    "persona_id, scenario_id",
    [("busy-sceptic", "first-121"), ("came-to-sell", "came-to-sell"), ("seasoned-followup", "follow-up-121")],
)
def test_demo_plays_a_model_1_2_1(partner, store, persona_id, scenario_id):
    s = run_demo(partner, persona_id, scenario_id)
    saved = store.get_session(s.id)
    assert saved["mode"] == "demo"
    assert sum(t["speaker"] == "user" for t in saved["turns"]) >= 12
    assert {"business", "ideal_client", "ideal_referral", "trigger_phrases", "goals"} <= set(
        s.memory.revealed
    )
    assert s.memory.next_step
    report = partner.end(s)
    assert all(c["passed"] for c in report["checks"]), [c for c in report["checks"] if not c["passed"]]


def test_demo_uses_the_saved_profile(partner, store):
    store.save_profile(
        {
            "name": "Jo Baker",
            "business": "Baker Web Studio",
            "ideal_client": "new cafes",
            "trigger_phrases": ["our website is embarrassing"],
        }
    )
    s = partner.start("warm-connector", mode="demo")
    turns = list(play_demo(partner, s))
    said = " ".join(t["text"] for t in turns if t["speaker"] == "user")
    assert "Jo Baker" in said and "our website is embarrassing" in said


def test_hint_points_at_a_gap(partner):
    s = partner.start("warm-connector")
    talk(partner, s, ["Hi!", "Lovely weather.", "I'm good thanks.", "Nice cafe."])
    hint = partner.hint(s)
    assert hint and isinstance(hint, str)
    talk(partner, s, ["What do you do?"])
    assert partner.hint(s) != hint  # asking about their business closes that gap
