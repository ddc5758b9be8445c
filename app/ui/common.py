"""Small helpers shared by the pages: error display, engine labels, dates and navigation targets."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from app.core.errors import CoachError, ModelError

log = logging.getLogger("coach.ui")

# Page files, relative to the entrypoint, for st.switch_page / st.page_link.
HOME = "ui/pages/home.py"
REHEARSE = "ui/pages/rehearse.py"
FOLLOWUPS = "ui/pages/followups.py"
REFERKIT = "ui/pages/referkit.py"
KNOWLEDGE = "ui/pages/knowledge.py"
HISTORY = "ui/pages/history.py"
SETTINGS = "ui/pages/settings.py"

GOAL_LABELS = {
    "thank": "Say thank you",
    "invite-121": "Invite to a 1-2-1",
    "send-resource": "Send what I promised",
    "introduce": "Offer an introduction",
    "nudge": "Nudge (no reply yet)",
}
CHANNEL_LABELS = {
    "email": "Email",
    "linkedin-note": "LinkedIn connection note",
    "linkedin-message": "LinkedIn message",
    "sms": "Text message",
}


@contextmanager
def guard(kept: str = "") -> Iterator[None]:
    """Show a domain error as one clear message instead of a traceback; `kept` reassures what is safe."""
    try:
        yield
    except CoachError as err:
        show_error(err, kept)


def show_error(err: CoachError, kept: str = "") -> None:
    """Render a CoachError for the user (model errors get a pointer to the Settings page)."""
    message = str(err)
    if isinstance(err, ModelError):
        message += " You can try again, or check the engine on the Settings page."
    if kept:
        message += f" {kept}"
    st.error(message, icon=":material/error:")


def origin_caption(engine_label: str, origin: str) -> str:
    """The small line under a reply or draft saying which engine produced it and how."""
    how = {
        "model": "written by the model",
        "repaired": "written by the model, corrected once after a check",
        "scripted": "built-in script",
        "fallback": "built-in script (the model's reply did not pass the checks)",
        "template": "built-in template",
    }.get(origin, origin)
    if engine_label.startswith("offline"):
        engine_label = "offline engine"  # the full label repeats "built-in scripts and templates"
    return f"{how} · {engine_label}" if how and engine_label else (how or engine_label)


def today() -> dt.date:
    """Today's date (one place, so pages agree)."""
    return dt.date.today()


def parse_date(value: Any) -> dt.date | None:
    """An ISO date (or datetime) string as a date; None when missing or unreadable."""
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def when(timestamp: float | None) -> str:
    """A short local date-time for a UNIX timestamp."""
    if not timestamp:
        return ""
    return dt.datetime.fromtimestamp(timestamp).strftime("%d %b %Y, %H:%M")


def due_label(send_by: dt.date, now: dt.date | None = None) -> str:
    """'overdue by 2 days', 'due today', 'due tomorrow' or 'due in 5 days'."""
    days = (send_by - (now or today())).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due in {days} days"


def safe_filename(text: str, suffix: str) -> str:
    """A download file name made only of safe characters."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:60] or "download"
    return f"{stem}{suffix}"
