"""Follow-ups to send: which saved drafts are due or overdue, and how to say so in plain words.

One definition for the Home page and `coach due`, so both list the same drafts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.records import DraftRecord
    from app.core.store import Store

DUE_WINDOW_DAYS = 3  # "due" means on or before this many days from today; overdue ones are always included


@dataclass(frozen=True)
class DueFollowup:
    """One follow-up still to send: the saved draft and its send-by date."""

    draft: DraftRecord
    send_by: dt.date

    @property
    def id(self) -> str:
        """The draft's id (what `coach sent ID` takes)."""
        return str(self.draft["id"])

    def days_left(self, today: dt.date) -> int:
        """Days until the send-by date (negative when overdue)."""
        return (self.send_by - today).days


def parse_day(value: Any) -> dt.date | None:
    """An ISO date (or datetime) as a date; None when missing or unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def due_followups(
    store: Store, today: dt.date | None = None, within_days: int = DUE_WINDOW_DAYS
) -> list[DueFollowup]:
    """Unsent follow-ups whose send-by date is at most `within_days` away (overdue ones first)."""
    today = today or dt.date.today()
    until = today + dt.timedelta(days=max(0, within_days))
    out = []
    for draft in store.due_drafts(until.isoformat()):
        day = parse_day(draft.get("send_by"))
        if day is not None:
            out.append(DueFollowup(draft, day))
    return sorted(out, key=lambda d: d.send_by)


def due_label(send_by: dt.date, today: dt.date | None = None) -> str:
    """'overdue by 2 days', 'due today', 'due tomorrow' or 'due in 5 days'."""
    days = (send_by - (today or dt.date.today())).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due in {days} days"
