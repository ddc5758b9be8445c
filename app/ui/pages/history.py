"""History: every rehearsal and draft - click a row to open it, then resume, export, mark sent or delete.

`?session=ID` or `?draft=ID` in the address opens that item directly (the Home page links here that way).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app.core.drafting import draft_markdown, record_nudge
from app.core.roleplay.export import export_markdown
from app.core.roleplay.session import session_from_record
from app.ui.common import CHANNEL_LABELS, GOAL_LABELS, REHEARSE, guard, safe_filename, when
from app.ui.drafts_view import render_followup, render_kit
from app.ui.report import render_report
from app.ui.services import get_services

VIEW = "hist_view"
VIEWS = {"rehearsals": "Rehearsals", "drafts": "Drafts"}
VERSION = "hist_version"  # bumped after a delete, so a row selection never points at the wrong item

svc = get_services()
store = svc.store

st.title("History")
st.caption("Everything is saved as you go, on this computer. Click a row to open it.")

wanted_session = st.query_params.get("session")
wanted_draft = st.query_params.get("draft")
arrived = ("draft", wanted_draft) if wanted_draft else ("session", wanted_session) if wanted_session else None
if arrived and st.session_state.get("hist_arrived") != arrived:
    # A link from another page: show the right list once; after that the user's own choice wins.
    st.session_state["hist_arrived"] = arrived
    st.session_state[VIEW] = "drafts" if arrived[0] == "draft" else "rehearsals"


def _view_changed() -> None:
    """Switching lists drops a link's ?session= / ?draft= so it does not reopen that item."""
    for name in ("session", "draft"):
        st.query_params.pop(name, None)


st.session_state.setdefault(VIEW, "rehearsals")
view = st.segmented_control(
    "Show",
    list(VIEWS),
    key=VIEW,
    format_func=VIEWS.get,
    required=True,
    label_visibility="collapsed",
    on_change=_view_changed,
)
if st.query_params.get("session") is None:
    wanted_session = None
if st.query_params.get("draft") is None:
    wanted_draft = None
version = st.session_state.get(VERSION, 0)


def picked(table: pd.DataFrame, ids: list[str], key: str, wanted: str | None, param: str) -> str | None:
    """Show a clickable table; return the id of the clicked row (or of the one named in the address)."""
    default = {"selection": {"rows": [ids.index(wanted)]}} if wanted in ids else None
    # A click on any cell opens its row (cell selection); the row's tick box does the same (row selection).
    event: Any = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode=["single-row", "single-cell"],
        key=f"{key}_{version}",
        selection_default=default,
        placeholder="—",
    )
    selection = event.selection if event is not None else None
    rows = list(getattr(selection, "rows", None) or []) or [
        c[0] for c in getattr(selection, "cells", None) or []
    ]
    if rows and 0 <= rows[0] < len(ids):
        if st.query_params.get(param) not in (None, ids[rows[0]]):
            st.query_params.pop(param, None)  # the user chose another row: the address no longer applies
        return ids[rows[0]]
    return wanted if wanted in ids else None


def deleted() -> None:
    """After a delete: fresh tables with nothing selected."""
    st.session_state[VERSION] = version + 1
    for name in ("session", "draft"):
        st.query_params.pop(name, None)
    st.rerun()


def score_text(score: Any) -> str:
    """'78/100', or 'not reviewed' for a session without a report."""
    return f"{score:g}/100" if isinstance(score, int | float) else "not reviewed"


