"""Render the coach's report (a `Report.to_dict()`): score, every check with its evidence, advice, sources.

Plain words on screen; how the report was made (engine, rubric and prompt versions) sits in an expander
for the curious. The number of checks comes from the report: scenarios add their own checks.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

MARKS = {True: ":green[✓]", False: ":red[✗]"}


def check_label(check_id: str) -> str:
    """A check's plain-words label ('Asked about their business'); never a raw id on screen."""
    from app.core.coach.registry import BY_ID

    check = BY_ID.get(check_id)
    return check.label if check else check_id.replace("_", " ").strip().capitalize()


def _bullets(items: list[Any]) -> str:
    return "\n".join(f"- {i if isinstance(i, str) else i.get('text', i)}" for i in items)


def render_report(report: dict[str, Any]) -> None:
    """Show a report: headline numbers, what to do next, then each check with the line that earned it."""
    checks = report.get("checks") or []
    passed = sum(1 for c in checks if c.get("passed"))
    a, b = st.columns(2)
    a.metric("Score", f"{report.get('score', 0)}/100")
    b.metric("Checks passed", f"{passed} of {len(checks)}")
    if report.get("summary"):
        st.markdown(report["summary"])

    left, right = st.columns(2)
    with left:
        if report.get("next_actions"):
            st.markdown("#### Next actions")
            st.markdown(_bullets(report["next_actions"]))
    with right:
        if report.get("improvements"):
            st.markdown("#### Next time")
            st.markdown(_bullets(report["improvements"]))

    st.markdown(f"#### The {len(checks)} checks")
    for check in checks:
        line = f"{MARKS[bool(check.get('passed'))]} **{check_label(str(check.get('id')))}**"
        if check.get("evidence"):
            line += f" — “{check['evidence']}”"
        st.markdown(line)
        if check.get("reason"):
            st.caption(check["reason"])

    if report.get("strengths"):
        st.markdown("#### What went well")
        st.markdown(_bullets(report["strengths"]))

    cites = report.get("citations") or []
    if cites:
        st.markdown("#### Further reading from the library")
        for cite in cites:
            heading = str(cite.get("heading") or "").split(" > ")[-1]
            title = f"{cite.get('title', '')}" + (
                f" › {heading}" if heading and heading != cite.get("title") else ""
            )
            with st.expander(f"{check_label(str(cite.get('check', '')))}: {title}", expanded=False):
                st.markdown(f"> {cite.get('quote', '')}")
                st.caption(f"From the library article “{cite.get('title', '')}”")
    if report.get("citations_note"):
        st.caption(report["citations_note"])
    _how_it_was_made(report)


def _how_it_was_made(report: dict[str, Any]) -> None:
    """The technical trail (engine, judges, rubric and prompt versions), out of the way."""
    with st.expander("How this report was made"):
        lines = []
        if report.get("checks_origin"):
            lines.append(f"Checks: {report['checks_origin']}.")
        by_model = [
            check_label(str(c.get("id"))) for c in report.get("checks") or [] if c.get("judge") == "model"
        ]
        if by_model:
            lines.append("Judged with the help of the model: " + ", ".join(by_model) + ".")
        if report.get("judge_note"):
            lines.append(str(report["judge_note"]))
        if report.get("summary_origin") not in (None, "", "none"):
            lines.append(f"Summary: {report['summary_origin']}.")
        elif report.get("summary_note"):
            lines.append(str(report["summary_note"]))
        if report.get("engine"):
            lines.append(f"Engine: {report['engine']}.")
        refs = [r for r in [report.get("rubric"), *(report.get("prompt_refs") or [])] if r]
        if refs:
            lines.append("Versions: " + ", ".join(str(r) for r in refs) + ".")
        for cite in report.get("citations") or []:
            if cite.get("source"):
                lines.append(f"Source of “{cite.get('title', '')}”: {cite['source']}.")
        st.caption("\n\n".join(lines) or "Nothing more to tell.")
