"""History page: sessions (open, resume, export, delete) and drafts (open, nudge, export)."""

from __future__ import annotations

from app.core.roleplay.partner import Partner

from .helpers import no_exception, open_app, texts

PAGE = "ui/pages/history.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _session(services) -> str:
    partner = Partner.from_services(services)
    session = partner.start("warm-connector")
    partner.reply(session, "Hi Maya, tell me about your business?")
    return session.id


def test_empty_history(services):
    at = open_app(services, PAGE)
    no_exception(at)
    assert "No rehearsals yet." in texts(at) and "No drafts yet." in texts(at)


def test_sessions_resume_export_and_delete(services):
    sid = _session(services)
    at = open_app(services, PAGE)
    no_exception(at)
    assert at.dataframe[0].value["partner"][0] == "Maya Brennan"
    assert "Hi Maya, tell me about your business?" in texts(at)
    assert any(b.label == "Export (Markdown)" for b in at.get("download_button"))

    _button(at, "Resume").click().run()
    no_exception(at)
    assert at.title[0].value == "1-2-1 with Maya Brennan"
    assert at.query_params["session"] == sid

    at = open_app(services, PAGE)
    _button(at, "Delete").click().run()
    _button(at, "Yes, delete it").click().run()
    no_exception(at)
    assert services.store.list_sessions() == []


def test_drafts_open_mark_nudge_and_export(services):
    services.store.save_profile({"name": "Jane Smith"})
    from app.core.drafting import FollowupRequest, draft_followup, save_followup
    from app.core.drafting.profile import saved_profile

    result = draft_followup(FollowupRequest("Sam Lee", "the breakfast", "wants bathroom refits"),
                            saved_profile(services.store))
    did = save_followup(services.store, result)
    at = open_app(services, PAGE)
    no_exception(at)
    assert any(c.value.startswith("Hi Sam") for c in at.code)
    _button(at, "Mark as sent").click().run()
    assert services.store.get_draft(did)["status"] == "sent"
    _button(at, "I sent a nudge").click().run()
    no_exception(at)
    assert services.store.get_draft(did)["nudges"] == 1
    assert any(b.label == "Export this draft (Markdown)" for b in at.get("download_button"))
