"""agreed_next_step: a concrete action with a time or an owner, proposed and accepted, or committed to."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.coach.rules import pitch
from app.core.coach.text import Sentence, asks, counterfactual, is_question, negated, strip_filler

_ACTION = re.compile(
    r"\b(?:meet|meeting|meet up|catch up|catch-up|coffee|lunch|breakfast|1-2-1|one-to-one|one to one|121|call|"
    r"ring|phone|zoom|teams|video|introduc\w*|intros?|connect|send|email|e-mail|forward|share|book|"
    r"diary|calendar|invite|invitation|follow up|follow-up|drop you|message|text|whatsapp|visit|come over|"
    r"come round|pop in|get together|see you|review|go through|put you in touch|set (?:it|that|up)|"
    # "We should do this again sometime" proposes another meeting without naming one.
    r"do (?:this|it|that) again)\b"
)
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri"
_MONTHS = (
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# Every alternative ends on a word boundary: without it "fri" matched "friend", "mar" "market" and "wed"
# "wedding", so "lunch at the market" looked like a dated plan. A plural day ("on Thursdays") is general
# availability, not a date, and no longer matches either.
_TIME = re.compile(
    rf"\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|week|month|weekend)|"
    rf"next (?:week|month|time|{_DAYS})|{_DAYS}|{_MONTHS}|weekend|end of (?:the )?(?:day|week|month)|eod|"
    r"(?:by|before|on|at|until) (?:the )?\d+(?:st|nd|rd|th)?|in (?:a|an|one|two|three|four|\d+) (?:days?|weeks?|months?|hours?)|"
    r"(?:a|one|two|three|\d+) weeks?'? time|\d{1,2}(?::\d{2})?\s?(?:am|pm)|\d{1,2}(?:st|nd|rd|th)|"
    r"noon|midday|fortnight|later today|asap|straight away|right away|first thing|within (?:a day|\d+ ?(?:hours|days))|"
    r"\d{1,2}[:.]\d{2})\b"
)
_OWNER = re.compile(
    r"\b(?:i'll|i will|i'm going to|i am going to|let me|i can|i shall|i'm gonna|you'll|you will|i'd be happy to)\b"
)
_CONCRETE_OBJECT = re.compile(
    r"\b(?:details|number|contact|email address|link|article|intro|introduction|invite|invitation|calendar|"
    r"notes|gains sheet|bio|summary|list|card|profile|name|referral|recording|slides|template)\b"
)
# "introduce you to Priya", "email Tom", on the original text: a named person makes the step concrete.
_NAMED = re.compile(r"\b(?:to|with|meet|email|e-mail|call|ring|phone|message|text|ask|contact) [A-Z][a-z]+")
_PROPOSER_OWNS = re.compile(
    r"\b(?:shall i|should i|can i|could i|i'll|i will|let me|want me to|would it help if i|i can)\b"
)
_VAGUE_TIME = re.compile(
    r"\b(?:sometime|some time|one day|at some point|someday|in the future|maybe|perhaps|might|at some stage|"
    r"one of these days|whenever|if you ever|if ever)\b"
)
# Openers that make a line a suggestion of something to do together or for the other person. The action
# must follow the opener: "Can I ask what a 1-2-1 is for?" mentions a meeting but suggests nothing.
_PROPOSAL = re.compile(
    r"^(?:let's|let us|shall we|should we|how about|what about|why don't we|can we|could we|would you like to|"
    r"do you want to|would you fancy|do you fancy|fancy|are you free|would you be free|are you around|"
    r"are you available|would you be up for|are you up for|shall i|should i|can i|could i|want me to|"
    r"do you want me to|would you like me to|would it help if i|i'd love to|i'd like to|we should|we could|"
    r"maybe we could|perhaps we could|it would be (?:good|great|nice) to)\b(?P<rest>.*)$"
)
# "Does Thursday work?", "Would 9am suit?": these open a suggestion only when a time follows.
_TIME_PROPOSAL = re.compile(r"^(?:does|would|how does|how would|is|what about|how about)\b")
# Asking when to meet is proposing a meeting even before a time is named.
_WHEN_ASK = re.compile(
    r"^(?:when (?:shall|should|can|could|would|will|do) we|when(?:'s| is| would be) (?:good|best|convenient|"
    r"easiest|a good time)|when (?:suits|works|would suit|would work|are you free|are you around)|"
    r"what (?:day|time|date)s? (?:suits|works|is good|would|are you)|which day)\b"
)
# Questions about the past, about habits or about what a 1-2-1 is are not plans, whatever words they
# share with one: "Is it like a sales meeting?", "Did you enjoy the meeting on Tuesday?".
_NOT_A_PLAN = re.compile(
    r"^(?:did|was|were|had|how was|how were|how did|what did|what was|who did|where did|when did)\b|"
    r"\b(?:supposed to|meant to|is it like|is this like|what happens (?:at|in|now)|what do we do|what are we|"
    r"what is a|what's a|what's the point|what are these|how do (?:these|1-2-1s|one-to-ones) work|"
    r"how does (?:a|the|this) (?:1-2-1|one-to-one|meeting) work)\b"
)
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|sure|definitely|absolutely|great|perfect|sounds (?:good|great|perfect|like a plan|lovely)|"
    r"that (?:works|would be|'d be|sounds)|that'd be|works for me|deal|brilliant|lovely|of course|ok|okay|"
    r"good idea|let's do|done|please do|please|i'd (?:like|love) that|count me in|go for it|excellent|fab|"
    r"fantastic|great idea|agreed|happy to|why not|wonderful|cool|i'm in|looking forward|"
    # Plainer acceptances, as a brisk or busy partner says them.
    r"fine|good|go on then|go on|will do|see you then|i'll be there|it's a date|suits me|that suits|you're on|"
    r"noted|booked|in the diary|i'll put it in|put me down|i am|i'm free|i'm around|i can|i can do|i could do)\b"
)
_BUT = re.compile(
    r"\b(?:but|although|however|unfortunately|afraid|busy|away|let me check|not sure|maybe|can't make|cannot make)\b"
)
# An outright no to a commitment ("I'll introduce you to Mark" - "No need, thanks") means nothing was agreed.
# "No worries" and "No, that's brilliant" are thanks, so a bare "no" is not enough.
_NO = re.compile(
    r"^(?:no,? thanks?|no,? thank you|no need|nope|no,? (?:i'm|we're|i am) (?:fine|ok|okay|sorted|good|all set)|"
    r"no,? (?:please )?don't|please don't|there's no need|not necessary|i'd rather you didn't|i'd rather not|"
    r"not for now|not right now|not at the moment|don't bother)\b"
)
_RANK_MISS = {"vague": 3, "declined": 2, "unanswered": 1}


@dataclass(frozen=True)
class NextStep:
    """What one line shows about a next step: the line to quote, whether it was agreed, and how well."""

    agreed: bool
    sentence: Sentence | None
    how: str  # "accepted" | "committed" | "vague" | "declined" | "unanswered" | "none"
    rank: int = 0  # agreed: how specific the step is; missed: how telling the miss is


def _has_time(s: Sentence) -> bool:
    return bool(_TIME.search(s.norm)) and not _VAGUE_TIME.search(s.norm.replace("next time", ""))


def _times(s: Sentence) -> int:
    """How many time expressions a line has ("Thursday", "the 14th", "at 2pm" make three)."""
    return len(_TIME.findall(s.norm)) if _has_time(s) else 0


def _concrete_proposal(s: Sentence) -> bool:
    """A proposal with a time, or one whose proposer takes the action on ("Shall I send you the intro?")."""
    if _VAGUE_TIME.search(s.norm) and not _has_time(s):
        return False
    return _has_time(s) or bool(_PROPOSER_OWNS.search(s.norm) or _OWNER.search(s.norm))


def _is_proposal(s: Sentence) -> bool:
    """A suggestion of a next step: a proposing opener followed by an action, a dated question, or a 'when?'."""
    norm = s.norm
    core = strip_filler(norm)
    if _NOT_A_PLAN.search(core) or pitch(norm):
        return False  # a sales offer is the partner's or user's pitch, not a next step for the 1-2-1
    if _WHEN_ASK.match(core):
        return True
    m = _PROPOSAL.match(core)
    if m and _ACTION.search(m.group("rest")):
        return True
    if _TIME_PROPOSAL.match(core) and is_question(norm) and _has_time(s):
        return True
    # An elliptical question with a date ("Coffee next Tuesday?", "Thursday the 14th at 10?").
    return is_question(norm) and not _full_question(core) and _has_time(s)


def _full_question(core: str) -> bool:
    """The line opens like a full question ("are you going to ...", "what did ..."), not an elliptical one."""
    return bool(
        re.match(
            r"^(?:what|who|whom|whose|which|where|when|why|how|do|does|did|is|are|was|were|can|"
            r"could|would|will|should|shall|have|has|had|may|might)\b",
            core,
        )
    )


def _commitment(s: Sentence) -> bool:
    """'I'll send you Priya's details by Friday': an owner, an action and a time or a concrete object."""
    if asks(s.norm) or counterfactual(s.norm) or not _ACTION.search(s.norm) or pitch(s.norm):
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


def _refused(reply: Sequence[Sentence]) -> bool:
    return any(_BUT.search(r.norm) or negated(r.norm) for r in reply)


def _rank(s: Sentence, reply: Sequence[Sentence]) -> int:
    """More specific first: the line's own times count most, then a time in the reply, then a named object."""
    concrete = bool(_CONCRETE_OBJECT.search(s.norm) or _NAMED.search(s.text))
    return 2 * min(_times(s), 3) + int(any(_has_time(r) for r in reply)) + int(concrete)


