"""How each kind of check reaches its verdict from the conversation's dialogue acts.

A user unit passes a check when its act is one the check accepts. The whole turn is judged: a rude add-on
or a selling move in the same turn cancels it ("What's your business? Quickly, I haven't got all day"),
and the quote is then the full stretch of the turn that shows why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.core.coach.conversation import Conversation, Said
from app.core.coach.registry import CheckDef
from app.core.language import ASK_ACTS, SELLING_ACTS, has_time, negated, words
from app.core.language.lexicon import pattern, word_pattern, words_at

CLASSIFIER = "classifier"
_NAMED = re.compile(
    r"\b(?:to|with|meet|email|call|ring|message|text|ask|contact|introduce you to) [A-Z][a-z]+"
)
_MIN_SPECIFIC_WORDS = 6
_OWN_CLIENTS = re.compile(
    r"\b(?:my|our) (?:[a-z-]+ )?(?:ideal |best |typical |dream |perfect |target )?(?:clients?|customers?)\b"
)


@dataclass(frozen=True)
class CheckResult:
    """One check: passed or not, the verbatim words that show it (or None), and a one-line reason."""

    id: str
    passed: bool
    evidence: str | None
    reason: str
    turn: int | None = None  # index of the turn the evidence comes from
    judge: str = CLASSIFIER  # who decided: "classifier" or "model"
    # Other user lines that show the same thing equally well (the report gives checks different quotes).
    alternatives: tuple[tuple[str, int, str], ...] = ()  # (evidence, turn, reason)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape: id, passed, evidence, reason, judge."""
        return {
            "id": self.id,
            "passed": self.passed,
            "evidence": self.evidence,
            "reason": self.reason,
            "judge": self.judge,
        }


def _where(conv: Conversation, said: Said) -> str:
    return f"your message {conv.message_number(said.turn)}" if said.speaker == "user" else "their reply"


def _offer_negated(norm: str) -> bool:
    """Every offer verb in the sentence lies inside a negation's scope."""
    verbs = [m.group(0) for m in word_pattern("offers", "verbs").finditer(norm)]
    return bool(verbs) and all(negated(norm, near=v) for v in verbs)


def _vague(norm: str) -> bool:
    return bool(word_pattern("clients", "vague").search(norm))


_CONDITIONS: dict[str, Callable[[str], bool]] = {
    "ideal_words": lambda norm: bool(word_pattern("clients", "ideal_words").search(norm)),
    "offer_words": lambda norm: bool(pattern("ownership", "offer_words").search(norm)),
    # "I know someone who fits - I'd be happy to introduce you this week": an offer with a when is concrete.
    "offer_with_time": lambda norm: bool(pattern("ownership", "offer_words").search(norm)) and has_time(norm),
}


def _accepts(check: CheckDef, s: Said) -> bool:
    """The unit's act is one the check accepts (with its conditions)."""
    act, norm = s.unit.act, s.unit.norm
    ok = act in check.passes
    rule = check.pass_when.get(act)
    if rule is not None:
        ok = ok or _CONDITIONS[rule](norm)
    if not ok:
        return False
    if act.startswith("ask_") and pattern("ownership", "about_me").search(norm) and not _about_them(norm):
        return False  # "Do you want to know who my ideal client is?" asks about the speaker
    if act == "tell_triggers" and pattern("ownership", "their_triggers").search(norm):
        return False  # "I'll listen out for people who say ..." is about the other member's triggers
    if check.not_negated and _offer_negated(norm):
        return False
    return not (check.not_vague and _vague(norm))


def _about_them(norm: str) -> bool:
    """The question names the other member's business too ("your clients")."""
    return bool(
        re.search(
            r"\byour (?:\w+ )?(?:ideal |best |typical |dream )?(?:clients?|customers?|business|referrals?)\b",
            norm,
        )
    )


def _veto(check: CheckDef, conv: Conversation, s: Said) -> Said | None:
    """A unit in the same turn that cancels this one (a rude add-on or a selling move), if any."""
    for other in conv.in_turn(s.turn):
        if other.unit.act in check.veto:
            return other
        if check.rude_vetoes and other.unit.rude:
            return other
    return None


def _passed(check: CheckDef, conv: Conversation, found: list[tuple[int, Said]]) -> CheckResult:
    """A pass quoting the most direct line (then the earliest); equally direct lines are kept as alternatives."""
    top = max(rank for rank, _ in found)
    best = [s for rank, s in found if rank == top]
    s = best[0]
    alts = tuple((o.text, o.turn, f"{check.text('done')} ({_where(conv, o)}).") for o in best[1:])
    return CheckResult(
        check.id, True, s.text, f"{check.text('done')} ({_where(conv, s)}).", s.turn, alternatives=alts
    )


