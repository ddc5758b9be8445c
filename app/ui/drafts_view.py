"""Render saved drafts (follow-ups and refer-me kits): editable in place, one copy button per message,
open in email, copy for LinkedIn, downloads."""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any
from urllib.parse import quote

import streamlit as st
import streamlit.components.v1 as components

from app.core.drafting import draft_ics, edit_variant, followup_markdown, kit_markdown, mark_sent
from app.core.errors import CoachError
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

# Streamlit has no copy button outside code blocks: a small component with the Clipboard API, and a hidden
# text area with execCommand('copy') where the browser withholds the clipboard from the component's frame.
_COPY = """
<button id="b" style="font:14px sans-serif;padding:6px 12px;border:1px solid #d0d0d8;border-radius:8px;
background:#fff;cursor:pointer">{label}</button>
<script>
const text = {text}, label = {label_js};
const b = document.getElementById("b");
b.addEventListener("click", async () => {{
  let ok = false;
  try {{ await navigator.clipboard.writeText(text); ok = true; }} catch (e) {{
    const t = document.createElement("textarea"); t.value = text; document.body.appendChild(t); t.select();
    try {{ ok = document.execCommand("copy"); }} catch (e2) {{ ok = false; }} t.remove();
  }}
  b.textContent = ok ? "Copied" : "Select the text and copy it";
  setTimeout(() => {{ b.textContent = label; }}, 1500);
}});
</script>
"""
MAILTO_MAX = 1800  # mail clients truncate or refuse longer mailto: links


def copy_button(text: str, label: str = "Copy message") -> None:
    """A button that puts `text` on the clipboard."""
    components.html(
        _COPY.format(label=html.escape(label), text=json.dumps(text), label_js=json.dumps(label)), height=44
    )


def mailto(subject: str, body: str) -> str:
    """A mailto: link that opens a new email with the subject and body filled in."""
    return f"mailto:?subject={quote(subject)}&body={quote(body)}"


def full_text(subject: str, body: str) -> str:
    """The whole message as one piece of text (subject line first, for email)."""
    return (f"Subject: {subject}\n\n" if subject else "") + body


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


def _save_edit(
    store: Store, draft_id: str, index: int, body_key: str, subject_key: str | None, note_key: str
) -> None:
    """Save an edit as it is made; the checks it no longer meets are shown, and bad input changes nothing."""
    subject = st.session_state.get(subject_key) if subject_key else None
    try:
        st.session_state[note_key] = edit_variant(
            store, draft_id, index, body=st.session_state[body_key], subject=subject
        )
    except CoachError as err:
        st.session_state[note_key] = [str(err)]


def _variant(draft: dict[str, Any], v: dict[str, Any], i: int, store: Store, key: str, engine: str) -> None:
    channel = draft["channel"]
    contact = draft.get("contact") or "contact"
    st.markdown(
        f"**Variant {i + 1}**"
        + (f" · {v['style']}" if v.get("style") else "")
        + (" · edited" if v.get("edited") else "")
    )
    st.caption(origin_caption(engine, str(v.get("origin", ""))))
    # The stored text is part of the key: a redraft (or an edit saved elsewhere) shows the new text, not the old.
    stamp = hashlib.sha1(f"{v.get('subject', '')}\n{v['body']}".encode()).hexdigest()[:8]
    body_key, subject_key = f"{key}_body_{draft['id']}_{i}_{stamp}", f"{key}_subj_{draft['id']}_{i}_{stamp}"
    note_key = f"{key}_note_{draft['id']}_{i}"
    if v.get("subject") or channel == "email":
        st.text_input(
            "Subject",
            value=v.get("subject", ""),
            key=subject_key,
            on_change=_save_edit,
            args=(store, draft["id"], i, body_key, subject_key, note_key),
        )
    st.text_area(
        "Message",
        value=v["body"],
        key=body_key,
        height=260 if channel == "email" else 150,
        on_change=_save_edit,
        args=(store, draft["id"], i, body_key, subject_key if channel == "email" else None, note_key),
        help="Edit freely: your changes are saved as you go.",
    )
    body = st.session_state.get(body_key, v["body"])
    subject = st.session_state.get(subject_key, v.get("subject", ""))
    for warning in st.session_state.get(note_key) or []:
        st.warning(warning, icon=":material/rule:")
    fit = v.get("fit") or ""
    st.caption((fit + " " if fit else "") + f"{len(body)} characters")
    a, b = st.columns(2)
    with a:
        copy_button(
            full_text(subject, body) if channel == "email" else body,
            "Copy for LinkedIn" if channel.startswith("linkedin") else "Copy message",
        )
    if channel == "email":
        link = mailto(subject, body)
        b.link_button(
            "Open in email",
            link if len(link) <= MAILTO_MAX else mailto(subject, ""),
            icon=":material/mail:",
            help="Opens a new email in your mail app with this text.",
        )
    if v.get("long_body"):
        with st.expander("Longer version for paid LinkedIn accounts (300 characters)"):
            st.text_area("Longer note", value=v["long_body"], key=f"{key}_long_{draft['id']}_{i}", height=120)
            copy_button(v["long_body"], "Copy the longer note")
    st.download_button(
        "Download",
        full_text(subject, body) + "\n",
        file_name=safe_filename(f"{contact}-variant-{i + 1}", ".txt"),
        mime="text/plain",
        key=f"{key}_dl_{i}",
        icon=":material/download:",
    )
    for note in v.get("notes") or []:
        st.caption(f"Note: {note}")


