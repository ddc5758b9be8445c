"""Rehearse: pick a partner and a situation, hold the 1-2-1, then read the coach's report.

The open session's id lives in the URL (?session=...), so a browser refresh reopens it from the store,
live hints included (their switch and the hints already given are saved with the session).
The actions a user needs at any moment (End session, Draft a follow-up) sit in a bar pinned to the top.
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
from app.core.roleplay.session import RehearsalSession, session_from_record
from app.ui.common import FOLLOWUPS, guard, offline_button, pin_to_top, safe_filename, show_error
from app.ui.rehearse_views import (
    NEXT_PICK_KEY,
    PICK_KEY,
    create_persona,
    hints_by_turn,
    load_hints,
    partner_filter,
    persona_card,
    persona_line,
    render_brief,
    render_conversation,
    render_hint,
    render_turn,
    save_hints,
    turn_caption,
)
from app.ui.report import render_report
from app.ui.services import get_services, knowledge, prewarm_rehearsal

ACTIVE = "rh_active"  # this browser tab's open session, so leaving the page and coming back returns to it
HINT_EVERY = 3
HINTS_PREF = "hints_pref"  # the switch on the setup screen, copied into each new session
RETRY_NOW = "rh_retry_auto"  # set by "Continue with the built-in partner": answer the waiting message at once
BAR = "rh_bar"

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


def maybe_hint(session: RehearsalSession, hints: dict) -> None:
    """After a reply, give a live hint when one is due; a check already hinted at is never hinted again."""
    shown = hints["shown"]
    hint = live_hint(
        session.transcript(),
        last_hint_turn=max((h["turn"] for h in shown), default=None),
        every=HINT_EVERY,
        skip={h.get("check") for h in shown},
        scenario=session.scenario.id,
        reader=partner.reader,
    )
    if hint is not None:
        shown.append({"turn": hint.turn_index, "check": hint.check_id, "text": hint.text})
        save_hints(svc.store, session.id, hints)
        render_hint(hint.text)


def stream_reply(stream_factory) -> None:
    """Stream the partner's answer; on a model error the user's words stay saved and can be retried."""
    with st.chat_message("assistant", avatar=":material/person:"):
        try:
            st.write_stream(stream_factory())
        except ModelError as err:
            show_error(
                err,
                "Your message is saved in the conversation; press “Try again” to get an answer, "
                "or carry on with the built-in partner.",
                offline=False,
            )
            a, b = st.columns(2)
            a.button("Try again", key="rh_retry_now", icon=":material/refresh:")
            with b:
                offline_button(
                    "Continue with the built-in partner",
                    key="rh_offline",
                    on_click=lambda: st.session_state.__setitem__(RETRY_NOW, True),
                )
            return
        st.caption(f"{session.persona.first_name} · {turn_caption(session.turns[-1])}")
    if hints["on"]:
        maybe_hint(session, hints)


# -- which session is open ---------------------------------------------------------------------
sid = st.query_params.get("session") or st.session_state.get(ACTIVE)
session: RehearsalSession | None = None
record: dict = {}
if sid:
    try:
        record = svc.store.get_session(sid)
        session = session_from_record(record, svc.store)
        st.query_params["session"] = sid
        st.session_state[ACTIVE] = sid
    except CoachError as err:
        show_error(err, "Pick a partner below to start a new rehearsal.")
        st.query_params.pop("session", None)
        st.session_state.pop(ACTIVE, None)
        session = None

# -- no session: choose a partner and a situation ----------------------------------------------
if session is None:
    prewarm_rehearsal()
    # The coach's citations need the library; open it while the user picks a partner, so the first
    # report does not wait for it.
    svc.prewarm_knowledge()
    st.title("Rehearse a 1-2-1")
    st.caption(
        "Practise with a fellow member. Find out who they are, what a good referral is for them, and "
        "teach them the same about you. Your coach scores the conversation at the end."
    )
    flash = st.session_state.pop("rh_flash", None)
    if flash:
        st.success(flash)
    with guard():
        everyone = list_personas(svc.store)
        shown = partner_filter(everyone)
        personas = {p.id: p for p in shown}
        scenarios = {s.id: s for s in list_scenarios()}
        if NEXT_PICK_KEY in st.session_state:
            st.session_state[PICK_KEY] = st.session_state.pop(NEXT_PICK_KEY)
        if st.session_state.get(PICK_KEY) not in personas:
            st.session_state.pop(PICK_KEY, None)
        left, right = st.columns(2)
        with left:
            pid = st.selectbox(
                f"Who are you meeting? ({len(personas)} of {len(everyone)} partners)",
                list(personas),
                key=PICK_KEY,
                format_func=lambda i: persona_line(personas[i]),
            )
            persona_card(personas[pid])
        with right:
            scid = st.selectbox(
                "What is the situation?",
                list(scenarios),
                key="rh_scenario",
                format_func=lambda i: scenarios[i].title,
            )
            st.caption(scenarios[scid].summary)
        with st.expander("Create your own partner", icon=":material/person_add:"):
            create_persona(svc)
        st.subheader("Your brief")
        with st.container(border=True):
            render_brief(scenarios[scid], personas[pid])
        hints_pref = st.toggle(
            "Live hints",
            key=HINTS_PREF,
            help=f"At most one short hint every {HINT_EVERY} of your messages, on the most "
            "useful gap. You can switch them on or off during the 1-2-1 too.",
        )
        a, b = st.columns(2)
        if a.button("Start the 1-2-1", type="primary", icon=":material/play_arrow:", width="stretch"):
            if svc.model.generative:
                warm_library()
            with st.spinner("Setting the table ..."):
                started = partner.start(pid, scid)
                save_hints(svc.store, started.id, {"on": bool(hints_pref), "shown": []})
            open_session(started.id)
        if b.button(
            "Watch a demo",
            icon=":material/smart_display:",
            width="stretch",
            help="See a strong 1-2-1 with this partner, played by the app, then its report.",
        ):
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
hints = load_hints(record, default_on=bool(st.session_state.get(HINTS_PREF)))
continuing = st.session_state.get(f"continue_{session.id}", False)
export_name = safe_filename(f"1-2-1-{persona.name}-{session.id}", ".md")
kind = "demo" if session.mode == "demo" else "rehearsal"

if session.status == "ended" and not continuing:
    st.title(f"Your 1-2-1 with {persona.name}")
    st.caption(
        f"{scenario.title} · {kind} · {session.user_turn_count} messages from you · answered by "
        f"{session.engine or 'the built-in partner'}"
    )
    # The next steps stay in reach however long the report is: a bar pinned below the header.
    with st.container(key=BAR, horizontal=True, vertical_alignment="center"):
        if st.button(
            f"Draft a follow-up to {persona.first_name}",
            type="primary",
            icon=":material/mail:",
            help="Carries what you learned and the next step you agreed into a message.",
        ):
            st.switch_page(FOLLOWUPS, query_params={"from_session": session.id})
        st.download_button(
            "Export",
            export_markdown(session),
            file_name=export_name,
            mime="text/markdown",
            icon=":material/download:",
            help="The conversation and the report as Markdown.",
        )
        if st.button("Continue the conversation", icon=":material/forum:"):
            st.session_state[f"continue_{session.id}"] = True
            st.rerun()
        if st.button("New rehearsal", icon=":material/add:"):
            close_session()
    pin_to_top(BAR)
    if session.report:
        render_report(session.report)
    else:
        st.info("This session ended without a report (there was nothing from you to review).")
    with st.expander("The conversation", expanded=session.mode == "demo"):
        render_conversation(session, hints_by_turn(hints))
    st.stop()

st.title(f"1-2-1 with {persona.name}")
st.caption(
    f"{scenario.title} · {persona.trade} · {persona.difficulty}"
    + (" · demo" if session.mode == "demo" else "")
)
with st.container(key=BAR, horizontal=True, vertical_alignment="center"):
    if st.button("End session and get my report", type="primary", icon=":material/flag:"):
        warm_library()
        with (
            guard("The conversation is saved; you can try ending it again."),
            st.spinner("Your coach is reviewing ..."),
        ):
            partner.end(session)
            st.session_state.pop(f"continue_{session.id}", None)
            st.rerun()
    with st.popover("Help", icon=":material/help:"):
        render_brief(scenario, persona)
        st.caption(
            "Type what you would say. When you have agreed a next step, end the session for your report."
        )
    on = st.toggle(
        "Live hints",
        value=hints["on"],
        key=f"rh_hints_{session.id}",
        help=f"At most one short hint every {HINT_EVERY} of your messages, on the most useful gap.",
    )
    if st.button("New rehearsal", icon=":material/add:"):
        close_session()
pin_to_top(BAR)
if on != hints["on"]:
    hints["on"] = on
    save_hints(svc.store, session.id, hints)

render_conversation(session, hints_by_turn(hints))

if session.pending:
    # "rh_retry_now" is the button shown right under a failed reply; "rh_retry" the one shown after a reload.
    retry = bool(st.session_state.get("rh_retry_now")) or bool(st.session_state.pop(RETRY_NOW, False))
    if not retry:
        st.warning(
            f"Your last message has not been answered yet ({persona.first_name} could not reply).",
            icon=":material/schedule:",
        )
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

st.download_button(
    "Export the conversation so far",
    export_markdown(session),
    file_name=export_name,
    mime="text/markdown",
    icon=":material/download:",
)
