"""The nine yes/no checks, computed from the transcript alone (rules plus the embedding model).

Only the user's sentences count as the user's behaviour; partner lines matter only for whether a
next step was agreed. Lines aimed at the coach are removed before anything is counted (text.py).
Each check collects every line that shows it, ranked by how directly it does; the evidence quoted is
a line of the best rank, and checks are given different lines where an equally good one exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.coach import rules
from app.core.coach.nextstep import next_step_candidates
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


@dataclass(frozen=True)
class _Candidate:
    """A line that shows a check, with how directly it shows it (for choosing the evidence to quote)."""

    sentence: Sentence
    quality: int  # how directly the line shows the check: only the best tier is ever quoted
    fit: float = 0.0  # orders lines of the same tier (higher first) before the earliest is taken
    how: str = ""  # check-specific detail for the reason (how a next step was agreed)


@dataclass
class _Verdict:
    """A check's outcome before its evidence is chosen: the candidate lines and how to word the result."""

    check: str
    passed: bool
    candidates: list[_Candidate]
    explain: Callable[[_Candidate | None], CheckResult]


@dataclass
class _Session:
    """The sentences of a transcript and, for the user's, how close each is to every check's examples."""

    sentences: list[Sentence]
    user: list[Sentence]
    sem: dict[str, list[Match]]

    def candidates(
        self, check: str, strength: Callable[[str], int], gate: Callable[[str], bool]
    ) -> list[_Candidate]:
        """Every user sentence that shows the check, rule matches (by strength) above embedding-only ones."""
        threshold, margin = _SEMANTIC[check]
        found = []
        for i, s in enumerate(self.user):
            if not gate(s.norm):
                continue
            level = strength(s.norm)
            if level:
                # Rule matches of one tier are equally direct: the earliest is where the user first did it.
                found.append(_Candidate(s, level + 1))
            elif self.sem[check][i].hit(threshold, margin) and rules.semantic_gate(check, s.norm):
                # Lines only the embedding model accepts: the closest to the examples is the surest.
                found.append(_Candidate(s, 1, self.sem[check][i].positive))
        return found


def _where(s: Sentence) -> str:
    return f"turn {s.turn + 1}"


def _verdict(check: str, found: list[_Candidate], yes: str, no: str) -> _Verdict:
    def explain(c: _Candidate | None) -> CheckResult:
        if c is None:
            return CheckResult(check, False, None, no)
        return CheckResult(check, True, c.sentence.text, f"{yes} ({_where(c.sentence)}).", c.sentence.turn)

    return _Verdict(check, bool(found), found, explain)


def _asking_gate(norm: str) -> bool:
    return asks(norm) and not rules.pitch(norm)


def _to_them(norm: str) -> bool:
    """Addressed to the partner: says "you", or is an elliptical question with no "I" ("Any hobbies?")."""
    return second_person(norm) or not first_person(_REQUEST_ME.sub("", norm))


def _level(rule: Callable[[str], bool]) -> Callable[[str], int]:
    """A yes/no rule as a one-tier strength."""
    return lambda n: int(rule(n))


def check_business(ss: _Session) -> _Verdict:
    """asked_about_their_business."""
    found = ss.candidates(
        "asked_about_their_business",
        rules.business_strength,
        # Time away from the business is the personal side, however close it sounds to "What do you do?".
        lambda n: _asking_gate(n) and not rules.self_referral(n) and _to_them(n) and not rules.off_work(n),
    )
    return _verdict(
        "asked_about_their_business",
        found,
        "You asked about their business",
        "You did not ask what they do, how their business works or who their clients are.",
    )


def check_referral(ss: _Session) -> _Verdict:
    """asked_about_ideal_referral."""
    found = ss.candidates(
        "asked_about_ideal_referral",
        rules.referral_strength,
        lambda n: _asking_gate(n) and second_person(n) and not rules.self_referral(n),
    )
    return _verdict(
        "asked_about_ideal_referral",
        found,
        "You asked what a good referral looks like for them",
        "You did not ask about their ideal client, whom they want to meet or how to refer them.",
    )


def check_personal(ss: _Session) -> _Verdict:
    """learned_personal_side."""
    found = ss.candidates(
        "learned_personal_side",
        _level(rules.about_personal),
        lambda n: _asking_gate(n) and _to_them(n) and not rules.work_time(n),
    )
    return _verdict(
        "learned_personal_side",
        found,
        "You asked about their personal side",
        "You did not ask about their goals, interests, family, hobbies or networks.",
    )


