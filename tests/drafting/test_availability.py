"""Your own meeting times: working days and hours, an imported calendar, and no overlapping holds in a batch."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import combinations

import pytest

from app.core.drafting import Profile, draft_followup, run_batch, validate_profile
from app.core.drafting.availability import (
    Availability,
    SlotBook,
    busy_from_text,
    busy_to_text,
    parse_calendar,
    parse_days,
    parse_hours,
)
from app.core.errors import InputError

WED = date(2025, 3, 12)
CAL = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:1
DTSTART:20250314T093000
DTEND:20250314T120000
SUMMARY:Client visit
END:VEVENT
BEGIN:VEVENT
UID:2
DTSTART:20250317T130000
DTEND:20250317T170000
SUMMARY:Free to be booked
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:3
DTSTART:20250318T090000
DTEND:20250318T180000
RRULE:FREQ=WEEKLY;COUNT=4
SUMMARY:Tuesday site day
END:VEVENT
BEGIN:VFREEBUSY
UID:4
FREEBUSY:20250319T090000/20250319T180000
END:VFREEBUSY
END:VCALENDAR
"""


@pytest.mark.parametrize(
    "text,days",
    [
        ("Mon-Fri", (0, 1, 2, 3, 4)),
        ("Tue, Thu", (1, 3)),
        ("", (0, 1, 2, 3, 4)),
        ("Monday to Wednesday", (0, 1, 2)),
        ("fri-mon", (0, 4, 5, 6)),
    ],
)
def test_working_days_are_read_in_everyday_forms(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize(
    "text,hours",
    [
        ("09:00-17:30", (time(9), time(17, 30))),
        ("9-5", (time(9), time(17))),
        ("8am-1pm", (time(8), time(13))),
    ],
)
def test_working_hours_are_read_in_everyday_forms(text, hours):
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    "field,value",
    [("working_days", "sometimes"), ("working_hours", "all day"), ("working_hours", "10:00-10:30")],
)
def test_impossible_times_are_one_clear_message(field, value):
    with pytest.raises(InputError, match=field):
        validate_profile({"name": "Jane Smith", field: value})


def test_slots_come_from_working_days_and_hours():
    book = SlotBook(Availability(days=(1, 3), start=time(13), end=time(17)))
    slots = book.propose(WED)
    assert [s.weekday() for s in slots] == [
        1,
        3,
    ]  # Tuesday 18th, then Thursday 20th (Friday is not a working day)
    assert all(time(13) <= s.time() <= time(16) for s in slots)


def test_a_batch_of_fifty_never_gets_overlapping_holds():
    book = SlotBook()
    slots = [s for _ in range(50) for s in book.propose(WED)]
    assert len(slots) == 100
    assert all(abs((a - b).total_seconds()) >= 3600 for a, b in combinations(slots, 2))


def test_times_the_user_typed_are_kept_and_others_steer_clear(profile, req):
    book = SlotBook()
    chosen = [datetime(2025, 3, 14, 10), datetime(2025, 3, 17, 14)]
    mine = draft_followup(req(goal="invite-121", slots=chosen), profile, today=WED, book=book)
    assert mine.slots == chosen and "Friday 14 March at 10:00" in mine.variants[0].body
    other = draft_followup(req(goal="invite-121", name="Ann Lee"), profile, today=WED, book=book)
    assert not set(other.slots) & set(chosen)


def test_overlapping_typed_times_are_refused(req, profile):
    with pytest.raises(InputError, match="overlap"):
        draft_followup(
            req(goal="invite-121", slots=["2025-03-14 10:00", "2025-03-14 10:30"]), profile, today=WED
        )


def test_calendar_import_reads_events_repeats_and_free_busy_but_not_free_time():
    spans = parse_calendar(CAL, today=WED)
    assert (datetime(2025, 3, 14, 9, 30), datetime(2025, 3, 14, 12)) in spans
    assert not any(a == datetime(2025, 3, 17, 13) for a, _ in spans)  # marked free (TRANSPARENT)
    tuesdays = sorted(a for a, _ in spans if a.hour == 9 and a.weekday() == 1)
    assert tuesdays == [datetime(2025, 3, 18, 9) + timedelta(weeks=w) for w in range(4)]
    assert (datetime(2025, 3, 19, 9), datetime(2025, 3, 19, 18)) in spans
    assert busy_from_text(busy_to_text(spans)) == spans


def test_invitations_avoid_imported_busy_times(req):
    busy = parse_calendar(CAL, today=WED)
    profile = validate_profile({"name": "Jane Smith", "busy": busy_to_text(busy)})
    result = draft_followup(req(goal="invite-121"), profile, today=WED)
    for slot in result.slots:
        end = slot + timedelta(hours=1)
        assert not any(slot < b and a < end for a, b in busy), slot


def test_a_file_that_is_not_a_calendar_is_one_clear_message():
    with pytest.raises(InputError, match="calendar"):
        parse_calendar(b"\x00\x01 not a calendar", today=WED)


def test_batch_slots_avoid_times_offered_in_earlier_invitations(profile, store):
    csv = "name,met_at,detail,goal\n" + "".join(
        f"P{i} Lee,Expo,opening a shop in Leeds,invite-121\n" for i in range(6)
    )
    first = run_batch(csv, profile, store=store, today=WED)
    second = run_batch(csv.replace("Expo", "the Expo"), profile, store=store, today=WED)
    slots = [s for b in (first, second) for _, r, _ in b.drafts for s in r.slots]
    assert len(slots) == 24 and len(set(slots)) == 24


def test_profile_keeps_working_times_and_busy_times():
    p = validate_profile(
        {
            "name": "Jane",
            "working_days": "Tue, Thu",
            "working_hours": "10:00-16:00",
            "busy": ["2025-03-14T09:30/2025-03-14T12:00"],
        }
    )
    assert isinstance(p, Profile) and p.busy == ["2025-03-14T09:30/2025-03-14T12:00"]
    assert "10:00-16:00" not in p.texts()  # times are not words a draft may use
