"""Helpers shared by the reliability suites: running `coach` as a real process, watching its output,
killing it, and taking before/after snapshots of everything the product keeps in its data dir."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
PROBE = Path(__file__).resolve().parent / "probe_index.py"
WRITER = Path(__file__).resolve().parent / "writer.py"
# Variables that would point a child process at a real model or another data dir.
_STRIP = ("OPENAI_", "COACH_", "CHROMA_")


def coach_env(data_dir: Path, home: Path | None = None, **extra: str) -> dict[str, str]:
    """A clean environment for a `coach` child: its own data dir and home, real model calls blocked."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_STRIP)}
    env.update(
        COACH_DATA_DIR=str(data_dir),
        HOME=str(home or data_dir.parent / "home"),
        COACH_BLOCK_MODEL_CALLS="1",
        PYTHONUNBUFFERED="1",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


def coach_cmd(*args: str) -> list[str]:
    """The command line of the `coach` console script (its module, so no install path is needed)."""
    return [sys.executable, "-m", "app.cli.main", *args]


def run_coach(
    data_dir: Path,
    *args: str,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 180,
) -> subprocess.CompletedProcess[str]:
    """Run `coach ARGS` to completion; stdout and stderr are decoded as UTF-8 (bad bytes replaced)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        coach_cmd(*args),
        input=data if data is not None else b"",
        env=env or coach_env(data_dir),
        cwd=cwd or data_dir.parent,
        capture_output=True,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


class Watched:
    """A running `coach` process whose stdout and stderr are collected by background threads."""

    def __init__(self, args: Sequence[str], env: dict[str, str], cwd: Path):
        """Start `coach ARGS` with pipes on all three streams and begin collecting its output."""
        self.proc = subprocess.Popen(
            coach_cmd(*args),
            env=env,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._out = bytearray()
        self._err = bytearray()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._pump, args=(self.proc.stdout, self._out), daemon=True),
            threading.Thread(target=self._pump, args=(self.proc.stderr, self._err), daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _pump(self, stream: Any, sink: bytearray) -> None:
        """Copy a pipe into a buffer byte-chunk by byte-chunk until it closes."""
        while True:
            chunk = stream.read1(4096) if hasattr(stream, "read1") else stream.read(1)
            if not chunk:
                return
            with self._lock:
                sink.extend(chunk)

    @property
    def out(self) -> str:
        """Everything written to stdout so far."""
        with self._lock:
            return self._out.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        """Everything written to stderr so far."""
        with self._lock:
            return self._err.decode("utf-8", "replace")

    def send(self, line: str) -> None:
        """Write one line to the process's stdin."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode("utf-8") + b"\n")
        self.proc.stdin.flush()

    def wait_for(
        self, condition: Callable[[], bool], timeout: float = 120, what: str = "output", every: float = 0.02
    ) -> None:
        """Poll until `condition()` holds; fail with the output so far if the process dies or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.proc.poll() is not None:
                time.sleep(0.2)  # let the pumps drain
                if condition():
                    return
                raise AssertionError(
                    f"coach exited ({self.proc.returncode}) before {what}:\n{self.out}\n{self.err}"
                )
            time.sleep(every)
        raise AssertionError(f"timed out waiting for {what}:\n{self.out[-2000:]}\n{self.err[-2000:]}")

    def sigkill(self) -> None:
        """Kill the process with SIGKILL (no clean-up of any kind can run) and reap it."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        for t in self._threads:
            t.join(timeout=10)
        assert self.proc.returncode == -signal.SIGKILL

    def close(self) -> None:
        """Make sure the process is gone (used in finally blocks)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


def seed_index(library_data_dir: Path, data_dir: Path) -> Path:
    """Give a fresh data dir a copy of an already built library index (indexing it again costs minutes)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(library_data_dir / "index", data_dir / "index")
    return data_dir


def sqlite_integrity(path: Path) -> str:
    """The result of `PRAGMA integrity_check` on a database file ('ok' when sound)."""
    db = sqlite3.connect(path, timeout=30)
    try:
        return ";".join(r[0] for r in db.execute("PRAGMA integrity_check").fetchall())
    finally:
        db.close()


def db_rows(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every product table, sorted, for before/after comparison."""
    path = data_dir / "coach.db"
    if not path.exists():
        return {}
    db = sqlite3.connect(path, timeout=30)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        db.close()


def file_hashes(root: Path, skip: Iterable[str] = ("index",)) -> dict[str, str]:
    """SHA-256 of every file under `root` (relative paths), ignoring the top-level names in `skip`
    and SQLite's own side files, whose bytes change on any open."""
    skipped = set(skip)
    out: dict[str, str] = {}
    if not root.exists():
        return out
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in skipped or not path.is_file() or path.name.endswith(("-wal", "-shm", "-journal")):
            continue
        if path.name == "coach.db":
            continue  # compared row by row instead: a checkpoint may rewrite pages without changing data
        out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def snapshot(data_dir: Path) -> dict[str, Any]:
    """Everything saved in a data dir that a bad input must not change: DB rows and files."""
    return {"rows": db_rows(data_dir), "files": file_hashes(data_dir)}


def probe_index(data_dir: Path, *queries: str) -> dict[str, Any]:
    """Inspect a data dir's knowledge index from a fresh process (see probe_index.py for the shape)."""
    proc = subprocess.run(
        [sys.executable, str(PROBE), str(data_dir), *queries],
        env=coach_env(data_dir),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def assert_one_clear_error(result: subprocess.CompletedProcess[str], *, code: int | None = None) -> str:
    """A failed `coach` run: non-zero exit, one `coach: error:` line (plus argparse's pointer to --help),
    no traceback, no 'unexpected error'. Returns the message."""
    assert result.returncode != 0, (result.stdout, result.stderr)
    if code is not None:
        assert result.returncode == code, (result.returncode, result.stderr)
    both = result.stdout + result.stderr
    assert "Traceback" not in both, both
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "nothing on stderr"
    assert lines[0].startswith("coach: error: "), result.stderr
    assert "unexpected error" not in result.stderr, result.stderr
    extra = lines[1:]
    assert all(line.startswith("(see 'coach") for line in extra), result.stderr
    return lines[0].removeprefix("coach: error: ")
