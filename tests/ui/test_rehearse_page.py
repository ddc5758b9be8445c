"""Rehearse page: choose, start, chat (offline), resume from the URL, hints, errors, end and report, demo."""

from __future__ import annotations

from app.core.errors import ModelError
from app.core.llm import FakeChatModel

from .helpers import no_exception, open_app, texts

PAGE = "ui/pages/rehearse.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label.startswith(label))


def _start(at):
    _button(at, "Start the 1-2-1").click().run()
    no_exception(at)
    return at.query_params["session"]


def _say(at, text: str):
    at.chat_input(key="rh_chat").set_value(text).run()
    no_exception(at)
    return at


def test_setup_shows_partners_situations_and_brief(services):
    at = open_app(services, PAGE)
    no_exception(at)
    assert at.title[0].value == "Rehearse a 1-2-1"
    assert len(at.selectbox(key="rh_persona").options) >= 3
    assert len(at.selectbox(key="rh_scenario").options) >= 2
    body = texts(at)
    assert "Your objective:" in body and "What you know so far:" in body
    at.selectbox(key="rh_persona").select("warm-connector").run()
    assert "Maya Brennan" in texts(at)


def test_two_turns_are_saved_and_labelled_then_reload_reopens_them(services):
    at = open_app(services, PAGE)
    at.selectbox(key="rh_persona").select("warm-connector").run()
    sid = _start(at)
    assert at.title[0].value == "1-2-1 with Maya Brennan"
    _say(at, "Hi Maya! Tell me about your business - who are your best clients?")
    _say(at, "What does a great referral look like for you?")
    turns = services.store.get_session(sid)["turns"]
    assert [t["speaker"] for t in turns] == ["partner", "user", "partner", "user", "partner"]
    captions = [c.value for c in at.caption]
    assert sum("built-in script · offline engine" in c for c in captions) >= 2

    # A fresh browser session with only the URL (a refresh) shows the same conversation.
    again = open_app(services, PAGE, query={"session": sid})
    no_exception(again)
    assert again.title[0].value == "1-2-1 with Maya Brennan"
    assert len(again.chat_message) == 5
    assert "What does a great referral look like for you?" in texts(again)


def test_unknown_session_in_url_is_a_clear_message(services):
    at = open_app(services, PAGE, query={"session": "s-doesnotexist"})
    no_exception(at)
    assert any("s-doesnotexist" in e.value for e in at.error)
    assert at.title[0].value == "Rehearse a 1-2-1"


def test_help_restates_the_brief(services):
    at = open_app(services, PAGE)
    _start(at)
    assert "Your objective:" in texts(at)  # inside the Help popover


def test_model_error_keeps_the_message_and_try_again_answers(kb_services):
    model = FakeChatModel(
        [ModelError("The model endpoint http://127.0.0.1:9/v1 failed: could not connect.")],
        default="Happy to! I let shops and offices in the town centre.",
    )
    kb_services.__dict__["model"] = model
    at = open_app(kb_services, PAGE)
    at.selectbox(key="rh_persona").select("warm-connector").run()
    sid = _start(at)
    _say(at, "Hi Maya, what do you do?")
    errors = [e.value for e in at.error]
    assert errors and "could not connect" in errors[0] and "Try again" in errors[0]
    saved = kb_services.store.get_session(sid)["turns"]
    assert saved[-1]["speaker"] == "user" and saved[-1]["text"] == "Hi Maya, what do you do?"
    assert "Hi Maya, what do you do?" in texts(at)

    _button(at, "Try again").click().run()
    no_exception(at)
    assert not at.error
    saved = kb_services.store.get_session(sid)["turns"]
    assert saved[-1]["speaker"] == "partner"
    assert saved[-2]["text"] == "Hi Maya, what do you do?"
    assert any("fake" in c.value for c in at.caption), "reply caption should name the engine"


def test_pending_message_after_reload_offers_try_again(services):
    at = open_app(services, PAGE)
    sid = _start(at)
    services.store.add_turn(sid, "user", "Are you still there?", origin="user")
    again = open_app(services, PAGE, query={"session": sid})
    assert any("not been answered" in w.value for w in again.warning)
    _button(again, "Try again").click().run()
    no_exception(again)
    assert services.store.get_session(sid)["turns"][-1]["speaker"] == "partner"


