"""agreed_next_step: a concrete action with a time or an owner, proposed and accepted, or committed to."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.coach.text import Sentence, asks, counterfactual, negated, strip_filler

_ACTION = re.compile(
    r"\b(?:meet|meeting|meet up|catch up|catch-up|coffee|lunch|breakfast|1-2-1|one-to-one|one to one|121|call|"
    r"ring|phone|zoom|teams|video|introduc\w*|intros?|connect|send|email|e-mail|forward|share|book|"
    r"diary|calendar|invite|invitation|follow up|follow-up|drop you|message|text|whatsapp|visit|come over|"
    r"come round|pop in|get together|see you|review|go through|put you in touch|set (?:it|that|up))\b"
)
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri"
_MONTHS = (
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_TIME = re.compile(
    rf"\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|week|month|weekend)|"
    rf"next (?:week|month|time|{_DAYS})|{_DAYS}|{_MONTHS}|weekend|end of (?:the )?(?:day|week|month)|eod|"
    r"(?:by|before|on|at|until) (?:the )?\d|in (?:a|an|one|two|three|four|\d+) (?:days?|weeks?|months?|hours?)|"
    r"(?:a|one|two|three|\d+) weeks?'? time|\d{1,2}(?::\d{2})?\s?(?:am|pm)|\d{1,2}(?:st|nd|rd|th)\b|"
    r"noon|midday|fortnight|later today|asap|straight away|right away|first thing|within (?:a day|\d+ ?(?:hours|days))|"
    r"\d{1,2}[:.]\d{2})"
)
_OWNER = re.compile(
    r"\b(?:i'll|i will|i'm going to|i am going to|let me|i can|i shall|i'm gonna|you'll|you will|i'd be happy to)\b"
)
_CONCRETE_OBJECT = re.compile(
    r"\b(?:details|number|contact|email address|link|article|intro|introduction|invite|invitation|calendar|"
    r"notes|gains sheet|bio|summary|list|card|profile|name|referral|recording|slides|template)\b"
)
_NAMED = re.compile(r"\b(?:to|with|meet) [A-Z][a-z]+")  # "introduce you to Priya", on the original text
_PROPOSER_OWNS = re.compile(
    r"\b(?:shall i|should i|can i|could i|i'll|i will|let me|want me to|would it help if i|i can)\b"
)
_VAGUE_TIME = re.compile(
    r"\b(?:sometime|some time|one day|at some point|someday|in the future|maybe|perhaps|might|at some stage|"
    r"one of these days|whenever|if you ever|if ever)\b"
)
_PROPOSAL = re.compile(
    r"^(?:let's|let us|shall we|should we|how about|what about|why don't we|can we|could we|would you like to|"
    r"do you want to|fancy|are you free|would you be free|does|would|shall i|should i|can i|could i|"
    r"want me to|would it help if i|i'd love to|i'd like to|we should)\b"
)
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|sure|definitely|absolutely|great|perfect|sounds (?:good|great|perfect|like a plan|lovely)|"
    r"that (?:works|would be|'d be|sounds)|that'd be|works for me|deal|brilliant|lovely|of course|ok|okay|"
    r"good idea|let's do|done|please do|please|i'd (?:like|love) that|count me in|go for it|excellent|fab|"
    r"fantastic|great idea|agreed|happy to|why not|wonderful|cool|i'm in|looking forward)\b"
)
_BUT = re.compile(
    r"\b(?:but|although|however|unfortunately|afraid|busy|away|let me check|not sure|maybe|can't make|cannot make)\b"
)


@dataclass(frozen=True)
class NextStep:
    """What the transcript shows about a next step: the line to quote and whether it was agreed."""

    agreed: bool
    sentence: Sentence | None
    how: str  # "accepted" | "committed" | "vague" | "declined" | "unanswered" | "none"


def _concrete_proposal(s: Sentence) -> bool:
    """A proposal with a time, or one whose proposer takes the action on ("Shall I send you the intro?")."""
    if _VAGUE_TIME.search(s.norm) and not _has_time(s):
        return False
    return _has_time(s) or bool(_PROPOSER_OWNS.search(s.norm) or _OWNER.search(s.norm))


def _has_time(s: Sentence) -> bool:
    return bool(_TIME.search(s.norm)) and not _VAGUE_TIME.search(s.norm.replace("next time", ""))


def _is_proposal(s: Sentence) -> bool:
    core = strip_filler(s.norm)
    return bool(_ACTION.search(s.norm)) and (asks(s.norm) or bool(_PROPOSAL.match(core)))


def _commitment(s: Sentence) -> bool:
    """'I'll send you Priya's details by Friday': an owner, an action and a time or a concrete object."""
    if asks(s.norm) or counterfactual(s.norm) or not _ACTION.search(s.norm):
        return False
    owner = _OWNER.search(s.norm)
    if (
        not owner
        or negated(" ".join(s.norm[: owner.end()].split()[-3:]))
        or negated(s.norm[owner.end() : owner.end() + 25])
    ):
        return False
    if _VAGUE_TIME.search(s.norm) and not _has_time(s):
        return False
    return (
        _has_time(s)
        or bool(_CONCRETE_OBJECT.search(s.norm) or _NAMED.search(s.text))
        or bool(re.search(r"\bintroduc|\bput you in touch", s.norm))
    )


def _reply_after(sentences: Sequence[Sentence], s: Sentence) -> list[Sentence]:
    """The first two sentences of the next turn by the other speaker."""
    later = [x for x in sentences if x.turn > s.turn]
    if not later or later[0].speaker == s.speaker:
        return []
    return [x for x in later if x.turn == later[0].turn][:2]


def find_next_step(sentences: Sequence[Sentence]) -> NextStep:
    """Scan every turn (both speakers) for an accepted proposal or a firm commitment."""
    missed: NextStep | None = None
    for s in sentences:
        if _commitment(s):
            return NextStep(True, s, "committed")
        if not _is_proposal(s):
            continue
        reply = _reply_after(sentences, s)
        head = reply[0].norm.lstrip("\"'([ -") if reply else ""
        accepted = bool(_YES.match(head)) and not any(_BUT.search(r.norm) or negated(r.norm) for r in reply)
        if accepted and (_concrete_proposal(s) or any(_has_time(r) for r in reply)):
            return NextStep(True, s, "accepted")
        how = "vague" if accepted else ("declined" if reply else "unanswered")
        # Report the most telling miss: an accepted-but-vague plan beats a declined or unanswered one.
        if missed is None or (how == "vague" and missed.how != "vague"):
            missed = NextStep(False, s, how)
    return missed or NextStep(False, None, "none")
