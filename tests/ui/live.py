"""Run the real app with `streamlit run` on loopback and open it in Debian's headless Chromium.

Used by the browser end-to-end test and by bench/bench_ui.py. The server is always terminated.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from support.servers import free_port, serve

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
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
        sys.executable, "-m", "streamlit", "run", "app/streamlit_app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]


@contextmanager
def streamlit_server(data_dir: Path, *, log: IO[Any] | None = None, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `streamlit run app/streamlit_app.py` on a free loopback port; yield its URL; always stop it."""
    port = free_port()
    full_env = dict(os.environ)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "COACH_ENGINE", "COACH_MODEL", "COACH_LOCAL_MODEL", "CHROMA_HOST"):
        full_env.pop(name, None)
    full_env.update({"COACH_DATA_DIR": str(data_dir), "COACH_BLOCK_MODEL_CALLS": "1", "PYTHONUNBUFFERED": "1"})
    full_env.update(env or {})
    url = f"http://127.0.0.1:{port}"
    with serve(streamlit_cmd(port), f"{url}/_stcore/health", env=full_env, cwd=ROOT, log=log, timeout=90):
        yield url


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright sync API) with a fresh browser context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1360, "height": 900})
            yield context
        finally:
            browser.close()
