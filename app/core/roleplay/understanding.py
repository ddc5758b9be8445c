"""Understand one user turn for the partner: the act to answer, its topic, and what else the turn does.

The acts come from the shared language layer (the coach reads the same turns the same way); this module
only decides which of a turn's acts the partner answers first and pulls out what the answer needs: who
or what was offered, the time proposed, what the user said about their own business.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from app.core.language import Act, Reader, Reading, Unit, when_phrase
from app.core.language.reading import SELLING_ACTS
from app.core.language.text import sentences
from app.core.roleplay.topics import ACT_TOPIC, TELL_TOPIC

EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")
# Which act of a mixed turn the partner answers first: a sales move is pushed back on before anything
# else; a question is answered before an offer is thanked; small social moves come last.
PRIORITY = (
    "recall_question",
    "ask_*",
    "offer_concrete",
    "request_introduction",
    "propose_next_step",
    "recap_last_time",
    "tell_*",
    "purpose",
    "accept",
    "decline",
    "closing",
    "thanks",
    # A vague offer ("I'll be listening out for you") or an open "shall we go on?" is answered only when
    # nothing more definite was said in the turn.
    "offer_vague",
    "ask_open",
    "greeting",
    "small_talk",
    "rude",
    "backchannel",
    "other",
)

# What an offer is about: a named person or role, an invitation to something, or an open "how can I help?".
OFFER_WHO = re.compile(
    r"\b(?:introduce you to|connect you (?:with|to)|put you in touch with|pass your (?:name|details|card) (?:on )?to|"
    r"(?:you should|you'd like to|you would like to|you'd love to|you must|you need to) meet|i know|meet|"
    r"put you two together with|set you up with|send you)\s+(?P<who>[^.?!;()]+)",
    re.I,
)
OFFER_INVITE = re.compile(
    r"\b(?:come (?:along )?to|join (?:me|us) at|invite you to|bring you to|as my guest (?:to|at))\s+(?P<what>[^.?!;]+)",
    re.I,
)
VAGUE_WHO = re.compile(
    r"^(?:someone|somebody|anyone|a few|a couple|some people|people|just the person|the right people|"
    r"you|them|him|her|each other|anything|something)\b",
    re.I,
)
# A person offered by name or relation before the verb: "my brother-in-law chairs the young farmers - I'll put you two together".
RELATION = re.compile(
    r"\b(?:my|our)\s+(?P<who>(?:[a-z-]+\s){0,2}(?:brother|sister|cousin|wife|husband|partner|friend|mate|"
    r"neighbour|neighbor|colleague|accountant|solicitor|lawyer|landlord|boss|daughter|son|uncle|aunt|"
    r"brother-in-law|sister-in-law|dad|mum|mom|father|mother)(?:-in-law)?)\b",
    re.I,
)
OFFER_VERB = re.compile(
    r"\b(?:i'll|i will|let me|i can|i could|i'd be happy to|shall i)\b.{0,20}\b(?:send|introduce|intro|"
    r"connect|forward|pass|share|email you|put you)\b",
    re.I,
)
QUOTED_CUE = re.compile(
    r"\b(?:listen(?: out)? for|hear|say|says|saying|mentions?)\b.{0,20}[\"\u201c\u2018'][^\"\u201d\u2019']{6,}",
    re.I,
)
NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)?)\b")
NOT_NAMES = frozenset(
    {
        "I",
        "I'm",
        "I'll",
        "I'd",
        "I've",
        "My",
        "Our",
        "We",
        "The",
        "A",
        "An",
        "No",
        "Yes",
        "So",
        "And",
        "But",
        "Would",
        "Could",
        "Can",
        "Shall",
        "Should",
        "Do",
        "Does",
        "If",
        "Let",
        "Happy",
        "Oh",
        "Honestly",
        "Actually",
        "Also",
        "Well",
        "Right",
        "Okay",
        "Ok",
        "Hi",
        "Hello",
        "Thanks",
        "Listen",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "She",
        "He",
        "They",
        "It",
        "That",
        "This",
        "What",
        "Who",
        "How",
        "Why",
        "When",
        "Where",
        "Is",
        "Are",
        "You",
    }
)


class Signal(StrEnum):
    """What a turn is when no dialogue act answers it: no words, another language, or a takeover attempt."""

    GIBBERISH = "gibberish"
    OTHER_LANGUAGE = "other_language"
    INJECTION = "injection"


@dataclass(frozen=True)
class TurnRead:
    """What one user turn does, for the partner. `act` is the one to answer; `acts` all of them."""

    act: Act | Signal
    reading: Reading | None
    user_text: str
    topic: str | None = None
    acts: tuple[Act, ...] = ()
    unit: Unit | None = None  # the unit carrying `act`
    confidence: float = 0.0
    selling: bool = False
    offer: tuple[str, str | None] | None = None  # (kind, who/what) when an offer was made
    proposal: str | None = None  # the sentence proposing a next step
    when: str | None = None  # the time it names
    heard: tuple[tuple[str, str], ...] = ()  # (topic, sentence) the user said about themselves
    rude: bool = False
    scores: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def question(self) -> bool:
        """The turn asks something."""
        return any(u.question for u in (self.reading.units if self.reading else ()))


def _script(text: str) -> str:
    """'latin', 'other' (mostly another script) or 'none' (no letters: emoji, digits, punctuation)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "none"
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return "latin" if latin / len(letters) >= 0.5 else "other"


