"""Run the coach's checks on a transcript: one verdict per check that applies to its scenario.

Only the user's units count as the user's behaviour; partner units matter for whether a next step was
agreed and whether the partner pitched. Lines aimed at the coach are left out before anything is judged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from app.core.coach.conversation import Conversation
from app.core.coach.judges import JUDGES, CheckResult
from app.core.coach.registry import CORE_IDS, checks_for
from app.core.language import Reader
from app.core.transcript import Turn

CHECK_IDS = CORE_IDS
__all__ = ["CHECK_IDS", "CheckResult", "judge_conversation", "run_checks"]


def spread_evidence(results: list[CheckResult]) -> list[CheckResult]:
    """Give passed checks different quotes where a check has an equally good line of its own.

    Checks with no alternative keep their line. The others are seated one by one on their best free line;
    a check whose preferred line is taken may move an earlier check to another of that check's own lines
    (an augmenting path, as in bipartite matching), so two checks share a quote only when one of them has
    no equally good alternative.
    """
    fixed = {r.evidence for r in results if r.evidence is not None and not (r.passed and r.alternatives)}
    flexible = [r for r in results if r.passed and r.alternatives]
    options = {r.id: [(r.evidence, r.turn, r.reason), *r.alternatives] for r in flexible}
    # A passed check's own evidence is never None, but CheckResult types it for every verdict.
    owner: dict[str | None, str] = {}
    seat: dict[str, tuple[str | None, int | None, str]] = {}

    def place(check: str, seen: set[str | None]) -> bool:
        for option in options[check]:
            line = option[0]
            if line in fixed or line in seen:
                continue
            seen.add(line)
            if line not in owner or place(owner[line], seen):
                owner[line] = check
                seat[check] = option
                return True
        return False

    for r in flexible:
        if not place(r.id, set()):
            seat[r.id] = options[r.id][0]  # every line of its own is taken: share its best one
    out = []
    for r in results:
        if r.id in seat:
            text, turn, reason = seat[r.id]
            r = replace(r, evidence=text, turn=turn, reason=reason)
        out.append(r)
    return out


def judge_conversation(conv: Conversation) -> list[CheckResult]:
    """Every applicable check's verdict on an already-read conversation, in report order."""
    return spread_evidence([JUDGES[c.judge](c, conv) for c in checks_for(conv.scenario)])


def run_checks(
    turns: Sequence[Turn], *, scenario: str | None = None, reader: Reader | None = None
) -> list[CheckResult]:
    """Read the transcript once and judge every check that applies to `scenario`."""
    return judge_conversation(Conversation.read(turns, scenario=scenario, reader=reader))
