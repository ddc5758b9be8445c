"""Follow-ups: draft a message to one contact, or to everyone from an event (CSV); copy, download, send."""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from app.core.drafting import (
    CHANNELS,
    GOALS,
    LENGTHS,
    STAGES,
    TONES,
    FollowupRequest,
    draft_followup,
    followup_from_notes,
    followup_from_session,
    parse_csv,
    run_batch,
    save_followup,
)
from app.core.drafting.availability import Availability, SlotBook, busy_to_text, parse_calendar
from app.core.drafting.batch import COLUMNS
from app.core.drafting.history import first_sent, held_slots
from app.core.drafting.profile import save_profile, validate_profile
from app.core.errors import CoachError, InputError
from app.ui.common import CHANNEL_LABELS, GOAL_LABELS, guard, show_error
from app.ui.drafts_view import render_followup
from app.ui.profile_form import load_saved, profile_form
from app.ui.services import get_services, knowledge

STAGE_LABELS = {"new": "We met once", "met-before": "We know each other", "after-121": "We just had a 1-2-1"}
FORM_KEYS = (
    "name",
    "business",
    "met_at",
    "detail",
    "goal",
    "channel",
    "promised",
    "stage",
    "tone",
    "length",
    "learned",
    "next_step",
    "nudges",
)
SAMPLE_CSV = (
    ",".join(COLUMNS) + "\n"
    "Sam Lee,Lee Plumbing,the Riverside breakfast,wants to expand into bathroom refits,email,invite-121,\n"
    "Priya Shah,Shah Print,the chamber mixer,just opened a second shop,linkedin-message,thank,\n"
)

svc = get_services()
store = svc.store


def library():
    """The library for citations; drafting still works (without sources) if it is unavailable."""
    try:
        return knowledge(svc)
    except CoachError as err:
        st.caption(f"Drafting without library sources: {err}")
        return None


def prefill(req: FollowupRequest, note: str) -> None:
    """Put a prepared request into the form's widgets (before they are drawn)."""
    # Plain values: the choice widgets' options are the choices' text, and Streamlit treats an enum member
    # in a widget's state as a request to coerce its options to that enum.
    values = req.model_dump(mode="json")
    for k in FORM_KEYS:
        st.session_state[f"fu_{k}"] = values[k]
    st.session_state["fu_met_on"] = req.met_on or dt.date.today()
    st.session_state["fu_session"] = req.session_id
    st.session_state["fu_flash"] = note


st.title("Follow-ups")
st.caption(
    "Follow up within 48 hours, while you are fresh in their mind. Every draft is yours to edit and "
    "send; nothing is sent for you."
)

# A hand-off from a finished rehearsal arrives as ?from_session=... (once per session id).
from_session = st.query_params.get("from_session")
if from_session and st.session_state.get("fu_prefilled") != from_session:
    st.session_state["fu_prefilled"] = from_session
    with guard():
        rec = store.get_session(from_session)
        prefill(
            followup_from_session(rec),
            f"Filled in from your rehearsal with {rec['persona'].get('name', '')}: "
            "check the details, then draft.",
        )

profile = load_saved(store)
# Open while there is no profile, and stay open for the rest of the visit once it was: the first field
# saved mid-typing must not fold the form away from under the user (and their Save button with it).
if profile is None:
    st.session_state["fu_details_open"] = True
details_open = bool(st.session_state.get("fu_details_open"))
with st.expander("Your details (signed on every draft)", expanded=details_open, icon=":material/badge:"):
    if profile is None:
        st.info("Drafts are signed and shaped by your profile. Fill in at least your name.")
    profile = profile_form(store, key="fu_pf", compact=True) or profile


def slot_widget_keys(prof) -> list[tuple[str, str]]:
    """Keys of the two offered-time widgets, tied to the working days and hours they were proposed from."""
    stamp = (
        hashlib.sha1(f"{prof.working_days}|{prof.working_hours}|{len(prof.busy)}".encode()).hexdigest()[:6]
        if prof is not None
        else "none"
    )
    return [(f"fu_slot_day_{n}_{stamp}", f"fu_slot_time_{n}_{stamp}") for n in (0, 1)]


def proposed_times(today: dt.date) -> list[dt.datetime]:
    """Two free times from your working hours, clear of your calendar and of times already offered."""
    try:
        book = SlotBook(Availability.from_profile(profile), held=held_slots(store, today))
        return book.propose(today)
    except InputError:
        return []


