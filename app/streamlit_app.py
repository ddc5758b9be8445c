"""1-2-1 Coach in the browser: `streamlit run app/streamlit_app.py` (or `coach app`).

This file is the router and the frame around every page: page setup, navigation and the sidebar.
Nothing heavy happens here - the model, the embedding model and the index load only when a page
needs them, so the first page appears quickly.
"""

from __future__ import annotations

import streamlit as st

from app.core.errors import CoachError
from app.ui.common import FOLLOWUPS, HISTORY, HOME, KNOWLEDGE, REFERKIT, REHEARSE, SETTINGS, log
from app.ui.services import (
    OFFLINE_KEY,
    current_settings,
    engine_notice,
    engine_switched_by,
    get_services,
    settings_warning,
    use_configured_engine,
)

# "auto": open on desktop, closed on phones, where an open sidebar would cover the page on every load.
st.set_page_config(page_title="1-2-1 Coach", page_icon="🤝", layout="wide", initial_sidebar_state="auto")

PAGES = [
    st.Page(HOME, title="Home", icon=":material/home:", default=True),
    st.Page(REHEARSE, title="Rehearse", icon=":material/forum:"),
    st.Page(FOLLOWUPS, title="Follow-ups", icon=":material/mail:"),
    st.Page(REFERKIT, title="Refer-me kit", icon=":material/handshake:"),
    st.Page(KNOWLEDGE, title="Knowledge", icon=":material/menu_book:"),
    st.Page(HISTORY, title="History", icon=":material/history:"),
    st.Page(SETTINGS, title="Settings", icon=":material/settings:"),
]


def sidebar() -> None:
    """Which engine answers and why (a switch made by the environment is never silent); advice for the demo model."""
    with st.sidebar:
        try:
            info = get_services().model.info
        except CoachError as err:  # e.g. the local engine without a model file
            st.error(f"Engine problem: {err}")
            st.page_link(SETTINGS, label="Fix it in Settings", icon=":material/settings:")
            return
        st.caption("Engine")
        st.markdown(f"**{info.label}**")
        notice = engine_notice()
        if notice:
            st.info(notice, icon=":material/offline_bolt:")
            if st.session_state.get(OFFLINE_KEY):
                st.button(
                    "Use the configured engine again", on_click=use_configured_engine, key="sb_back_online"
                )
        switched = engine_switched_by(current_settings()) if info.engine == "openai" else []
        if switched:
            st.warning(
                f"{' and '.join(switched)} switched the engine to this endpoint. Choose “Offline” in "
                "Settings to use the built-in partner instead.",
                icon=":material/swap_horiz:",
            )
        if info.engine == "offline":
            st.caption(
                "Built-in scripts and templates answer. Connect a model in Settings for richer replies."
            )
        if info.demo_grade:
            st.warning(
                "You are using the tiny bundled demo model: replies show how the product works, but their "
                "quality is demo-grade. For real practice connect a better model (OpenAI, Ollama or "
                "LM Studio) on the Settings page.",
                icon=":material/info:",
            )
            st.page_link(SETTINGS, label="Connect a better model", icon=":material/settings:")
        warning = settings_warning()
        if warning:
            st.warning(warning)


page = st.navigation(PAGES)
sidebar()
try:
    page.run()
except CoachError as err:  # a page forgot to guard an action: still one clear sentence
    st.error(str(err))
except Exception as err:  # a bug: never a traceback in front of the user; details go to the console log
    log.exception("Unexpected error on page %s", page.title)
    st.error(
        f"Something went wrong on this page ({type(err).__name__}). Everything you saved is still there; "
        "please try again."
    )
