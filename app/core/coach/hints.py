"""Sparse live hints during a rehearsal: at most one every few user turns, on the most useful gap."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from app.core.coach.advice import ADVICE
from app.core.coach.checks import MAX_TALK_SHARE, CheckResult, run_checks
from app.core.coach.text import words
from app.core.transcript import Turn

# Which gap to point at, most useful first, and from which user turn on it is fair to mention it:
# nobody should be told to agree a next step two lines into the meeting.
_PLAN: tuple[tuple[str, int], ...] = (
    ("avoided_selling", 1),
    ("asked_about_their_business", 3),
    ("balanced_talk", 4),
    ("learned_personal_side", 5),
    ("asked_about_ideal_referral", 6),
    ("explained_own_ideal_client", 7),
    ("offered_to_help_first", 8),
    ("gave_trigger_phrases", 9),
    ("agreed_next_step", 10),
)


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
        return _talk_share(turns) > MAX_TALK_SHARE
    return not check.passed


def live_hint(
    turns: Sequence[Turn], *, last_hint_turn: int | None, every: int = 3, skip: Collection[str] = ()
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
    results = {c.id: c for c in run_checks(turns)}
    for check_id, from_turn in _PLAN:
        if user_turns >= from_turn and check_id not in skip and _gap(results[check_id], turns):
            return Hint(ADVICE[check_id].hint, check_id, len(turns) - 1)
    return None
