"""Settings: choose the engine, try one-click presets, enter an API key, test the connection, save.

The API key typed here is held in this browser session only (st.session_state): it is never written to
disk, logged or shown again - only masked. Saving writes every other choice to settings.json.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.core.config import ENGINES, ENV_NAMES, Secret, save_settings
from app.core.errors import InputError
from app.core.llm import get_chat_model
from app.core.llm.probe import test_connection
from app.ui.common import guard
from app.ui.presets import PRESETS, detect
from app.ui.services import (
    API_KEY,
    OPENAI_HOST,
    engine_notice,
    engine_switched_by,
    get_services,
    needs_key,
    use_configured_engine,
)

ENGINE_HELP = {
    "offline": "No language model: built-in scripts and templates. Works anywhere, no key, instant.",
    "local": "A GGUF model running inside this app (the bundled one is a tiny demo model).",
    "openai": "Any OpenAI-compatible endpoint: OpenAI, Ollama, LM Studio, vLLM, a llama.cpp server.",
}
FIELDS = {
    "engine": "set_engine",
    "openai_base_url": "set_base_url",
    "model": "set_model",
    "local_model": "set_local_model",
}
SOURCE_WORDS = {"env": "an environment variable", "secrets": "secrets.toml", "cli": "a command-line option"}
KEY_INPUT = "set_api_key_input"

svc = get_services()
s = svc.settings
if svc.settings.engine == "offline" and engine_notice():
    # Running offline only for this browser session (no key, or after a failure): show the real choice.
    from app.ui.services import current_settings

    s = current_settings()

# Fill the form from the current settings the first time it is shown in this browser session.
for name, key in FIELDS.items():
    if key not in st.session_state:
        st.session_state[key] = getattr(s, name) if name != "engine" else s.engine


@st.cache_data(ttl=15, show_spinner=False)
def _detected(base_url: str) -> tuple[bool, tuple[str, ...], str]:
    """Probe a loopback preset at most every 15 s, so page reruns stay instant."""
    d = detect(base_url)
    return d.running, d.models, d.detail


def _have_key() -> bool:
    """Is there an API key for this browser session (typed here, or from the environment or secrets)?"""
    return bool(st.session_state.get(API_KEY)) or bool(s.openai_api_key)


def _take_key() -> None:
    """Keep the typed key for this browser session only, and empty the box so it is never sent back."""
    typed = str(st.session_state.get(KEY_INPUT) or "").strip()
    st.session_state[KEY_INPUT] = ""
    if typed:
        st.session_state[API_KEY] = typed
        st.session_state["settings_flash"] = (
            f"Key {Secret(typed).masked()} kept for this browser session only "
            "(never saved). Now choose OpenAI and test the connection."
        )


def _forget_key() -> None:
    st.session_state.pop(API_KEY, None)
    st.session_state["settings_flash"] = "The key was forgotten."


def _apply_preset(base_url: str, model: str, needs: bool) -> None:
    """Fill the form from a preset (a button callback, so it may change widget values)."""
    if needs and not _have_key():
        st.session_state["settings_error"] = (
            "OpenAI needs an API key. Paste yours in “API key” below first: "
            "it is kept for this browser session only and never saved."
        )
        return
    st.session_state["set_engine"] = "openai"
    st.session_state["set_base_url"] = base_url
    st.session_state["set_model"] = model
    st.session_state["settings_flash"] = f"Preset applied: {base_url}. Test the connection, then save."


st.title("Settings")
st.caption("Choose which engine answers. Everything works offline; a model makes replies and drafts richer.")

flash = st.session_state.pop("settings_flash", None)
if flash:
    st.info(flash)
problem = st.session_state.pop("settings_error", None)
if problem:
    st.error(problem, icon=":material/key:")
switched = engine_switched_by(s)
if switched:
    st.warning(
        f"The engine was switched to OpenAI-compatible ({s.effective_model}) by {' and '.join(switched)}, "
        "not by a choice made here. To practise with the built-in partner instead, choose “Offline” "
        "below and save.",
        icon=":material/swap_horiz:",
    )
notice = engine_notice()
if notice:
    st.info(notice, icon=":material/offline_bolt:")
    if st.session_state.get("coach_offline"):
        st.button("Use the configured engine again", on_click=use_configured_engine, key="set_back_online")

st.subheader("Quick setup")
cols = st.columns(len(PRESETS))
for col, preset in zip(cols, PRESETS, strict=True):
    with col, st.container(border=True):
        st.markdown(f"**{preset.name}**")
        st.caption(preset.base_url)
        model = preset.default_model
        if preset.base_url.startswith("http://127.0.0.1"):
            running, models, detail = _detected(preset.base_url)
            if running:
                st.success(
                    "Running on this computer" + (f": {', '.join(models[:3])}" if models else ""),
                    icon=":material/check_circle:",
                )
                model = models[0] if models else model
            else:
                st.caption(f"Not detected ({detail}). {preset.hint}")
        else:
            key_state = f"key set ({s.openai_api_key.masked()})" if s.openai_api_key else "no key yet"
            st.caption(f"Needs your API key (the field below). Currently: {key_state}.")
        st.button(
            f"Use {preset.name}",
            key=f"preset_{preset.name}",
            on_click=_apply_preset,
            args=(preset.base_url, model, preset.needs_key),
            width="stretch",
        )

st.subheader("Engine")
ENGINE_LABELS = {
    "offline": "Offline (no model)",
    "local": "Local model (GGUF file)",
    "openai": "OpenAI-compatible endpoint",
}
engine = st.radio("Engine", ENGINES, key="set_engine", horizontal=True, format_func=ENGINE_LABELS.get)
st.caption(ENGINE_HELP[engine])
if engine == "openai":
    st.text_input(
        "Endpoint (base URL)",
        key="set_base_url",
        placeholder="https://api.openai.com/v1",
        help="Leave empty for OpenAI itself.",
    )
    st.text_input("Model name", key="set_model", placeholder="gpt-4o-mini")
elif engine == "local":
    st.text_input(
        "GGUF model file",
        key="set_local_model",
        placeholder="empty = the bundled tiny demo model",
        help="Full path of a .gguf file on this computer.",
    )

st.markdown("**API key**")
st.text_input(
    "API key",
    key=KEY_INPUT,
    type="password",
    on_change=_take_key,
    autocomplete="off",
    placeholder="sk-... (only for hosted endpoints such as OpenAI)",
    help="Kept in this browser session only: never written to disk or logged. Closing the tab forgets it.",
)
if s.openai_api_key:
    where = (
        "this browser session (never saved)"
        if s.sources.get("openai_api_key") == "session"
        else SOURCE_WORDS.get(s.sources.get("openai_api_key", ""), "your configuration")
    )
    st.code(s.openai_api_key.masked(), language=None)
    st.caption(f"Key in use, from {where}. The app never saves your key.")
    if st.session_state.get(API_KEY):
        st.button("Forget this key", on_click=_forget_key, key="set_forget_key", icon=":material/key_off:")
else:
    st.caption(
        "No key yet. Only hosted endpoints such as OpenAI need one: paste it above (kept for this browser "
        "session only), or set OPENAI_API_KEY in your environment or .streamlit/secrets.toml."
    )

overridden = [
    f"{name} ({ENV_NAMES[name]}, from {SOURCE_WORDS[s.sources[name]]})"
    for name in FIELDS
    if s.sources.get(name) in SOURCE_WORDS
]
if overridden:
    st.info(
        "These are fixed by your environment and win over what you save here: " + "; ".join(overridden) + "."
    )


def _form_values() -> dict[str, str]:
    """The form's choices; fields that do not apply to the chosen engine are kept as they are."""
    values = {name: str(st.session_state.get(key) or "").strip() for name, key in FIELDS.items()}
    if (
        values["engine"] == "local"
        and values["local_model"]
        and not Path(values["local_model"]).expanduser().is_file()
    ):
        raise InputError(f"There is no file at {values['local_model']!r}; check the GGUF path.")
    if needs_key(s.with_overrides(engine=values["engine"], openai_base_url=values["openai_base_url"])):
        raise InputError(
            f"{OPENAI_HOST} needs an API key: paste yours in “API key” above first "
            "(it is kept for this browser session only)."
        )
    return values


