"""Knowledge: browse and read the networking library, search it, add and remove your own documents.

The three views are a segmented control kept in session state (not st.tabs), so a search or an upload
never sends the user back to the first view, and only the chosen view runs: Browse always lists the
library as it is now, new uploads included.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app.core.errors import CoachError
from app.core.knowledge.loaders import KINDS, SUPPORTED_LABEL
from app.ui.common import guard
from app.ui.services import get_services, knowledge, library_notice

VIEW = "kb_view"
VIEWS = {"browse": "Browse", "search": "Search", "upload": "Add documents"}
CONFIRM = "kb_confirm_remove"

svc = get_services()

st.title("Knowledge")
st.caption(
    "The networking know-how your rehearsal partner and coach draw on. Add your own notes, "
    "brochures or articles so they can use them too."
)

try:
    kb = knowledge(svc)
except CoachError as err:
    st.error(str(err))
    st.stop()


def read(source: str) -> None:
    """Button callback: open a document in Browse."""
    st.session_state[VIEW] = "browse"
    st.session_state["kb_doc"] = source


st.session_state.setdefault(VIEW, "browse")
view = st.segmented_control(
    "View", list(VIEWS), key=VIEW, format_func=VIEWS.get, required=True, label_visibility="collapsed"
)

if view == "browse":
    with guard():
        docs = kb.list_documents()
        if not docs:
            st.caption("The library is empty.")
        else:
            labels = {d.source: f"{d.title}{'  · yours' if d.origin == 'user' else ''}" for d in docs}
            if st.session_state.get("kb_doc") not in labels:
                st.session_state.pop("kb_doc", None)
            source = st.selectbox("Article or document", list(labels), format_func=labels.get, key="kb_doc")
            doc = next(d for d in docs if d.source == source)
            origin = "Built-in library" if doc.origin == "library" else "Your document"
            st.caption(origin + (f" · {doc.summary}" if doc.summary else ""))
            if doc.origin == "user":
                if st.session_state.get(CONFIRM) != doc.source:
                    if st.button("Remove this document", icon=":material/delete:", key="kb_remove"):
                        st.session_state[CONFIRM] = doc.source
                        st.rerun()
                else:
                    st.warning(
                        f"Remove “{doc.title}” from your library? Its copy in your data folder is deleted "
                        "too; the rehearsal partner and coach stop using it.",
                        icon=":material/delete:",
                    )
                    a, b = st.columns(2)
                    if a.button("Yes, remove it", type="primary", key="kb_remove_yes", width="stretch"):
                        st.session_state.pop(CONFIRM, None)
                        if kb.remove(doc.source):
                            st.session_state.pop("kb_doc", None)
                            st.toast(f"Removed {doc.title}.")
                        st.rerun()
                    if b.button("Keep it", key="kb_remove_no", width="stretch"):
                        st.session_state.pop(CONFIRM, None)
                        st.rerun()
            with st.container(border=True):
                st.markdown(kb.read_document(doc.source))

elif view == "search":
    with st.form("kb_search_form"):
        query = st.text_input(
            "Search the library",
            key="kb_query",
            placeholder="e.g. how do I ask for a referral without being pushy?",
        )
        k = st.slider("Passages to show", 1, 10, 4, key="kb_k")
        asked = st.form_submit_button("Search", icon=":material/search:")
    if asked:
        with guard(), st.spinner("Searching ..."):
            st.session_state["kb_results"] = (query, kb.search(query, k=k))
    found = st.session_state.get("kb_results")
    if found:
        shown_query, passages = found
        if not passages:
            st.info(f"Nothing found for “{shown_query}”.")
        for i, p in enumerate(passages, start=1):
            where = f"{p.title}" + (f" › {p.heading.split(' > ')[-1]}" if p.heading else "")
            with st.expander(f"{i}. {where}", expanded=i == 1):
                st.markdown(p.text)
                st.caption(f"Source: {p.source}")
                st.button(
                    "Read the whole document",
                    key=f"kb_read_{i}",
                    on_click=read,
                    args=(p.source,),
                    icon=":material/article:",
                )

else:
    st.caption(
        f"Files: {SUPPORTED_LABEL}; up to {svc.settings.max_upload_mb:g} MB each and "
        f"{svc.settings.max_uploads} uploaded documents in all. They are kept in your data folder."
    )
    with st.form("kb_upload_form", clear_on_submit=True):
        files = st.file_uploader(
            "Choose files",
            accept_multiple_files=True,
            key="kb_files",
            type=[ext.lstrip(".") for ext in KINDS],
            # The browser refuses bigger files at once; the core re-checks every file.
            max_upload_size=max(1, math.ceil(svc.settings.max_upload_mb)),
        )
        go = st.form_submit_button("Add to the library", icon=":material/upload:")
    if go and not files:
        st.warning("Choose one or more files first.")
    if go and files:
        rows = []
        bar = st.progress(0.0, text="Reading your files ...")
        for i, f in enumerate(files, start=1):
            bar.progress((i - 1) / len(files), text=f"Indexing {f.name} ({i} of {len(files)}) ...")
            try:
                report = kb.ingest_upload(f.name, f.getvalue())
            except CoachError as err:  # one bad file must not stop the others
                rows.append({"file": f.name, "result": "failed", "detail": str(err), "source": ""})
                continue
            rows += [{"file": f.name, "result": "added", "detail": s, "source": s} for s in report.indexed]
            rows += [
                {"file": f.name, "result": "already there", "detail": s, "source": s}
                for s in report.unchanged
            ]
            rows += [
                {"file": f.name, "result": "skipped", "detail": reason, "source": ""}
                for _, reason in report.skipped
            ]
            if report.notice:
                library_notice(report.notice)
        bar.progress(1.0, text="Done")
        st.session_state["kb_upload_rows"] = rows
    rows = st.session_state.get("kb_upload_rows")
    if rows:
        added = sum(r["result"] == "added" for r in rows)
        (st.success if added == len(rows) else st.warning)(f"{added} of {len(rows)} file(s) added.")
        st.dataframe(pd.DataFrame(rows).drop(columns=["source"]), hide_index=True, width="stretch")
        readable = [r for r in rows if r["source"]]
        if readable:
            st.button(
                f"Read {readable[0]['file']} in Browse",
                key="kb_read_upload",
                on_click=read,
                args=(readable[0]["source"],),
                icon=":material/article:",
            )
