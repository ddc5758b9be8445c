"""The `coach` command: complete help, one-line errors, no tracebacks, no leaked key."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import build_parser, main

KEY = "sk-planted-0a1b2c3d4e5f6a7b8c9d"


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """Every registered subcommand and its parser."""
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("coach has no subcommands")


COMMANDS = sorted(subcommands())


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `coach ARGV` in-process; return (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def run_coach(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `coach ARGV` as a separate process (the console script's module) in a clean environment."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_"))}
    full_env.update(COACH_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path / "home"), **env)
    cmd = [sys.executable, "-m", "app.cli.main", *argv]
    return subprocess.run(cmd, env=full_env, cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_top_level_help_lists_every_command(capsys):
    code, out, _ = run_main(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: coach")
    for name in COMMANDS:
        assert name in out
    for flag in ("--data-dir", "--engine", "--model", "--base-url", "--debug"):
        assert flag in out


def test_core_commands_are_registered():
    assert {"engine", "app"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_exits_zero(capsys, command):
    code, out, err = run_main(capsys, command, "--help")
    assert code == 0, err
    assert out.startswith(f"usage: coach {command}")
    assert err == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_help_line(command):
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: (c.help or "") for c in sub._choices_actions}
    assert helps.get(command, "").strip(), f"`coach {command}` has no one-line help in `coach --help`"


def test_unknown_command_is_a_one_line_usage_error(capsys):
    code, out, err = run_main(capsys, "rehearsl")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("coach: error:") and "rehearsl" in lines[0]
    assert sum(line.startswith("coach: error") for line in lines) == 1
    assert len(lines) <= 2 and "Traceback" not in err


def test_missing_command_is_a_usage_error(capsys):
    code, _, err = run_main(capsys)
    assert code == 2
    assert err.startswith("coach: error:")


def test_console_script_help_runs_in_a_fresh_process(tmp_path):
    result = run_coach(tmp_path, "--help")
    assert result.returncode == 0
    assert "usage: coach" in result.stdout
    assert result.stderr == ""


def test_missing_local_model_is_one_line_without_traceback(tmp_path):
    missing = tmp_path / "models" / "missing-model.gguf"
    result = run_coach(tmp_path, "--engine", "local", "engine", "test", COACH_LOCAL_MODEL=str(missing))
    assert result.returncode == 2  # a setting to change, not a failed piece of work
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("coach: error:") and "missing-model.gguf" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_setting_in_environment_is_one_line(tmp_path):
    result = run_coach(tmp_path, "engine", "info", COACH_MAX_RETRIES="many")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "COACH_MAX_RETRIES" in lines[0]
    assert "Traceback" not in result.stderr


def test_debug_flag_shows_the_traceback(tmp_path):
    result = run_coach(tmp_path, "--debug", "engine", "info", COACH_MAX_RETRIES="many")
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("coach: error:")


def test_engine_info_masks_the_key(tmp_path):
    result = run_coach(tmp_path, "engine", "info", "--json", OPENAI_API_KEY=KEY)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["engine"] == "openai"  # a key alone makes the openai engine the default
    assert info["api_key"].endswith(KEY[-4:])
    assert KEY not in result.stdout + result.stderr


def test_engine_info_reports_flags_over_environment(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_ENGINE", "local")
    code, out, err = run_main(
        capsys, "--data-dir", str(tmp_path / "d"), "--engine", "offline", "engine", "info", "--json"
    )
    assert code == 0, err
    info = json.loads(out)
    assert info["engine"] == "offline" and info["engine_source"] == "cli"
    assert info["data_dir"] == str(tmp_path / "d")


def test_offline_engine_test_passes(capsys):
    code, out, _ = run_main(capsys, "--engine", "offline", "engine", "test", "--json")
    assert code == 0
    assert json.loads(out)["test"]["ok"] is True
