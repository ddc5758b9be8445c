"""The nine yes/no checks, computed from the transcript alone (rules plus the embedding model).

Only the user's sentences count as the user's behaviour; partner lines matter only for whether a
next step was agreed. Lines aimed at the coach are removed before anything is counted (text.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.coach import rules
from app.core.coach.nextstep import find_next_step
from app.core.coach.semantic import Match, match
from app.core.coach.text import Sentence, asks, first_person, negated, second_person, split_sentences, words
from app.core.transcript import Turn

CHECK_IDS = (
    "asked_about_their_business",
    "asked_about_ideal_referral",
    "explained_own_ideal_client",
    "gave_trigger_phrases",
    "learned_personal_side",
    "offered_to_help_first",
    "agreed_next_step",
    "avoided_selling",
    "balanced_talk",
)
_REQUEST_ME = re.compile(
    r"\b(?:tell|walk|talk|take|fill) me\b"
)  # "tell me about the business" asks about them
MIN_QUESTIONS = 3
MAX_TALK_SHARE = 0.75

# (similarity to the best example, required lead over the best near miss), tuned on bench/bench_coach.py.
_SEMANTIC = {
    "asked_about_their_business": (0.55, 0.12),
    "asked_about_ideal_referral": (0.62, 0.12),
    "explained_own_ideal_client": (0.50, 0.10),
    "gave_trigger_phrases": (0.50, 0.15),
    "learned_personal_side": (0.55, 0.12),
    "offered_to_help_first": (0.55, 0.12),
    "avoided_selling": (0.58, 0.15),
}


@dataclass(frozen=True)
class CheckResult:
    """One check: passed or not, the verbatim line that shows it (or None), and a one-line reason."""

    id: str
    passed: bool
    evidence: str | None
    reason: str
    turn: int | None = None  # index of the turn the evidence comes from

    def to_dict(self) -> dict[str, object]:
        """The JSON shape: id, passed, evidence, reason."""
        return {"id": self.id, "passed": self.passed, "evidence": self.evidence, "reason": self.reason}


@dataclass
class _Session:
    """The sentences of a transcript and, for the user's, how close each is to every check's examples."""

    sentences: list[Sentence]
    user: list[Sentence]
    sem: dict[str, list[Match]]

    def scan(self, check: str, rule: Callable[[str], bool], gate: Callable[[str], bool]) -> Sentence | None:
        """First user sentence the rule accepts, else the first the embedding model accepts (gate applies to both)."""
        threshold, margin = _SEMANTIC[check]
        semantic_hit = None
        for i, s in enumerate(self.user):
            if not gate(s.norm):
                continue
            if rule(s.norm):
                return s
            if (
                semantic_hit is None
                and self.sem[check][i].hit(threshold, margin)
                and rules.semantic_gate(check, s.norm)
            ):
                semantic_hit = s
        return semantic_hit


def _where(s: Sentence) -> str:
    return f"turn {s.turn + 1}"


def _result(check: str, s: Sentence | None, yes: str, no: str) -> CheckResult:
    if s is None:
        return CheckResult(check, False, None, no)
    return CheckResult(check, True, s.text, f"{yes} ({_where(s)}).", s.turn)


def _asking_gate(norm: str) -> bool:
    return asks(norm) and not rules.pitch(norm)


def _to_them(norm: str) -> bool:
    """Addressed to the partner: says "you", or is an elliptical question with no "I" ("Any hobbies?")."""
    return second_person(norm) or not first_person(_REQUEST_ME.sub("", norm))


def check_business(ss: _Session) -> CheckResult:
    """asked_about_their_business."""
    s = ss.scan(
        "asked_about_their_business",
        rules.about_business,
        lambda n: _asking_gate(n) and not rules.self_referral(n) and _to_them(n),
    )
    return _result(
        "asked_about_their_business",
        s,
        "You asked about their business",
        "You did not ask what they do, how their business works or who their clients are.",
    )


def check_referral(ss: _Session) -> CheckResult:
    """asked_about_ideal_referral."""
    s = ss.scan(
        "asked_about_ideal_referral",
        rules.about_referral,
        lambda n: _asking_gate(n) and second_person(n) and not rules.self_referral(n),
    )
    return _result(
        "asked_about_ideal_referral",
        s,
        "You asked what a good referral looks like for them",
        "You did not ask about their ideal client, whom they want to meet or how to refer them.",
    )


def check_personal(ss: _Session) -> CheckResult:
    """learned_personal_side."""
    s = ss.scan(
        "learned_personal_side",
        rules.about_personal,
        lambda n: _asking_gate(n) and _to_them(n),
    )
    return _result(
        "learned_personal_side",
        s,
        "You asked about their personal side",
        "You did not ask about their goals, interests, family, hobbies or networks.",
    )


def check_own_client(ss: _Session) -> CheckResult:
    """explained_own_ideal_client: the user's own ideal client, described by who and situation."""
    threshold, margin = _SEMANTIC["explained_own_ideal_client"]
    vague_line = None
    for i, s in enumerate(ss.user):
        n = s.norm
        if asks(n):
            continue
        intro = rules.own_client_intro(n)
        if intro is None and not (
            ss.sem["explained_own_ideal_client"][i].hit(threshold, margin) and first_person(n)
        ):
            continue
        before = " ".join(n[: n.find(intro)].split()[-4:]) if intro else ""
        if intro and negated(before):
            continue
        if rules.specific_client(n):
            return CheckResult(
                "explained_own_ideal_client",
                True,
                s.text,
                f"You described who your ideal client is and their situation ({_where(s)}).",
                s.turn,
            )
        if vague_line is None and intro:
            vague_line = s
    if vague_line is not None:
        return CheckResult(
            "explained_own_ideal_client",
            False,
            vague_line.text,
            "You mentioned your clients, but only as a broad group - say who exactly and in what situation.",
            vague_line.turn,
        )
    return CheckResult(
        "explained_own_ideal_client", False, None, "You did not describe your own ideal client to them."
    )


