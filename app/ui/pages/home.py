"""Home: what to do next - follow-ups due, recent rehearsals, progress over time, quick actions."""

from __future__ import annotations

import datetime as dt

import streamlit as st

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
    parse_date,
    today,
    when,
)
from app.ui.services import get_services

DUE_WINDOW_DAYS = 3  # show follow-ups due within this many days, plus everything overdue

store = get_services().store

st.title("1-2-1 Coach")
st.markdown("Turn contacts into referral partners: **practise the 1-2-1**, **follow up on time**, and "
            "**teach people how to refer you**.")

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
        due = []
        for d in store.list_drafts(kind="followup"):
            send_by = parse_date(d.get("send_by"))
            if d.get("status") == "draft" and send_by and send_by <= now + dt.timedelta(days=DUE_WINDOW_DAYS):
                due.append((send_by, d))
        due.sort(key=lambda pair: pair[0])
        if not due:
            st.caption("Nothing due. After your next event, draft follow-ups while faces are fresh.")
        for send_by, d in due[:8]:
            with st.container(border=True):
                a, b = st.columns([4, 1])
                label = due_label(send_by, now)
                icon = ":material/warning:" if send_by < now else ":material/schedule:"
                a.markdown(f"{icon} **{d.get('contact') or 'Contact'}** · {CHANNEL_LABELS.get(d.get('channel'), d.get('channel') or 'message')} · {label}")
                if d.get("goal"):
                    a.caption(GOAL_LABELS.get(d["goal"], d["goal"]))
                if b.button("Mark sent", key=f"sent_{d['id']}"):
                    store.update_draft(d["id"], status="sent")
                    st.rerun()
        st.page_link(HISTORY, label="All drafts", icon=":material/history:")

    st.subheader("Your progress")
    with guard():
        rows = []
        for sess in reversed(store.list_sessions(limit=200)):
            report = sess.get("report")
            if not report or sess.get("mode") == "demo":
                continue  # demos are the app playing both sides, not the user's progress
            checks = report.get("checks") or []
            rows.append({
                "rehearsal": f"{len(rows) + 1:02d} · {dt.datetime.fromtimestamp(sess['updated_at']):%d %b}",
                "score": report.get("score", sess.get("score")) or 0,
                "checks passed": sum(1 for c in checks if c.get("passed")),
            })
        if len(rows) >= 2:
            import pandas as pd  # only when there is something to chart: keeps the first page quick

            df = pd.DataFrame(rows).set_index("rehearsal")
            a, b = st.columns(2)
            a.caption("Score (0-100)")
            a.line_chart(df, y="score", height=220)
            b.caption("Checks passed (of nine)")
            b.bar_chart(df, y="checks passed", height=220)
            st.caption(f"{len(rows)} reviewed rehearsals, oldest first.")
        elif rows:
            a, b = st.columns(2)
            a.metric("Score of your first reviewed rehearsal", f"{rows[0]['score']}/100")
            b.metric("Checks passed", f"{rows[0]['checks passed']} of 9")
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
                score = f" · score {sess['score']:g}" if sess.get("score") is not None else ""
                st.markdown(f"**{name}**  \n{status} · {sess.get('n_turns', 0)} turns{score}")
                st.caption(when(sess["updated_at"]))
                st.page_link(REHEARSE, label="Resume" if sess["status"] == "active" else "Open",
                             query_params={"session": sess["id"]}, icon=":material/arrow_forward:")
    st.page_link(KNOWLEDGE, label="Browse networking know-how", icon=":material/menu_book:")
