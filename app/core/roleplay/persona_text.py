"""Make a persona card from a short free-text description, with a model or with simple patterns.

With a generative model the card is written to a JSON schema and validated; if it fails (bad JSON,
invalid fields, or a name the description never mentions) the deterministic builder's card is used and
its `origin` says so. Without a model the builder extracts name, business, trade and ideal client and
fills sensible defaults.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.core.errors import InputError
from app.core.llm.base import ChatModel
from app.core.prompts import load_prompt
from app.core.roleplay.persona_kinds import DIFFICULTIES
from app.core.roleplay.personas import TEXT_FIELDS, Persona, builtin_personas, persona_from_dict, slugify
from app.core.roleplay.topics import GAINS

MAX_DESCRIPTION_CHARS = 2000
ORIGIN_BUILDER = "from text (built-in builder)"
ORIGIN_MODEL = "from text (model)"

NAME = (
    re.compile(r"\b(?:named|called|name is|name's)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"),
    re.compile(r"^\s*([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\s*(?:,|\bis\b|\bruns\b|\bowns\b|\bwho\b|-|\()"),
)
BUSINESS = (
    re.compile(
        r"\b(?:runs|owns|founded|started|manages|has)\s+(?:an?\s+|the\s+)?(.+?)(?=[,.;]|\s+(?:who|and|with)\s|$)",
        re.I,
    ),
    re.compile(r"\bworks? (?:at|for)\s+(.+?)(?=[,.;]|\s+(?:who|and)\s|$)", re.I),
)
_ADJ = r"(?:(?:very|really|quite|friendly|busy|shy|quiet|chatty|sceptical|skeptical|pushy|warm|new|young|experienced|seasoned|local|talkative)\s+)*"
_END = r"(?=\s+(?:named|called|who|with|in|on|at|from|for|and|that)\b|[,.;]|$)"
TRADE = (
    re.compile(rf"\b(?:is|as|I'm|I am)\s+an?\s+{_ADJ}([a-z][a-z -]{{2,40}}?){_END}"),
    re.compile(rf"(?:^|[,(]\s*)an?\s+{_ADJ}([a-z][a-z -]{{2,40}}?){_END}", re.I),
)
CLIENT = (
    re.compile(
        r"\b(?:works with|helps|serves|clients are|customers are|ideal clients? (?:is|are)|specialis\w+ in)\s+(.+?)(?=[.;]|$)",
        re.I,
    ),
    re.compile(r"\b(?:for|with)\s+([a-z][^.;,]{3,80})(?=[.;,]|$)"),
)
TEMPERAMENTS: list[tuple[re.Pattern[str], dict[str, Any]]] = [
    (
        re.compile(r"scepti|skepti|busy|blunt|grump|impatient|cynic", re.I),
        {
            "difficulty": "hard",
            "personality": "Sceptical and short of time; respects people who get to the point",
            "speaking_style": "Short, direct sentences",
            "quirks": ["Gives one-word answers to vague questions"],
            "opening_line": "I haven't got long. What did you want to talk about?",
        },
    ),
    (
        re.compile(r"shy|quiet|introvert|nervous|reserved|technical", re.I),
        {
            "difficulty": "hard",
            "personality": "Quiet and reserved; opens up when asked specific questions",
            "speaking_style": "Brief, careful answers",
            "quirks": ["Rarely asks questions back"],
            "opening_line": "Hello. Thanks for meeting. I'm not great at these - where shall we start?",
        },
    ),
    (
        re.compile(r"chatty|talkative|talks a lot|over-?talk|rambl", re.I),
        {
            "difficulty": "medium",
            "personality": "Friendly and talkative; wanders off topic",
            "speaking_style": "Long answers full of stories",
            "quirks": ["Needs steering back to specifics"],
            "opening_line": "Great to finally sit down! Where do I start - it's been quite a week.",
        },
    ),
    (
        re.compile(r"pushy|sell|salesy|pitch", re.I),
        {
            "difficulty": "medium",
            "personality": "Eager to sell; comes round when shown a better way",
            "speaking_style": "Upbeat and salesy",
            "quirks": ["Opens with a pitch"],
            "opening_line": "Good to see you! Before we start - can I tell you about our member offer?",
        },
    ),
    (
        re.compile(r"warm|friendly|helpful|generous|connector|new member|first time", re.I),
        {
            "difficulty": "easy",
            "personality": "Warm and helpful; enjoys connecting people",
            "speaking_style": "Friendly and open",
            "quirks": ["Offers introductions early"],
            "opening_line": "Lovely to see you! I've been looking forward to this.",
        },
    ),
]
NEUTRAL = {
    "difficulty": "medium",
    "personality": "Friendly but businesslike",
    "speaking_style": "Plain and conversational",
    "quirks": ["Waits to be asked before sharing details"],
    "opening_line": "Thanks for suggesting this. How would you like to start?",
}


def _first(patterns: tuple[re.Pattern[str], ...] | list[re.Pattern[str]], text: str) -> str:
    for p in patterns:
        m = p.search(text)
        if m:
            return m.group(1).strip(" ,.;")
    return ""


def build_persona_data(text: str) -> dict[str, Any]:
    """The deterministic builder: a full, valid card from simple patterns and defaults."""
    name = _first(NAME, text) or "Sam Carter"
    trade = _first(TRADE, text).lower() or "business owner"
    business = _first(BUSINESS, text) or (
        f"{name.split()[0]}'s small business"
        if trade == "business owner"
        else f"{name.split()[0]}'s {trade} business"
    )
    client = _first(CLIENT, text) or "local small businesses"
    temper = next((t for rx, t in TEMPERAMENTS if rx.search(text)), NEUTRAL)
    taken = {p.id for p in builtin_personas()}
    pid = slugify(name)
    return {
        "id": pid if pid not in taken else f"{pid}-custom",
        "name": name,
        "business": business[:200],
        "trade": trade,
        "summary": text.strip()[:140],
        "ideal_client": client[:300],
        "ideal_referral": f"Someone from {client[:200]} who needs a {trade} in the next few months",
        "gains": {
            "goals": "Grow the business through referrals this year",
            "accomplishments": "Built a loyal base of repeat clients",
            "interests": "Family, walking and local sport",
            "networks": "This networking group and a local business club",
            "skills": f"The practical know-how of an experienced {trade}",
        },
        "trigger_phrases": [f"Do you know a good {trade}?", f"We've been let down by our last {trade}"],
        "how_to_refer": "Ask the person first, then pass on their name and number and mention where you met",
        "want_to_meet": [f"Other professionals who serve {client[:120]}"],
        "not_a_fit": "People looking for the cheapest possible price",
        "met_at": "a recent chapter meeting",
        "origin": ORIGIN_BUILDER,
        **temper,
    }


def persona_schema() -> dict[str, Any]:
    """JSON schema of the fields a model writes."""
    text = {"type": "string", "minLength": 1}
    texts = {"type": "array", "items": text, "minItems": 1, "maxItems": 5}
    return {
        "title": "persona_card",
        "type": "object",
        "properties": {
            **{k: text for k in TEXT_FIELDS},
            "trigger_phrases": texts,
            "want_to_meet": texts,
            "quirks": texts,
            "difficulty": {"type": "string", "enum": list(DIFFICULTIES)},
            "gains": {"type": "object", "properties": {g: text for g in GAINS}, "required": list(GAINS)},
        },
        "required": [
            "name",
            "business",
            "trade",
            "ideal_client",
            "ideal_referral",
            "trigger_phrases",
            "how_to_refer",
            "want_to_meet",
            "not_a_fit",
            "personality",
            "speaking_style",
            "quirks",
            "difficulty",
            "opening_line",
            "gains",
        ],
    }


def _model_card(text: str, base: dict[str, Any], model: ChatModel) -> tuple[Persona | None, str]:
    """Ask the model for a card; return it, or None and the reason it was rejected."""
    prompt = load_prompt("persona_from_text")
    shown = {k: base[k] for k in ("name", "business", "trade", "ideal_client")}
    raw = model.complete(
        prompt.format(description=text, defaults=json.dumps(shown)),
        json_schema=persona_schema(),
        max_tokens=900,
        temperature=0.3,
    )
    try:
        data = json.loads(raw.strip().removeprefix("```json").removesuffix("```"))
    except json.JSONDecodeError:
        return None, "the model's reply was not valid JSON"
    if not isinstance(data, dict):
        return None, "the model's reply was not a JSON object"
    card = {
        **base,
        **{k: v for k, v in data.items() if k not in ("id", "origin", "lines")},
        "origin": ORIGIN_MODEL,
    }
    try:
        persona = persona_from_dict(card, where="The model's card")
    except InputError as err:
        return None, str(err)
    if NAME[0].search(text) or NAME[1].search(text):
        if persona.name.lower() != base["name"].lower():
            return None, f"the model renamed the person to {persona.name!r}"
    return persona, ""


def persona_from_text(text: str, model: ChatModel | None = None) -> Persona:
    """A persona (not yet saved) from a short description; `origin` says how it was made."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            "Describe the person in a sentence or two, e.g. 'Dana runs a print shop and is very busy'."
        )
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise InputError(
            f"The description is {len(text):,} characters; keep it under {MAX_DESCRIPTION_CHARS:,}."
        )
    base = build_persona_data(text)
    if model is not None and model.generative:
        persona, reason = _model_card(text, base, model)
        if persona is not None:
            return persona
        base["origin"] = f"{ORIGIN_BUILDER}; the model's card was rejected: {reason}"[:300]
    return persona_from_dict(base, where="The built card")