def check_triggers(ss: _Session) -> CheckResult:
    """gave_trigger_phrases."""
    s = ss.scan(
        "gave_trigger_phrases",
        rules.trigger_line,
        lambda n: not asks(n) and first_person(n) or rules.trigger_line(n),
    )
    return _result(
        "gave_trigger_phrases",
        s,
        "You told them what to listen for",
        "You did not tell them the words or situations that signal a referral for you.",
    )


def check_offer(ss: _Session) -> CheckResult:
    """offered_to_help_first."""
    s = ss.scan(
        "offered_to_help_first",
        rules.offer_line,
        lambda n: first_person(n) and not rules.pitch(n) and not negated(n),
    )
    return _result(
        "offered_to_help_first",
        s,
        "You offered help or an introduction",
        "You did not offer an introduction, a referral, a resource or other help.",
    )


def check_next_step(ss: _Session) -> CheckResult:
    """agreed_next_step: either side, but agreed or committed with a time or an owner."""
    found = find_next_step(ss.sentences)
    s = found.sentence
    if found.agreed and s is not None:
        who = "you" if s.speaker == "user" else "they"
        how = (
            f"{who} committed to it" if found.how == "committed" else f"{who} proposed it and it was accepted"
        )
        return CheckResult(
            "agreed_next_step", True, s.text, f"A concrete next step: {how} ({_where(s)}).", s.turn
        )
    reasons = {
        "vague": "A next step was floated but had no time or owner - agree who does what, and when.",
        "declined": "A next step was suggested but not agreed.",
        "unanswered": "A next step was suggested but never answered.",
        "none": "No concrete next step (meeting, introduction, something to send) was agreed.",
    }
    return CheckResult(
        "agreed_next_step", False, s.text if s else None, reasons[found.how], s.turn if s else None
    )


def check_selling(ss: _Session) -> CheckResult:
    """avoided_selling: fails on the first pitch; evidence is that line."""
    s = ss.scan(
        "avoided_selling",
        rules.pitch,
        lambda n: second_person(n) and rules.may_pitch(n),
    )
    if s is None:
        return CheckResult(
            "avoided_selling", True, None, "You did not pitch your product or service to them."
        )
    return CheckResult(
        "avoided_selling", False, s.text, f"You pitched to them as a buyer ({_where(s)}).", s.turn
    )


def check_balance(ss: _Session) -> CheckResult:
    """balanced_talk: at least three questions and at most 75% of the words."""
    questions = sum(1 for s in ss.user if asks(s.norm))
    user_words = sum(len(words(s.text)) for s in ss.user)
    total = sum(len(words(s.text)) for s in ss.sentences)
    share = user_words / total if total else 1.0
    passed = questions >= MIN_QUESTIONS and share <= MAX_TALK_SHARE
    q = "question" if questions == 1 else "questions"
    reason = (
        f"You asked {questions} {q} and spoke {round(share * 100)}% of the words "
        f"(aim: at least {MIN_QUESTIONS} questions and at most {round(MAX_TALK_SHARE * 100)}%)."
    )
    return CheckResult("balanced_talk", passed, None, reason)


_CHECKS = (
    check_business,
    check_referral,
    check_own_client,
    check_triggers,
    check_personal,
    check_offer,
    check_next_step,
    check_selling,
    check_balance,
)


def run_checks(turns: Sequence[Turn]) -> list[CheckResult]:
    """All nine checks, in the fixed order of CHECK_IDS."""
    sentences = split_sentences(turns)
    user = [s for s in sentences if s.speaker == "user"]
    session = _Session(sentences, user, match([s.text for s in user]))
    return [check(session) for check in _CHECKS]
