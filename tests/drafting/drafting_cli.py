"""Runs the `coach` command inside a drafting test (shared by the CLI tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


def make_cli(
    data_dir: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, knowledge: object
) -> Callable[..., tuple[int, str, str]]:
    """A runner for `coach --data-dir <test dir> ...` whose drafting commands use `knowledge` for citations."""
    from app.cli import drafting_cmds
    from app.cli.main import main

    monkeypatch.setattr(drafting_cmds, "_knowledge", lambda svc: knowledge)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run
