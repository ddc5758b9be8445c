"""`coach` imports only the command it runs: the help lines stay true and `--help` stays fast."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from app.cli.main import COMMAND_MODULES, COMMANDS, _global_parser, build_parser, command_in

HEAVY = ("langchain_core", "pydantic", "chromadb", "onnxruntime", "openai", "streamlit", "numpy")


def registered_helps(module: str) -> dict[str, str]:
    """The help line of every command a module registers, as the module itself says it."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(module).register(sub)
    return {action.dest: action.help or "" for action in sub._choices_actions}


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_the_help_table_says_what_each_module_registers(module):
    listed = {name: help_line for name, (owner, help_line) in COMMANDS.items() if owner == module}
    assert registered_helps(module) == listed


def test_help_imports_no_command_module_and_no_heavy_library():
    code = (
        "import sys, json\n"
        "from app.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m in {COMMAND_MODULES + list(HEAVY)!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert "usage: coach" in out.stdout
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_running_a_command_registers_it_fully_and_only_its_module():
    parser = build_parser(["--data-dir", "/tmp/x", "search", "referrals", "--k", "2"])
    args = parser.parse_args(["--data-dir", "/tmp/x", "search", "referrals", "--k", "2"])
    assert (args.command, args.query, args.k, args.data_dir) == ("search", "referrals", 2, "/tmp/x")
    assert callable(args.func)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "x"], "search"),
        (["--data-dir", "search", "engine", "info"], "engine"),  # a value that looks like a command
        (["--data-dir=/d", "--debug", "review", "t.json"], "review"),
        (["--engine", "offline", "--model", "m", "followup"], "followup"),
        (["--help"], None),
        (["--", "personas"], "personas"),
    ],
)
def test_command_in_skips_global_options_and_their_values(argv, expected):
    assert command_in(_global_parser(), argv) == expected