def _answer_to_own_question(ss: _Session, i: int) -> Sentence | None:
    """The statement that answers a question the user put to themselves ("My ideal client? Builders who ...")."""
    s = ss.user[i]
    if not rules.own_client_question(s.norm):
        return None
    nxt = ss.user[i + 1] if i + 1 < len(ss.user) else None
    if nxt is None or nxt.turn != s.turn or asks(nxt.norm):
        return None
    return nxt


def check_own_client(ss: _Session) -> _Verdict:
    """explained_own_ideal_client: the user's own ideal client, described by who and situation."""
    check = "explained_own_ideal_client"
    threshold, margin = _SEMANTIC[check]
    specific: list[_Candidate] = []
    broad: list[_Candidate] = []
    answered: set[int] = set()  # indexes of sentences already judged as the answer to a rhetorical question
    for i, s in enumerate(ss.user):
        n = s.norm
        answer = _answer_to_own_question(ss, i)
        if answer is not None:
            # A rhetorical question and its answer are one description: judge the answer on its own.
            answered.add(i + 1)
            if rules.specific_client(answer.norm) and not rules.others_client(answer.norm):
                specific.append(_Candidate(answer, 2 + rules.client_detail(answer.norm)))
            continue
        if asks(n) or rules.reported(n) or i in answered:
            continue
        if rules.others_client(n):
            continue  # "your ideal client is ...", "my wife's clients are ...": not the user's own
        intro = rules.own_client_intro(n)
        semantic = ss.sem[check][i].hit(threshold, margin) and first_person(n) and not second_person(n)
        if intro is None and not semantic:
            continue
        before = " ".join(n[: n.find(intro)].split()[-4:]) if intro else ""
        if intro and negated(before):
            continue
        if rules.specific_client(n):
            quality = 2 + rules.client_detail(n) if intro else 1
            specific.append(_Candidate(s, quality, 0.0 if intro else ss.sem[check][i].positive))
        elif intro:
            broad.append(_Candidate(s, 1))

    def explain(c: _Candidate | None) -> CheckResult:
        if c is None:
            return CheckResult(check, False, None, "You did not describe your own ideal client to them.")
        s = c.sentence
        if specific:
            return CheckResult(
                check,
                True,
                s.text,
                f"You described who your ideal client is and their situation ({_where(s)}).",
                s.turn,
            )
        return CheckResult(
            check,
            False,
            s.text,
            "You mentioned your clients, but only as a broad group - say who exactly and in what situation.",
            s.turn,
        )

    # Only the first broad line is quoted for a miss: it is where the description went wrong.
    return _Verdict(check, bool(specific), specific or broad[:1], explain)


def check_triggers(ss: _Session) -> _Verdict:
    """gave_trigger_phrases."""
    found = ss.candidates(
        "gave_trigger_phrases",
        lambda n: (2 if rules.quoted_words(n) else 1) if rules.trigger_line(n) else 0,
        # Lines about the partner's triggers ("I'll keep an ear out for ...") never count, however close
        # they sound to the examples.
        lambda n: (
            (not asks(n) and first_person(n) and not rules.about_their_triggers(n)) or rules.trigger_line(n)
        ),
    )
    for i, s in enumerate(ss.user[:-1]):
        nxt = ss.user[i + 1]
        if nxt.turn == s.turn and rules.trigger_question(s.norm, nxt.norm):
            # The question holds the words to listen for; the answer says they mean a referral for the user.
            found.append(_Candidate(s, 2))
    return _verdict(
        "gave_trigger_phrases",
        found,
        "You told them what to listen for",
        "You did not tell them the words or situations that signal a referral for you.",
    )


def check_offer(ss: _Session) -> _Verdict:
    """offered_to_help_first."""
    found = ss.candidates(
        "offered_to_help_first",
        rules.offer_strength,
        lambda n: first_person(n) and not rules.pitch(n) and not negated(n),
    )
    return _verdict(
        "offered_to_help_first",
        found,
        "You offered help or an introduction",
        "You did not offer an introduction, a referral, a resource or other help.",
    )


_NEXT_STEP_MISSES = {
    "vague": "A next step was floated but had no time or owner - agree who does what, and when.",
    "declined": "A next step was suggested but not agreed.",
    "unanswered": "A next step was suggested but never answered.",
}


