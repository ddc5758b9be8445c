"""Knowledge: browse and read the networking library, search it, add and remove your own documents."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app.core.errors import CoachError
from app.core.knowledge.loaders import KINDS, SUPPORTED_LABEL
from app.ui.common import guard
from app.ui.services import get_services, knowledge

svc = get_services()

st.title("Knowledge")
st.caption("The networking know-how your rehearsal partner and coach draw on. Add your own notes, "
           "brochures or articles so they can use them too.")

try:
    kb = knowledge(svc)
except CoachError as err:
    st.error(str(err))
    st.stop()

browse, search, upload = st.tabs(["Browse", "Search", "Add documents"])

with browse, guard():
    docs = kb.list_documents()
    if not docs:
        st.caption("The library is empty.")
    else:
        labels = {d.source: f"{d.title}{'  · yours' if d.origin == 'user' else ''}" for d in docs}
        source = st.selectbox("Article or document", list(labels), format_func=labels.get, key="kb_doc")
        doc = next(d for d in docs if d.source == source)
        meta = f"{'Built-in library' if doc.origin == 'library' else 'Your document'} · {doc.n_chunks} passages"
        st.caption(meta + (f" · {doc.summary}" if doc.summary else ""))
        if doc.origin == "user" and st.button("Remove this document", icon=":material/delete:", key="kb_remove"):
            if kb.remove(doc.source):
                st.session_state.pop("kb_doc", None)
                st.toast(f"Removed {doc.title}.")
                st.rerun()
        with st.container(border=True):
            st.markdown(kb.read_document(doc.source))

with search:
    with st.form("kb_search_form"):
        query = st.text_input("Search the library", key="kb_query",
                              placeholder="e.g. how do I ask for a referral without being pushy?")
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
            with st.expander(f"{i}. {where}  ·  match {p.score:.2f}", expanded=i == 1):
                st.markdown(p.text)
                st.caption(f"Source: {p.source}")

with upload:
    st.caption(f"Files: {SUPPORTED_LABEL}; up to {svc.settings.max_upload_mb:g} MB each and "
               f"{svc.settings.max_uploads} uploaded documents in all. They are kept in your data folder.")
    with st.form("kb_upload_form", clear_on_submit=True):
        files = st.file_uploader("Choose files", accept_multiple_files=True, key="kb_files",
                                 type=[ext.lstrip(".") for ext in KINDS],
                                 # The browser refuses bigger files at once; the core re-checks every file.
                                 max_upload_size=max(1, math.ceil(svc.settings.max_upload_mb)))
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
                rows.append({"file": f.name, "result": "failed", "detail": str(err)})
                continue
            rows += [{"file": f.name, "result": "added", "detail": s} for s in report.indexed]
            rows += [{"file": f.name, "result": "already there", "detail": s} for s in report.unchanged]
            rows += [{"file": f.name, "result": "skipped", "detail": reason} for _, reason in report.skipped]
            if report.notice:
                st.info(report.notice)
        bar.progress(1.0, text="Done")
        st.session_state["kb_upload_rows"] = rows
    rows = st.session_state.get("kb_upload_rows")
    if rows:
        added = sum(r["result"] == "added" for r in rows)
        (st.success if added == len(rows) else st.warning)(f"{added} of {len(rows)} file(s) added.")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