c1, c2 = st.columns(2)
if c1.button("Test connection", icon=":material/network_check:", width="stretch"):
    with guard():
        values = _form_values()
        same = (
            all(str(getattr(s, n) or "") == v for n, v in values.items()) and svc.settings.engine == s.engine
        )
        # Unchanged form: test the engine the app is really using right now (a fake one in tests).
        model = svc.model if same else get_chat_model(s.with_overrides(**values))
        with st.spinner(f"Asking {model.info.label} ..."):
            result = test_connection(model)
        if result["ok"]:
            st.success(result["message"], icon=":material/check_circle:")
            if result.get("reply"):
                st.caption(f"It said: {result['reply']}")
        else:
            st.error(f"Connection failed: {result['message']}", icon=":material/error:")

if c2.button("Save settings", type="primary", icon=":material/save:", width="stretch"):
    with guard():
        path = save_settings(s.data_dir, _form_values())
        st.session_state["settings_flash"] = (
            f"Saved to {path.name} in your data folder (the key is never saved)."
        )
        st.rerun()

st.subheader("Your data")
st.caption("Rehearsals, drafts, your profile and the document index live here (SQLite, written as you go).")
st.code(str(s.data_dir), language=None)
with st.expander("Limits and timeouts"):
    st.markdown(
        "\n".join(
            f"- {label}: **{getattr(s, name)}** (set with `{ENV_NAMES[name]}`)"
            for name, label in (
                ("max_upload_mb", "Largest upload, MB"),
                ("max_uploads", "Uploaded documents kept"),
                ("max_message_chars", "Longest chat message, characters"),
                ("request_timeout", "Model request timeout, seconds"),
                ("total_timeout", "Longest wait for one answer incl. retries, seconds"),
                ("max_retries", "Retries of a failed model request"),
            )
        )
    )
