"""The gates scripts/test runs before pytest: ruff check, ruff format --check and mypy on app/core.

Each runs even when an earlier one failed (so one run shows every problem); prints each gate's time and
exits 1 when any failed. Run it alone with `.venv/bin/python scripts/checks.py`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's tools, whatever PATH says
GATES = (
    ("ruff check", [str(BIN / "ruff"), "check", "."]),
    ("ruff format --check", [str(BIN / "ruff"), "format", "--check", "."]),
    # mypy reads its files (app/core) and settings from pyproject.toml.
    ("mypy app/core", [str(BIN / "mypy")]),
)


def main() -> int:
    """Run every gate; 0 when all pass."""
    failed = []
    for name, cmd in GATES:
        started = time.monotonic()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        took = time.monotonic() - started
        ok = done.returncode == 0
        print(f"{name}: {'ok' if ok else 'FAILED'} ({took:.1f} s)", flush=True)
        if not ok:
            failed.append(name)
            sys.stdout.write(done.stdout + done.stderr)
    if failed:
        print(f"checks failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
