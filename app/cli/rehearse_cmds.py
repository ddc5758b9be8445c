"""`coach personas` and `coach rehearse`: list partners, and rehearse a 1-2-1 in the terminal."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from app.cli.output import print_json
from app.core.errors import InputError, ModelError
from app.core.services import Services

COMMANDS = "Commands: /help restates the brief, /hint asks the coach for a hint, /retry re-asks after an error, /end finishes and shows your report (end of input does too)."


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `personas` and `rehearse` commands."""
    p = sub.add_parser("personas", help="list the rehearsal partners (built-in and your own)")
    p.add_argument(
        "--trait",
        action="append",
        default=[],
        help="only partners with this trait, e.g. warm, abrasive, shy (repeat to require several)",
    )
    p.add_argument("--industry", help="only partners in this industry, e.g. hospitality, health, creative")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_personas)

    r = sub.add_parser(
        "rehearse", help="rehearse a 1-2-1 with a partner in the terminal, then get the coach's report"
    )
    r.add_argument("--persona", help="partner id (see `coach personas`)")
    r.add_argument("--scenario", help="first-121 (default), follow-up-121 or came-to-sell")
    r.add_argument("--demo", action="store_true", help="watch a model 1-2-1: the product plays both sides")
    r.add_argument("--resume", metavar="SESSION_ID", help="continue a saved session")
    r.set_defaults(func=run_rehearse)


def run_personas(svc: Services, args: argparse.Namespace) -> int:
    """Print every persona: id, name, trade, difficulty and a one-line summary."""
    from app.core.roleplay import list_personas, list_scenarios
    from app.core.roleplay.personas import filter_personas

    personas = filter_personas(list_personas(svc.store), traits=args.trait, industry=args.industry)
    if args.json:
        print_json(
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "trade": p.trade,
                    "business": p.business,
                    "difficulty": p.difficulty,
                    "industry": p.industry,
                    "traits": p.traits,
                    "home": p.home,
                    "summary": p.summary,
                    "origin": p.origin,
                }
                for p in personas
            ]
        )
        return 0
    if not personas:
        print("No partner matches that. Try fewer traits, or `coach personas` for everyone.")
        return 0
    width = max(len(p.id) for p in personas)
    for p in personas:
        tags = ", ".join([p.industry, *p.traits])
        print(f"{p.id:<{width}}  {p.difficulty:<6}  {p.name} - {p.summary} [{tags}]")
    print("\nScenarios: " + ", ".join(f"{s.id} ({s.title})" for s in list_scenarios()))
    return 0


def _label(check_id: Any) -> str:
    """A check's plain-words label (its id only if it is unknown)."""
    from app.core.coach.registry import BY_ID

    check = BY_ID.get(str(check_id))
    return check.label if check else str(check_id)


def _hint(partner: Any, session: Any, hinted: set[str]) -> str:
    """The next missing check's hint (each given once); with no gap right now, the objective to keep to."""
    from app.core.coach import live_hint
    from app.core.roleplay.scenarios import fill

    found = live_hint(
        session.transcript(),
        last_hint_turn=None,
        every=1,
        skip=hinted,
        scenario=session.scenario.id,
        reader=partner.reader,
    )
    if found is not None:
        hinted.add(found.check_id)
        return found.text
    return f"keep to your objective - {fill(session.scenario.objective, session.persona)}"


def _say(out: TextIO, text: str = "") -> None:
    out.write(text + "\n")
    out.flush()


