"""From a 1-2-1 to its follow-up: pre-fill a request from a saved rehearsal or from meeting notes."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from app.core.drafting.models import MAX_CHARS, Channel, FollowupRequest, Goal, Stage
from app.core.drafting.phrasing import as_statement, to_you, verb_led_to_you
from app.core.drafting.text import STOPWORDS, clean, fragment, sentences, shorten
from app.core.errors import InputError
from app.core.records import SessionRecord

__all__ = ["followup_from_notes", "followup_from_session", "to_you"]

# Which remembered facts make the most personal detail, best first (GAINS before business talk).
DETAIL_TOPICS = (
    "interests",
    "accomplishments",
    "goals",
    "networks",
    "skills",
    "want_to_meet",
    "ideal_client",
    "business",
)
LEARNED_TOPICS = ("ideal_referral", "ideal_client", "want_to_meet")
PHRASE_CHARS = 120  # pre-filled phrases stay short so they fit every channel
_NEXT = re.compile(
    r"(?i)\b(next step|agreed|will|follow[- ]?up|send|introduc\w*|meet again|book|action|"
    r"call|connect|catch up)\b"
)
_LEARNED = re.compile(
    r"(?i)\b(ideal (?:client|referral|customer)|looking for|wants? to meet|refer\w*|"
    r"best (?:client|customer)s?|good introduction)\b"
)


_IDEAL_PREFIX = re.compile(
    r"(?i)^(?:my|your|the|an?)\s+ideal\s+(?:referral|client|customer)s?\s+(?:is|are|would be)\s+"
)


def _phrase(text: Any, limit: int = PHRASE_CHARS) -> str:
    """The first sentence of a fact, kept short (cut at a clause break where possible)."""
    if isinstance(text, list):
        text = "; ".join(str(t) for t in text)
    parts = sentences(clean(text))
    return shorten(parts[0] if parts else "", limit)


_GOAL_VERB_FOLLOWERS = {
    "a",
    "an",
    "the",
    "his",
    "her",
    "their",
    "my",
    "our",
    "one",
    "two",
    "three",
    "four",
    "five",
    "more",
    "every",
    "in",
    "on",
    "up",
    "over",
    "out",
    "off",
    "back",
    "down",
    "some",
    "enough",
}


def _detail_from(topic: str, fact: str) -> str:
    """A card fact about the partner as a phrase addressed to them. Card notes often start with a verb
    ('Coaches his daughter's team', 'Rewired the library', goals like 'Win two contracts'), which reads
    as an order unless its subject is put back: 'you coach ...', 'you want to win ...'."""
    phrase = to_you(_phrase(fact), first_person=True)
    if topic == "goals":
        first, _, rest = phrase.partition(" ")
        nxt = rest.split(" ", 1)[0].lower()
        if (
            first.isalpha()
            and first.lower() not in STOPWORDS
            and nxt in _GOAL_VERB_FOLLOWERS
            and not first.lower().endswith(("s", "ed", "ing"))
        ):
            return f"you want to {first.lower()} {rest}"
    return verb_led_to_you(phrase)


_INTRO = re.compile(r"(?i)\bintroduc\w*\s+(?:you|him|her|them)\s+to\s+(.+)")
_SEND = re.compile(
    r"(?i)\b(?:send|share|forward|email)\w*\s+(?:(?:you|him|her|them)\s+)?((?:the|a|an|my|our|some)\s+.+)"
)


def _goal_for(next_step: str) -> Goal:
    """'introduce you to X' -> introduce; 'send you the guide' -> send-resource; anything else -> thank."""
    if _INTRO.search(next_step):
        return Goal.INTRODUCE
    if _SEND.search(next_step):
        return Goal.SEND_RESOURCE
    return Goal.THANK


def _promised_for(goal: str, next_step: str) -> str:
    """What is promised, taken from the next step ('introduce you to Tom Lee' -> 'Tom Lee')."""
    m = (_INTRO if goal == "introduce" else _SEND).search(next_step) if goal != "thank" else None
    return fragment(m.group(1)) if m else ""


def _session_date(session: SessionRecord) -> date | None:
    stamp = session.get("updated_at") or session.get("created_at")
    return datetime.fromtimestamp(stamp).date() if isinstance(stamp, int | float) else None


def followup_from_session(session: SessionRecord, *, channel: str = "email") -> FollowupRequest:
    """A follow-up to the rehearsal partner carrying what was learned and the agreed next step."""
    persona = session.get("persona") or {}
    # Imported here: importing the roleplay package loads the whole partner, which drafting alone never needs.
    from app.core.roleplay.memory import normalise_memory

    memory = normalise_memory(session.get("memory"))
    facts = memory.facts
    name = clean(persona.get("name"))
    if not name:
        raise InputError("This rehearsal has no partner name, so there is no one to follow up with.")
    business = persona.get("business")
    business = clean(business.get("name") if isinstance(business, dict) else business)
    learned = next((to_you(_phrase(facts[t]), first_person=True) for t in LEARNED_TOPICS if facts.get(t)), "")
    detail = next((_detail_from(t, facts[t]) for t in DETAIL_TOPICS if facts.get(t)), "")
    # "My ideal referral is X" -> "X": the template already says what it is.
    learned = _IDEAL_PREFIX.sub("", learned)
    detail = detail or learned
    # The step was agreed in conversation, often as a question ('Shall we meet in April?'): state it.
    next_step = to_you(as_statement(_phrase(memory.next_step or "")), first_person=False)
    if not detail:
        detail = "what you told me about your business"
    goal = _goal_for(next_step)
    promised = _promised_for(goal, next_step)
    return FollowupRequest(
        name=shorten(name, MAX_CHARS["name"]),
        business=shorten(business, MAX_CHARS["business"]),
        met_at="our 1-2-1",
        detail=detail,
        goal=goal,
        channel=Channel(channel),
        promised=promised,
        stage=Stage.AFTER_121,
        # A promise taken from the next step already names it; repeating it would read twice.
        learned=learned,
        next_step="" if promised else next_step,
        met_on=_session_date(session),
        session_id=session.get("id"),
    )


def followup_from_notes(
    name: str, notes: str, *, business: str = "", met_at: str = "our 1-2-1", channel: str = "email"
) -> FollowupRequest:
    """A follow-up from your own notes of a real 1-2-1: the next step, what they want, one detail."""
    lines = [
        fragment(re.sub(r"^[-*\u2022\d.)\s]+", "", line))
        for line in re.split(r"[\n;]+|(?<=[.!?])\s+", notes or "")
    ]
    lines = [line for line in lines if len(line) > 3]
    if not clean(name) or not lines:
        raise InputError("Give the person's name and a few lines of notes from the meeting.")
    next_step = next((line for line in lines if _NEXT.search(line)), "")
    learned = next((line for line in lines if _LEARNED.search(line) and line != next_step), "")
    detail = next((line for line in lines if line not in (next_step, learned)), learned or next_step)
    # "Next step: send her the guide" -> "send her the guide"
    next_step = re.sub(r"(?i)^(?:next steps?|agreed|action)\s*[:\-]\s*", "", next_step)
    learned = _IDEAL_PREFIX.sub(
        "", re.sub(r"(?i)^(?:ideal (?:client|referral)|looking for)\s*[:\-]\s*", "", learned)
    )
    detail, learned = to_you(detail, first_person=False), to_you(learned, first_person=False)
    next_step = to_you(as_statement(next_step), first_person=False) if next_step else ""
    goal = _goal_for(next_step)
    promised = _promised_for(goal, next_step)
    return FollowupRequest(
        name=clean(name),
        business=clean(business),
        met_at=met_at,
        detail=shorten(detail, PHRASE_CHARS),
        goal=goal,
        channel=Channel(channel),
        promised=shorten(promised, PHRASE_CHARS),
        stage=Stage.AFTER_121,
        learned=shorten(learned, PHRASE_CHARS),
        next_step="" if promised else shorten(next_step, PHRASE_CHARS),
    )