def judge_acts(check: CheckDef, conv: Conversation) -> CheckResult:
    """Passed by a user unit with an accepted act whose turn has nothing that cancels it."""
    vetoed: tuple[Said, Said] | None = None
    near: Said | None = None
    found: list[tuple[int, Said]] = []
    for s in conv.units("user"):
        if _accepts(check, s):
            spoiler = _veto(check, conv, s)
            if spoiler is None:
                # The check's own acts are the most direct evidence; acts that pass only on a condition
                # ("Who are your best clients?" for the referral check) rank below them.
                found.append((2 if s.unit.act in check.passes else 1, s))
                continue
            vetoed = vetoed or (s, spoiler)
        elif near is None and s.unit.act in check.near:
            near = s
    if found:
        return _passed(check, conv, found)
    if vetoed is not None:
        s, spoiler = vetoed
        why = (
            "said rudely"
            if spoiler.unit.rude and spoiler.unit.act not in check.veto
            else "undone by a sales move"
        )
        return CheckResult(
            check.id,
            False,
            conv.quote(s, spoiler),
            f"{check.text('done')}, but {why} in the same breath ({_where(conv, s)}) - it does not count.",
            s.turn,
        )
    if near is not None:
        return CheckResult(
            check.id, False, near.text, f"{check.text('near_reason')} ({_where(conv, near)})", near.turn
        )
    return CheckResult(check.id, False, None, check.text("missed"))


def specific_client(norm: str) -> bool:
    """The description says who AND in what situation (or gives a size and a kind); never "anyone"."""
    if _vague(norm) or len(words(norm)) < _MIN_SPECIFIC_WORDS:
        return False
    situation = bool(pattern("clients", "situation").search(norm))
    size = bool(pattern("clients", "size").search(norm))
    return situation or (size and len(words(norm)) >= 8)


def judge_own_client(check: CheckDef, conv: Conversation) -> CheckResult:
    """The user's own ideal client, described specifically; a broad description is quoted as the miss."""
    broad: Said | None = None
    for s in conv.units("user"):
        u = s.unit
        # A business or referral description that the classifier nearly read as a client description counts
        # as one when it pins the client down: "I run Smith Books, bookkeeping for trades firms with 2-10 staff".
        close = (
            u.act in ("tell_business", "tell_ideal_referral")
            and u.scores.prob("tell_ideal_client") >= 0.15
            and bool(pattern("clients", "nouns").search(u.norm))
        )
        if not (_accepts(check, s) or close):
            continue
        if pattern("ownership", "others_clients").search(u.norm) and not _OWN_CLIENTS.search(u.norm):
            continue  # "your ideal client is ...", "my wife's clients are ...": not the speaker's own
        if _veto(check, conv, s) is not None:
            continue
        if specific_client(u.norm):
            return CheckResult(check.id, True, s.text, f"{check.text('done')} ({_where(conv, s)}).", s.turn)
        if broad is None and not close:
            broad = s
    if broad is not None:
        return CheckResult(check.id, False, broad.text, check.text("broad"), broad.turn)
    return CheckResult(check.id, False, None, check.text("missed"))


def _concrete(s: Said) -> bool:
    """A step with a time, an owner, a named person or a definite thing to send."""
    text, norm = s.text, s.unit.norm
    if has_time(text):
        return True
    owner = pattern("next_steps", "owner").search(norm)
    if owner and negated(norm, near=owner.group(0)):
        return False
    return bool(owner or _NAMED.search(text) or pattern("next_steps", "object").search(norm))


def _accepted(reply: list[Said]) -> bool:
    """The other side said yes: an acceptance, a counter-time, or a short warm "Perfect." / "Thanks." right after."""
    head = reply[:2]
    if any(r.unit.act == "decline" for r in head):
        return False
    for r in head:
        if r.unit.act in ("accept", "propose_next_step"):
            return True
        if r.unit.act in ("backchannel", "thanks") and len(words(r.text)) <= 5 and not r.unit.negated:
            return True
    return False


_STEP_ACTS = frozenset({"propose_next_step", "offer_concrete"})
_MEETING = re.compile(
    r"\b(?:meet|meeting|catch up|catch-up|coffee|lunch|breakfast|call|drink|pint|get together|1-2-1|"
    r"one-to-one|do (?:this|it) again)\b"
)


