"""Follow-ups page: profile gate, one contact (variants, .ics, send-by), errors keep input, batch CSV, notes."""

from __future__ import annotations

import datetime as dt

from app.core.errors import ModelError
from app.core.llm import FakeChatModel

from .helpers import no_exception, open_app, texts

PAGE = "ui/pages/followups.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _with_profile(svc):
    svc.store.save_profile({"name": "Jane Smith", "business": "Smith & Co Bookkeeping"})
    return svc


def _fill(
    at, name="Sam Lee", met_at="the Riverside breakfast", detail="wants to expand into bathroom refits"
):
    at.text_input(key="fu_name").input(name)
    at.text_input(key="fu_met_at").input(met_at)
    at.text_input(key="fu_detail").input(detail)
    return at


def test_without_profile_drafting_asks_for_it_and_keeps_the_form(services):
    at = open_app(services, PAGE)
    no_exception(at)
    assert "Fill in at least your name" in texts(at)
    _fill(at)
    _button(at, "Draft it").click().run()
    assert any("Save your details above first" in e.value for e in at.error)
    assert at.text_input(key="fu_name").value == "Sam Lee"
    assert services.store.list_drafts() == []


def test_invitation_has_variants_side_by_side_ics_and_send_by(kb_services):
    at = open_app(_with_profile(kb_services), PAGE)
    _fill(at)
    at.selectbox(key="fu_goal").select("invite-121")
    _button(at, "Draft it").click().run()
    no_exception(at)
    drafts = kb_services.store.list_drafts(kind="followup")
    assert len(drafts) == 1
    draft = drafts[0]
    assert draft["contact"] == "Sam Lee" and draft["goal"] == "invite-121"
    assert draft["send_by"] == (dt.date.today() + dt.timedelta(days=1)).isoformat()
    # Drafts sit in editable boxes (not code blocks), with "Open in email" for the whole message.
    boxes = [t for t in at.text_area if t.value.startswith("Hi Sam")]
    assert len(boxes) == 2 and boxes[0].value != boxes[1].value
    assert not any(c.value.startswith("Hi Sam") for c in at.code)
    assert [b.label for b in at.get("link_button")].count("Open in email") == 2
    labels = [b.label for b in at.get("download_button")]
    assert "Calendar holds (.ics)" in labels and "All variants (Markdown)" in labels
    assert "due tomorrow" in texts(at)

    # An edit in place is saved as it is made.
    boxes[0].input(boxes[0].value.replace("Hi Sam,", "Hi Sam,\n\nA line of my own.")).run()
    no_exception(at)
    saved = kb_services.store.get_draft(draft["id"])["result"]["variants"][0]
    assert "A line of my own." in saved["body"] and saved["edited"] is True

    # Drafting again for the same contact updates that draft instead of adding a copy.
    _button(at, "Draft it").click().run()
    no_exception(at)
    assert len(kb_services.store.list_drafts(kind="followup")) == 1

    _button(at, "Mark as sent").click().run()
    assert kb_services.store.get_draft(draft["id"])["status"] == "sent"


def test_missing_detail_is_one_clear_message_and_nothing_saved(services):
    at = open_app(_with_profile(services), PAGE)
    _fill(at, detail="")
    _button(at, "Draft it").click().run()
    no_exception(at)
    assert any("one detail you remember" in e.value for e in at.error)
    assert at.text_input(key="fu_name").value == "Sam Lee"
    assert services.store.list_drafts() == []


def test_model_error_is_shown_and_the_form_is_kept(kb_services):
    kb_services.__dict__["model"] = FakeChatModel(
        default=ModelError("The model endpoint http://127.0.0.1:9/v1 failed: the request timed out.")
    )
    at = open_app(_with_profile(kb_services), PAGE)
    _fill(at)
    _button(at, "Draft it").click().run()
    no_exception(at)
    assert any("timed out" in e.value and "still in the form" in e.value for e in at.error)
    assert at.text_input(key="fu_detail").value == "wants to expand into bathroom refits"
    assert kb_services.store.list_drafts() == []


