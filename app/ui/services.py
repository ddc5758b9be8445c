"""How pages reach the core: one `Services` per distinct configuration, shared by all browser sessions.

Settings follow the product's one precedence rule (environment > secrets > saved settings > defaults).
Tests inject their own `Services` (e.g. with a fake model) by putting it in
`st.session_state[SERVICES_KEY]` before the first run.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import fields
from typing import Any

import streamlit as st

from app.core.config import Settings, load_settings, read_secrets
from app.core.errors import ConfigError
from app.core.services import Services

SERVICES_KEY = "coach_services"
_WARNING_KEY = "coach_settings_warning"


def streamlit_secrets() -> dict[str, Any]:
    """Secrets as Streamlit sees them (its secrets.toml files, or those a test set); {} when none."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file, or an unreadable one: read_secrets below reports the latter clearly
        return read_secrets()


def current_settings() -> Settings:
    """Resolve the settings now; a broken saved-settings value is ignored (with a warning) rather than fatal."""
    secrets = streamlit_secrets()
    try:
        return load_settings(secrets=secrets)
    except ConfigError as err:
        # A bad value saved from the Settings page must not lock the user out of that very page.
        settings = load_settings(secrets=secrets, saved={})
        st.session_state[_WARNING_KEY] = f"Some saved settings were ignored: {err}"
        return settings


def fingerprint(settings: Settings) -> str:
    """A digest of every setting (the key included, hashed) so a change yields fresh services."""
    parts = []
    for f in fields(settings):
        if f.name == "sources":
            continue
        value = getattr(settings, f.name)
        parts.append(f"{f.name}={value.get() if f.name == 'openai_api_key' else value}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _shared_services(key: str, _settings: Settings) -> Services:
    """Build services once per configuration; nothing heavy is loaded here (model and index are lazy)."""
    return Services(_settings)


def get_services() -> Services:
    """The services for this run: an injected test instance, else the shared one for the current settings."""
    injected = st.session_state.get(SERVICES_KEY)
    if injected is not None:
        return injected
    settings = current_settings()
    return _shared_services(fingerprint(settings), settings)


def settings_warning() -> str | None:
    """A one-time warning produced while resolving settings, if any."""
    return st.session_state.pop(_WARNING_KEY, None)


def forget_services() -> None:
    """Drop cached services so the next run rebuilds them from freshly saved settings."""
    _shared_services.clear()


def knowledge(svc: Services):  # -> KnowledgeBase (imported lazily: it pulls in Chroma)
    """The knowledge base, with the built-in library brought up to date once per browser session.

    The first call in a session shows a progress bar while articles are (re)indexed; later calls
    return at once. Raises KnowledgeError (shown by the caller) if the index cannot be opened.
    """
    kb = svc.knowledge
    flag = f"kb_ready_{id(kb)}"
    if st.session_state.get(flag):
        return kb
    holder = st.empty()  # the progress box disappears once the library is ready
    with holder.container(), st.status("Opening the knowledge library ...", expanded=True):
        bar = st.progress(0.0)

        def progress(done: int, total: int, source: str) -> None:
            bar.progress(done / max(total, 1), text=f"Checked {done} of {total}: {source.rsplit('/', 1)[-1]}")

        report = kb.ensure_library(progress=progress)
    holder.empty()
    if report.notice:
        st.info(report.notice)
    st.session_state[flag] = True
    return kb


_warm = {"started": False}
_warm_lock = threading.Lock()


def prewarm_rehearsal() -> None:
    """Load the small language-understanding model in the background (once per process).

    The partner uses it to understand every message; loading takes a few seconds, so starting while
    the user reads the brief makes the first reply as quick as the others.
    """
    with _warm_lock:
        if _warm["started"]:
            return
        _warm["started"] = True

    def run() -> None:
        try:
            from app.core.roleplay.topics import similarities

            similarities(["Hello - tell me about your business."])
        except Exception:  # only a warm-up: the first reply will load it (and report any problem) itself
            logging.getLogger("coach.ui").warning("Warm-up of the rehearsal model failed", exc_info=True)

    threading.Thread(target=run, name="coach-warmup", daemon=True).start()
