"""Home: follow-ups due, recent rehearsals, progress chart, quick actions; renders with no model."""

from __future__ import annotations

import datetime as dt

from .helpers import no_exception, open_app, texts


def _ended_session(store, score: float, passed: int) -> str:
    sid = store.create_session("p1", "first-121", persona={"name": "Priya"}, engine="offline", prompt_refs=[])
    checks = [{"id": f"c{i}", "passed": i < passed, "evidence": "", "reason": ""} for i in range(9)]
    store.update_session(sid, report={"checks": checks, "score": score}, score=score, status="ended")
    return sid


def test_first_page_renders_without_loading_models(services):
    at = open_app(services)
    no_exception(at)
    assert at.title[0].value == "1-2-1 Coach"
    assert "No rehearsals yet" in texts(at)
    assert "Nothing due" in texts(at)
    # Nothing heavy was created: the knowledge base (embeddings + Chroma) stays unbuilt.
    assert "knowledge" not in services.__dict__
    assert "offline" in at.sidebar.markdown[0].value


def test_due_followups_recent_sessions_and_progress(services):
    store = services.store
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    due_id = store.save_draft("followup", {}, {}, contact="Sam Lee", channel="email", goal="invite-121",
                              send_by=yesterday)
    store.save_draft("followup", {}, {}, contact="Far Future", channel="email", send_by=later)
    _ended_session(store, 55, 4)
    _ended_session(store, 78, 7)
    at = open_app(services)
    no_exception(at)
    body = texts(at)
    assert "Sam Lee" in body and "overdue by 1 day" in body and "Invite to a 1-2-1" in body
    assert "Far Future" not in body
    assert "2 reviewed rehearsals" in body
    assert len(at.get("vega_lite_chart")) == 2
    assert at.get("vega_lite_chart"), "progress chart missing"

    at.button(key=f"sent_{due_id}").click().run()
    no_exception(at)
    assert store.get_draft(due_id)["status"] == "sent"
    assert "Sam Lee" not in texts(at)


def test_one_reviewed_rehearsal_shows_metrics_not_a_chart(services):
    _ended_session(services.store, 44, 4)
    at = open_app(services)
    no_exception(at)
    assert {m.label: m.value for m in at.metric}["Checks passed"] == "4 of 9"
    assert not at.get("vega_lite_chart")


def test_store_failure_shows_message_not_traceback(services, monkeypatch):
    from app.core.errors import StoreError

    def broken(*_a, **_k):
        raise StoreError("Database error: disk I/O error")

    monkeypatch.setattr(services.store, "list_drafts", broken)
    at = open_app(services)
    no_exception(at)
    assert any("disk I/O error" in e.value for e in at.error)
    assert at.title[0].value == "1-2-1 Coach"
