"""Checks on a model-written partner reply: empty, too long, role swap, out of character, leaked instructions, repetition.

All functions are pure. A failed check returns a short machine reason ("role_swap") and a sentence for
people; the partner then answers with the scripted line and records both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core.roleplay.memory import Memory
from app.core.roleplay.personas import Persona

MAX_REPLY_CHARS = 600
MAX_REPLY_WORDS = 90
SHINGLE = 6  # two shared 6-word runs (7 words in a row) from the instructions count as a leak

SPEAKER_LABEL = re.compile(
    r"^\s*[*_]*\s*(user|you|me|human|assistant|ai|bot|system|member|networker|other member|coach|partner)\s*[*_]*\s*:",
    re.I | re.M,
)
AI_TALK = re.compile(
    r"\b(as an ai|as a language model|i'?m an ai|i am an ai|i'?m (just )?a (computer )?program|language model|"
    r"i'?m not (a|an) (model|ai|bot|robot|assistant|machine)|"
    r"ai assistant|virtual assistant|chatbot|openai|anthropic|i cannot (role-?play|pretend)|"
    r"how (can|may) i (help|assist) you( today)?|i'?m here to (help|assist) you)\b",
    re.I,
)
META_TALK = re.compile(
    r"\b(role-?play(ing)?|persona|characters?|this (scenario|simulation|exercise)|"
    r"i'?m (playing|pretending)|story ?telling)\b",
    re.I,
)
LEAK_TALK = re.compile(
    r"\b(system prompt|my (instructions|rules|guidelines|prompt)|i (was|am|have been) (told|instructed|programmed)|"
    r"the instructions|post-history|(ideal_referral|trigger_phrases|how_to_refer|want_to_meet|speaking_style|"
    r"not_a_fit|opening_line)\b|about you:|how you speak|example of how you talk|quirks:|so far in this conversation|"
    r"not discussed yet|background notes|reference (data|passages?)|(speaking|talking) to the other member|"
    r"you are meeting another member|other member'?s?\b|in the first person)",
    re.I,
)


LETTER = re.compile(r"^\s*(dear|to whom)\b", re.I)
OCCUPATIONS = re.compile(
    r"\b(advis[eo]r|consultant|accountant|bookkeeper|lawyer|solicitor|electrician|engineer|plumber|designer|developer|"
    r"coach|agent|broker|photographer|groomer|planner|contractor|fitter|builder|teacher|doctor|nurse|therapist|"
    r"marketer|writer|trainer|recruiter|architect|banker|mechanic|chef|florist|printer)s?\b",
    re.I,
)
CLAIM = re.compile(r"\bi'?m an? ((?:[a-z-]+ ){0,3}[a-z-]+)", re.I)


def _claims_other_trade(text: str, persona: Persona) -> str | None:
    """An occupation the reply claims ("I'm a business advisor") that appears nowhere on the card."""
    card = " ".join([persona.trade, persona.business, persona.summary]).lower()
    for m in CLAIM.finditer(text):
        for job in OCCUPATIONS.finditer(m.group(1)):
            if job.group(1).lower()[:6] not in card:
                return m.group(0)
    return None


def _loops(text: str) -> bool:
    """A reply that says the same five words twice is stuck in a loop."""
    grams = [tuple(g) for g in zip(*(_words(text)[i:] for i in range(5)), strict=False)]
    return len(grams) != len(set(grams))


@dataclass(frozen=True)
class Verdict:
    """The outcome of validating one reply."""

    ok: bool
    reason: str = ""  # empty | too_long | role_swap | out_of_character | leak | repetition
    detail: str = ""

    def __bool__(self) -> bool:
        return self.ok


def normalise_reply(text: str, persona: Persona) -> str:
    """Tidy a raw model reply: strip quotes and the persona's own name label, drop a sentence cut off mid-way."""
    out = text.strip().strip('"').strip()
    out = re.sub(
        rf"^\s*[*_]*\s*({re.escape(persona.name)}|{re.escape(persona.first_name)})\s*[*_]*\s*:\s*",
        "",
        out,
        flags=re.I,
    )
    if out and out[-1] not in ".!?\"')" and re.search(r"[.!?]", out[:-1]):
        # The token limit cut the last sentence: keep the complete ones.
        out = out[: max(out.rfind(c) for c in ".!?") + 1]
    return out.strip()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def instruction_shingles(instructions: str) -> frozenset[tuple[str, ...]]:
    """Word sequences of the fixed instruction text; a reply sharing one is quoting its instructions."""
    return frozenset(_shingles(_words(instructions), SHINGLE))


def _echoes(reply: str, user_text: str) -> bool:
    """True when most of the reply is the user's own words: the model has slipped into the user's role."""
    reply_w, user_w = _words(reply), _words(user_text)
    if len(reply_w) < 6 or len(user_w) < 6:
        return False
    shared = _shingles(reply_w, 4) & _shingles(user_w, 4)
    return len(shared) >= max(2, 0.5 * (len(reply_w) - 3))


def _repeats(reply: str, previous: Sequence[str]) -> bool:
    """True when the reply is mostly one of the partner's earlier lines again."""
    mine = _shingles(_words(reply), 4)
    if len(mine) < 3:
        return False
    return any(len(mine & _shingles(_words(p), 4)) >= 0.6 * len(mine) for p in previous)