def check_next_step(ss: _Session) -> _Verdict:
    """agreed_next_step: either side, but agreed or committed with a time or an owner."""
    steps = next_step_candidates(ss.sentences)
    passed = any(n.agreed for n in steps)
    # At equal specificity the user's own line is the better quote: the report is about what the user did.
    found = [
        _Candidate(n.sentence, n.rank, float(n.sentence.speaker == "user"), n.how)
        for n in steps
        if n.sentence is not None
    ]

    def explain(c: _Candidate | None) -> CheckResult:
        if c is None:
            return CheckResult(
                "agreed_next_step",
                False,
                None,
                "No concrete next step (meeting, introduction, something to send) was agreed.",
            )
        s = c.sentence
        if not passed:
            return CheckResult("agreed_next_step", False, s.text, _NEXT_STEP_MISSES[c.how], s.turn)
        who = "you" if s.speaker == "user" else "they"
        how = f"{who} committed to it" if c.how == "committed" else f"{who} proposed it and it was accepted"
        return CheckResult(
            "agreed_next_step", True, s.text, f"A concrete next step: {how} ({_where(s)}).", s.turn
        )

    return _Verdict("agreed_next_step", passed, found, explain)


def check_selling(ss: _Session) -> _Verdict:
    """avoided_selling: fails on a pitch; evidence is the first clear pitch."""
    found = ss.candidates(
        "avoided_selling",
        _level(rules.pitch),
        lambda n: second_person(n) and rules.may_pitch(n),
    )
    # The first pitch is where the selling started; how close it is to the examples does not matter.
    found = [_Candidate(c.sentence, c.quality) for c in found]
    for i, s in enumerate(ss.user[:-1]):
        nxt = ss.user[i + 1]
        if nxt.turn == s.turn and rules.priced_offer(s.norm) and rules.closes_sale(nxt.norm):
            found.append(_Candidate(s, 2))  # "Our package is £99 a month. Interested?"

    def explain(c: _Candidate | None) -> CheckResult:
        if c is None:
            return CheckResult(
                "avoided_selling", True, None, "You did not pitch your product or service to them."
            )
        s = c.sentence
        return CheckResult(
            "avoided_selling", False, s.text, f"You pitched to them as a buyer ({_where(s)}).", s.turn
        )

    return _Verdict("avoided_selling", not found, found, explain)


def check_balance(ss: _Session) -> _Verdict:
    """balanced_talk: at least three questions and at most 75% of the words."""
    # A sales question ("Shall I send you a quote?") asks nothing about them, so it is not counted.
    questions = sum(1 for s in ss.user if asks(s.norm) and not rules.pitch(s.norm))
    user_words = sum(len(words(s.text)) for s in ss.user)
    total = sum(len(words(s.text)) for s in ss.sentences)
    share = user_words / total if total else 1.0
    passed = questions >= MIN_QUESTIONS and share <= MAX_TALK_SHARE
    q = "question" if questions == 1 else "questions"
    reason = (
        f"You asked {questions} {q} and spoke {round(share * 100)}% of the words "
        f"(aim: at least {MIN_QUESTIONS} questions and at most {round(MAX_TALK_SHARE * 100)}%)."
    )
    return _Verdict("balanced_talk", passed, [], lambda _: CheckResult("balanced_talk", passed, None, reason))


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


def _best(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    top = max((c.quality for c in candidates), default=None)
    return [c for c in candidates if c.quality == top]


def _choose(verdicts: Sequence[_Verdict]) -> dict[str, _Candidate | None]:
    """Pick each check's evidence from its most direct lines, giving checks different lines where possible.

    Within a check's best tier the order of preference is its `fit`, then the earliest line. Checks are
    seated one by one; a check whose preferred line is taken may move an earlier check to another line of
    that check's own best tier (an augmenting path, as in bipartite matching), so two checks share a quote
    only when one of them has no equally good alternative.
    """
    prefs = {
        v.check: sorted(_best(v.candidates), key=lambda c: (-c.fit, c.sentence.turn, c.sentence.start))
        for v in verdicts
    }
    owner: dict[tuple[int, int], str] = {}
    seat: dict[str, _Candidate] = {}

    def place(check: str, seen: set[tuple[int, int]]) -> bool:
        for c in prefs[check]:
            key = (c.sentence.turn, c.sentence.start)
            if key in seen:
                continue
            seen.add(key)
            if key not in owner or place(owner[key], seen):
                owner[key] = check
                seat[check] = c
                return True
        return False

    for v in verdicts:
        if prefs[v.check] and not place(v.check, set()):
            seat[v.check] = prefs[v.check][0]  # no free line of the same quality: share the best one
    return {v.check: seat.get(v.check) for v in verdicts}


def run_checks(turns: Sequence[Turn]) -> list[CheckResult]:
    """All nine checks, in the fixed order of CHECK_IDS."""
    sentences = split_sentences(turns)
    user = [s for s in sentences if s.speaker == "user"]
    session = _Session(sentences, user, match([s.text for s in user]))
    verdicts = [check(session) for check in _CHECKS]
    chosen = _choose(verdicts)
    return [v.explain(chosen[v.check]) for v in verdicts]
