"""When to send and nudge, the offered times, and .ics files parsed back with icalendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from app.core.drafting import draft_followup, invitation_ics
from app.core.drafting.timing import plan_timing, propose_slots

WED = date(2025, 3, 12)


def test_send_within_48_hours_of_meeting():
    t = plan_timing("thank", date(2025, 3, 11), WED)
    assert t.send_by == date(2025, 3, 12) and not t.stop
    assert t.nudge_on == [date(2025, 3, 19), date(2025, 3, 26)]
    assert "Wednesday 12 March" in t.advice and "then stop" in t.advice


def test_met_today_means_send_by_tomorrow_and_late_means_today():
    assert plan_timing("thank", WED, WED).send_by == WED + timedelta(days=1)
    late = plan_timing("thank", date(2025, 3, 1), WED)
    assert late.send_by == WED and "11 days" in late.advice


def test_nudges_stop_after_two():
    sent = WED - timedelta(days=7)
    assert plan_timing("nudge", None, WED, nudges=0, sent_on=sent).nudge_on == [WED + timedelta(days=7)]
    last = plan_timing("nudge", None, WED, nudges=1, sent_on=sent)
    assert last.nudge_on == [] and "last nudge" in last.advice
    stop = plan_timing("nudge", None, WED, nudges=2)
    assert stop.stop and "stop" in stop.advice.lower()


def test_third_nudge_returns_advice_and_no_draft(profile, req):
    result = draft_followup(req(goal="nudge", nudges=2), profile, today=WED)
    assert result.variants == [] and result.timing.stop
    assert "stop here" in result.timing.advice


def test_a_nudge_a_week_after_the_first_message_at_the_earliest():
    early = plan_timing("nudge", None, WED, sent_on=WED - timedelta(days=2))
    assert early.send_by == WED + timedelta(days=5) and "give them a week" in early.advice


@pytest.mark.parametrize("start", [date(2025, 3, d) for d in range(10, 17)])
def test_default_slots_are_weekday_working_hours_on_two_days_morning_then_afternoon(start):
    slots = propose_slots(start)
    assert len(slots) == 2 and slots[0] < slots[1]
    assert all(s.weekday() < 5 for s in slots)  # never a weekend
    assert all(time(9, 30) <= s.time() <= time(16, 0) for s in slots)
    assert slots[0].date() >= start + timedelta(days=2) and slots[0].date() != slots[1].date()
    assert slots[0].hour < 12 <= slots[1].hour


def test_invitation_ics_parses_back_with_one_tentative_event_per_option(profile, req):
    result = draft_followup(req(goal="invite-121"), profile, today=WED)
    data = invitation_ics(result)
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2
    assert str(cal["version"]) == "2.0" and cal.get("prodid")
    starts = [e.decoded("dtstart") for e in events]
    assert starts == result.slots == [datetime(2025, 3, 14, 10, 0), datetime(2025, 3, 17, 14, 0)]
    uids = {str(e["uid"]) for e in events}
    assert len(uids) == 2
    for e in events:
        assert str(e["status"]) == "TENTATIVE"
        assert str(e["summary"]) == "1-2-1: You & Sam Patel"
        assert e.decoded("dtend") - e.decoded("dtstart") == timedelta(hours=1)
        assert e.decoded("dtstamp").tzinfo is not None
        assert "Leeds Chamber breakfast" in str(e["description"])
    # the times offered in the text are the times in the calendar
    assert "Friday 14 March at 10:00" in result.variants[0].body


def test_no_ics_when_a_link_is_offered_or_no_meeting_is_asked(profile, req):
    assert invitation_ics(draft_followup(req(goal="thank"), profile, today=WED)) is None
    profile.scheduling_link = "https://cal.example.com/jane"
    assert invitation_ics(draft_followup(req(goal="invite-121"), profile, today=WED)) is None
