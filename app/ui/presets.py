"""One-click engine presets for the Settings page, and detection of local servers already running."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

import httpx


@dataclass(frozen=True)
class Preset:
    """A well-known OpenAI-compatible endpoint."""

    name: str
    base_url: str
    default_model: str
    needs_key: bool
    hint: str


PRESETS = (
    Preset(
        "OpenAI",
        "https://api.openai.com/v1",
        "gpt-4o-mini",
        True,
        "Needs your OpenAI API key (paste it in the API key field; it is never saved).",
    ),
    Preset(
        "Ollama",
        "http://127.0.0.1:11434/v1",
        "llama3.1:8b",
        False,
        "Install Ollama, then e.g.  ollama pull llama3.1:8b  (no key needed).",
    ),
    Preset(
        "LM Studio",
        "http://127.0.0.1:1234/v1",
        "",
        False,
        "Open LM Studio, load a model and start its local server (no key needed).",
    ),
)


@dataclass(frozen=True)
class Detection:
    """Whether a server answered at a preset's address, and the models it offers."""

    running: bool
    models: tuple[str, ...] = field(default_factory=tuple)
    detail: str = ""


def is_loopback(url: str) -> bool:
    """True for addresses on this machine (only those are probed automatically)."""
    host = (urlparse(url).hostname or "").lower()
    return host in ("127.0.0.1", "localhost", "::1")


def detect(base_url: str, timeout: float = 0.5) -> Detection:
    """A quick GET of <base_url>/models on a loopback address; never raises."""
    if not is_loopback(base_url):
        return Detection(False, detail="not a local address")
    try:
        resp = httpx.get(base_url.rstrip("/") + "/models", timeout=timeout)
    except httpx.HTTPError:
        return Detection(False, detail="nothing is listening there")
    if resp.status_code >= 400:
        return Detection(True, detail=f"a server answered with HTTP {resp.status_code}")
    try:
        data = resp.json().get("data") or []
        models = tuple(str(m.get("id")) for m in data if isinstance(m, dict) and m.get("id"))
    except (ValueError, AttributeError):
        models = ()
    return Detection(True, models=models)
