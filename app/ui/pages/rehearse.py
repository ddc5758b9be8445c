"""Rehearse: pick a partner and a situation, hold the 1-2-1, then read the coach's report.

The open session's id lives in the URL (?session=...), so a browser refresh reopens it from the store.
"""

from __future__ import annotations

import streamlit as st

from app.core.coach import live_hint
from app.core.errors import CoachError, InputError, ModelError
from app.core.roleplay.demo import play_demo
from app.core.roleplay.export import export_markdown
from app.core.roleplay.partner import Partner
from app.core.roleplay.personas import list_personas
from app.core.roleplay.scenarios import list_scenarios
from app.core.roleplay.session import RehearsalSession
from app.ui.common import FOLLOWUPS, guard, safe_filename, show_error
from app.ui.rehearse_views import (
    NEXT_PICK_KEY,
    PICK_KEY,
    create_persona,
    persona_card,
    persona_line,
    render_brief,
    render_conversation,
    render_turn,
    turn_caption,
)
from app.ui.report import render_report
from app.ui.services import get_services, knowledge, prewarm_rehearsal

ACTIVE = "rh_active"  # this browser tab's open session, so leaving the page and coming back returns to it
HINT_EVERY = 3

svc = get_services()
partner = Partner.from_services(svc)


def open_session(sid: str) -> None:
    """Make a session the open one (URL and tab state) and redraw."""
    st.query_params["session"] = sid
    st.session_state[ACTIVE] = sid
    st.rerun()


def close_session() -> None:
    """Back to choosing a partner (the session stays saved in History)."""
    st.query_params.pop("session", None)
    st.session_state.pop(ACTIVE, None)
    st.rerun()


def warm_library() -> None:
    """With a model, the partner and coach quote the library: index it now, with progress, not mid-chat."""
    try:
        knowledge(svc)
    except CoachError as err:
        st.caption(f"The library is unavailable, so replies will not draw on it: {err}")


def hints_for(sid: str) -> dict[int, str]:
    """Live hints given in this session, by the turn they followed."""
    return st.session_state.setdefault(f"hints_{sid}", {})


def hints_toggle() -> bool:
    """The live-hint switch, remembered for the whole browser session."""
    on = st.toggle("Live hints", value=st.session_state.get("hints_pref", False),
                   help=f"At most one short hint every {HINT_EVERY} of your messages, on the most useful gap.")
    st.session_state["hints_pref"] = on
    return on


def maybe_hint(session: RehearsalSession) -> None:
    """Give a live hint after a reply when it is time for one."""
    hints = hints_for(session.id)
    hint = live_hint(session.transcript(), last_hint_turn=max(hints) if hints else None, every=HINT_EVERY)
    if hint is not None:
        hints[hint.turn_index] = hint.text
        st.info(hint.text, icon=":material/lightbulb:")


def stream_reply(stream_factory) -> None:
    """Stream the partner's answer; on a model error the user's words stay saved and can be retried."""
    with st.chat_message("assistant", avatar=":material/person:"):
        try:
            st.write_stream(stream_factory())
        except ModelError as err:
            show_error(err, "Your message is saved in the conversation; press “Try again” to get an answer.")
            st.button("Try again", key="rh_retry_now", icon=":material/refresh:")
            return
        st.caption(f"{session.persona.first_name} · {turn_caption(session.turns[-1])}")
    if hints_on:
        maybe_hint(session)


# -- which session is open ---------------------------------------------------------------------
sid = st.query_params.get("session") or st.session_state.get(ACTIVE)
session: RehearsalSession | None = None
if sid:
    try:
        session = partner.resume(sid)
        st.query_params["session"] = sid
        st.session_state[ACTIVE] = sid
    except CoachError as err:
        show_error(err, "Pick a partner below to start a new rehearsal.")
        st.query_params.pop("session", None)
        st.session_state.pop(ACTIVE, None)

