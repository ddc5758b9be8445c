"""What the coach says about each check, from the registry (knowledge/coach/checks.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.coach.registry import CHECKS


@dataclass(frozen=True)
class Advice:
    """The fixed texts of one check."""

    label: str  # short title shown next to the tick or cross
    strength: str  # said when the check passed
    improvement: str  # "next time ..." advice when it failed
    hint: str  # a live hint during the rehearsal
    query: str  # what to look up in the knowledge library when it failed


ADVICE: dict[str, Advice] = {
    c.id: Advice(c.label, c.strength, c.improvement, c.hint, c.query) for c in CHECKS
}


def improvement_for(check_id: str, reason: str) -> str:
    """The advice for a failed check; the balance advice quotes the numbers from the reason."""
    advice = ADVICE[check_id].improvement
    if check_id == "balanced_talk":
        return f"{reason.split(' (aim')[0]}. {advice}"
    return advice
