"""Render the coach's report (a `Report.to_dict()`): score, the nine checks with evidence, advice, sources."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.core.coach import ADVICE


def check_label(check_id: str) -> str:
    """The human title of a check ('Asked about their business')."""
    advice = ADVICE.get(check_id)
    return advice.label if advice else check_id.replace("_", " ").capitalize()


def render_report(report: dict[str, Any]) -> None:
    """Show a report; every check has a tick or cross, the line that earned it, and why."""
    checks = report.get("checks") or []
    passed = sum(1 for c in checks if c.get("passed"))
    a, b, c = st.columns(3)
    a.metric("Score", f"{report.get('score', 0)}/100")
    b.metric("Checks passed", f"{passed} of {len(checks)}")
    c.metric("Things to work on", str(len(checks) - passed))
    if report.get("summary"):
        st.markdown(report["summary"])
        if report.get("summary_origin") not in (None, "", "none"):
            st.caption(f"Summary: {report['summary_origin']} · {report.get('engine', '')}")
    elif report.get("summary_note"):
        st.caption(report["summary_note"])

    st.markdown("#### The nine checks")
    for check in checks:
        mark = ":green[✓]" if check.get("passed") else ":red[✗]"
        with st.container(border=True):
            st.markdown(f"{mark} **{check_label(str(check.get('id')))}**")
            if check.get("evidence"):
                st.markdown(f"> “{check['evidence']}”")
            st.caption(check.get("reason") or "")
    if report.get("checks_origin"):
        st.caption(f"Checks by {report['checks_origin']}; rubric {report.get('rubric', '')}.")

    left, right = st.columns(2)
    with left:
        if report.get("strengths"):
            st.markdown("#### What went well")
            st.markdown("\n".join(f"- {s}" for s in report["strengths"]))
        if report.get("next_actions"):
            st.markdown("#### Next actions")
            st.markdown("\n".join(f"- {s}" for s in report["next_actions"]))
    with right:
        if report.get("improvements"):
            st.markdown("#### Next time")
            st.markdown("\n".join(f"- {s}" for s in report["improvements"]))

    cites = report.get("citations") or []
    if cites:
        st.markdown("#### Further reading from the library")
        for cite in cites:
            heading = str(cite.get("heading") or "").split(" > ")[-1]
            title = f"{cite.get('title', '')}" + (f" › {heading}" if heading and heading != cite.get("title") else "")
            with st.expander(f"{check_label(str(cite.get('check', '')))}: {title}", expanded=False):
                st.markdown(f"> {cite.get('quote', '')}")
                st.caption(f"Source: {cite.get('source', '')}")
    if report.get("citations_note"):
        st.caption(report["citations_note"])
