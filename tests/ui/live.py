"""Run the real app with `streamlit run` on loopback and open it in Debian's headless Chromium.

Used by the browser tests and by bench/bench_ui.py. The server is always terminated.
COACH_UI_ROOT=/path/to/another/checkout serves that checkout's app instead (with its own `app`
package first on the path): how the issue-14 browser tests were shown to fail on the old main.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from support.servers import free_port, serve

ROOT = Path(os.environ.get("COACH_UI_ROOT") or Path(__file__).resolve().parents[2]).resolve()
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1400, "height": 900}
MOBILE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def streamlit_cmd(port: int) -> list[str]:
    """The `streamlit run` command line for the app on loopback `port`."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app/streamlit_app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]


@contextmanager
def streamlit_server(
    data_dir: Path, *, log: IO[Any] | None = None, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Start `streamlit run app/streamlit_app.py` on a free loopback port; yield its URL; always stop it."""
    port = free_port()
    full_env = dict(os.environ)
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "COACH_ENGINE",
        "COACH_MODEL",
        "COACH_LOCAL_MODEL",
        "CHROMA_HOST",
    ):
        full_env.pop(name, None)
    full_env.update(
        {"COACH_DATA_DIR": str(data_dir), "COACH_BLOCK_MODEL_CALLS": "1", "PYTHONUNBUFFERED": "1"}
    )
    if os.environ.get("COACH_UI_ROOT"):
        full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    url = f"http://127.0.0.1:{port}"
    with serve(streamlit_cmd(port), f"{url}/_stcore/health", env=full_env, cwd=ROOT, log=log, timeout=90):
        yield url


@contextmanager
def chromium(viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A headless Chromium (Playwright sync API) with a fresh browser context."""
    with browser() as b:
        yield b.new_context(viewport=viewport or {"width": 1360, "height": 900})


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium (Playwright sync API); make one context per test with `new_context(viewport=...)`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def mobile_context(b: Any) -> Any:
    """A phone-sized context (390x844, touch) like the one issue 14 was found with."""
    return b.new_context(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)