def validate_reply(
    text: str,
    persona: Persona,
    *,
    user_text: str = "",
    previous: Sequence[str] = (),
    instructions: frozenset[tuple[str, ...]] = frozenset(),
) -> Verdict:
    """Decide whether a (normalised) model reply may be shown as the partner's line."""
    if len(re.sub(r"\W", "", text)) < 2:
        return Verdict(False, "empty", "The model's reply was empty.")
    if len(text) > MAX_REPLY_CHARS or len(text.split()) > MAX_REPLY_WORDS:
        return Verdict(False, "too_long", f"The model's reply was too long ({len(text.split())} words).")
    # Leaks first: quoted instructions also mention AIs and characters, but the leak is the real fault.
    if m := LEAK_TALK.search(text):
        return Verdict(False, "leak", f"The model mentioned its instructions ({m.group(0)!r}).")
    if instructions and len(_shingles(_words(text), SHINGLE) & instructions) >= 2:
        return Verdict(False, "leak", "The model quoted its instructions.")
    if m := SPEAKER_LABEL.search(text):
        return Verdict(False, "role_swap", f"The model wrote a line for another speaker ({m.group(1)!r}).")
    first = re.escape(persona.first_name)
    if re.search(
        rf"\b(hi|hello|hey|thanks|thank you|nice to meet you|great to meet you|good to see you),? {first}\b",
        text,
        re.I,
    ):
        return Verdict(False, "role_swap", f"The model spoke to {persona.first_name} as if it were the user.")
    if re.search(rf"(^|\n)\s*{first}\b[^\n]{{0,30}}:", text[1:], re.I):
        return Verdict(False, "role_swap", "The model wrote a script with several speakers.")
    if re.search(rf"(^|[,;:.!?]\s*){first}(\s+{re.escape(persona.name.split()[-1])})?\s*[,.!?]", text, re.I):
        return Verdict(
            False, "role_swap", f"The model addressed {persona.first_name} as if it were the user."
        )
    if LETTER.search(text):
        return Verdict(False, "out_of_character", "The model wrote a letter instead of speaking.")
    if claimed := _claims_other_trade(text, persona):
        return Verdict(False, "out_of_character", f"The model claimed another trade ({claimed!r}).")
    if m := re.search(r"\bmy name is ([A-Z][a-z]+)|^\s*(?:hi|hello)[,!]? i'?m ([A-Z][a-z]+)\b", text, re.I):
        claimed = (m.group(1) or m.group(2) or "").lower()
        if claimed and claimed not in persona.name.lower():
            return Verdict(False, "out_of_character", f"The model called itself {claimed.title()}.")
    if user_text and _echoes(text, user_text):
        return Verdict(False, "role_swap", "The model repeated the user's words as its own.")
    if m := AI_TALK.search(text):
        return Verdict(False, "out_of_character", f"The model stepped out of character ({m.group(0)!r}).")
    if m := META_TALK.search(text):
        return Verdict(
            False, "out_of_character", f"The model talked about the role-play itself ({m.group(0)!r})."
        )
    if _loops(text):
        return Verdict(False, "repetition", "The model repeated itself within the reply.")
    if previous and _repeats(text, previous):
        return Verdict(False, "repetition", "The model repeated one of its earlier lines.")
    return Verdict(True)


# The user's own topics as the partner's questions read them ("Who's your dream client?" asks the user's
# ideal client), so a reply that re-asks what the user already told can be caught.
_ASKED_USER_TOPIC = {
    "ask_business": "business",
    "ask_ideal_client": "ideal_client",
    "ask_triggers": "trigger_phrases",
    "ask_ideal_referral": "ideal_referral",
    "ask_how_to_refer": "ideal_referral",
    "ask_want_to_meet": "ideal_referral",
}


def check_reply_act(text: str, plan: Any, memory: Memory, reader: Any) -> Verdict:
    """Reject a reply that ignores the act that was made: another topic, a re-asked question, a bought pitch."""
    from app.core.roleplay.topics import ANSWER_ACTS

    reading = reader.read(text)
    acts = reading.acts()
    heard = set(memory.heard) | {t for t, _ in getattr(plan.read, "heard", ())}
    for u in reading.units:
        asked = _ASKED_USER_TOPIC.get(u.act)
        if asked and asked in heard and u.question:
            return Verdict(
                False,
                "ignored_act",
                f"The model asked about something they had already told it ({u.text!r}).",
            )
    if plan.kind == "answer" and plan.topic in ANSWER_ACTS:
        if not set(acts) & ANSWER_ACTS[plan.topic]:
            return Verdict(
                False,
                "ignored_act",
                f"The model did not answer the question about its {plan.topic.replace('_', ' ')}.",
            )
    if plan.kind == "decline_sales" and acts and acts[0] == "accept":
        return Verdict(
            False, "ignored_act", "The model accepted a sales pitch its character would turn down."
        )
    if plan.kind in ("accept_offer", "confirm_time", "ask_time") and acts and acts[0] == "decline":
        return Verdict(
            False, "ignored_act", "The model turned down an offer or a meeting its character would welcome."
        )
    return Verdict(True)