_INTERJECTION = re.compile(
    r"^(?:h*m+h*m*|mhm+|hm+|sh+|pf+t|ps+t|tsk|brr+|grr+|zz+|ok|k|kk|nth|tbh|lol|ty|thx|pls|plz)$"
)
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "poiuytrewq", "lkjhgfdsa", "mnbvcxz")


def _mashed(text: str) -> bool:
    """Keyboard mashing: most 'words' have no vowel, a long consonant run, run along a keyboard row, or are absurd."""
    # Hesitations ("hmm", "mm", "shh") have no vowels but are words people type.
    found = [w for w in re.findall(r"[a-z]+", text.lower()) if not _INTERJECTION.match(w)]
    if not found:
        return False
    bad = sum(
        1
        for w in found
        if len(w) > 18
        or (len(w) >= 3 and not re.search(r"[aeiouy]", w))
        or re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", w)
        or (len(w) >= 4 and any(w in row for row in _KEYBOARD_ROWS))
        or (len(w) >= 6 and w[: len(w) // 2] == w[len(w) // 2 :])
    )
    return bad / len(found) >= 0.5


def trim_phrase(phrase: str) -> str:
    """A noun phrase cut before the clause that follows it ("a vet who'd love to meet you" -> "a vet")."""
    cut = re.split(
        r"\s+(?:who|that|which|i|if|because|since|so|and i|but|shall|would|this|next|on|at|by|when|to see|"
        r"for a|for coffee|tonight|today|tomorrow|later|asap|first thing|in the morning)\b|\s+-\s+|,|\s*\?",
        phrase.strip(),
        maxsplit=1,
        flags=re.I,
    )[0]
    return re.sub(r"[\s,]+$", "", cut)[:60]


def offer_target(text: str) -> tuple[str, str | None]:
    """What an offer of help is: ('person', who), ('invite', what), ('thing', what), ('open', None) or ('unnamed', None)."""
    for s in sentences(text):
        m = OFFER_INVITE.search(s)
        if m:
            return "invite", trim_phrase(m.group("what"))
        names = [n for n in NAME.findall(s[1:]) if n.split()[0] not in NOT_NAMES]
        m = OFFER_WHO.search(s)
        if m:
            who = trim_phrase(m.group("who"))
            # "my accountant, Priya": the name may follow the role after a comma.
            named = [n for n in names if n not in who]
            if who and named and not VAGUE_WHO.match(who):
                who = f"{who}, {named[0]}"
            if who and not VAGUE_WHO.match(who):
                thing = re.match(
                    r"(?:a|an|the|my|our|some)\s+(?:copy of\s+)?(?:link|guide|checklist|article|template|"
                    r"notes?|details|number|contract|book|slides|list|spreadsheet|recording|podcast)",
                    who,
                    re.I,
                )
                return ("thing" if thing and m.group(0).lower().startswith("send") else "person"), who
        rel = RELATION.search(s)
        if rel:
            return "person", rel.group(0)
        if names:
            return "person", names[-1]
    if re.search(
        r"\b(?:anything|something|how|what)\b.{0,12}\b(?:i|we) (?:can|could) (?:do|help)\b|\bhow can i help\b"
        r"|\bif (?:you )?need anything\b|\bshout if\b|\blet me know if\b",
        text,
        re.I,
    ):
        return "open", None
    return "unnamed", None


def _pattern_of(act: str) -> str:
    if act == "ask_open":
        return act
    return "ask_*" if act.startswith("ask_") else "tell_*" if act.startswith("tell_") else act


def _main_unit(units: list[Unit]) -> Unit | None:
    """The unit to answer: highest priority act; among questions, the last one asked."""
    if not units:
        return None
    rank = {p: i for i, p in enumerate(PRIORITY)}
    best = min(rank.get(_pattern_of(u.act), len(PRIORITY)) for u in units)
    chosen = [u for u in units if rank.get(_pattern_of(u.act), len(PRIORITY)) == best]
    return chosen[-1] if chosen[0].act.startswith("ask_") else chosen[0]


def understand(text: str, reader: Reader | None = None) -> TurnRead:
    """Read a user turn and decide which of its acts the partner answers."""
    clean = EMOJI.sub(" ", text).strip()
    script = _script(clean)
    if script == "none":
        # "?" or "...?" asks what they meant; a thumbs-up or "..." just acknowledges.
        return TurnRead(Signal.GIBBERISH if "?" in clean else Act.BACKCHANNEL, None, text)
    if script == "other":
        return TurnRead(Signal.OTHER_LANGUAGE, None, text)
    reading = (reader or Reader()).read(clean)
    if reading.injection:
        return TurnRead(Signal.INJECTION, reading, text)
    units = [u for u in reading.units if not u.meta]
    if _mashed(clean):
        # Keyboard mashing has no act, however confidently the classifier guesses one.
        return TurnRead(Signal.GIBBERISH, reading, text)
    acts = tuple(u.act for u in units)
    selling = any(a in SELLING_ACTS for a in acts)
    heard = tuple((TELL_TOPIC[u.act], u.text) for u in units if u.act in TELL_TOPIC)
    # A trigger phrase quoted inside another statement ("I do books for builders, so listen out for 'my
    # accounts are a mess'") is heard as a trigger too.
    heard += tuple(
        ("trigger_phrases", u.text)
        for u in units
        if u.act in TELL_TOPIC and u.act != "tell_triggers" and QUOTED_CUE.search(u.text)
    )
    offer_unit = next((u for u in units if u.act in ("offer_concrete", "offer_vague")), None)
    if offer_unit is None:
        # A plan that gives something ("I'll send you the checklist tonight") is an offer too.
        offer_unit = next(
            (u for u in units if u.act == "propose_next_step" and OFFER_VERB.search(u.norm)), None
        )
    offer = offer_target(offer_unit.text) if offer_unit else None
    if (
        offer_unit is not None
        and offer_unit.act == "offer_vague"
        and offer is not None
        and offer[0] != "person"
    ):
        offer = ("open", None)
    step = next((u for u in units if u.act in ("propose_next_step", "accept", "offer_vague")), None)
    when = when_phrase(step.text) if step else None
    if (
        when is None
        and any(u.times for u in units)
        and not any(u.question for u in units if u.act.startswith("ask_") and u.scores.confidence >= 0.6)
    ):
        when = when_phrase(clean)  # "Are you free Thursday at 9?" proposes a time whatever the act reads
    main = _main_unit(units)
    if selling:
        main = next(u for u in units if u.act in SELLING_ACTS)
    act = Act.BACKCHANNEL if main is None else main.act
    topic = ACT_TOPIC.get(act)
    return TurnRead(
        act=act,
        reading=reading,
        user_text=text,
        topic=topic,
        acts=acts,
        unit=main,
        confidence=main.scores.confidence if main else 0.0,
        selling=selling,
        offer=offer,
        proposal=step.text if step is not None and step.act == "propose_next_step" else None,
        when=when,
        heard=heard,
        rude=reading.rude,
        scores=dict(main.scores.ranked(3)) if main else {},
    )
