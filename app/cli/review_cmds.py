"""`coach review TRANSCRIPT [--me NAME] [--json]`: score any 1-2-1 transcript with the coach's checks.

A transcript is JSON or plain text ("Me:"/"Them:" lines, or "Name:" lines with --me NAME when it is not
clear which speaker is you). The report names every check in plain words, never by its id.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.output import engine_line, print_json
from app.core.coach import Report, review
from app.core.coach.registry import BY_ID
from app.core.coach.report import require_user_words
from app.core.errors import CoachError
from app.core.services import Services
from app.core.transcript import Transcript, load_transcript

MAX_EVIDENCE_SHOWN = 200


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `review` command."""
    p = sub.add_parser(
        "review",
        help="score a 1-2-1 transcript (JSON or plain text): yes/no checks with evidence, advice and citations",
        description='TRANSCRIPT is JSON - {"persona": id-or-null, "scenario": id-or-null, '
        '"turns": [{"speaker": "user"|"partner", "text": "..."}]} - or plain text with one line per turn: '
        '"Me: ..." / "Them: ...", or "Name: ..." (you are the speaker who is not the partner; say which with '
        "--me NAME when that is not clear). Lines without a speaker continue the previous turn.",
    )
    p.add_argument("transcript", metavar="TRANSCRIPT.json|.txt", help="the transcript file to review")
    p.add_argument(
        "--me", metavar="NAME", help='in a plain-text transcript with "Name:" lines, which name is you'
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--no-citations", action="store_true", help="skip looking up library passages for missed checks"
    )
    p.set_defaults(func=run)


def _knowledge(svc: Services, wanted: bool) -> tuple[Any | None, str | None]:
    """The knowledge library, or None with a note when it is switched off or cannot be opened."""
    if not wanted:
        return None, None
    try:
        kb = svc.knowledge
        if hasattr(kb, "ensure_library"):
            kb.ensure_library(progress=_slow_progress())
    except ImportError:
        return None, "Library citations are not available in this installation."
    except CoachError as err:
        return None, f"Library citations are missing because the library could not be opened: {err}"
    return kb, None


def _slow_progress() -> Callable[[int, int, str], None]:
    """Show library indexing progress on stderr, but only when it takes long enough to notice (first run)."""
    start: float | None = None
    shown = False

    def report(done: int, total: int, _source: str) -> None:
        """Write one progress line once indexing has run for more than a second."""
        nonlocal shown, start
        # Timed from the first file: checking an up-to-date library is quick and should stay silent.
        start = time.monotonic() if start is None else start
        if time.monotonic() - start > 1.0 or shown:
            shown = True
            end = "\n" if done == total else ""
            sys.stderr.write(f"\rIndexing the knowledge library for citations: {done}/{total}{end}")
            sys.stderr.flush()

    return report


def run(svc: Services, args: argparse.Namespace) -> int:
    """Load, validate and review the transcript; print the report."""
    transcript = load_transcript(
        Path(args.transcript), me=getattr(args, "me", None), partner_names=_partner_names(svc)
    )
    require_user_words(transcript.turns)  # before any slow library work
    kb, kb_note = _knowledge(svc, not args.no_citations)
    model = svc.model if getattr(svc.model, "generative", False) else None
    report = review(transcript.turns, knowledge=kb, model=model, scenario=transcript.scenario)
    if kb_note and not report.citations_note:
        report.citations_note = kb_note
    engine_line(report.engine)
    if args.json:
        data = report.to_dict()
        data["persona"], data["scenario"] = transcript.persona, transcript.scenario
        print_json(data)
    else:
        sys.stdout.write(render(report, transcript))
        sys.stdout.flush()
    return 0


def _partner_names(svc: Services) -> list[str]:
    """Names of the rehearsal partners (built-in and your own): a "Name:" speaker among them is the partner."""
    from app.core.roleplay.personas import list_personas

    try:
        personas = list_personas(svc.store)
    except CoachError:  # the names only help to guess who is who; --me still works without them
        return []
    return [n for p in personas for n in (p.name, p.first_name)]


def label(check_id: str) -> str:
    """A check's plain-words label (the id, made readable, only for a check this version does not know)."""
    check = BY_ID.get(check_id)
    return check.label if check else check_id.replace("_", " ").capitalize()


def _clip(text: str) -> str:
    return text if len(text) <= MAX_EVIDENCE_SHOWN else text[:MAX_EVIDENCE_SHOWN].rsplit(" ", 1)[0] + " ..."


def render(report: Report, transcript: Transcript | None = None) -> str:
    """The human-readable report: each check with a tick or cross, its evidence and reason, then advice."""
    lines = ["1-2-1 review"]
    if transcript is not None and (transcript.persona or transcript.scenario):
        lines.append(f"Persona: {transcript.persona or '-'}   Scenario: {transcript.scenario or '-'}")
    lines += ["", f"Score: {report.score}/100 ({report.passed} of {len(report.checks)} checks passed)", ""]
    for c in report.checks:
        lines.append(f"{'✓' if c.passed else '✗'} {label(c.id)}")
        if c.evidence:
            lines.append(f'    "{_clip(c.evidence)}"')
        lines.append(f"    {c.reason}")
    if report.summary:
        lines += ["", "Summary", f"  {report.summary}"]
    sections = (
        ("Strengths", report.strengths),
        ("Next time", report.improvements),
        ("Next actions", report.next_actions),
    )
    for title, items in sections:
        if items:
            lines += ["", title] + [f"  - {item}" for item in items]
    if report.citations:
        lines += ["", "From the library"]
        for cite in report.citations:
            heading = cite.heading.removeprefix(cite.title).lstrip(" >") if cite.heading else ""
            where = f"{cite.title} > {heading}" if heading else cite.title
            lines.append(f"  [{label(cite.check)}] {where} ({cite.source})")
            lines.append(f'      "{cite.quote}"')
    # Say why model prose is missing only when a model was asked for it (the engine line covers offline).
    dropped = report.summary_note if report.summary_origin == "none" and report.prompt_refs else None
    notes = [n for n in (report.citations_note, dropped) if n]
    if notes:
        lines += [""] + [f"Note: {n}" for n in notes]
    return "\n".join(lines) + "\n"
