"""How pages reach the core: one `Services` per distinct configuration, shared by all browser sessions.

Settings follow the product's one precedence rule (environment > secrets > saved settings > defaults),
with two per-browser-session adjustments: an API key typed on the Settings page (held only in
`st.session_state`, never written anywhere) and "continue with the built-in partner" after an endpoint
failed. Tests inject their own `Services` (e.g. with a fake model) by putting it in
`st.session_state[SERVICES_KEY]` before the first run.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import fields
from typing import Any

import streamlit as st

from app.core.config import Secret, Settings, load_settings, read_secrets
from app.core.errors import ConfigError
from app.core.llm.offline import OfflineModel
from app.core.services import Services

SERVICES_KEY = "coach_services"
API_KEY = "coach_api_key"  # the key typed on the Settings page: this browser session only, never saved
OFFLINE_KEY = "coach_offline"  # set by "Continue with the built-in partner" after an endpoint failed
_OFFLINE_SERVICES = "coach_services_offline"
_WARNING_KEY = "coach_settings_warning"
OPENAI_HOST = "api.openai.com"
ENV_WORDS = {"env": "your environment", "secrets": ".streamlit/secrets.toml"}


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
        settings = load_settings(secrets=secrets)
    except ConfigError as err:
        # A bad value saved from the Settings page must not lock the user out of that very page.
        settings = load_settings(secrets=secrets, saved={})
        st.session_state[_WARNING_KEY] = f"Some saved settings were ignored: {err}"
    key = session_api_key()
    if key:
        # Typed by the user in this browser session just now, so it wins over a configured key.
        sources = {**settings.sources, "openai_api_key": "session"}
        settings = settings.with_overrides(openai_api_key=Secret(key), sources=sources)
    return settings


def session_api_key() -> str:
    """The API key typed on the Settings page in this browser session ('' when none)."""
    return str(st.session_state.get(API_KEY) or "")


def needs_key(settings: Settings) -> bool:
    """True when the settings point at OpenAI's hosted API but there is no key to send."""
    hosted = not settings.openai_base_url or OPENAI_HOST in settings.openai_base_url
    return settings.engine == "openai" and hosted and not settings.openai_api_key


def engine_switched_by(settings: Settings) -> list[str]:
    """The variables (from the environment or secrets) that turned the OpenAI engine on without a choice.

    With no engine chosen anywhere, an OPENAI_API_KEY or OPENAI_BASE_URL alone selects the openai
    engine; the app says so instead of switching silently.
    """
    if settings.engine != "openai" or settings.sources.get("engine") != "default":
        return []
    found = []
    for name, var in (("openai_api_key", "OPENAI_API_KEY"), ("openai_base_url", "OPENAI_BASE_URL")):
        where = ENV_WORDS.get(settings.sources.get(name, ""))
        if where:
            found.append(f"{var} in {where}")
    return found


OFFLINE_REASON = (
    "You chose to continue with the built-in partner after the model endpoint failed; it answers "
    "for the rest of this browser session."
)
NO_KEY_REASON = (
    "OpenAI is selected but this browser session has no API key, so the built-in partner answers. "
    "Enter your key on the Settings page to use OpenAI."
)


def configured_settings() -> tuple[Settings, str | None]:
    """The settings to build services from, and why they differ from the configured ones (or None)."""
    settings = current_settings()
    if needs_key(settings):
        return settings.with_overrides(engine="offline"), NO_KEY_REASON
    return settings, None


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
    base = st.session_state.get(SERVICES_KEY)
    if base is None:
        settings, _ = configured_settings()
        base = _shared_services(fingerprint(settings), settings)
    return _offline_copy(base) if st.session_state.get(OFFLINE_KEY) else base


def _offline_copy(svc: Services) -> Services:
    """The same data (store, library) answered by the built-in engine; kept for the browser session."""
    copy = st.session_state.get(_OFFLINE_SERVICES)
    if copy is None or copy.settings.data_dir != svc.settings.data_dir:
        copy = Services(svc.settings.with_overrides(engine="offline"), model=OfflineModel())
        for name in ("store", "knowledge"):
            if name in svc.__dict__:
                copy.__dict__[name] = svc.__dict__[name]
        st.session_state[_OFFLINE_SERVICES] = copy
    return copy


def engine_notice() -> str | None:
    """Why this browser session does not use the configured engine (None when it does)."""
    if st.session_state.get(OFFLINE_KEY):
        return OFFLINE_REASON
    if st.session_state.get(SERVICES_KEY) is not None:
        return None
    return configured_settings()[1]


def use_offline_engine() -> None:
    """Button callback: answer with the built-in engine for the rest of this browser session."""
    st.session_state[OFFLINE_KEY] = True


def use_configured_engine() -> None:
    """Button callback: go back to the configured engine."""
    st.session_state.pop(OFFLINE_KEY, None)
    st.session_state.pop(_OFFLINE_SERVICES, None)


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
        library_notice(report.notice)
    st.session_state[flag] = True
    return kb


def library_notice(notice: str) -> None:
    """Say in plain words that the library index was rebuilt; the technical detail sits in an expander."""
    lost = "could not be re-indexed" in notice
    st.info(
        "Your library was brought up to date so search keeps working."
        + (
            " Some of your uploaded documents are missing from the data folder; add them again."
            if lost
            else ""
        ),
        icon=":material/menu_book:",
    )
    with st.expander("Details"):
        st.caption(notice)


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
            from app.core.language import read

            read("Hello - tell me about your business.")
        except Exception:  # only a warm-up: the first reply will load it (and report any problem) itself
            logging.getLogger("coach.ui").warning("Warm-up of the rehearsal model failed", exc_info=True)

    threading.Thread(target=run, name="coach-warmup", daemon=True).start()