def next_step_candidates(sentences: Sequence[Sentence]) -> list[NextStep]:
    """Every agreed next step in the transcript (both speakers); if there is none, every telling miss."""
    agreed: list[NextStep] = []
    missed: list[NextStep] = []
    for s in sentences:
        if _commitment(s):
            reply = _reply_after(sentences, s)
            if reply and _NO.match(reply[0].norm.lstrip("\"'([ -")) and not _YES.match(reply[0].norm):
                missed.append(NextStep(False, s, "declined", _RANK_MISS["declined"]))
            else:
                agreed.append(NextStep(True, s, "committed", _rank(s, [])))
            continue
        if not _is_proposal(s):
            continue
        reply = _reply_after(sentences, s)
        head = reply[0].norm.lstrip("\"'([ -") if reply else ""
        accepted = bool(_YES.match(head)) and not _refused(reply)
        if accepted and (_concrete_proposal(s) or any(_has_time(r) for r in reply)):
            agreed.append(NextStep(True, s, "accepted", _rank(s, reply)))
            continue
        if _WHEN_ASK.match(strip_filler(s.norm)) and reply and not _refused(reply):
            # "When suits you?" - "Next Tuesday at 10 works for me." The answer names the time; it stands
            # unless the asker turns that time down.
            timed = next((r for r in reply if _has_time(r)), None)
            if timed is not None and not _refused(_reply_after(sentences, timed)):
                agreed.append(NextStep(True, timed, "accepted", _rank(timed, [])))
                continue
        # A plan with no time and no owner is the shortfall whatever the reply was.
        vague = accepted or not _concrete_proposal(s)
        how = "vague" if vague else ("declined" if reply else "unanswered")
        missed.append(NextStep(False, s, how, _RANK_MISS[how]))
    if agreed:
        return agreed
    # A vague plan followed by a dated or owned one that then fell through is not the shortfall any more:
    # the user did name a time, it just was not confirmed.
    last_concrete = max((m.sentence.turn for m in missed if m.how != "vague" and m.sentence), default=-1)
    return [m for m in missed if m.how != "vague" or (m.sentence and m.sentence.turn > last_concrete)]
