"""`coach [--data-dir DIR] [--engine E] [--model M] [--base-url URL] COMMAND ...`

Each feature area registers its own subcommands (see COMMAND_MODULES); this module only parses the
global options, builds the services and turns every domain error into one line on stderr.
Exit codes: 0 success, 1 the work failed (model, index, database, some rows or files), 2 the
command itself needs changing (usage, bad input, unknown id, bad setting).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from app.core.errors import CoachError, ConfigError, InputError, NotFoundError

COMMAND_MODULES = [
    "app.cli.engine_cmds",
    "app.cli.knowledge_cmds",
    "app.cli.rehearse_cmds",
    "app.cli.review_cmds",
    "app.cli.history_cmds",
    "app.cli.persona_cmds",
    "app.cli.drafting_cmds",
    "app.cli.app_cmds",
]
USAGE_ERRORS = (InputError, NotFoundError, ConfigError)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line plus a pointer to --help (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"coach: error: {message}\n(see '{self.prog} --help')\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every registered command."""
    parser = _Parser(
        prog="coach",
        description="1-2-1 Coach: rehearse 1-2-1s, draft follow-ups and train your referral partners.",
        epilog="Settings precedence: these flags > environment > .streamlit/secrets.toml > saved settings > defaults.",
    )
    parser.add_argument("--data-dir", help="folder for the index, database and exports (env COACH_DATA_DIR)")
    parser.add_argument("--engine", choices=["offline", "local", "openai"], help="which engine answers (env COACH_ENGINE)")
    parser.add_argument("--model", help="model name for the engine (env COACH_MODEL)")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (env OPENAI_BASE_URL)")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `coach` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from app.core.config import load_settings
        from app.core.services import Services

        settings = load_settings(
            cli={"data_dir": args.data_dir, "engine": args.engine, "model": args.model, "openai_base_url": args.base_url}
        )
        return int(args.func(Services(settings), args) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("coach: interrupted; everything finished so far is saved.\n")
        return 130
    except CoachError as err:
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(f"coach: error: {err}\n")
        return 2 if isinstance(err, USAGE_ERRORS) else 1
    except BrokenPipeError:
        return 1
    except Exception as err:  # a bug: still one line for the user, the traceback only with --debug
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(f"coach: unexpected error ({type(err).__name__}): {err}. Re-run with --debug for details.\n")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