with st.expander("Your meeting times (for 1-2-1 invitations)", icon=":material/calendar_month:"):
    if profile is None:
        st.caption("Save your details above first.")
    else:
        st.caption(
            "Invitations offer free times inside your working days and hours, never two contacts the same "
            "hour. Import your calendar (.ics) so they also avoid your meetings."
        )
        with st.form("fu_times_form"):
            c1, c2 = st.columns(2)
            days = c1.text_input(
                "Working days",
                value=profile.working_days or "Mon-Fri",
                key="fu_days",
                help="e.g. Mon-Fri, or Tue, Thu",
            )
            hours = c2.text_input(
                "Working hours",
                value=profile.working_hours or "09:30-17:00",
                key="fu_hours",
                help="e.g. 09:00-17:30",
            )
            cal = st.file_uploader("Your calendar or free/busy file (.ics)", type=["ics"], key="fu_ics")
            save_times = st.form_submit_button("Save my meeting times", icon=":material/save:")
        if save_times:
            with guard("Your profile is unchanged."):
                data = profile.to_dict() | {"working_days": days, "working_hours": hours}
                if cal is not None:
                    spans = parse_calendar(cal.getvalue(), today=dt.date.today())
                    data["busy"] = busy_to_text(spans)
                    st.toast(
                        f"Imported {len(spans)} busy times from {cal.name}.", icon=":material/event_busy:"
                    )
                profile = validate_profile(data)
                save_profile(store, profile)
                st.success("Saved: new invitations use these times.")
        if profile.busy:
            st.caption(f"{len(profile.busy)} busy times imported from your calendar.")

one, batch = st.tabs(["One contact", "Everyone from an event (CSV)"])

with one:
    flash = st.session_state.pop("fu_flash", None)
    if flash:
        st.info(flash, icon=":material/auto_awesome:")
    with st.expander("Fill in from my meeting notes"):
        with st.form("fu_notes_form"):
            n_name = st.text_input("Their name", key="fu_notes_name")
            n_text = st.text_area(
                "Your notes from the meeting",
                key="fu_notes_text",
                placeholder="Ideal referral: cafe owners opening a second site\n"
                "Next step: introduce her to Tom Lee",
            )
            from_notes = st.form_submit_button("Fill in the form")
        if from_notes:
            with guard("Your notes are still in the box."):
                prefill(followup_from_notes(n_name, n_text), "Filled in from your notes: check, then draft.")
                st.rerun()

    st.session_state.setdefault("fu_met_on", dt.date.today())
    with st.form("fu_form"):
        c1, c2 = st.columns(2)
        c1.text_input("Their name *", key="fu_name", max_chars=80)
        c2.text_input("Their business", key="fu_business", max_chars=120)
        c1.text_input(
            "Where you met *", key="fu_met_at", max_chars=120, placeholder="e.g. the chamber breakfast"
        )
        c2.date_input("When you met", key="fu_met_on", max_value=dt.date.today(), format="DD/MM/YYYY")
        st.text_input(
            "One thing you remember about them *",
            key="fu_detail",
            max_chars=300,
            placeholder="e.g. she is opening a second shop in the spring",
        )
        c1, c2, c3 = st.columns(3)
        c1.selectbox("What for", GOALS, key="fu_goal", format_func=GOAL_LABELS.get)
        c2.selectbox("Channel", CHANNELS, key="fu_channel", format_func=CHANNEL_LABELS.get)
        c3.selectbox("How well you know them", STAGES, key="fu_stage", format_func=STAGE_LABELS.get)
        st.text_input(
            "What you promised, or who you will introduce",
            key="fu_promised",
            max_chars=200,
            help="Needed for 'Send what I promised' and 'Offer an introduction'.",
        )
        offer = proposed_times(dt.date.today()) if profile is not None else []
        # New working hours give new proposals: the widgets' keys change with them, so they are not stuck on
        # the times shown before.
        slot_keys = slot_widget_keys(profile)
        with st.expander("Times to offer (invitations and nudges)"):
            st.caption(
                "Proposed from your free time; change them if you like. A scheduling link in your "
                "profile is offered instead."
            )
            t1, t2 = st.columns(2)
            for n, col in enumerate((t1, t2)):
                default = (
                    offer[n]
                    if len(offer) > n
                    else dt.datetime.combine(
                        dt.date.today() + dt.timedelta(days=2 + n), dt.time(10 + 4 * n, 0)
                    )
                )
                col.date_input(
                    f"Option {n + 1}: day",
                    value=default.date(),
                    key=slot_keys[n][0],
                    min_value=dt.date.today(),
                    format="DD/MM/YYYY",
                )
                col.time_input(f"Option {n + 1}: time", value=default.time(), key=slot_keys[n][1], step=900)
        with st.expander("More options"):
            c1, c2, c3, c4 = st.columns(4)
            c1.selectbox("Tone", TONES, key="fu_tone")
            c2.selectbox("Length", LENGTHS, key="fu_length")
            c3.number_input("Nudges already sent", 0, 5, key="fu_nudges", step=1)
            c4.radio("Variants", (2, 3), key="fu_n", horizontal=True)
            st.text_input("Their ideal referral (from a 1-2-1)", key="fu_learned", max_chars=300)
            st.text_input("The next step you agreed", key="fu_next_step", max_chars=200)
        go = st.form_submit_button("Draft it", type="primary", icon=":material/edit:")

    if go:
        if profile is None:
            st.error(
                "Save your details above first (at least your name): drafts are signed with them. "
                "Your entries in this form are kept."
            )
        else:
            with guard("Your entries are still in the form."):
                ss = st.session_state
                req = FollowupRequest(
                    name=ss["fu_name"],
                    business=ss["fu_business"],
                    met_at=ss["fu_met_at"],
                    detail=ss["fu_detail"],
                    goal=ss["fu_goal"],
                    channel=ss["fu_channel"],
                    promised=ss["fu_promised"],
                    stage=ss["fu_stage"],
                    tone=ss["fu_tone"],
                    length=ss["fu_length"],
                    nudges=int(ss["fu_nudges"]),
                    learned=ss["fu_learned"],
                    next_step=ss["fu_next_step"],
                    met_on=ss["fu_met_on"],
                    session_id=ss.get("fu_session"),
                    slots=[dt.datetime.combine(ss[day], ss[time]) for day, time in slot_widget_keys(profile)]
                    if ss["fu_goal"] in ("invite-121", "nudge")
                    else [],
                )
                if req.goal == "nudge":
                    req.sent_on = first_sent(store, req.name, req.business)
                req.normalised()  # check the form before the (possibly slow) library is opened
                kb = library()
                with st.spinner(f"Drafting with {svc.model.info.label} ..."):
                    result = draft_followup(
                        req, profile, model=svc.model, knowledge=kb, n_variants=int(ss["fu_n"])
                    )
                    st.session_state["fu_last"] = save_followup(store, result)
                st.toast(
                    f"Drafts for {req.name} are ready below and saved in History (drafting again updates "
                    "them rather than adding a copy).",
                    icon=":material/check:",
                )

    last = st.session_state.get("fu_last")
    if last:
        with guard():
            st.divider()
            render_followup(store.get_draft(last), store, key="fu_one")

