"""Small helpers shared by the pages: error display, engine labels, dates and navigation targets."""

from __future__ import annotations

import datetime as dt
import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from app.core.due import due_label as _due_label
from app.core.due import parse_day
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


def show_error(err: CoachError, kept: str = "", *, offline: bool = True) -> None:
    """Render a CoachError for the user; a model error also offers to carry on with the built-in engine."""
    message = str(err)
    if isinstance(err, ModelError):
        message += (
            " You can try again, continue with the built-in engine, or check the engine on the Settings page."
        )
    if kept:
        message += f" {kept}"
    st.error(message, icon=":material/error:")
    if isinstance(err, ModelError) and offline:
        # The key follows the message so two different failures on one page never share a button.
        offline_button(key=f"offline_{zlib.crc32(message.encode('utf-8'))}")


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
    return parse_day(value) if value else None


def when(timestamp: float | None) -> str:
    """A short local date-time for a UNIX timestamp."""
    if not timestamp:
        return ""
    return dt.datetime.fromtimestamp(timestamp).strftime("%d %b %Y, %H:%M")


def due_label(send_by: dt.date, now: dt.date | None = None) -> str:
    """'overdue by 2 days', 'due today', 'due tomorrow' or 'due in 5 days'."""
    return _due_label(send_by, now or today())


def safe_filename(text: str, suffix: str) -> str:
    """A download file name made only of safe characters."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:60] or "download"
    return f"{stem}{suffix}"


# The page background from .streamlit/config.toml, so a pinned bar hides what scrolls beneath it.
_BACKGROUND = "#fbfaf7"


def pin_to_top(key: str) -> None:
    """Keep the container made with `st.container(key=key)` in view below the header while the page scrolls.

    Used for the actions a user needs at any point (End session, Draft a follow-up), on desktop and mobile.
    """
    # Streamlit wraps the keyed container in a layout wrapper of the same height, and a sticky element
    # cannot leave its parent: so the wrapper is what sticks.
    st.html(
        f'<style>[data-testid="stLayoutWrapper"]:has(> .st-key-{key}) {{ position: sticky; top: 3.75rem;'
        f" z-index: 990; background: {_BACKGROUND}; padding: 0.4rem 0;"
        " border-bottom: 1px solid rgba(29, 42, 39, 0.12); }</style>"
    )


def offline_button(
    label: str = "Continue with the built-in engine", *, key: str, on_click: Any = None
) -> bool:
    """After an endpoint failed: answer with the offline engine for the rest of this browser session."""
    from app.ui.services import use_offline_engine

    def go() -> None:
        use_offline_engine()
        if on_click is not None:
            on_click()

    return st.button(label, key=key, on_click=go, icon=":material/offline_bolt:")
