"""Saved drafts: inputs kept, edit, regenerate in place, nudge counting, Markdown and .ics export."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from app.core.drafting import (
    draft_followup,
    draft_ics,
    draft_markdown,
    edit_variant,
    mark_sent,
    record_nudge,
    regenerate,
    save_followup,
)
from app.core.drafting.history import safe_filename
from app.core.errors import InputError, NotFoundError

TODAY = date(2025, 3, 12)


def test_draft_is_saved_with_its_inputs(store, profile, req):
    result = draft_followup(req(goal="invite-121", channel="sms"), profile, today=TODAY)
    did = save_followup(store, result)
    saved = store.get_draft(did)
    assert (saved["kind"], saved["contact"], saved["channel"], saved["goal"]) == (
        "followup",
        "Sam Patel",
        "sms",
        "invite-121",
    )
    assert saved["send_by"] == "2025-03-12"
    assert saved["inputs"]["detail"] == "his daughter is starting at Leeds University in September"
    assert saved["inputs"]["met_on"] == "2025-03-11"
    assert saved["result"]["variants"][0]["body"] == result.variants[0].body
    assert saved["result"]["slots"] == ["2025-03-14T10:00", "2025-03-17T14:00"]


def test_edit_keeps_the_users_words_and_reports_checks(store, profile, req):
    did = save_followup(store, draft_followup(req(channel="sms"), profile, today=TODAY))
    warnings = edit_variant(store, did, 0, body="Hi Sam, our services include 20% off [Name]!")
    assert any("pitch" in w.lower() or "not pitch" in w for w in warnings)
    assert any("placeholder" in w for w in warnings)
    saved = store.get_draft(did)["result"]["variants"][0]
    assert saved["body"] == "Hi Sam, our services include 20% off [Name]!" and saved["edited"] is True
    with pytest.raises(InputError, match="empty"):
        edit_variant(store, did, 0, body="   ")
    with pytest.raises(InputError, match="no variant 5"):
        edit_variant(store, did, 4, body="text")
    assert store.get_draft(did)["result"]["variants"][0]["body"].startswith("Hi Sam, our services")


def test_regenerate_replaces_the_same_draft(store, profile, req):
    did = save_followup(store, draft_followup(req(), profile, today=TODAY))
    edit_variant(store, did, 0, body="my own words about the daughter")
    mark_sent(store, did)
    result = regenerate(store, did, profile, today=TODAY)
    saved = store.get_draft(did)
    assert len(store.list_drafts()) == 1 and saved["status"] == "sent"
    assert (
        saved["result"]["variants"][0]["body"] == result.variants[0].body != "my own words about the daughter"
    )
    with pytest.raises(NotFoundError):
        regenerate(store, "d-missing", profile, today=TODAY)


def test_nudges_are_counted_and_stop_after_two(store, profile, req):
    did = save_followup(store, draft_followup(req(goal="nudge", sent_on="2025-03-05"), profile, today=TODAY))
    assert record_nudge(store, did) == 1
    assert regenerate(store, did, profile, today=TODAY).variants  # one nudge sent: a last one is fine
    assert record_nudge(store, did) == 2
    stopped = regenerate(store, did, profile, today=TODAY)
    assert stopped.variants == [] and stopped.timing.stop


def test_markdown_and_ics_export(store, profile, req):
    did = save_followup(store, draft_followup(req(goal="invite-121"), profile, today=TODAY))
    draft = store.get_draft(did)
    md = draft_markdown(draft)
    assert md.startswith("# Follow-up to Sam Patel")
    assert "## Variant 1" in md and "## Variant 2" in md and "**Subject:**" in md
    assert "Send by: 2025-03-12" in md and "Fri 14 Mar 10:00" in md
    cal = Calendar.from_ical(draft_ics(draft))
    assert [e.decoded("dtstart").isoformat() for e in cal.walk("VEVENT")] == [
        "2025-03-14T10:00:00",
        "2025-03-17T14:00:00",
    ]
    thank = store.get_draft(save_followup(store, draft_followup(req(), profile, today=TODAY)))
    assert draft_ics(thank) is None


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Sam Patel", "sam-patel.md"),
        ("../../etc/passwd", "etc-passwd.md"),
        ("Zoë O'Brien", "zoe-o-brien.md"),
        ("???", "draft.md"),
    ],
)
def test_safe_filenames(name, expected):
    assert safe_filename(name, ".md") == expected


def test_drafting_again_for_the_same_contact_updates_the_draft_instead_of_copying_it(store, profile, req):
    first = save_followup(store, draft_followup(req(), profile, today=TODAY))
    again = save_followup(
        store,
        draft_followup(
            req(detail="his daughter starts at Leeds in May", name="sam patel"), profile, today=TODAY
        ),
    )
    assert again == first and len(store.list_drafts("followup")) == 1
    assert store.get_draft(first)["inputs"]["detail"] == "his daughter starts at Leeds in May"
    other_goal = save_followup(store, draft_followup(req(goal="invite-121"), profile, today=TODAY))
    assert other_goal != first  # a different message to the same person is its own draft
    mark_sent(store, first)
    resent = save_followup(store, draft_followup(req(), profile, today=TODAY))
    assert (
        resent != first and store.get_draft(first)["status"] == "sent"
    )  # a sent message is never overwritten


def test_a_nudge_needs_a_first_message_marked_sent(store, profile, req):
    from app.core.drafting.history import first_sent

    early = draft_followup(req(goal="nudge"), profile, today=TODAY)
    assert early.request.goal == "invite-121" and "No first message" in early.notes[0]
    did = save_followup(store, early)
    mark_sent(store, did, on=TODAY)
    assert first_sent(store, "Sam Patel", "Patel Print") == TODAY
    nudge = draft_followup(req(goal="nudge", sent_on=TODAY), profile, today=TODAY)
    assert nudge.request.goal == "nudge" and nudge.timing.send_by.isoformat() == "2025-03-19"