def render_followup(draft: dict[str, Any], store: Store, *, key: str) -> None:
    """One saved follow-up: when to send, the variants side by side (editable), copy, email, downloads."""
    result = draft["result"]
    contact = result.get("contact") or draft.get("contact") or "contact"
    send_by = parse_date(result.get("send_by"))
    head = (
        f"**{contact}** · {CHANNEL_LABELS.get(draft['channel'], draft['channel'])} · "
        f"{GOAL_LABELS.get(draft['goal'], draft['goal'])}"
    )
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
                _variant(draft, v, i, store, key, str(result.get("engine", "")))
        _citations(variants[0].get("citations") or [])
    a, b, c = st.columns(3)
    a.download_button(
        "All variants (Markdown)",
        followup_markdown(result),
        key=f"{key}_md",
        file_name=safe_filename(f"follow-up-{contact}", ".md"),
        mime="text/markdown",
        icon=":material/description:",
    )
    ics = draft_ics(draft)
    if ics:
        b.download_button(
            "Calendar holds (.ics)",
            ics,
            key=f"{key}_ics",
            mime="text/calendar",
            file_name=safe_filename(f"1-2-1-{contact}", ".ics"),
            icon=":material/event:",
            help="Tentative holds for the two times the invitation offers.",
        )
    if draft.get("status") == "draft" and c.button("Mark as sent", key=f"{key}_sent", icon=":material/send:"):
        with guard():
            mark_sent(store, draft["id"])
            st.rerun()


def render_kit(kit: dict[str, Any], *, key: str) -> None:
    """A refer-me kit: each item in an editable box with a copy button, and the whole kit as a download."""
    st.caption(f"Written by: {kit.get('engine', '')}")
    for note in kit.get("notes") or []:
        st.info(note)
    for n, item in enumerate(kit.get("items") or []):
        with st.container(border=True):
            st.markdown(f"#### {item['title']}")
            st.caption(origin_caption(str(kit.get("engine", "")), str(item.get("origin", ""))))
            if item.get("subject"):
                st.text_input("Subject", value=item["subject"], key=f"{key}_ks_{n}")
            body = st.text_area(
                item["title"],
                value=item["body"],
                key=f"{key}_kb_{n}",
                label_visibility="collapsed",
                height=max(120, min(420, 22 * (item["body"].count("\n") + 3))),
            )
            copy_button(full_text(item.get("subject", ""), body), "Copy")
            for tip in item.get("tips") or []:
                st.info(tip, icon=":material/lightbulb:")
            for note in item.get("notes") or []:
                st.caption(f"Note: {note}")
            _citations(item.get("citations") or [])
    if kit.get("missing"):
        st.markdown("**To get a fuller kit:**\n" + "\n".join(f"- {m}" for m in kit["missing"]))
    st.download_button(
        "Download the whole kit (Markdown)",
        kit_markdown(kit),
        key=f"{key}_md",
        file_name="refer-me-kit.md",
        mime="text/markdown",
        icon=":material/download:",
    )
