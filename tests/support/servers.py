"""Start a server subprocess on loopback, wait until it answers over HTTP, and always stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx

TAIL_CHARS = 2000


class ServerError(RuntimeError):
    """A server process exited or did not answer in time; the message ends with its output tail."""


def venv_executable(name: str) -> Path:
    """A console script installed next to this interpreter (the venv's bin folder, which need not be on PATH).

    `python -m pytest` from a venv that was never activated has the venv's python but not its bin
    folder on PATH, so `shutil.which` would miss the scripts `pip install` put there.
    """
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{name!r} is not installed next to {sys.executable}: run  pip install -e '.[test]'"
    )


def free_port() -> int:
    """A TCP port that is free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def output_tail(log: IO[Any] | Path | None, limit: int = TAIL_CHARS) -> str:
    """The last `limit` bytes a process wrote to `log` (empty if unknown)."""
    if log is None:
        return ""
    try:
        if isinstance(log, Path):
            data = log.read_bytes()[-limit:]
        else:
            log.flush()
            fd = log.fileno()
            size = os.fstat(fd).st_size
            try:
                # pread leaves the shared file offset alone, so the child keeps appending where it was.
                data = os.pread(fd, limit, max(0, size - limit))
            except OSError:
                # A write-only handle cannot be read through; its path still can.
                data = Path(log.name).read_bytes()[-limit:]
    except (OSError, ValueError, AttributeError, TypeError):
        return ""
    return data.decode("utf-8", errors="replace")


def _failure(message: str, log: IO[Any] | Path | None) -> ServerError:
    """A ServerError whose message carries the output tail, when there is one."""
    tail = output_tail(log).rstrip()
    return ServerError(f"{message}; output tail:\n{tail}" if tail else f"{message} (no output captured)")


def wait_http(
    url: str,
    timeout: float,
    proc: subprocess.Popen | None = None,
    *,
    log: IO[Any] | Path | None = None,
    interval: float = 0.1,
) -> None:
    """Poll `url` until it answers 200; raise ServerError if `proc` exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            name = " ".join(map(str, proc.args[:4])) if isinstance(proc.args, list) else str(proc.args)
            raise _failure(
                f"server `{name} ...` exited with code {proc.returncode} before {url} answered", log
            )
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass  # not listening yet
        if time.monotonic() >= deadline:
            raise _failure(f"{url} did not answer within {timeout:.0f} s", log)
        time.sleep(interval)


def stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """Terminate `proc`, and kill it if it has not exited within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


@contextmanager
def serve(
    cmd: Sequence[str],
    url: str,
    *,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
    log: IO[Any] | Path | None = None,
    timeout: float = 90.0,
    interval: float = 0.1,
    stop_timeout: float = 15.0,
) -> Iterator[subprocess.Popen]:
    """Start `cmd`, wait until `url` answers 200, yield the process, and always terminate (then kill) it.

    The server's stdout and stderr go to `log`: an open file, a path to append to, or None for a
    temporary file; its tail is part of the error if the server exits or does not answer in time.
    """
    out: IO[Any] = (
        tempfile.TemporaryFile() if log is None else (log.open("ab") if isinstance(log, Path) else log)
    )
    try:
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_http(url, timeout, proc, log=out, interval=interval)
            yield proc
        finally:
            stop(proc, stop_timeout)
    finally:
        if out is not log:
            out.close()