if view == "rehearsals":
    with guard():
        sessions = store.list_sessions(limit=200)
        if not sessions:
            st.caption("No rehearsals yet.")
        else:
            table = pd.DataFrame(
                [
                    {
                        "when": when(s["updated_at"]),
                        "partner": s.get("persona", {}).get("name") or s["persona_id"],
                        "situation": s.get("title", "").split(" - ", 1)[-1],
                        "status": (
                            "demo"
                            if s["mode"] == "demo"
                            else "in progress"
                            if s["status"] == "active"
                            else "finished"
                        ),
                        "your messages": s.get("n_user", 0),
                        "score": score_text(s.get("score")),
                    }
                    for s in sessions
                ]
            )
            sid = picked(table, [s["id"] for s in sessions], "hist_sessions", wanted_session, "session")
            if sid is None:
                st.info("Click a row to open that rehearsal.", icon=":material/touch_app:")
            else:
                session = session_from_record(store.get_session(sid), store)
                st.subheader(f"{session.persona.name} · {session.scenario.title}")
                a, b, c = st.columns(3)
                if a.button(
                    "Resume" if session.status == "active" else "Open in Rehearse",
                    type="primary",
                    icon=":material/forum:",
                    key="hist_resume",
                    width="stretch",
                ):
                    st.switch_page(REHEARSE, query_params={"session": sid})
                b.download_button(
                    "Export (Markdown)",
                    export_markdown(session),
                    mime="text/markdown",
                    key="hist_export",
                    file_name=safe_filename(f"1-2-1-{session.persona.name}-{sid}", ".md"),
                    icon=":material/download:",
                    width="stretch",
                )
                if c.button("Delete", icon=":material/delete:", key="hist_delete", width="stretch"):
                    st.session_state["hist_confirm"] = sid
                if st.session_state.get("hist_confirm") == sid:
                    st.warning("Delete this rehearsal and its report for good?")
                    yes, no = st.columns(2)
                    if yes.button("Yes, delete it", key="hist_delete_yes", width="stretch"):
                        store.delete_session(sid)
                        st.session_state.pop("hist_confirm", None)
                        deleted()
                    if no.button("Keep it", key="hist_delete_no", width="stretch"):
                        st.session_state.pop("hist_confirm", None)
                        st.rerun()
                if session.report:
                    with st.expander("Coach's report", expanded=True):
                        render_report(session.report)
                with st.expander("Conversation", expanded=not session.report):
                    for turn in session.turns:
                        who = "**You**" if turn["speaker"] == "user" else f"**{session.persona.first_name}**"
                        st.markdown(f"{who}: {turn['text']}")

else:
    with guard():
        items = store.list_drafts(limit=500)
        if not items:
            st.caption("No drafts yet.")
        else:
            kinds = {"all": "All", "followup": "Follow-ups", "referkit": "Refer-me kits"}
            kind = st.radio("Show", list(kinds), horizontal=True, key="hist_kind", format_func=kinds.get)
            shown = [d for d in items if kind == "all" or d["kind"] == kind or d["id"] == wanted_draft]
            table = pd.DataFrame(
                [
                    {
                        "updated": when(d["updated_at"]),
                        "kind": "refer-me kit" if d["kind"] == "referkit" else "follow-up",
                        "contact": d["contact"],
                        "channel": CHANNEL_LABELS.get(d["channel"], d["channel"]),
                        "goal": GOAL_LABELS.get(d["goal"], d["goal"]),
                        "send by": d.get("send_by") or "",
                        "status": d["status"] + (f" ({d['nudges']} nudges)" if d.get("nudges") else ""),
                    }
                    for d in shown
                ]
            )
            did = picked(table, [d["id"] for d in shown], f"hist_drafts_{kind}", wanted_draft, "draft")
            if did is None:
                st.info("Click a row to open that draft.", icon=":material/touch_app:")
            else:
                draft = store.get_draft(did)
                if draft["kind"] == "referkit":
                    render_kit(draft["result"], key="hist_kit")
                else:
                    render_followup(draft, store, key="hist_fu")
                    if draft["status"] == "sent":
                        a, b = st.columns(2)
                        if a.button("I sent a nudge", key="hist_nudge", icon=":material/notifications:"):
                            n = record_nudge(store, did)
                            st.toast(f"Recorded nudge {n}.")
                            st.rerun()
                        if b.button(
                            "Not sent after all",
                            key="hist_unsent",
                            icon=":material/undo:",
                            help="Puts it back on your list of follow-ups to send.",
                        ):
                            store.update_draft(did, status="draft")
                            st.rerun()
                st.download_button(
                    "Export this draft (Markdown)",
                    draft_markdown(draft),
                    key="hist_draft_md",
                    file_name=safe_filename(f"{draft['kind']}-{draft['contact']}", ".md"),
                    mime="text/markdown",
                    icon=":material/download:",
                )
                if st.button("Delete this draft", key="hist_draft_delete", icon=":material/delete:"):
                    st.session_state["hist_draft_confirm"] = did
                if st.session_state.get("hist_draft_confirm") == did:
                    st.warning("Delete this draft for good?")
                    yes, no = st.columns(2)
                    if yes.button("Yes, delete it", key="hist_draft_delete_yes", width="stretch"):
                        store.delete_draft(did)
                        st.session_state.pop("hist_draft_confirm", None)
                        deleted()
                    if no.button("Keep it", key="hist_draft_delete_no", width="stretch"):
                        st.session_state.pop("hist_draft_confirm", None)
                        st.rerun()
