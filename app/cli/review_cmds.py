"""`coach review TRANSCRIPT.json [--json]`: score any 1-2-1 transcript with the coach's nine checks."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.output import engine_line, print_json
from app.core.coach import ADVICE, Report, review
from app.core.coach.report import require_user_words
from app.core.errors import CoachError
from app.core.services import Services
from app.core.transcript import Transcript, load_transcript

MAX_EVIDENCE_SHOWN = 200


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `review` command."""
    p = sub.add_parser(
        "review",
        help="score a 1-2-1 transcript: nine yes/no checks with evidence, advice and library citations",
        description='TRANSCRIPT.json is {"persona": id-or-null, "scenario": id-or-null, '
        '"turns": [{"speaker": "user"|"partner", "text": "..."}]}.',
    )
    p.add_argument("transcript", metavar="TRANSCRIPT.json", help="the transcript file to review")
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
    transcript = load_transcript(Path(args.transcript))
    require_user_words(transcript.turns)  # before any slow library work
    kb, kb_note = _knowledge(svc, not args.no_citations)
    model = svc.model if getattr(svc.model, "generative", False) else None
    report = review(transcript.turns, knowledge=kb, model=model)
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


def _clip(text: str) -> str:
    return text if len(text) <= MAX_EVIDENCE_SHOWN else text[:MAX_EVIDENCE_SHOWN].rsplit(" ", 1)[0] + " ..."


def render(report: Report, transcript: Transcript | None = None) -> str:
    """The human-readable report: each check with a tick or cross, its evidence and reason, then advice."""
    lines = ["1-2-1 review"]
    if transcript is not None and (transcript.persona or transcript.scenario):
        lines.append(f"Persona: {transcript.persona or '-'}   Scenario: {transcript.scenario or '-'}")
    lines += ["", f"Score: {report.score}/100 ({report.passed} of {len(report.checks)} checks passed)", ""]
    for c in report.checks:
        lines.append(f"{'✓' if c.passed else '✗'} {ADVICE[c.id].label}")
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
            lines.append(f"  [{ADVICE[cite.check].label}] {where} ({cite.source})")
            lines.append(f'      "{cite.quote}"')
    # Say why model prose is missing only when a model was asked for it (the engine line covers offline).
    dropped = report.summary_note if report.summary_origin == "none" and report.prompt_refs else None
    notes = [n for n in (report.citations_note, dropped) if n]
    if notes:
        lines += [""] + [f"Note: {n}" for n in notes]
    return "\n".join(lines) + "\n"
