"""`coach app`: start the Streamlit front end."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path

from app.core.services import Services

ENTRY = Path(__file__).resolve().parents[1] / "streamlit_app.py"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `app` command."""
    p = sub.add_parser("app", help="start the web app (Streamlit) in your browser")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--headless", action="store_true", help="do not open a browser window")
    p.set_defaults(func=run)


def run(svc: Services, args: argparse.Namespace) -> int:
    """Run `streamlit run app/streamlit_app.py`, passing the global options on as environment."""
    env = dict(os.environ)
    s = svc.settings
    for name, value in (
        ("COACH_DATA_DIR", s.data_dir),
        ("COACH_ENGINE", s.engine if s.sources.get("engine") == "cli" else ""),
    ):
        if value and (name != "COACH_DATA_DIR" or s.sources.get("data_dir") == "cli"):
            env[name] = str(value)
    # Headless keeps Streamlit from asking for an e-mail address on first run; the browser is
    # opened here instead, once the server answers.
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ENTRY),
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
    ]
    # Run from the project folder so Streamlit finds .streamlit/config.toml and secrets.toml.
    proc = subprocess.Popen(cmd, env=env, cwd=ENTRY.parents[1])
    if not args.headless:
        threading.Thread(
            target=_open_when_ready, args=(f"http://localhost:{args.port}", proc), daemon=True
        ).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


def _open_when_ready(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Open the user's browser once the app answers its health check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    webbrowser.open(url)
                    return
        except OSError:
            time.sleep(0.3)
