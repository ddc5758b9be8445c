"""The rehearsal memory and the per-turn plan that both partners follow.

Memory (saved in the session): ``{"facts": {topic: text}, "revealed": [...], "asked": [...],
"next_step": str | None, "heard": {topic: text}, "moments": [...]}``. `facts` holds the card text of
every topic the partner has shared (the drafting hand-off reads it with `next_step`); `heard` is what
the user said about their own business; `moments` the conversational moves seen (selling, offers...).
Everything is bounded by the number of topics, so the memory never grows with the session's length.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from app.core.roleplay.analysis import Analysis
from app.core.roleplay.personas import Persona
from app.core.roleplay.topics import DEEP_TOPICS, TOPICS

SURFACE_ORDER = ("business", "ideal_client", "accomplishments", "skills", "networks", "interests")
MOMENTS = frozenset({"greeting", "small_talk", "thanks", "closing", "selling", "offer_help", "explains_purpose",
                     "next_step", "next_step_vague", "about_user", "injection", "gibberish", "other_language"})
MAX_HEARD_CHARS = 240


def new_memory() -> dict[str, Any]:
    """An empty memory."""
    return {"facts": {}, "revealed": [], "asked": [], "next_step": None, "heard": {}, "moments": []}


def normalise_memory(memory: dict[str, Any] | None) -> dict[str, Any]:
    """A copy with every key present (sessions saved by older versions may lack some)."""
    out = new_memory()
    for key, value in (memory or {}).items():
        out[key] = copy.deepcopy(value)
    return out


@dataclass(frozen=True)
class Plan:
    """What the partner will do this turn, decided the same way on every engine."""

    analysis: Analysis
    answer: str | None = None  # card topic answered from the card
    deflected: str | None = None  # deep topic asked too vaguely: answer without the detail
    moment: str = "acknowledge"  # line key when no topic is answered
    lead: str | None = None  # short acknowledgement before the main line
    ask_back: bool = False
    selling_mode: bool = False  # the partner is still pitching ("they came to sell")


def _partner_turns_since_question(history: list[dict[str, Any]]) -> int:
    count = 0
    for turn in reversed(history):
        if turn["speaker"] != "partner":
            continue
        if "?" in turn["text"]:
            break
        count += 1
    return count


def plan_turn(
    analysis: Analysis, persona: Persona, memory: dict[str, Any], history: list[dict[str, Any]], *, sell_scenario: bool = False
) -> Plan:
    """Decide the partner's move: which topic to answer or deflect, which moment line, whether to ask back."""
    intent, extras = analysis.intent, set(analysis.extras)
    converted = bool({"explains_purpose"} & (set(memory["moments"]) | extras | {intent})) or bool(
        {"ideal_referral", "trigger_phrases", "how_to_refer"} & set(memory["asked"]) or analysis.topic in DEEP_TOPICS
    )
    selling_mode = sell_scenario and not converted
    answer = deflected = None
    moment = "acknowledge"
    if analysis.topic:
        if analysis.reveal:
            answer = analysis.topic
        else:
            deflected = analysis.topic
            # The card's deflection lines are about referrals; a vague personal question gets a personal shrug.
            moment = "deflect_personal" if analysis.topic == "goals" else "deflect"
    elif intent == "vague":
        answer = next((t for t in SURFACE_ORDER if t not in memory["revealed"]), None)
        moment = "deflect_general" if answer is None else moment
    elif intent == "selling":
        moment = "pushback_sell"
    elif intent == "offer_help" or (intent == "next_step" and "offer_help" in extras):
        moment = "help_offered"  # an offer with a date is thanked as an offer, not booked like a meeting
    elif intent == "explains_purpose":
        moment = "purpose"
    elif intent == "about_user":
        moment = "acknowledge"
    elif intent in ("next_step", "next_step_vague", "greeting", "small_talk", "thanks", "closing",
                    "other_language", "gibberish", "ack", "event", "group", "off_topic"):
        moment = {"gibberish": "unclear", "ack": "acknowledge"}.get(intent, intent)
    elif intent == "injection":
        moment = "off_script"
    lead = None
    if answer or deflected:
        for extra, key in (("selling", "pushback_sell"), ("explains_purpose", "purpose"), ("next_step", "next_step"),
                           ("offer_help", "help_offered"), ("greeting", "greeting")):
            if extra in extras:
                lead = key
                break
    quiet = _partner_turns_since_question(history)
    ask_back = intent not in ("closing", "next_step", "injection", "gibberish", "other_language") and (
        intent in ("about_user", "greeting", "explains_purpose", "offer_help", "ack", "small_talk", "thanks", "event",
                   "group", "off_topic")
        or quiet + 1 >= persona.asks_back_every
        or selling_mode
    )
    return Plan(analysis, answer, deflected, moment, lead, ask_back, selling_mode)


def update_memory(memory: dict[str, Any], plan: Plan, persona: Persona) -> dict[str, Any]:
    """The memory after this turn (a new dict; the old one is not changed)."""
    mem = normalise_memory(memory)
    a = plan.analysis
    if a.topic and a.topic not in mem["asked"]:
        mem["asked"].append(a.topic)
    if plan.answer:
        if plan.answer not in mem["revealed"]:
            mem["revealed"].append(plan.answer)
        mem["facts"][plan.answer] = persona.field_text(plan.answer)
    if a.next_step:
        mem["next_step"] = a.next_step
    for topic, sentence in a.heard:
        mem["heard"][topic] = sentence.strip()[:MAX_HEARD_CHARS]
    for m in (a.intent, *a.extras):
        if m in MOMENTS and m not in mem["moments"]:
            mem["moments"].append(m)
    return mem


def unlocked_topics(memory: dict[str, Any], plan: Plan) -> list[str]:
    """Card topics the model partner may talk about now: every surface topic, plus deep ones asked about well."""
    deep = [t for t in DEEP_TOPICS if t in memory["revealed"] or t == plan.answer]
    return [t for t in TOPICS if t not in DEEP_TOPICS] + deep


def memory_summary(memory: dict[str, Any], persona: Persona) -> str:
    """A compact text of the memory for the model prompt (bounded: topic names and short notes only)."""
    labels = {t: t.replace("_", " ") for t in TOPICS}
    shared = ", ".join(labels[t] for t in memory["revealed"]) or "nothing yet"
    waiting = [labels[t] for t in TOPICS if t not in memory["revealed"]]
    lines = [f"- You have already told them about: {shared}.",
             f"- Not discussed yet: {', '.join(waiting) or 'nothing - you have covered everything'}."]
    for topic, text in memory["heard"].items():
        lines.append(f"- They told you ({labels.get(topic, topic)}): \"{text[:160]}\"")
    if memory["next_step"]:
        lines.append(f"- Next step proposed: \"{memory['next_step'][:160]}\"")
    if "selling" in memory["moments"]:
        lines.append("- They have tried to sell to you.")
    return "\n".join(lines)