def judge_next_step(check: CheckDef, conv: Conversation) -> CheckResult:
    """A networking step proposed and accepted, or committed to with an owner; sales meetings never count.

    Either side may propose or commit. An accepted offer of an introduction is a next step too, and an
    acceptance that names a time ("Sure - how about Thursday at 2?") proposes that time.
    """
    misses: dict[str, Said] = {}
    agreed: list[tuple[tuple[int, int, int], Said, str]] = []
    for s in conv.units():
        act = s.unit.act
        if act == "propose_sales_meeting":
            misses.setdefault("sales", s)
            continue
        if act == "offer_vague" and _MEETING.search(s.unit.norm):
            misses.setdefault("vague", s)  # "Let's catch up sometime": a meeting with no time or owner
            continue
        if not (act in _STEP_ACTS or (act == "accept" and has_time(s.text))):
            continue
        if act == "offer_concrete" and _offer_negated(s.unit.norm):
            continue
        reply = conv.reply_to(s.turn)
        if reply and any(r.unit.act == "decline" for r in reply[:2]):
            misses.setdefault("declined", s)
            continue
        concrete = _concrete(s) or act == "offer_concrete"
        committed = not s.unit.question and concrete and act in _STEP_ACTS
        if committed or (_accepted(reply) and (concrete or any(has_time(r.text) for r in reply[:2]))):
            who = "you" if s.speaker == "user" else "they"
            how = f"{who} committed to it" if committed else f"{who} proposed it and it was accepted"
            # The most specific step is the best quote: a dated one, then a planned step, then the user's own.
            rank = (int(has_time(s.text)), int(act == "propose_next_step"), int(s.speaker == "user"))
            agreed.append((rank, s, how))
            continue
        if _accepted(reply) or not concrete:
            misses.setdefault("vague", s)
        else:
            misses.setdefault("unanswered" if not reply else "declined", s)
    if agreed:
        best = max(agreed, key=lambda a: a[0])  # max keeps the earliest of equal rank
        _, s, how = best
        return CheckResult(
            check.id, True, s.text, f"{check.text('done')}: {how} ({_where(conv, s)}).", s.turn
        )
    # The closest real attempt is the most useful quote: a dated proposal that fell through, then a vague
    # one; a sales meeting only when nothing else was tried.
    dated = [k for k in ("declined", "unanswered") if k in misses and has_time(misses[k].text)]
    for key in (*dated, "vague", "declined", "unanswered", "sales"):
        if key in misses:
            s = misses[key]
            return CheckResult(check.id, False, s.text, check.text(key), s.turn)
    return CheckResult(check.id, False, None, check.text("missed"))


def judge_selling(check: CheckDef, conv: Conversation) -> CheckResult:
    """Fails on the first user unit that sells; the quote is that whole sentence."""
    for s in conv.units("user"):
        if s.unit.act in check.fail:
            return CheckResult(
                check.id, False, s.text, f"{check.text('missed')} ({_where(conv, s)}).", s.turn
            )
    return CheckResult(check.id, True, None, check.text("done"))


def questions_asked(conv: Conversation) -> int:
    """Real questions the user asked about the other member (sales questions do not count)."""
    return sum(1 for s in conv.units("user") if s.unit.act in ASK_ACTS and s.unit.act not in SELLING_ACTS)


def judge_balance(check: CheckDef, conv: Conversation) -> CheckResult:
    """At least `min_questions` real questions and at most `max_share` of the words."""
    min_q, max_share = int(check.numbers["min_questions"]), check.numbers["max_share"]
    questions = questions_asked(conv)
    total = conv.all_words()
    share = conv.user_words() / total if total else 1.0
    passed = questions >= min_q and share <= max_share
    q = "question" if questions == 1 else "questions"
    reason = (
        f"You asked {questions} {q} and spoke {round(share * 100)}% of the words "
        f"(aim: at least {min_q} questions and at most {round(max_share * 100)}%)."
    )
    return CheckResult(check.id, passed, None, reason)


_SELLING_MOVES = frozenset({"pitch", "propose_sales_meeting", "offer_conditional"})


def judge_steered(check: CheckDef, conv: Conversation) -> CheckResult:
    """After the partner's first pitch, the user turned to referrals and never accepted a sales meeting."""
    pitches = [s for s in conv.units("partner") if s.unit.act in _SELLING_MOVES]
    start = pitches[0].turn if pitches else -1
    for p in pitches:
        reply = conv.reply_to(p.turn)
        if p.unit.act == "propose_sales_meeting" and reply and reply[0].unit.act == "accept":
            return CheckResult(check.id, False, reply[0].text, check.text("bought"), reply[0].turn)
    for s in conv.units("user"):
        if s.turn > start and s.unit.act in check.steer and s.unit.act != "decline":
            return CheckResult(check.id, True, s.text, f"{check.text('done')} ({_where(conv, s)}).", s.turn)
    for s in conv.units("user"):
        if s.turn > start and s.unit.act == "decline":
            # Saying no is half of it: it only counts with a turn back to referrals, so it is the quote for the miss.
            return CheckResult(check.id, False, s.text, check.text("missed"), s.turn)
    return CheckResult(check.id, False, None, check.text("missed"))


JUDGES: dict[str, Callable[[CheckDef, Conversation], CheckResult]] = {
    "acts": judge_acts,
    "own_client": judge_own_client,
    "next_step": judge_next_step,
    "selling": judge_selling,
    "balance": judge_balance,
    "steered": judge_steered,
}


def known_words() -> frozenset[str]:
    """The 'ideal' words that make a question about their clients a question about referrals."""
    return words_at("clients", "ideal_words")
