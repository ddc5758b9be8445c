"""`coach [--data-dir DIR] [--engine E] [--model M] [--base-url URL] COMMAND ...`

Each feature area registers its own subcommands (see COMMANDS); this module only parses the global
options, builds the services and turns every domain error into one line on stderr. Only the module
of the command being run is imported: the others pull in langchain-core, pydantic or chromadb, and
`coach --help` should answer at once.
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

# command -> (module that registers it, its line in `coach --help`), in the order --help lists them.
# The help lines repeat the modules' own (tests/test_cli_lazy.py keeps them equal) so that listing
# the commands imports none of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "engine": ("app.cli.engine_cmds", "show the active engine or test that it answers"),
    "ingest": (
        "app.cli.knowledge_cmds",
        "add your own files or folders (.md, .txt, .html, .pdf) to the knowledge library",
    ),
    "search": ("app.cli.knowledge_cmds", "search the knowledge library"),
    "knowledge": ("app.cli.knowledge_cmds", "list, show or remove documents in the knowledge library"),
    "personas": ("app.cli.rehearse_cmds", "list the rehearsal partners (built-in and your own)"),
    "rehearse": (
        "app.cli.rehearse_cmds",
        "rehearse a 1-2-1 with a partner in the terminal, then get the coach's report",
    ),
    "review": (
        "app.cli.review_cmds",
        "score a 1-2-1 transcript (JSON or plain text): yes/no checks with evidence, advice and citations",
    ),
    "history": ("app.cli.history_cmds", "list your rehearsals and drafts, newest first, with their ids"),
    "due": (
        "app.cli.history_cmds",
        "follow-ups to send: overdue and due in the next few days, with their ids",
    ),
    "sent": (
        "app.cli.history_cmds",
        "mark a follow-up as sent (see `coach due` for ids); --undo puts it back",
    ),
    "persona": (
        "app.cli.persona_cmds",
        "add or remove your own rehearsal partner (see `coach personas` for all)",
    ),
    "profile": ("app.cli.drafting_cmds", "show, create or change your profile (used by every draft)"),
    "followup": (
        "app.cli.drafting_cmds",
        "draft a follow-up or 1-2-1 invitation (one contact, or a CSV of many)",
    ),
    "refer-kit": (
        "app.cli.drafting_cmds",
        "build your refer-me kit (presentation, briefing, intro emails, GAINS)",
    ),
    "app": ("app.cli.app_cmds", "start the web app (Streamlit) in your browser"),
}
# Every module with commands; one listed here but not in COMMANDS is imported and registered always.
COMMAND_MODULES = list(dict.fromkeys(module for module, _ in COMMANDS.values()))
USAGE_ERRORS = (InputError, NotFoundError, ConfigError)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line plus a pointer to --help (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"coach: error: {message}\n(see '{self.prog} --help')\n")
        raise SystemExit(2)


def _global_parser() -> argparse.ArgumentParser:
    """The parser with the global options only; commands are added by `build_parser`."""
    parser = _Parser(
        prog="coach",
        description="1-2-1 Coach: rehearse 1-2-1s, draft follow-ups and train your referral partners.",
        epilog="Settings precedence: these flags > environment > .streamlit/secrets.toml > saved settings > defaults.",
    )
    parser.add_argument("--data-dir", help="folder for the index, database and exports (env COACH_DATA_DIR)")
    parser.add_argument(
        "--engine", choices=["offline", "local", "openai"], help="which engine answers (env COACH_ENGINE)"
    )
    parser.add_argument("--model", help="model name for the engine (env COACH_MODEL)")
    parser.add_argument(
        "--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (env OPENAI_BASE_URL)"
    )
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    return parser


def command_in(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str | None:
    """The command word in argv (the first word that is not a global option or an option's value)."""
    takes_value = {opt for action in parser._actions if action.nargs != 0 for opt in action.option_strings}
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word.startswith("-"):
            if word in takes_value:
                next(words, None)  # "--data-dir DIR": skip the value ("--data-dir=DIR" is one word)
            continue
        return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser: the command named in argv fully registered, every other one as a help line only.

    Without argv every command is a help line (enough for `coach --help` and to list the commands).
    """
    parser = _global_parser()
    chosen = command_in(parser, argv) if argv is not None else None
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for module in COMMAND_MODULES:
        names = [name for name, (owner, _) in COMMANDS.items() if owner == module]
        if not names or chosen in names:
            importlib.import_module(module).register(sub)
            continue
        for name in names:
            sub.add_parser(name, help=COMMANDS[name][1], add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `coach` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        from app.core.config import load_settings
        from app.core.services import Services

        settings = load_settings(
            cli={
                "data_dir": args.data_dir,
                "engine": args.engine,
                "model": args.model,
                "openai_base_url": args.base_url,
            }
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
        sys.stderr.write(
            f"coach: unexpected error ({type(err).__name__}): {err}. Re-run with --debug for details.\n"
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
