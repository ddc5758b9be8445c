"""Settings: choose the engine, try one-click presets, test the connection, save (never the key)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.core.config import ENGINES, ENV_NAMES, save_settings
from app.core.errors import InputError
from app.core.llm import get_chat_model
from app.core.llm.probe import test_connection
from app.ui.common import guard
from app.ui.presets import PRESETS, detect
from app.ui.services import get_services

ENGINE_HELP = {
    "offline": "No language model: built-in scripts and templates. Works anywhere, no key, instant.",
    "local": "A GGUF model running inside this app (the bundled one is a tiny demo model).",
    "openai": "Any OpenAI-compatible endpoint: OpenAI, Ollama, LM Studio, vLLM, a llama.cpp server.",
}
FIELDS = {"engine": "set_engine", "openai_base_url": "set_base_url", "model": "set_model", "local_model": "set_local_model"}
SOURCE_WORDS = {"env": "an environment variable", "secrets": "secrets.toml", "cli": "a command-line option"}

svc = get_services()
s = svc.settings

# Fill the form from the current settings the first time it is shown in this browser session.
for name, key in FIELDS.items():
    if key not in st.session_state:
        st.session_state[key] = getattr(s, name) if name != "engine" else s.engine


@st.cache_data(ttl=15, show_spinner=False)
def _detected(base_url: str) -> tuple[bool, tuple[str, ...], str]:
    """Probe a loopback preset at most every 15 s, so page reruns stay instant."""
    d = detect(base_url)
    return d.running, d.models, d.detail


def _apply_preset(base_url: str, model: str) -> None:
    """Fill the form from a preset (a button callback, so it may change widget values)."""
    st.session_state["set_engine"] = "openai"
    st.session_state["set_base_url"] = base_url
    st.session_state["set_model"] = model
    st.session_state["settings_flash"] = f"Preset applied: {base_url}. Test the connection, then save."


st.title("Settings")
st.caption("Choose which engine answers. Everything works offline; a model makes replies and drafts richer.")

flash = st.session_state.pop("settings_flash", None)
if flash:
    st.info(flash)

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
                st.success("Running on this computer" + (f": {', '.join(models[:3])}" if models else ""),
                           icon=":material/check_circle:")
                model = models[0] if models else model
            else:
                st.caption(f"Not detected ({detail}). {preset.hint}")
        else:
            key_state = f"key set ({s.openai_api_key.masked()})" if s.openai_api_key else "no key set yet"
            st.caption(f"{preset.hint} Currently: {key_state}.")
        st.button(f"Use {preset.name}", key=f"preset_{preset.name}", on_click=_apply_preset,
                  args=(preset.base_url, model), width="stretch")

st.subheader("Engine")
ENGINE_LABELS = {"offline": "Offline (no model)", "local": "Local model (GGUF file)",
                 "openai": "OpenAI-compatible endpoint"}
engine = st.radio("Engine", ENGINES, key="set_engine", horizontal=True, format_func=ENGINE_LABELS.get)
st.caption(ENGINE_HELP[engine])
if engine == "openai":
    st.text_input("Endpoint (base URL)", key="set_base_url", placeholder="https://api.openai.com/v1",
                  help="Leave empty for OpenAI itself.")
    st.text_input("Model name", key="set_model", placeholder="gpt-4o-mini")
elif engine == "local":
    st.text_input("GGUF model file", key="set_local_model", placeholder="empty = the bundled tiny demo model",
                  help="Full path of a .gguf file on this computer.")

st.markdown("**API key**")
if s.openai_api_key:
    where = SOURCE_WORDS.get(s.sources.get("openai_api_key", ""), "your configuration")
    st.code(s.openai_api_key.masked(), language=None)
    st.caption(f"Read from {where}. The app never saves your key.")
else:
    st.caption("No key set. Only needed for hosted endpoints such as OpenAI: put OPENAI_API_KEY in your "
               "environment or in .streamlit/secrets.toml (see secrets.toml.example). The app never saves it.")

overridden = [f"{name} ({ENV_NAMES[name]}, from {SOURCE_WORDS[s.sources[name]]})"
              for name in FIELDS if s.sources.get(name) in SOURCE_WORDS]
if overridden:
    st.info("These are fixed by your environment and win over what you save here: " + "; ".join(overridden) + ".")


def _form_values() -> dict[str, str]:
    """The form's choices; fields that do not apply to the chosen engine are kept as they are."""
    values = {name: str(st.session_state.get(key) or "").strip() for name, key in FIELDS.items()}
    if values["engine"] == "local" and values["local_model"] and not Path(values["local_model"]).expanduser().is_file():
        raise InputError(f"There is no file at {values['local_model']!r}; check the GGUF path.")
    return values


c1, c2 = st.columns(2)
if c1.button("Test connection", icon=":material/network_check:", width="stretch"):
    with guard():
        values = _form_values()
        same = all(str(getattr(s, n) or "") == v for n, v in values.items())
        # Unchanged form: test the engine the app is really using right now.
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
        st.session_state["settings_flash"] = f"Saved to {path.name} in your data folder (the key is never saved)."
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
