"""Home: where to start, follow-ups due (open, mark sent, undo), recent rehearsals and progress over time."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.core.due import DUE_WINDOW_DAYS, due_followups
from app.ui.common import (
    CHANNEL_LABELS,
    FOLLOWUPS,
    GOAL_LABELS,
    HISTORY,
    KNOWLEDGE,
    REFERKIT,
    REHEARSE,
    due_label,
    guard,
    today,
    when,
)
from app.ui.services import get_services

SHOWN_DUE = 8  # follow-ups listed before "Show all"
UNDO = "home_undo"  # (draft id, contact) of the last follow-up marked sent here

store = get_services().store

st.title("1-2-1 Coach")
st.markdown(
    "Turn contacts into referral partners: **practise the 1-2-1**, **follow up on time**, and "
    "**teach people how to refer you**."
)


def mark_sent(draft_id: str, contact: str) -> None:
    """Button callback: mark a follow-up sent and offer to undo it."""
    store.update_draft(draft_id, status="sent")
    st.session_state[UNDO] = (draft_id, contact)


def undo_sent() -> None:
    """Button callback: put the follow-up back on the list."""
    draft_id, _ = st.session_state.pop(UNDO)
    store.update_draft(draft_id, status="draft")


# -- start here: profile first, then a rehearsal, then follow-ups ----------------------------------
with guard():
    has_profile = store.get_profile() is not None
    has_session = bool(store.list_sessions(limit=1))
    has_draft = bool(store.list_drafts(kind="followup", limit=1))
    if not (has_profile and has_session and has_draft):
        steps = [
            (
                has_profile,
                "Tell the app about you",
                "your name, what you do and your ideal client sign every draft and build your refer-me kit",
                REFERKIT,
                "Fill in my profile",
            ),
            (
                has_session,
                "Rehearse a 1-2-1",
                "practise with a fellow member and read your coach's report",
                REHEARSE,
                "Start rehearsing",
            ),
            (
                has_draft,
                "Follow up",
                "draft a thank-you or a 1-2-1 invitation to someone you met",
                FOLLOWUPS,
                "Draft a follow-up",
            ),
        ]
        with st.container(border=True):
            st.markdown("#### :material/flag: Start here")
            linked = False
            for n, (done, title, why, page, label) in enumerate(steps, start=1):
                mark = ":green[✓]" if done else f"**{n}.**"
                st.markdown(f"{mark} **{title}** — {why}")
                if not done and not linked:  # one clear next step
                    st.page_link(page, label=label, icon=":material/arrow_forward:")
                    linked = True

c1, c2, c3 = st.columns(3)
with c1, st.container(border=True):
    st.markdown("#### :material/forum: Rehearse a 1-2-1")
    st.caption("Practise with a fellow member, then read your coach's report.")
    st.page_link(REHEARSE, label="Start rehearsing", icon=":material/play_arrow:")
with c2, st.container(border=True):
    st.markdown("#### :material/mail: Follow up")
    st.caption("Draft a follow-up or a 1-2-1 invitation after an event.")
    st.page_link(FOLLOWUPS, label="Draft a follow-up", icon=":material/edit:")
with c3, st.container(border=True):
    st.markdown("#### :material/handshake: Refer-me kit")
    st.caption("Give your partners the words, stories and triggers to refer you well.")
    st.page_link(REFERKIT, label="Build my kit", icon=":material/build:")

left, right = st.columns([3, 2])

with left:
    st.subheader("Follow-ups to send")
    with guard():
        now = today()
        undo = st.session_state.get(UNDO)
        if undo:
            a, b = st.columns([4, 1], vertical_alignment="center")
            a.success(f"Marked the follow-up to {undo[1] or 'your contact'} as sent.", icon=":material/send:")
            b.button("Undo", key="home_undo_btn", on_click=undo_sent, icon=":material/undo:", width="stretch")
        due = due_followups(store, now, DUE_WINDOW_DAYS)
        if not due:
            st.caption("Nothing due. After your next event, draft follow-ups while faces are fresh.")
        show_all = st.session_state.get("home_all_due", False)
        for item in due if show_all else due[:SHOWN_DUE]:
            d = item.draft
            with st.container(border=True):
                a, b = st.columns([4, 1], vertical_alignment="center")
                icon = ":material/warning:" if item.send_by < now else ":material/schedule:"
                channel = CHANNEL_LABELS.get(d.get("channel"), d.get("channel") or "message")
                a.markdown(
                    f"{icon} **{d.get('contact') or 'Contact'}** · {channel} · {due_label(item.send_by, now)}"
                )
                if d.get("goal"):
                    a.caption(GOAL_LABELS.get(d["goal"], d["goal"]))
                a.page_link(
                    HISTORY,
                    label="Open the draft",
                    icon=":material/open_in_new:",
                    query_params={"draft": d["id"]},
                )
                b.button(
                    "Mark sent",
                    key=f"sent_{d['id']}",
                    on_click=mark_sent,
                    args=(d["id"], d.get("contact", "")),
                    width="stretch",
                )
        if len(due) > SHOWN_DUE:
            if show_all:
                st.button(
                    "Show fewer",
                    key="home_fewer",
                    on_click=lambda: st.session_state.update(home_all_due=False),
                )
            else:
                st.caption(f"{len(due) - SHOWN_DUE} more due not shown.")
                st.button(
                    f"Show all {len(due)}",
                    key="home_all",
                    on_click=lambda: st.session_state.update(home_all_due=True),
                )
        st.page_link(HISTORY, label="All drafts", icon=":material/history:")

    st.subheader("Your progress")
    with guard():
        rows = []
        for sess in reversed(store.list_sessions(limit=200)):
            report = sess.get("report")
            if not report or sess.get("mode") == "demo":
                continue  # demos are the app playing both sides, not the user's progress
            checks = report.get("checks") or []
            rows.append(
                {
                    "rehearsal": f"{len(rows) + 1:02d} · {dt.datetime.fromtimestamp(sess['updated_at']):%d %b}",
                    "score": report.get("score", sess.get("score")) or 0,
                    "checks passed": sum(1 for c in checks if c.get("passed")),
                    "checks": len(checks),
                }
            )
        if len(rows) >= 2:
            import pandas as pd  # only when there is something to chart: keeps the first page quick

            df = pd.DataFrame(rows).set_index("rehearsal")
            a, b = st.columns(2)
            a.caption("Score (0-100)")
            a.line_chart(df, y="score", height=220)
            b.caption("Checks passed")
            b.bar_chart(df, y="checks passed", height=220)
            st.caption(f"{len(rows)} reviewed rehearsals, oldest first.")
        elif rows:
            a, b = st.columns(2)
            a.metric("Score of your first reviewed rehearsal", f"{rows[0]['score']}/100")
            b.metric("Checks passed", f"{rows[0]['checks passed']} of {rows[0]['checks']}")
            st.caption("1 reviewed rehearsal so far: one more and you will see your trend here.")
        else:
            st.caption("Finish a rehearsal to see your score and checks over time here.")

with right:
    st.subheader("Recent rehearsals")
    with guard():
        sessions = store.list_sessions(limit=5)
        if not sessions:
            st.caption("No rehearsals yet. Pick a fellow member and practise your first 1-2-1.")
        for sess in sessions:
            with st.container(border=True):
                name = sess.get("title") or sess.get("persona", {}).get("name") or sess["persona_id"]
                status = "in progress" if sess["status"] == "active" else "finished"
                mine = sess.get("n_user", 0)
                score = f" · score {sess['score']:g}/100" if sess.get("score") is not None else ""
                st.markdown(
                    f"**{name}**  \n{status} · {mine} message{'s' if mine != 1 else ''} from you{score}"
                )
                st.caption(when(sess["updated_at"]))
                st.page_link(
                    REHEARSE,
                    label="Resume" if sess["status"] == "active" else "Open",
                    query_params={"session": sess["id"]},
                    icon=":material/arrow_forward:",
                )
    st.page_link(KNOWLEDGE, label="Browse networking know-how", icon=":material/menu_book:")
