"""Sparse live hints during a rehearsal: at most one every few user turns, naming the next missing check.

The order and the turn from which each hint is fair come from the registry (`hint_from`): nobody should be
told to agree a next step two lines into the meeting. A check already passed is never hinted at again.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from app.core.coach.checks import run_checks
from app.core.coach.judges import CheckResult
from app.core.coach.registry import BY_ID, checks_for
from app.core.language import Reader, words
from app.core.transcript import Turn


@dataclass(frozen=True)
class Hint:
    """One live hint: what to do, which check it serves, and the turn it was given after."""

    text: str
    check_id: str
    turn_index: int


def _talk_share(turns: Sequence[Turn]) -> float:
    user = sum(len(words(t.text)) for t in turns if t.speaker == "user")
    total = sum(len(words(t.text)) for t in turns)
    return user / total if total else 0.0


def _gap(check: CheckResult, turns: Sequence[Turn]) -> bool:
    """Is this check a real gap right now? (balance mid-session is about the talk share only)."""
    if check.id == "balanced_talk":
        return _talk_share(turns) > BY_ID["balanced_talk"].numbers["max_share"]
    return not check.passed


def hint_order(scenario: str | None) -> list[str]:
    """Check ids in the order their hints are offered (by the turn from which each is fair)."""
    return [c.id for c in sorted(checks_for(scenario), key=lambda c: c.hint_from)]


def live_hint(
    turns: Sequence[Turn],
    *,
    last_hint_turn: int | None,
    every: int = 3,
    skip: Collection[str] = (),
    scenario: str | None = None,
    reader: Reader | None = None,
) -> Hint | None:
    """A hint for the most useful missing thing so far, or None (too soon since the last one, or no gap)."""
    if not turns or every < 1:
        return None
    since = sum(
        1
        for i, t in enumerate(turns)
        if t.speaker == "user" and (last_hint_turn is None or i > last_hint_turn)
    )
    if since < every:
        return None
    user_turns = sum(1 for t in turns if t.speaker == "user" and words(t.text))
    if not user_turns:
        return None
    results = {c.id: c for c in run_checks(turns, scenario=scenario, reader=reader)}
    for check_id in hint_order(scenario):
        if (
            user_turns >= BY_ID[check_id].hint_from
            and check_id not in skip
            and _gap(results[check_id], turns)
        ):
            return Hint(BY_ID[check_id].hint, check_id, len(turns) - 1)
    return None