with batch:
    st.markdown(
        "Met a room full of people? Put them in a spreadsheet, save it as CSV, and get a draft for "
        "each - saved as it is made, with the rows that need fixing listed."
    )
    st.caption(
        f"Columns: {', '.join(COLUMNS)} (name, met_at and detail are required; channel and goal "
        "default to the choices below)."
    )
    st.download_button(
        "Download a sample CSV",
        SAMPLE_CSV,
        file_name="event-contacts.csv",
        mime="text/csv",
        icon=":material/table:",
    )
    with st.form("fu_batch_form"):
        upload = st.file_uploader("Your CSV", type=["csv"], key="fu_csv")
        c1, c2 = st.columns(2)
        d_channel = c1.selectbox(
            "Default channel", CHANNELS, key="fu_b_channel", format_func=CHANNEL_LABELS.get
        )
        d_goal = c2.selectbox("Default goal", GOALS, key="fu_b_goal", format_func=GOAL_LABELS.get)
        run = st.form_submit_button("Draft them all", type="primary", icon=":material/group:")
    if run and upload is None:
        st.warning("Choose a CSV file first.")
    elif run and profile is None:
        st.error("Save your details above first (at least your name): drafts are signed with them.")
    elif run and upload is not None:
        data, defaults = upload.getvalue(), {"channel": d_channel, "goal": d_goal}
        try:
            rows, _ = parse_csv(data, defaults=defaults)
            kb = library()
            bar = st.progress(0.0, text=f"Drafting {len(rows)} follow-ups ...")
            done: list[int] = []

            def on_draft(row: int, _result, _draft_id: str) -> None:
                done.append(row)
                bar.progress(len(done) / max(len(rows), 1), text=f"Drafted {len(done)} of {len(rows)}")

            outcome = run_batch(
                data,
                profile,
                store=store,
                model=svc.model,
                knowledge=kb,
                defaults=defaults,
                on_draft=on_draft,
            )
            bar.progress(1.0, text="Done")
        except CoachError as err:  # drafts finished before the error are already saved
            show_error(err, "Drafts finished before this are saved (see History).")
        else:
            # Rows saved by an earlier run of the same CSV are reused, not drafted twice.
            table = [
                {
                    "row": r,
                    "contact": res.request.name,
                    "result": "already drafted" if outcome.is_reused(r) else "drafted",
                    "send by": res.send_by,
                    "detail": (res.variants[0].body[:90] + "...") if res.variants else "; ".join(res.notes),
                    "id": did,
                }
                for r, res, did in outcome.drafts
            ]
            table += [
                {
                    "row": e.row,
                    "contact": "",
                    "result": "needs fixing",
                    "send by": "",
                    "detail": e.reason,
                    "id": "",
                }
                for e in outcome.errors
            ]
            st.session_state["fu_batch"] = sorted(table, key=lambda t: t["row"])
    table = st.session_state.get("fu_batch")
    if table:
        ok = sum(t["result"] in ("drafted", "already drafted") for t in table)
        (st.success if ok == len(table) else st.warning)(f"{ok} of {len(table)} rows drafted.")
        st.dataframe(pd.DataFrame(table).drop(columns=["id"]), hide_index=True, width="stretch")
        ids = {t["id"]: f"Row {t['row']}: {t['contact']}" for t in table if t["id"]}
        if ids:
            pick = st.selectbox("Open a draft", list(ids), format_func=ids.get, key="fu_b_pick")
            with guard():
                render_followup(store.get_draft(pick), store, key="fu_b")
