"""Calendar holds (.ics) for the times offered in an invitation: one tentative event per option."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from app.core.drafting.availability import MEETING_MINUTES

PRODID = "-//1-2-1 Coach//Follow-up drafts//EN"


def build_ics(
    slots: Sequence[datetime],
    contact: str,
    *,
    business: str = "",
    met_at: str = "",
    detail: str = "",
    minutes: int = MEETING_MINUTES,
    now: datetime | None = None,
) -> bytes:
    """An RFC 5545 calendar with one TENTATIVE event per proposed time (floating local times)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    who = f"{contact} ({business})" if business else contact
    for i, start in enumerate(slots, 1):
        event = Event()
        event.add("uid", f"{uuid.uuid4()}@one-two-one-coach")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=minutes))
        event.add("summary", f"1-2-1: You & {contact}")
        lines = [f"Proposed 1-2-1 with {who}: option {i} of {len(slots)}."]
        if met_at:
            lines.append(f"You met at {met_at}.")
        if detail:
            lines.append(f"Remember: {detail}.")
        lines.append("A tentative hold: keep the time they choose and delete the other option.")
        event.add("description", "\n".join(lines))
        event.add("status", "TENTATIVE")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
