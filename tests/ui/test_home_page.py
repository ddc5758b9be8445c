"""Home: where to start, follow-ups due (open, mark sent, undo, show all), recent rehearsals, progress."""

from __future__ import annotations

import datetime as dt

from .helpers import no_exception, open_app, texts


def _ended_session(store, score: float, passed: int, total: int = 9, user_turns: int = 0) -> str:
    sid = store.create_session("p1", "first-121", persona={"name": "Priya"}, engine="offline", prompt_refs=[])
    for i in range(user_turns):
        store.add_turn(sid, "user", f"message {i}", origin="user")
        store.add_turn(sid, "partner", f"reply {i}", origin="scripted")
    checks = [{"id": f"c{i}", "passed": i < passed, "evidence": "", "reason": ""} for i in range(total)]
    store.update_session(sid, report={"checks": checks, "score": score}, score=score, status="ended")
    return sid


def _due(store, contact: str, days: int = -1, **kw) -> str:
    send_by = (dt.date.today() + dt.timedelta(days=days)).isoformat()
    return store.save_draft(
        "followup",
        {},
        {},
        contact=contact,
        channel="email",
        goal=kw.get("goal", "invite-121"),
        send_by=send_by,
    )


def test_first_page_renders_without_loading_models(services):
    at = open_app(services)
    no_exception(at)
    assert at.title[0].value == "1-2-1 Coach"
    assert "No rehearsals yet" in texts(at)
    assert "Nothing due" in texts(at)
    # Nothing heavy was created: the knowledge base (embeddings + Chroma) stays unbuilt.
    assert "knowledge" not in services.__dict__
    assert "offline" in at.sidebar.markdown[0].value


def test_start_here_leads_with_the_profile_then_the_next_step(services):
    at = open_app(services)
    no_exception(at)
    assert "Start here" in texts(at)
    links = [p.label for p in at.get("page_link")]
    assert links[0] == "Fill in my profile", links
    services.store.save_profile({"name": "Jane Smith"})
    at = open_app(services)
    assert [p.label for p in at.get("page_link")][0] == "Start rehearsing"
    _ended_session(services.store, 50, 4)
    _due(services.store, "Sam Lee")
    at = open_app(services)
    assert "Start here" not in texts(at), "all three first steps are done"


def test_due_followups_open_mark_sent_and_undo(services):
    store = services.store
    due_id = _due(store, "Sam Lee")
    _due(store, "Far Future", days=30)
    _ended_session(store, 55, 4)
    _ended_session(store, 78, 7)
    at = open_app(services)
    no_exception(at)
    body = texts(at)
    assert "Sam Lee" in body and "overdue by 1 day" in body and "Invite to a 1-2-1" in body
    assert "Far Future" not in body
    assert "2 reviewed rehearsals" in body
    assert len(at.get("vega_lite_chart")) == 2

    opens = [p for p in at.get("page_link") if p.label == "Open the draft"]
    assert len(opens) == 1 and due_id in opens[0].proto.page + str(opens[0].proto.query_string)

    at.button(key=f"sent_{due_id}").click().run()
    no_exception(at)
    assert store.get_draft(due_id)["status"] == "sent"
    assert "Marked the follow-up to Sam Lee as sent" in texts(at)
    at.button(key="home_undo_btn").click().run()
    no_exception(at)
    assert store.get_draft(due_id)["status"] == "draft"
    assert "overdue by 1 day" in texts(at)


def test_more_than_eight_due_says_so_and_shows_all_on_request(services):
    for i in range(11):
        _due(services.store, f"Contact {i:02d}", days=-i)
    at = open_app(services)
    no_exception(at)
    assert "3 more due not shown" in texts(at)
    assert sum(1 for b in at.button if b.label == "Mark sent") == 8
    next(b for b in at.button if b.label == "Show all 11").click().run()
    assert sum(1 for b in at.button if b.label == "Mark sent") == 11


def test_recent_rehearsals_count_your_messages_not_turns(services):
    _ended_session(services.store, 60, 5, user_turns=7)
    body = texts(open_app(services))
    assert "7 messages from you" in body
    assert "14 turns" not in body and "turns" not in body


def test_one_reviewed_rehearsal_shows_metrics_not_a_chart(services):
    _ended_session(services.store, 44, 4, total=11)
    at = open_app(services)
    no_exception(at)
    assert {m.label: m.value for m in at.metric}["Checks passed"] == "4 of 11"
    assert not at.get("vega_lite_chart")


def test_store_failure_shows_message_not_traceback(services, monkeypatch):
    from app.core.errors import StoreError

    def broken(*_a, **_k):
        raise StoreError("Database error: disk I/O error")

    monkeypatch.setattr(services.store, "due_drafts", broken)
    at = open_app(services)
    no_exception(at)
    assert any("disk I/O error" in e.value for e in at.error)
    assert at.title[0].value == "1-2-1 Coach"
