"""The profile form (who you are, who you want to meet), shared by the Refer-me kit and Follow-ups pages.

What the form shows is what the app uses: there is no `st.form` holding typed text back, every field
reaches the app when you leave it (or press a button), and a valid change is saved at once. So a kit
or a follow-up is never built from an older profile than the one on screen. An invalid change is not
saved (the last good profile stays) and one clear message says what to fix.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.core.drafting.profile import LIST_KEYS, Profile, save_profile, saved_profile, validate_profile
from app.core.errors import CoachError
from app.core.store import Store
from app.ui.common import show_error

# key -> (label, help, multi-line?)
FIELDS: dict[str, tuple[str, str, bool]] = {
    "name": ("Your name *", "How you sign your messages.", False),
    "business": ("Business", "e.g. Smith & Co Bookkeeping", False),
    "what_i_do": (
        "What you do, in one plain sentence",
        "I keep the books for small trades businesses ...",
        True,
    ),
    "ideal_client": (
        "Your ideal client",
        "As specific as you can: who, where, what size, what situation.",
        True,
    ),
    "point_of_difference": ("What makes you different", "", False),
    "story": (
        "A short client story",
        "One client you helped, what changed for them (no names needed).",
        True,
    ),
    "trigger_phrases": (
        "Trigger phrases, one per line",
        "What prospects actually say when they need you.",
        True,
    ),
    "want_to_meet": ("Who you want to meet, one per line", "e.g. commercial insurance brokers", True),
    "not_a_fit": ("Who is not a fit", "Saves your partners wasted referrals.", False),
    "scheduling_link": ("Booking link (optional)", "https://... for 1-2-1 invitations", False),
    "email": ("Email", "", False),
    "phone": ("Phone", "", False),
    "signature": ("Email signature", "", True),
}
GAINS = {
    "goals": "Goals",
    "accomplishments": "Accomplishments",
    "interests": "Interests",
    "networks": "Networks",
    "skills": "Skills",
}
COMPACT = ("name", "business", "what_i_do", "scheduling_link", "signature")


def _initial(profile: Profile | None, key: str) -> str:
    if profile is None:
        return ""
    value: Any = getattr(profile, key, "")
    return "\n".join(value) if key in LIST_KEYS else str(value or "")


def load_saved(store: Store) -> Profile | None:
    """The saved profile, or None (a damaged saved profile is reported, not fatal)."""
    try:
        return saved_profile(store)
    except CoachError as err:
        show_error(err, "Fix the fields below and save again.")
        return None


def _names(compact: bool) -> list[str]:
    return [n for n in FIELDS if not compact or n in COMPACT] + ([] if compact else list(GAINS))


def _changed(current: Profile | None, profile: Profile) -> bool:
    return current is None or current.to_dict() != profile.to_dict()


def profile_form(store: Store, *, key: str = "pf", compact: bool = False) -> Profile | None:
    """Render the profile form and save valid changes as they are made; returns the profile in use (or None)."""
    current = load_saved(store)
    names = _names(compact)
    for name in names:  # fill the widgets from the saved profile the first time they are drawn
        st.session_state.setdefault(f"{key}_{name}", _initial(current, name))
    with st.container(border=not compact):
        cols = st.columns(2)
        for i, (name, (label, help_text, multi)) in enumerate(FIELDS.items()):
            if name not in names:
                continue
            target = cols[i % 2] if not multi else st
            widget = target.text_area if multi else target.text_input
            widget(label, key=f"{key}_{name}", help=help_text or None)
        if not compact:
            with st.expander("GAINS: Goals, Accomplishments, Interests, Networks, Skills (optional)"):
                for name, label in GAINS.items():
                    st.text_input(label, key=f"{key}_{name}")
        pressed = st.button("Save my profile", icon=":material/save:", type="primary", key=f"{key}_save")

    data = dict(current.to_dict()) if current else {}
    data.update({name: st.session_state.get(f"{key}_{name}", "") for name in names})
    blank = current is None and not any(str(v).strip() for v in data.values())
    if blank and not pressed:
        return None  # nothing typed yet: no nagging
    try:
        profile = validate_profile(data)
    except CoachError as err:
        show_error(
            err, "Your entries are still in the form; the last saved profile is kept until you fix this."
        )
        return current
    if _changed(current, profile):
        try:
            save_profile(store, profile)
        except CoachError as err:
            show_error(err, "Your entries are still in the form.")
            return current
        st.toast("Profile saved.", icon=":material/check_circle:")
    if pressed:
        st.success("Profile saved.", icon=":material/check_circle:")
    elif current is not None or _changed(current, profile):
        st.caption("Changes are saved as you go.")
    return profile
