"""Refer-me kit: your profile in, scripts your referral partners can use out (copy or download)."""

from __future__ import annotations

import streamlit as st

from app.core.drafting import build_referkit, save_referkit
from app.core.errors import CoachError
from app.ui.common import guard, when
from app.ui.drafts_view import render_kit
from app.ui.profile_form import profile_form
from app.ui.services import get_services, knowledge

svc = get_services()
store = svc.store

st.title("Refer-me kit")
st.caption(
    "Your referral partners want to help; this gives them the words. Fill in your profile once, then "
    "build a kit: your weekly presentation, a briefing for partners, what to listen for, and two "
    "introduction emails they can send."
)

left, right = st.columns([2, 3])
with left:
    st.subheader("Your profile")
    profile = profile_form(store, key="pf")

with right:
    st.subheader("Your kit")
    prospect = st.text_input(
        "Who should the direct introduction email introduce? (optional)",
        key="kit_prospect",
        max_chars=160,
        placeholder="e.g. Alex Brown, who needs help with VAT",
        help="A partner sends the direct email to both of you; with a name it names both sides.",
    )
    build = st.button(
        "Build my kit",
        type="primary",
        icon=":material/build:",
        disabled=profile is None,
        help=None if profile else "Save your profile first (at least your name).",
    )
    if profile is None:
        st.info("Save your profile (at least your name) to build your kit.")
    if build and profile is not None:
        with guard("Your profile is saved; try again when the engine is back."):
            try:
                kb = knowledge(svc)
            except CoachError as err:
                kb = None
                st.caption(f"Building without library sources: {err}")
            with st.spinner(f"Writing your kit with {svc.model.info.label} ..."):
                kit = build_referkit(profile, model=svc.model, knowledge=kb, prospect=prospect)
                st.session_state["kit_id"] = save_referkit(store, kit, profile.to_dict())
    with guard():
        kit_id = st.session_state.get("kit_id")
        if kit_id is None:
            kits = store.list_drafts(kind="referkit", limit=1)
            kit_id = kits[0]["id"] if kits else None
        if kit_id:
            draft = store.get_draft(kit_id)
            st.caption(f"Built {when(draft['updated_at'])} for {draft.get('contact') or 'you'}.")
            render_kit(draft["result"], key="kit")
        elif profile is not None:
            st.caption("No kit yet: press “Build my kit”.")