def test_live_hint_appears_after_three_messages(services):
    at = open_app(services, PAGE)
    _start(at)
    at.toggle[0].set_value(True).run()
    for line in ("Hello!", "Lovely weather today.", "I had a long drive in."):
        _say(at, line)
    assert any(i.value for i in at.info), "no live hint shown"


def test_end_session_shows_report_export_and_followup_handoff(kb_services):
    at = open_app(kb_services, PAGE)
    at.selectbox(key="rh_persona").select("warm-connector").run()
    sid = _start(at)
    _say(at, "Hi Maya! Tell me about your business - who are your best clients?")
    _say(at, "What does a great referral look like for you, and what should I listen for?")
    _button(at, "End session and get my report").click().run()
    no_exception(at)
    assert at.title[0].value == "Your 1-2-1 with Maya Brennan"
    metrics = {m.label: m.value for m in at.metric}
    record = kb_services.store.get_session(sid)
    assert record["status"] == "ended" and record["report"] is not None
    assert metrics["Score"] == f"{record['report']['score']}/100"
    marks = [m.value for m in at.markdown if m.value.startswith((":green[✓]", ":red[✗]"))]
    assert len(marks) == 9
    assert at.get("download_button"), "no export button"

    _button(at, "Draft a follow-up to Maya").click().run()
    no_exception(at)
    assert at.title[0].value == "Follow-ups"
    assert at.text_input(key="fu_name").value == "Maya Brennan"
    assert at.selectbox(key="fu_stage").value == "after-121"


def test_demo_plays_both_sides_and_reviews(kb_services):
    at = open_app(kb_services, PAGE)
    _button(at, "Watch a demo").click().run()
    no_exception(at)
    sessions = kb_services.store.list_sessions()
    assert len(sessions) == 1 and sessions[0]["mode"] == "demo" and sessions[0]["status"] == "ended"
    assert sessions[0]["n_turns"] > 10
    assert at.title[0].value.startswith("Your 1-2-1 with")
    assert sessions[0]["score"] >= 70


def test_create_partner_from_description(services):
    at = open_app(services, PAGE)
    at.text_area(key="rh_describe").input(
        "Dana Holt runs a print shop and is very busy; she works with local cafes."
    )
    _button(at, "Create this partner").click().run()
    no_exception(at)
    mine = services.store.list_personas()
    assert len(mine) == 1 and mine[0]["name"] == "Dana Holt"
    assert at.selectbox(key="rh_persona").value == mine[0]["id"]


def test_create_partner_form_needs_name_and_trade(services):
    at = open_app(services, PAGE)
    _button(at, "Save this partner").click().run()
    no_exception(at)
    assert any("name and trade" in e.value for e in at.error)
    assert services.store.list_personas() == []


def test_continue_after_the_report_reopens_the_chat(kb_services):
    at = open_app(kb_services, PAGE)
    sid = _start(at)
    _say(at, "Hi! Tell me about your business?")
    _button(at, "End session and get my report").click().run()
    _button(at, "Continue the conversation").click().run()
    no_exception(at)
    assert at.title[0].value.startswith("1-2-1 with")
    _say(at, "One more thing - who would you like to meet?")
    record = kb_services.store.get_session(sid)
    assert record["status"] == "active" and record["turns"][-1]["speaker"] == "partner"


# -- issue 14: hints that survive a reload and never repeat, the pinned action bar, plain words,
# -- a way on when the endpoint fails, and choosing a partner by trait or industry.

SMALL_TALK = (
    "Hello!",
    "Lovely weather today.",
    "I had a long drive in.",
    "The coffee here is good.",
    "Traffic was awful.",
    "Have you been busy?",
)


def _hints(at):
    return [i.value for i in at.info if i.value.startswith("**Coach:**")]


def test_live_hints_stay_on_after_a_reload_and_a_hint_is_never_repeated(services):
    at = open_app(services, PAGE)
    at.toggle(key="hints_pref").set_value(True).run()
    sid = _start(at)
    for line in SMALL_TALK[:3]:
        _say(at, line)
    first = _hints(at)
    assert len(first) == 1, "one hint after three messages"
    saved = services.store.get_session(sid)["hints"]
    assert saved["on"] is True and len(saved["shown"]) == 1

    # A reload is a new browser session with only the URL: hints are still on and the hint still shown.
    again = open_app(services, PAGE, query={"session": sid})
    no_exception(again)
    assert again.toggle(key=f"rh_hints_{sid}").value is True
    assert _hints(again) == first
    for line in SMALL_TALK[3:]:
        _say(again, line)
    shown = services.store.get_session(sid)["hints"]["shown"]
    assert len(shown) == 2
    assert shown[0]["check"] != shown[1]["check"], "the same hint was given twice"
    assert len(set(_hints(again))) == 2


