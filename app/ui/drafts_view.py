"""Render saved drafts (follow-ups and refer-me kits) with copy and download buttons."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.core.drafting import draft_ics, followup_markdown, kit_markdown, mark_sent
from app.core.store import Store
from app.ui.common import (
    CHANNEL_LABELS,
    GOAL_LABELS,
    due_label,
    guard,
    origin_caption,
    parse_date,
    safe_filename,
)


def _citations(cites: list[dict[str, str]]) -> None:
    if not cites:
        return
    with st.expander("Why it is written this way (from the library)"):
        for c in cites:
            heading = str(c.get("heading") or "").split(" > ")[-1]
            st.markdown(f"**{c.get('title', '')}**" + (f" › {heading}" if heading else ""))
            st.markdown(f"> {c.get('quote', '')}")
            if c.get("source"):
                st.caption(f"Source: {c['source']}")


def render_followup(draft: dict[str, Any], store: Store, *, key: str) -> None:
    """One saved follow-up: when to send, the variants side by side, downloads and 'mark sent'."""
    result = draft["result"]
    contact = result.get("contact") or draft.get("contact") or "contact"
    send_by = parse_date(result.get("send_by"))
    head = f"**{contact}** · {CHANNEL_LABELS.get(draft['channel'], draft['channel'])} · " \
           f"{GOAL_LABELS.get(draft['goal'], draft['goal'])}"
    if send_by and draft.get("status") == "draft":
        head += f" · send by {send_by:%a %d %b} ({due_label(send_by)})"
    elif draft.get("status") != "draft":
        head += f" · {draft['status']}"
    st.markdown(head)
    timing = result.get("timing") or {}
    if timing.get("advice"):
        st.caption(timing["advice"])
    for note in result.get("notes") or []:
        st.info(note, icon=":material/info:")

    variants = result.get("variants") or []
    if variants:
        cols = st.columns(len(variants))
        for i, (col, v) in enumerate(zip(cols, variants, strict=True)):
            with col, st.container(border=True):
                st.markdown(f"**Variant {i + 1}**" + (f" · {v['style']}" if v.get("style") else ""))
                st.caption(origin_caption(str(result.get("engine", "")), str(v.get("origin", ""))))
                if v.get("subject"):
                    st.text("Subject")
                    st.code(v["subject"], language=None, wrap_lines=True)
                st.code(v["body"], language=None, wrap_lines=True)
                st.caption(f"{len(v['body'])} characters · copy with the icon at the top right of the box")
                text = (f"Subject: {v['subject']}\n\n" if v.get("subject") else "") + v["body"] + "\n"
                st.download_button("Download", text, file_name=safe_filename(f"{contact}-variant-{i + 1}", ".txt"),
                                   mime="text/plain", key=f"{key}_dl_{i}", icon=":material/download:")
                for note in v.get("notes") or []:
                    st.caption(f"Note: {note}")
        _citations(variants[0].get("citations") or [])

    a, b, c = st.columns(3)
    a.download_button("All variants (Markdown)", followup_markdown(result), key=f"{key}_md",
                      file_name=safe_filename(f"follow-up-{contact}", ".md"), mime="text/markdown",
                      icon=":material/description:")
    ics = draft_ics(draft)
    if ics:
        b.download_button("Calendar holds (.ics)", ics, key=f"{key}_ics", mime="text/calendar",
                          file_name=safe_filename(f"1-2-1-{contact}", ".ics"), icon=":material/event:",
                          help="Tentative holds for the two times the invitation offers.")
    if draft.get("status") == "draft" and c.button("Mark as sent", key=f"{key}_sent", icon=":material/send:"):
        with guard():
            mark_sent(store, draft["id"])
            st.rerun()


def render_kit(kit: dict[str, Any], *, key: str) -> None:
    """A refer-me kit: each item with copy (code box) and the whole kit as a download."""
    st.caption(f"Written by: {kit.get('engine', '')}")
    for note in kit.get("notes") or []:
        st.info(note)
    for item in kit.get("items") or []:
        with st.container(border=True):
            st.markdown(f"#### {item['title']}")
            st.caption(origin_caption(str(kit.get("engine", "")), str(item.get("origin", ""))))
            if item.get("subject"):
                st.code(f"Subject: {item['subject']}", language=None, wrap_lines=True)
            st.code(item["body"], language=None, wrap_lines=True)
            for note in item.get("notes") or []:
                st.caption(f"Note: {note}")
            _citations(item.get("citations") or [])
    if kit.get("missing"):
        st.markdown("**To get a fuller kit:**\n" + "\n".join(f"- {m}" for m in kit["missing"]))
    st.download_button("Download the whole kit (Markdown)", kit_markdown(kit), key=f"{key}_md",
                       file_name="refer-me-kit.md", mime="text/markdown", icon=":material/download:")
