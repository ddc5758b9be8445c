"""Small helpers every command uses to print results."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(data: Any) -> None:
    """Print JSON to stdout (UTF-8, stable key order as given)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def engine_line(label: str) -> None:
    """Say which engine answered, on stderr so that --json output stays clean."""
    sys.stderr.write(f"[engine: {label}]\n")