def test_switching_hints_off_is_saved_with_the_session(services):
    at = open_app(services, PAGE)
    at.toggle(key="hints_pref").set_value(True).run()
    sid = _start(at)
    at.toggle(key=f"rh_hints_{sid}").set_value(False).run()
    assert services.store.get_session(sid)["hints"]["on"] is False
    again = open_app(services, PAGE, query={"session": sid})
    assert again.toggle(key=f"rh_hints_{sid}").value is False


def test_end_session_and_the_report_actions_come_before_the_conversation_and_report(kb_services):
    at = open_app(kb_services, PAGE)
    _start(at)
    # The action bar is drawn before the chat so it can be pinned; the first button is End session.
    assert at.button[0].label == "End session and get my report"
    for line in SMALL_TALK[:4]:
        _say(at, line)
    _button(at, "End session and get my report").click().run()
    no_exception(at)
    assert at.button[0].label.startswith("Draft a follow-up to"), [b.label for b in at.button]


def test_the_report_speaks_plain_words_with_details_for_the_curious(kb_services):
    at = open_app(kb_services, PAGE)
    at.selectbox(key="rh_persona").select("warm-connector").run()
    sid = _start(at)
    for line in ("Hi Maya! Tell me about your business?", "Who is a great referral for you?", "Thanks!"):
        _say(at, line)
    _button(at, "End session and get my report").click().run()
    no_exception(at)
    details = next(e for e in at.expander if e.label == "How this report was made")
    technical = {c.value for c in details.caption}
    assert any("rubric" in t or "coach_" in t for t in technical), technical
    on_screen = texts(at)
    for t in technical:
        on_screen = on_screen.replace(t, "")
    for jargon in (
        "rubric",
        "MiniLM",
        "embedding",
        "asked_about_their_business",
        "knowledge/articles/",
        "turn ",
    ):
        assert jargon not in on_screen, jargon
    record = kb_services.store.get_session(sid)
    assert "3 messages from you" in texts(at)
    assert f"The {len(record['report']['checks'])} checks" in texts(at)


def test_when_the_endpoint_fails_the_user_can_continue_with_the_built_in_partner(kb_services):
    model = FakeChatModel(
        default=ModelError("The model endpoint http://127.0.0.1:9/v1 failed: could not connect.")
    )
    kb_services.__dict__["model"] = model
    at = open_app(kb_services, PAGE)
    sid = _start(at)
    _say(at, "Hi, what do you do?")
    assert any("could not connect" in e.value for e in at.error)
    _button(at, "Continue with the built-in partner").click().run()
    no_exception(at)
    turns = kb_services.store.get_session(sid)["turns"]
    assert turns[-1]["speaker"] == "partner" and turns[-1]["origin"] == "scripted"
    assert turns[-2]["text"] == "Hi, what do you do?"
    assert any("continue with the built-in partner" in i.value for i in at.sidebar.info)
    assert "offline" in at.sidebar.markdown[0].value
    _say(at, "Who is a good referral for you?")
    assert kb_services.store.get_session(sid)["turns"][-1]["origin"] == "scripted"
    # And back to the configured engine when the user wants.
    next(b for b in at.sidebar.button if b.label == "Use the configured engine again").click().run()
    assert "fake" in at.sidebar.markdown[0].value


def test_partners_can_be_filtered_by_trait_and_industry(services):
    at = open_app(services, PAGE)
    everyone = at.selectbox(key="rh_persona").options
    at.pills(key="rh_traits").set_value(["warm"]).run()
    no_exception(at)
    warm = at.selectbox(key="rh_persona").options
    assert 0 < len(warm) < len(everyone)
    at.selectbox(key="rh_industry").select("trades").run()
    both = at.selectbox(key="rh_persona").options
    assert 0 < len(both) <= len(warm)
    at.pills(key="rh_traits").set_value(["warm", "abrasive", "shy"]).run()
    assert any("No partner matches" in i.value for i in at.info)
    assert len(at.selectbox(key="rh_persona").options) == len(everyone)