def _print_report(out: TextIO, report: dict[str, Any] | None) -> None:
    if report is None:
        _say(out, "The coach's report is not available for this session.")
        return
    _say(out, f"\n=== Coach's report - score {report.get('score')} ===")
    if report.get("summary"):
        _say(
            out,
            f"{report['summary']}"
            + (f" [{report['summary_origin']}]" if report.get("summary_origin") else ""),
        )
    for c in report.get("checks", []):
        _say(out, f"[{'x' if c.get('passed') else ' '}] {_label(c.get('id'))}: {c.get('reason', '')}")
        if c.get("evidence"):
            _say(out, f'      "{c["evidence"]}"')
    for key, title in (
        ("strengths", "Strengths"),
        ("improvements", "To improve"),
        ("next_actions", "Next actions"),
    ):
        items = report.get(key) or []
        if items:
            _say(out, f"\n{title}:")
            for item in items:
                _say(out, f"  - {item if isinstance(item, str) else item.get('text', item)}")
    for c in report.get("citations") or []:
        if isinstance(c, dict):
            _say(out, f'  Read: {c.get("title", c.get("source", ""))} - "{c.get("quote", "")}"')


def _stream(out: TextIO, session: Any, chunks: Any) -> None:
    """Print a streamed reply, then say which engine produced it (and why, on a fallback)."""
    name = session.persona.first_name
    out.write(f"{name}: ")
    for piece in chunks:
        out.write(piece)
        out.flush()
    turn = session.turns[-1]
    origin = turn.get("origin", "")
    note = ""
    if origin == "fallback":
        note = f" [the model's reply failed validation ({turn['meta'].get('reason')}); scripted partner answered]"
    elif origin:
        note = f" [{origin}]"
    _say(out, note)


def run_rehearse(
    svc: Services, args: argparse.Namespace, stdin: TextIO | None = None, out: TextIO | None = None
) -> int:
    """An interactive rehearsal reading lines from stdin; ends with the coach's report."""
    from app.core.roleplay import Partner, help_text, play_demo

    stdin, out = stdin or sys.stdin, out or sys.stdout
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")  # a stray non-UTF-8 byte must not end the rehearsal
    if args.resume and (args.demo or args.persona):
        raise InputError("Use --resume SESSION_ID on its own; --persona and --demo start a new session.")
    partner = Partner.from_services(svc)
    if args.resume:
        session = partner.resume(args.resume)
    elif args.persona:
        session = partner.start(args.persona, args.scenario, mode="demo" if args.demo else "rehearsal")
    else:
        raise InputError("Choose a partner with --persona ID (see `coach personas`), or --resume SESSION_ID.")
    _say(out, help_text(session.scenario, session.persona))
    _say(out, f"\nEngine: {partner.model.info.label}")
    _say(out, f"Session: {session.id}")
    if args.demo:
        _say(out, "Demo: watch a model 1-2-1 - both sides are played for you.\n")
        for turn in play_demo(partner, session):
            who = "Networker" if turn["speaker"] == "user" else session.persona.first_name
            _say(
                out,
                f"{who}: {turn['text']}" + (f" [{turn['origin']}]" if turn["speaker"] == "partner" else ""),
            )
        _print_report(out, partner.end(session))
        return 0
    _say(out, COMMANDS + "\n")
    hinted: set[str] = set()  # checks already hinted at in this run: the same hint is never repeated
    for turn in session.turns:
        who = "You" if turn["speaker"] == "user" else session.persona.first_name
        _say(out, f"{who}: {turn['text']}")
    while True:
        out.write("you> ")
        out.flush()
        line = stdin.readline()
        if not line:  # end of input ends the session like /end
            _say(out)
            break
        command = line.strip().lower()
        if command in ("/end", "/quit", "/exit"):
            break
        if command == "/help":
            _say(out, help_text(session.scenario, session.persona) + "\n" + COMMANDS)
            continue
        if command == "/hint":
            _say(out, f"Hint: {_hint(partner, session, hinted)}")
            continue
        try:
            if command == "/retry":
                _stream(out, session, partner.retry_stream(session))
            elif command.startswith("/"):
                _say(out, f"Unknown command {command!r}. {COMMANDS}")
            else:
                _stream(out, session, partner.reply_stream(session, line.rstrip("\r\n")))
        except InputError as err:
            _say(out, f"! {err}")
        except ModelError as err:
            _say(out, f"\n! {err} Your message is saved; type /retry to try again.")
    _print_report(out, partner.end(session))
    _say(out, f"Saved as session {session.id} (continue it with: coach rehearse --resume {session.id}).")
    return 0
