"""The end-of-session report: the checks, score, strengths, improvements, next actions, citations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.coach.advice import ADVICE, improvement_for
from app.core.coach.checks import judge_conversation
from app.core.coach.citations import CoachCitation, Searchable, cite_failed
from app.core.coach.conversation import Conversation
from app.core.coach.judges import CheckResult
from app.core.coach.registry import RUBRIC_VERSION
from app.core.coach.summary import summarise
from app.core.errors import InputError
from app.core.language import Reader, words
from app.core.llm.base import ChatModel, EngineInfo
from app.core.transcript import Turn

CHECKS_ORIGIN = "the built-in coach, which reads what each of your sentences does (the same on every engine)"
_QUOTE_IN_PROSE = 110


@dataclass
class Report:
    """Everything the coach says about one transcript; `to_dict()` is what `coach review --json` prints."""

    checks: list[CheckResult]
    score: int
    strengths: list[str]
    improvements: list[str]
    next_actions: list[str]
    citations: list[CoachCitation]
    engine: str
    prompt_refs: list[str] = field(default_factory=list)
    summary: str | None = None
    summary_origin: str = "none"
    summary_note: str = ""
    citations_note: str | None = None
    scenario: str | None = None
    judge_note: str = ""

    @property
    def passed(self) -> int:
        """How many checks passed."""
        return sum(c.passed for c in self.checks)

    def check(self, check_id: str) -> CheckResult:
        """One check by id (KeyError for an unknown id)."""
        for c in self.checks:
            if c.id == check_id:
                return c
        raise KeyError(check_id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the fixed keys first."""
        return {
            "checks": [c.to_dict() for c in self.checks],
            "score": self.score,
            "strengths": list(self.strengths),
            "improvements": list(self.improvements),
            "next_actions": list(self.next_actions),
            "citations": [c.to_dict() for c in self.citations],
            "passed": self.passed,
            "total": len(self.checks),
            "summary": self.summary,
            "summary_origin": self.summary_origin,
            "summary_note": self.summary_note,
            "citations_note": self.citations_note,
            "engine": self.engine,
            "checks_origin": CHECKS_ORIGIN,
            "judge_note": self.judge_note,
            "scenario": self.scenario,
            "rubric": RUBRIC_VERSION,
            "prompt_refs": list(self.prompt_refs),
        }


def score_of(checks: Sequence[CheckResult]) -> int:
    """Passed checks as a share of all checks, 0-100, rounded."""
    return round(sum(c.passed for c in checks) / len(checks) * 100) if checks else 0


def _short(text: str) -> str:
    return text if len(text) <= _QUOTE_IN_PROSE else text[:_QUOTE_IN_PROSE].rsplit(" ", 1)[0] + "..."


def strengths_of(checks: Sequence[CheckResult]) -> list[str]:
    """One line of praise per passed check, quoting the line that earned it."""
    out = []
    for c in checks:
        if c.passed:
            said = f' ("{_short(c.evidence)}")' if c.evidence else ""
            out.append(f"{ADVICE[c.id].strength}{said}")
    return out


def improvements_of(checks: Sequence[CheckResult]) -> list[str]:
    """One concrete piece of advice per failed check."""
    return [improvement_for(c.id, c.reason) for c in checks if not c.passed]


def next_actions_of(checks: Sequence[CheckResult]) -> list[str]:
    """Two to four things to do after this 1-2-1, most pressing first."""
    by = {c.id: c for c in checks}
    actions = []
    step = by["agreed_next_step"]
    if step.passed and step.evidence:
        actions.append(f'Do what was agreed, on time: "{_short(step.evidence)}"')
    if by["offered_to_help_first"].passed:
        actions.append(
            "Deliver the introduction or help you offered within 48 hours, before asking for anything."
        )
    close = "confirm the next step" if step.passed else "suggest a next step"
    actions.append(
        f"Send a short follow-up within 24-48 hours: thank them, mention one thing you learned and {close}."
    )
    if not step.passed:
        actions.append("Book the next 1-2-1: offer two specific times in your follow-up.")
    if by["asked_about_ideal_referral"].passed:
        actions.append("Write down their ideal referral and listen for it this week.")
    elif len(actions) < 4:
        actions.append("Ask them, in your follow-up or next meeting, who their ideal referral is.")
    if not (by["explained_own_ideal_client"].passed and by["gave_trigger_phrases"].passed):
        actions.append("Send them a short 'how to refer me' note: your ideal client and two trigger phrases.")
    return actions[:4]


def require_user_words(turns: Sequence[Turn]) -> None:
    """Raise InputError when the user has said nothing that could be reviewed."""
    if not any(t.speaker == "user" and words(t.text) for t in turns):
        raise InputError("There is nothing to review yet: the conversation has no words from you.")


def review(
    turns: Sequence[Turn],
    *,
    knowledge: Searchable | None = None,
    model: ChatModel | None = None,
    scenario: str | None = None,
    reader: Reader | None = None,
) -> Report:
    """Score a 1-2-1 transcript: the checks for its scenario, library citations and optional model prose."""
    require_user_words(turns)
    conv = Conversation.read(turns, scenario=scenario, reader=reader)
    checks = judge_conversation(conv)
    judge_note = ""
    if model is not None and getattr(model, "generative", False):
        from app.core.coach.model_judge import judge_with_model

        checks, judge_note = judge_with_model(model, conv, checks)
    score = score_of(checks)
    citations, citations_note = cite_failed(checks, knowledge)
    summary = summarise(model, checks, score)
    engine = (model.info if model is not None else EngineInfo(engine="offline", model="none")).label
    return Report(
        checks=checks,
        score=score,
        strengths=strengths_of(checks),
        improvements=improvements_of(checks),
        next_actions=next_actions_of(checks),
        citations=citations,
        engine=engine,
        prompt_refs=[summary.prompt_ref] if summary.prompt_ref else [],
        summary=summary.text,
        summary_origin=summary.origin,
        summary_note=summary.note,
        citations_note=citations_note,
        scenario=scenario,
        judge_note=judge_note,
    )