def test_batch_csv_reports_each_row(kb_services):
    csv = (
        b"name,business,met_at,detail,channel,goal,promised\n"
        b"Sam Lee,Lee Plumbing,the breakfast,wants bathroom refits,email,thank,\n"
        b"No Detail,,the breakfast,,email,thank,\n"
        b"Priya Shah,Shah Print,the mixer,opened a second shop,sms,invite-121,\n"
    )
    at = open_app(_with_profile(kb_services), PAGE)
    at.file_uploader(key="fu_csv").set_value(("event.csv", csv, "text/csv"))
    _button(at, "Draft them all").click().run()
    no_exception(at)
    table = at.dataframe[0].value
    assert list(table["row"]) == [2, 3, 4]
    assert list(table["result"]) == ["drafted", "needs fixing", "drafted"]
    assert "detail" in table["detail"][1]
    saved = kb_services.store.list_drafts(kind="followup")
    assert len(saved) == 2 and len({d["batch_id"] for d in saved}) == 1
    assert "2 of 3 rows drafted" in texts(at)

    # The same CSV again (e.g. after a crash mid-batch): rows already saved are reused, not duplicated.
    _button(at, "Draft them all").click().run()
    no_exception(at)
    assert list(at.dataframe[0].value["result"]) == ["already drafted", "needs fixing", "already drafted"]
    assert len(kb_services.store.list_drafts(kind="followup")) == 2


def test_batch_with_wrong_columns_is_a_clear_message(services):
    at = open_app(_with_profile(services), PAGE)
    at.file_uploader(key="fu_csv").set_value(("event.csv", b"who,where\nSam,there\n", "text/csv"))
    _button(at, "Draft them all").click().run()
    no_exception(at)
    assert any("no name, met_at, detail column" in e.value for e in at.error)


def test_fill_in_from_meeting_notes(services):
    at = open_app(_with_profile(services), PAGE)
    at.text_input(key="fu_notes_name").input("Maya Brennan")
    at.text_area(key="fu_notes_text").input(
        "She swims in the reservoir all year\nNext step: introduce her to Tom Lee"
    )
    _button(at, "Fill in the form").click().run()
    no_exception(at)
    assert at.text_input(key="fu_name").value == "Maya Brennan"
    assert at.selectbox(key="fu_goal").value == "introduce"
    assert "Tom Lee" in at.text_input(key="fu_promised").value


def test_details_typed_but_not_saved_are_used_not_ignored(kb_services):
    """Issue 14: "Save your details above first" with the name visibly typed in."""
    at = open_app(kb_services, PAGE)
    at.text_input(key="fu_pf_name").input("Jane Smith")  # typed, "Save my profile" never pressed
    _fill(at)
    _button(at, "Draft it").click().run()
    no_exception(at)
    assert not any("Save your details" in e.value for e in at.error), [e.value for e in at.error]
    drafts = kb_services.store.list_drafts(kind="followup")
    assert len(drafts) == 1
    assert "Jane Smith" in drafts[0]["result"]["variants"][0]["body"]
    assert kb_services.store.get_profile()["name"] == "Jane Smith"


def test_meeting_times_are_saved_and_a_bad_range_changes_nothing(kb_services):
    at = open_app(_with_profile(kb_services), PAGE)
    at.text_input(key="fu_hours").input("all day")
    _button(at, "Save my meeting times").click().run()
    no_exception(at)
    assert "working_hours" in texts(at) and "working_hours" not in kb_services.store.get_profile()
    at.text_input(key="fu_days").input("Tue, Thu")
    at.text_input(key="fu_hours").input("10:00-16:00")
    _button(at, "Save my meeting times").click().run()
    saved = kb_services.store.get_profile()
    assert (saved["working_days"], saved["working_hours"]) == ("Tue, Thu", "10:00-16:00")
    # The times offered in the form now come from those days and hours, and can be changed before drafting.
    days = [w for w in at.date_input if w.key.startswith("fu_slot_day_")]
    assert len(days) == 2 and all(w.value.weekday() in (1, 3) for w in days)
    days[0].set_value(dt.date.today() + dt.timedelta(days=9))
    next(w for w in at.time_input if w.key.startswith("fu_slot_time_0")).set_value(dt.time(11, 15))
    _fill(at)
    at.selectbox(key="fu_goal").select("invite-121")
    _button(at, "Draft it").click().run()
    no_exception(at)
    draft = kb_services.store.list_drafts(kind="followup")[0]
    assert any(s.endswith("T11:15") for s in draft["result"]["slots"])
