"""Markdown export of a rehearsal: persona, scenario, turns, report, engine and prompt versions."""

from __future__ import annotations

import time
from typing import Any

from app.core.roleplay.scenarios import fill
from app.core.roleplay.session import RehearsalSession

ORIGIN_NOTES = {"model": "", "scripted": " *(scripted)*", "fallback": " *(scripted fallback)*", "user": ""}


def _label(check_id: object) -> str:
    """A check's plain-words label (its id only when it is unknown)."""
    try:
        from app.core.coach.registry import BY_ID
    except ImportError:  # the coach is optional for exports
        return str(check_id)
    check = BY_ID.get(str(check_id))
    return check.label if check else str(check_id)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _report_md(report: dict[str, Any]) -> list[str]:
    out = ["## Coach's report", ""]
    if report.get("score") is not None:
        out += [f"**Score:** {report['score']}", ""]
    if report.get("summary"):
        origin = f" ({report['summary_origin']})" if report.get("summary_origin") else ""
        out += [f"**Summary**{origin}: {report['summary']}", ""]
    for check in report.get("checks", []):
        mark = "yes" if check.get("passed") else "no"
        by = " (judged by the model)" if check.get("judge") == "model" else ""
        out.append(f"- **{_label(check.get('id'))}**: {mark}{by} - {check.get('reason', '')}")
        if check.get("evidence"):
            out.append(f'  - evidence: "{check["evidence"]}"')
    for key, title in (
        ("strengths", "Strengths"),
        ("improvements", "To improve"),
        ("next_actions", "Next actions"),
    ):
        items = report.get(key) or []
        if items:
            out += [
                "",
                f"### {title}",
                *[f"- {i if isinstance(i, str) else i.get('text', i)}" for i in items],
            ]
    cites = report.get("citations") or []
    if cites:
        out += ["", "### Further reading"]
        for c in cites:
            if isinstance(c, dict):
                out.append(f'- {c.get("title", c.get("source", ""))}: "{c.get("quote", "")}"')
    return out + [""]


def export_markdown(session: RehearsalSession) -> str:
    """The whole session as a Markdown document."""
    p, s = session.persona, session.scenario
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.created_at)) if session.created_at else ""
    out = [
        f"# 1-2-1 rehearsal: {p.name} - {s.title}",
        "",
        f"- **Date:** {when}",
        f"- **Mode:** {session.mode}",
        f"- **Status:** {session.status}",
        f"- **Engine:** {session.engine}",
        f"- **Prompt versions:** {', '.join(session.prompt_refs) or 'none (scripted partner)'}",
        "",
        "## Partner",
        "",
        f"**{p.name}** - {p.trade}, {p.business}. Difficulty: {p.difficulty}. Persona origin: {p.origin}.",
        "",
        f"*{p.personality}*",
        "",
        "## Scenario",
        "",
        f"**Objective:** {fill(s.objective, p)}",
        "",
        f"**What you knew:** {fill(s.you_know, p)}",
        "",
        "## Conversation",
        "",
    ]
    fallbacks = 0
    for turn in session.turns:
        who = "You" if turn["speaker"] == "user" else p.first_name
        note = ORIGIN_NOTES.get(turn.get("origin", ""), "")
        if turn.get("origin") == "fallback":
            fallbacks += 1
            reason = (turn.get("meta") or {}).get("reason")
            note = f" *(scripted fallback: {reason})*" if reason else note
        out += [f"**{who}**{note}:", "", _quote(turn["text"]), ""]
    if fallbacks:
        out += [
            f"*{fallbacks} model repl{'y' if fallbacks == 1 else 'ies'} failed validation and were answered by the scripted partner.*",
            "",
        ]
    facts = session.memory.facts or {}
    if facts or session.memory.next_step:
        out += ["## What you learned", ""]
        out += [f"- **{k.replace('_', ' ')}:** {v}" for k, v in facts.items()]
        if session.memory.next_step:
            out.append(f"- **next step:** {session.memory.next_step}")
        out.append("")
    if session.report:
        out += _report_md(session.report)
    return "\n".join(out).rstrip() + "\n"
