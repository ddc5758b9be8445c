"""`coach app`: start the Streamlit front end."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
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
    for name, value in (("COACH_DATA_DIR", s.data_dir), ("COACH_ENGINE", s.engine if s.sources.get("engine") == "cli" else "")):
        if value and (name != "COACH_DATA_DIR" or s.sources.get("data_dir") == "cli"):
            env[name] = str(value)
    cmd = [sys.executable, "-m", "streamlit", "run", str(ENTRY), "--server.port", str(args.port)]
    if args.headless:
        cmd += ["--server.headless", "true"]
    # Run from the project folder so Streamlit finds .streamlit/config.toml and secrets.toml.
    return subprocess.call(cmd, env=env, cwd=ENTRY.parents[1])
