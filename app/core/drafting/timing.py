"""When to send, when to nudge, when to stop, and how offered 1-2-1 times are written."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.core.drafting.availability import MEETING_MINUTES, SlotBook
from app.core.drafting.models import Timing
from app.core.drafting.text import long_date, short_date

__all__ = [
    "MAX_NUDGES",
    "MEETING_MINUTES",
    "NUDGE_AFTER_DAYS",
    "plan_timing",
    "propose_slots",
    "slot_text",
    "slots_text",
]

MAX_NUDGES = 2
NUDGE_AFTER_DAYS = 7  # the library's advice: one short nudge on day 7-10, stop after two


def plan_timing(
    goal: str, met_on: date | None, today: date, nudges: int = 0, sent_on: date | None = None
) -> Timing:
    """Send within 24-48 hours of meeting (today if that has passed); nudge a week after the first message;
    stop after two nudges."""
    met_on = met_on or today
    if goal == "nudge":
        if nudges >= MAX_NUDGES:
            return Timing(
                today,
                [],
                True,
                f"You have already nudged {nudges} times with no reply: stop here. Leave the door "
                "open and say hello when you next see them at an event; a third nudge rarely helps "
                "and can cost you the relationship.",
            )
        earliest = (sent_on or today) + timedelta(days=NUDGE_AFTER_DAYS)
        send_by = max(today, earliest)
        left = MAX_NUDGES - nudges
        later = [send_by + timedelta(days=NUDGE_AFTER_DAYS)] if left > 1 else []
        tail = (
            f" If there is still no reply, one last nudge around {long_date(later[0])}, then stop."
            if later
            else " This is your last nudge: if there is no reply, stop and leave the door open."
        )
        if send_by > today:
            lead = (
                f"Your first message went on {long_date(sent_on or today)}: give them a week, and send this "
                f"nudge on {long_date(send_by)} if they haven't replied."
            )
        else:
            lead = f"Send this nudge today ({long_date(today)})."
        return Timing(send_by, later, False, lead + tail)
    ideal = met_on + timedelta(days=1)
    send_by = max(ideal, today)
    first = send_by + timedelta(days=NUDGE_AFTER_DAYS)
    nudge_on = [first, first + timedelta(days=NUDGE_AFTER_DAYS)]
    late = (today - met_on).days
    if late > 2:
        lead = (
            f"It has been {late} days since you met, so send it today ({long_date(send_by)}); "
            "a late follow-up still beats none."
        )
    else:
        lead = f"Send by {long_date(send_by)}, within 48 hours of meeting, while you are fresh in their mind."
    return Timing(
        send_by,
        nudge_on,
        False,
        f"{lead} No reply? Nudge once around {long_date(nudge_on[0])} and once more around "
        f"{long_date(nudge_on[1])}, then stop.",
    )


def propose_slots(start: date, count: int = 2, book: SlotBook | None = None) -> list[datetime]:
    """Free times after `start` from `book` (default: weekday working hours, nothing busy)."""
    return (book or SlotBook()).propose(start, count)


def slot_text(slot: datetime, short: bool = False) -> str:
    """'Tuesday 9 December at 10:00' or, for short channels, 'Tue 9 Dec 10:00'."""
    if short:
        return f"{short_date(slot.date())} {slot:%H:%M}"
    return f"{long_date(slot.date())} at {slot:%H:%M}"


def slots_text(slots: list[datetime], short: bool = False) -> str:
    """Two options joined with 'or'."""
    return " or ".join(slot_text(s, short) for s in slots)