# -- no session: choose a partner and a situation ----------------------------------------------
if session is None:
    prewarm_rehearsal()
    st.title("Rehearse a 1-2-1")
    st.caption("Practise with a fellow member. Find out who they are, what a good referral is for them, and "
               "teach them the same about you. Your coach scores the conversation at the end.")
    flash = st.session_state.pop("rh_flash", None)
    if flash:
        st.success(flash)
    with guard():
        personas = {p.id: p for p in list_personas(svc.store)}
        scenarios = {s.id: s for s in list_scenarios()}
        if NEXT_PICK_KEY in st.session_state:
            st.session_state[PICK_KEY] = st.session_state.pop(NEXT_PICK_KEY)
        if st.session_state.get(PICK_KEY) not in personas:
            st.session_state.pop(PICK_KEY, None)
        left, right = st.columns(2)
        with left:
            pid = st.selectbox("Who are you meeting?", list(personas), key=PICK_KEY,
                               format_func=lambda i: persona_line(personas[i]))
            persona_card(personas[pid])
        with right:
            scid = st.selectbox("What is the situation?", list(scenarios), key="rh_scenario",
                                format_func=lambda i: scenarios[i].title)
            st.caption(scenarios[scid].summary)
        with st.expander("Create your own partner", icon=":material/person_add:"):
            create_persona(svc)
        st.subheader("Your brief")
        with st.container(border=True):
            render_brief(scenarios[scid], personas[pid])
        hints_on = hints_toggle()
        a, b = st.columns(2)
        if a.button("Start the 1-2-1", type="primary", icon=":material/play_arrow:", width="stretch"):
            if svc.model.generative:
                warm_library()
            with st.spinner("Setting the table ..."):
                started = partner.start(pid, scid)
            open_session(started.id)
        if b.button("Watch a demo", icon=":material/smart_display:", width="stretch",
                    help="See a strong 1-2-1 with this partner, played by the app, then its report."):
            if svc.model.generative:
                warm_library()
            demo = partner.start(pid, scid, mode="demo")
            st.session_state[ACTIVE] = demo.id
            with st.status("Playing the demo ...", expanded=True) as status:
                for turn in play_demo(partner, demo):
                    render_turn(turn, demo.persona.first_name)
                status.update(label="The coach is reviewing the demo ...")
                partner.end(demo)
                status.update(label="Demo finished", state="complete")
            open_session(demo.id)
    st.stop()

# -- an open session ----------------------------------------------------------------------------
persona, scenario = session.persona, session.scenario
continuing = st.session_state.get(f"continue_{session.id}", False)
export_name = safe_filename(f"1-2-1-{persona.name}-{session.id}", ".md")

if session.status == "ended" and not continuing:
    st.title(f"Your 1-2-1 with {persona.name}")
    st.caption(f"{scenario.title} · {'demo' if session.mode == 'demo' else 'rehearsal'} · {session.engine}")
    if session.report:
        render_report(session.report)
    else:
        st.info("This session ended without a report (there was nothing from you to review).")
    st.divider()
    a, b, c, d = st.columns(4)
    if a.button(f"Draft a follow-up to {persona.first_name}", type="primary", icon=":material/mail:",
                width="stretch"):
        st.switch_page(FOLLOWUPS, query_params={"from_session": session.id})
    a.caption("Carries what you learned and the next step you agreed.")
    b.download_button("Export (Markdown)", export_markdown(session), file_name=export_name, mime="text/markdown",
                      icon=":material/download:", width="stretch")
    if c.button("Continue the conversation", icon=":material/forum:", width="stretch"):
        st.session_state[f"continue_{session.id}"] = True
        st.rerun()
    if d.button("New rehearsal", icon=":material/add:", width="stretch"):
        close_session()
    with st.expander("The conversation", expanded=session.mode == "demo"):
        render_conversation(session, hints_for(session.id))
    st.stop()

st.title(f"1-2-1 with {persona.name}")
st.caption(f"{scenario.title} · {persona.trade} · {persona.difficulty}"
           + (" · demo" if session.mode == "demo" else ""))
bar = st.columns([1, 1, 2, 1])
with bar[0].popover("Help", icon=":material/help:", width="stretch"):
    render_brief(scenario, persona)
    st.caption("Type what you would say. When you have agreed a next step, end the session for your report.")
with bar[1]:
    hints_on = hints_toggle()
if bar[2].button("End session and get my report", type="primary", icon=":material/flag:", width="stretch"):
    warm_library()
    with guard("The conversation is saved; you can try ending it again."), st.spinner("Your coach is reviewing ..."):
        partner.end(session)
        st.session_state.pop(f"continue_{session.id}", None)
        st.rerun()
if bar[3].button("New rehearsal", icon=":material/add:", width="stretch"):
    close_session()

render_conversation(session, hints_for(session.id))

if session.pending:
    # "rh_retry_now" is the button shown right under a failed reply; "rh_retry" the one shown after a reload.
    retry = bool(st.session_state.get("rh_retry_now"))
    if not retry:
        st.warning(f"Your last message has not been answered yet ({persona.first_name} could not reply).",
                   icon=":material/schedule:")
        retry = st.button("Try again", icon=":material/refresh:", key="rh_retry")
    if retry:
        stream_reply(lambda: partner.retry_stream(session))

# No max_chars here: the widget would silently cut a long paste; the core refuses it with a clear message
# and the text is shown back below to copy and shorten.
said = st.chat_input(f"Say something to {persona.first_name} ...", key="rh_chat")
if said:
    try:
        stream = partner.reply_stream(session, said)  # saves your message before the partner answers
    except InputError as err:
        show_error(err)
        st.session_state["rh_unsent"] = said
    else:
        st.session_state.pop("rh_unsent", None)
        render_turn(session.turns[-1], persona.first_name)
        stream_reply(lambda: stream)
unsent = st.session_state.get("rh_unsent")
if unsent:
    st.caption("Your message was not sent; here it is to copy and edit:")
    st.code(unsent, language=None, wrap_lines=True)

st.download_button("Export the conversation so far", export_markdown(session), file_name=export_name,
                   mime="text/markdown", icon=":material/download:")
