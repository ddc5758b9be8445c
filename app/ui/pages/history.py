"""History: every rehearsal and draft - open, resume, export, mark sent, delete."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.core.drafting import draft_markdown, record_nudge
from app.core.roleplay.export import export_markdown
from app.core.roleplay.session import session_from_record
from app.ui.common import CHANNEL_LABELS, GOAL_LABELS, REHEARSE, guard, safe_filename, when
from app.ui.drafts_view import render_followup, render_kit
from app.ui.report import render_report
from app.ui.services import get_services

svc = get_services()
store = svc.store

st.title("History")
st.caption("Everything is saved as you go, on this computer.")

rehearsals, drafts = st.tabs(["Rehearsals", "Drafts"])

with rehearsals, guard():
    sessions = store.list_sessions(limit=200)
    if not sessions:
        st.caption("No rehearsals yet.")
    else:
        rows = [{
            "when": when(s["updated_at"]),
            "partner": s.get("persona", {}).get("name") or s["persona_id"],
            "situation": s.get("title", "").split(" - ", 1)[-1],
            "status": ("demo" if s["mode"] == "demo" else "in progress" if s["status"] == "active" else "finished"),
            "turns": s.get("n_turns", 0),
            "score": s.get("score"),
        } for s in sessions]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        labels = {s["id"]: f"{r['when']} · {r['partner']} · {r['status']}" for s, r in zip(sessions, rows, strict=True)}
        sid = st.selectbox("Open a rehearsal", list(labels), format_func=labels.get, key="hist_session")
        record = store.get_session(sid)
        session = session_from_record(record, store)
        a, b, c = st.columns(3)
        if a.button("Resume" if session.status == "active" else "Open in Rehearse", type="primary",
                    icon=":material/forum:", key="hist_resume"):
            st.switch_page(REHEARSE, query_params={"session": sid})
        b.download_button("Export (Markdown)", export_markdown(session), mime="text/markdown", key="hist_export",
                          file_name=safe_filename(f"1-2-1-{session.persona.name}-{sid}", ".md"),
                          icon=":material/download:")
        if c.button("Delete", icon=":material/delete:", key="hist_delete"):
            st.session_state["hist_confirm"] = sid
        if st.session_state.get("hist_confirm") == sid:
            st.warning("Delete this rehearsal and its report for good?")
            if st.button("Yes, delete it", key="hist_delete_yes"):
                store.delete_session(sid)
                st.session_state.pop("hist_confirm", None)
                st.session_state.pop("hist_session", None)
                st.rerun()
        if session.report:
            with st.expander("Coach's report", expanded=True):
                render_report(session.report)
        with st.expander("Conversation"):
            for turn in session.turns:
                who = "**You**" if turn["speaker"] == "user" else f"**{session.persona.first_name}**"
                st.markdown(f"{who}: {turn['text']}")

with drafts, guard():
    items = store.list_drafts(limit=500)
    if not items:
        st.caption("No drafts yet.")
    else:
        kind = st.radio("Show", ("all", "followup", "referkit"), horizontal=True, key="hist_kind",
                        format_func={"all": "All", "followup": "Follow-ups", "referkit": "Refer-me kits"}.get)
        shown = [d for d in items if kind == "all" or d["kind"] == kind]
        rows = [{
            "updated": when(d["updated_at"]),
            "kind": "refer-me kit" if d["kind"] == "referkit" else "follow-up",
            "contact": d["contact"],
            "channel": CHANNEL_LABELS.get(d["channel"], d["channel"]),
            "goal": GOAL_LABELS.get(d["goal"], d["goal"]),
            "send by": d.get("send_by") or "",
            "status": d["status"] + (f" ({d['nudges']} nudges)" if d.get("nudges") else ""),
        } for d in shown]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            labels = {d["id"]: f"{r['updated']} · {r['kind']} · {r['contact']}" for d, r in zip(shown, rows, strict=True)}
            did = st.selectbox("Open a draft", list(labels), format_func=labels.get, key="hist_draft")
            draft = store.get_draft(did)
            if draft["kind"] == "referkit":
                render_kit(draft["result"], key="hist_kit")
            else:
                render_followup(draft, store, key="hist_fu")
                if draft["status"] == "sent" and st.button("I sent a nudge", key="hist_nudge",
                                                           icon=":material/notifications:"):
                    n = record_nudge(store, did)
                    st.toast(f"Recorded nudge {n}.")
                    st.rerun()
            st.download_button("Export this draft (Markdown)", draft_markdown(draft), key="hist_draft_md",
                               file_name=safe_filename(f"{draft['kind']}-{draft['contact']}", ".md"),
                               mime="text/markdown", icon=":material/download:")
            if st.button("Delete this draft", key="hist_draft_delete", icon=":material/delete:"):
                store.delete_draft(did)
                st.session_state.pop("hist_draft", None)
                st.rerun()
