"""`coach engine info|test`: which engine is active, and whether it answers."""

from __future__ import annotations

import argparse
import sys

from app.cli.output import print_json
from app.core.services import Services


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `engine` command."""
    p = sub.add_parser("engine", help="show the active engine or test that it answers")
    p.add_argument("action", choices=["info", "test"], help="info: show settings; test: send a tiny request")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(svc: Services, args: argparse.Namespace) -> int:
    """Print engine info, or send the connection-test prompt and report the reply and timing."""
    s = svc.settings
    info = {
        "engine": s.engine,
        "engine_source": s.sources.get("engine", "default"),
        "model": s.effective_model,
        "base_url": s.openai_base_url if s.engine == "openai" else "",
        "api_key": s.openai_api_key.masked() if s.openai_api_key else "(not set)",
        "local_model": s.local_model,
        "data_dir": str(s.data_dir),
        "embedding": s.effective_embedding_model,
        "chroma": f"{s.chroma_host}:{s.chroma_port}" if s.chroma_server else "embedded",
    }
    if args.action == "test":
        from app.core.llm.probe import test_connection

        result = test_connection(svc.model)
        info["test"] = result
    if args.json:
        print_json(info)
        return 0 if args.action == "info" or info["test"]["ok"] else 1
    for k, v in info.items():
        if k != "test":
            print(f"{k:>14}: {v}")
    if args.action == "test":
        r = info["test"]
        if r["ok"]:
            print(f"OK   {r['message']}")
            return 0
        sys.stderr.write(f"coach: error: {r['message']}\n")
        return 1
    return 0
