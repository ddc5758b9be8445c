"""The profile form (who you are, who you want to meet), shared by the Refer-me kit and Follow-ups pages."""

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
    "what_i_do": ("What you do, in one plain sentence", "I keep the books for small trades businesses ...", True),
    "ideal_client": ("Your ideal client", "As specific as you can: who, where, what size, what situation.", True),
    "point_of_difference": ("What makes you different", "", False),
    "story": ("A short client story", "One client you helped, what changed for them (no names needed).", True),
    "trigger_phrases": ("Trigger phrases, one per line", "What prospects actually say when they need you.", True),
    "want_to_meet": ("Who you want to meet, one per line", "e.g. commercial insurance brokers", True),
    "not_a_fit": ("Who is not a fit", "Saves your partners wasted referrals.", False),
    "scheduling_link": ("Booking link (optional)", "https://... for 1-2-1 invitations", False),
    "email": ("Email", "", False),
    "phone": ("Phone", "", False),
    "signature": ("Email signature", "", True),
}
GAINS = {
    "goals": "Goals", "accomplishments": "Accomplishments", "interests": "Interests",
    "networks": "Networks", "skills": "Skills",
}


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


def profile_form(store: Store, *, key: str = "pf", compact: bool = False) -> Profile | None:
    """Render the profile form; on save validate and store it. Returns the saved profile (or None)."""
    current = load_saved(store)
    with st.form(f"{key}_form", border=not compact):
        cols = st.columns(2)
        for i, (name, (label, help_text, multi)) in enumerate(FIELDS.items()):
            if compact and name not in ("name", "business", "what_i_do", "scheduling_link", "signature"):
                continue
            target = cols[i % 2] if not multi else st
            widget = target.text_area if multi else target.text_input
            widget(label, value=_initial(current, name), key=f"{key}_{name}", help=help_text or None)
        if not compact:
            with st.expander("GAINS: Goals, Accomplishments, Interests, Networks, Skills (optional)"):
                for name, label in GAINS.items():
                    st.text_input(label, value=_initial(current, name), key=f"{key}_{name}")
        submitted = st.form_submit_button("Save my profile", icon=":material/save:", type="primary")
    if submitted:
        data = dict(current.to_dict()) if current else {}
        for name in list(FIELDS) + list(GAINS):
            if f"{key}_{name}" in st.session_state:
                data[name] = st.session_state[f"{key}_{name}"]
        try:
            profile = validate_profile(data)
            save_profile(store, profile)
        except CoachError as err:
            show_error(err, "Your entries are still in the form.")
            return current
        st.success("Profile saved.", icon=":material/check_circle:")
        return profile
    return current
