"""History page: click a row to open a rehearsal or draft; resume, export, delete (confirmed), mark sent/undo."""

from __future__ import annotations

from app.core.roleplay.partner import Partner

from .helpers import no_exception, open_app, texts

PAGE = "ui/pages/history.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _shown(at) -> str:
    """Everything readable on the page, editable draft boxes included."""
    return texts(at) + "\n".join(str(w.value) for w in [*at.text_area, *at.text_input])


def _click_row(at, key: str, row: int):
    """What a click on a table row does in the browser: select it and rerun."""
    at.session_state[key] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    no_exception(at)
    return at


def _session(services) -> str:
    partner = Partner.from_services(services)
    session = partner.start("warm-connector")
    partner.reply(session, "Hi Maya, tell me about your business?")
    return session.id


def _draft(services) -> str:
    services.store.save_profile({"name": "Jane Smith"})
    from app.core.drafting import FollowupRequest, draft_followup, save_followup
    from app.core.drafting.profile import saved_profile

    result = draft_followup(
        FollowupRequest(name="Sam Lee", met_at="the breakfast", detail="wants bathroom refits"),
        saved_profile(services.store),
    )
    return save_followup(services.store, result)


def test_empty_history(services):
    at = open_app(services, PAGE)
    no_exception(at)
    assert "No rehearsals yet." in texts(at)
    at.segmented_control(key="hist_view").set_value("drafts").run()
    assert "No drafts yet." in texts(at)


def test_a_clicked_rehearsal_opens_resumes_and_deletes_after_confirming(services):
    sid = _session(services)
    at = open_app(services, PAGE)
    no_exception(at)
    table = at.dataframe[0].value
    assert table["partner"][0] == "Maya Brennan"
    assert table["your messages"][0] == 1
    assert "Click a row" in texts(at)
    assert not any(b.label == "Resume" for b in at.button), "nothing opens before a row is clicked"

    _click_row(at, "hist_sessions_0", 0)
    assert "Hi Maya, tell me about your business?" in texts(at)
    assert any(b.label == "Export (Markdown)" for b in at.get("download_button"))
    _button(at, "Resume").click().run()
    no_exception(at)
    assert at.title[0].value == "1-2-1 with Maya Brennan"
    assert at.query_params["session"] == sid

    at = _click_row(open_app(services, PAGE), "hist_sessions_0", 0)
    _button(at, "Delete").click().run()
    _button(at, "Keep it").click().run()
    assert len(services.store.list_sessions()) == 1
    _button(at, "Delete").click().run()
    _button(at, "Yes, delete it").click().run()
    no_exception(at)
    assert services.store.list_sessions() == []


def test_score_column_never_shows_none(services):
    sid = services.store.create_session(
        "warm-connector", "first-121", persona={"name": "Maya Brennan"}, engine="offline", prompt_refs=[]
    )
    reviewed = services.store.create_session(
        "warm-connector", "first-121", persona={"name": "Maya Brennan"}, engine="offline", prompt_refs=[]
    )
    services.store.update_session(reviewed, score=78, status="ended")
    at = open_app(services, PAGE)
    no_exception(at)
    scores = list(at.dataframe[0].value["score"])
    assert sorted(scores) == ["78/100", "not reviewed"], scores
    assert sid


def test_a_link_with_draft_id_opens_that_draft(services):
    did = _draft(services)
    at = open_app(services, PAGE, query={"draft": did})
    no_exception(at)
    assert at.segmented_control(key="hist_view").value == "drafts"
    assert "Sam," in _shown(at)
    # Switching lists lets the user leave the linked draft.
    at.segmented_control(key="hist_view").set_value("rehearsals").run()
    no_exception(at)
    assert "draft" not in at.query_params


def test_a_clicked_draft_can_be_marked_sent_undone_nudged_and_exported(services):
    did = _draft(services)
    at = open_app(services, PAGE)
    at.segmented_control(key="hist_view").set_value("drafts").run()
    assert "Click a row" in texts(at)
    _click_row(at, "hist_drafts_all_0", 0)
    assert "Sam," in _shown(at)
    _button(at, "Mark as sent").click().run()
    assert services.store.get_draft(did)["status"] == "sent"
    _button(at, "Not sent after all").click().run()
    assert services.store.get_draft(did)["status"] == "draft"
    _button(at, "Mark as sent").click().run()
    _button(at, "I sent a nudge").click().run()
    no_exception(at)
    assert services.store.get_draft(did)["nudges"] == 1
    assert any(b.label == "Export this draft (Markdown)" for b in at.get("download_button"))
    _button(at, "Delete this draft").click().run()
    _button(at, "Yes, delete it").click().run()
    no_exception(at)
    assert services.store.list_drafts() == []
