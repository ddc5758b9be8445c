"""The scripted partner: answers from the persona card in the persona's voice, following the turn's Plan.

It is the offline engine's partner and the fallback whenever a model reply fails validation. It never
repeats a line it has already said in the session (earlier partner turns are the record), asks
questions back, and gives in-character answers to greetings, pitches, offers, gibberish and injections.
"""

from __future__ import annotations

import re
from typing import Any

from app.core.roleplay.memory import Plan
from app.core.roleplay.personas import Persona

GENERIC: dict[str, tuple[str, ...]] = {
    "greeting": ("Hello! Good to see you.", "Hi - thanks for making the time."),
    "small_talk": ("Not bad, thanks - a busy week.", "All good, thanks for asking."),
    "thanks": ("You're welcome.", "No problem at all."),
    "closing": ("Thanks for this - good to talk properly.", "Let's keep in touch."),
    "deflect": ("Oh, all sorts, really. What exactly would you like to know?", "That depends - can you be more specific?"),
    "deflect_general": ("What else would be useful for you to know?", "I think we've covered the basics - what else would help?"),
    "questions": (
        "What do you do, exactly?", "Who is your ideal client?", "What should I listen out for on your behalf?",
        "How would you like me to introduce you?", "Who would you most like to meet?",
        "What are you working towards this year?", "What's a recent piece of work you were pleased with?",
    ),
    "pushback_sell": ("I'm not really looking to buy anything - I'd rather hear who I could send your way.",),
    "help_offered": ("That's kind - who did you have in mind?", "Thank you, I'd appreciate that."),
    "next_step": ("Sounds good - let's do that.", "Agreed. I'll make a note."),
    "next_step_vague": ("Happy to - when suits you?",),
    "acknowledge": ("That's useful to know.", "Got it - that helps.", "Right, that makes sense."),
    "purpose": ("That makes sense - let's do that.",),
    "off_script": ("I'm not sure what you mean. Shall we get back to business?",
                   "Let's keep to why we're here - how we can help each other."),
    "unclear": ("Sorry, I didn't quite catch that - could you say it another way?", "Sorry, you've lost me there."),
    "other_language": ("Sorry, I only really speak English - could we carry on in English?",
                       "I'm afraid I can't follow that - English would be easier for me."),
}
FILLERS = (
    "Where would you like to go from here?", "What else is on your mind?", "Is there anything you'd like to ask me?",
    "Shall we talk about how we can help each other next?", "What would make this hour worthwhile for you?",
    "Anything else I can tell you?", "What's the most useful thing we could agree before we go?",
)
RECAP = ("Like I said: {}", "As I mentioned: {}", "To repeat: {}")
# What a question back asks about, so the partner does not ask what the user has already told it.
QUESTION_TOPICS = (
    ("business", re.compile(r"\bwhat (do|is it) you do\b|\bwhat you do\b", re.I)),
    ("ideal_client", re.compile(r"\b(client|customer)", re.I)),
    ("trigger_phrases", re.compile(r"\b(listen|hear|say)\b", re.I)),
)


def _end(text: str) -> str:
    return text if text.endswith((".", "!", "?", '"', "'")) else text + "."


def topic_lines(persona: Persona, topic: str) -> list[str]:
    """The persona's own lines for a topic, then one built from the card field (so custom cards can talk too)."""
    g = persona.gains
    # Card fields are written as stand-alone phrases, so each sits after a short lead-in of its own.
    built = {
        "business": f"What do I do? {_end(persona.business)}",
        "ideal_client": f"My ideal client? {_end(persona.ideal_client)}",
        "ideal_referral": f"A great referral for me? {_end(persona.ideal_referral)}",
        "trigger_phrases": "Listen out for people saying things like "
        + " or ".join(f'"{p}"' for p in persona.trigger_phrases[:2]) + ".",
        "how_to_refer": f"How to refer me? {_end(persona.how_to_refer)}",
        "want_to_meet": f"Who I'd love to meet: {_end('; '.join(persona.want_to_meet[:3]))}",
        "not_a_fit": f"Not a fit for me: {_end(persona.not_a_fit)}",
        "goals": f"My goals? {_end(g['goals'])}",
        "accomplishments": f"Something I'm proud of? {_end(g['accomplishments'])}",
        "interests": f"Outside work? {_end(g['interests'])}",
        "networks": f"My networks? {_end(g['networks'])}",
        "skills": f"What I'm good at? {_end(g['skills'])}",
    }[topic]
    return [*persona.lines.get(topic, []), built]


def moment_lines(persona: Persona, key: str) -> list[str]:
    """The persona's lines for a conversational moment, then the generic ones."""
    return [*persona.lines.get(key, []), *GENERIC.get(key, ())]


def question_lines(persona: Persona, memory: dict[str, Any]) -> list[str]:
    """Questions the persona asks back (its own, then general ones), skipping what the user already told it."""
    heard = set(memory.get("heard", {}))
    out = []
    for q in [*persona.lines.get("questions", []), *GENERIC["questions"]]:
        if not any(t in heard and rx.search(q) for t, rx in QUESTION_TOPICS):
            out.append(q)
    return out


def _fresh(options: list[str], said: str) -> str | None:
    """The first option not yet said in this session."""
    return next((o for o in options if o not in said), None)


def _reflect(user_text: str) -> str | None:
    """Repeat back a quoted trigger phrase, as an attentive listener would."""
    m = re.search(r"(?:^|\s)[\"“‘']([^\"“”‘’]{6,80}?)[\"”’'](?=[\s.,!?;:]|$)", user_text)
    return f'So if I hear someone say "{m.group(1)}", I\'ll think of you.' if m else None


def scripted_reply(plan: Plan, persona: Persona, history: list[dict[str, Any]], memory: dict[str, Any]) -> str:
    """The partner's reply built from the card; deterministic for a given plan and history."""
    said = "\n".join(t["text"] for t in history if t["speaker"] == "partner")
    parts: list[str] = []

    def take(options: list[str]) -> str | None:
        line = _fresh(options, said + "\n" + "\n".join(parts))
        if line:
            parts.append(line)
        return line

    if plan.lead:
        take(moment_lines(persona, plan.lead))
    if plan.answer:
        lines = topic_lines(persona, plan.answer)
        if not take(lines):
            recaps = [r.format(lines[0]) for r in RECAP]
            if not take(recaps):
                take(moment_lines(persona, "deflect_general"))
    elif plan.moment == "acknowledge" and any(t == "trigger_phrases" for t, _ in plan.analysis.heard) and _reflect(
        plan.analysis.user_text
    ):
        take([_reflect(plan.analysis.user_text) or ""])
    else:
        take(moment_lines(persona, plan.moment))
    if plan.ask_back and not any("?" in p for p in parts):
        pool = moment_lines(persona, "pitch") if plan.selling_mode else []
        if plan.selling_mode and not pool:
            pool = [f"By the way, have you ever thought about using a {persona.trade}? I could do you a good rate."]
        take(pool + question_lines(persona, memory))
    if not parts:
        # Everything suitable has been said: a varied, honest nudge rather than a repeat.
        recaps = [r.format(topic_lines(persona, t)[0]) for t in memory.get("revealed", []) for r in RECAP]
        take(list(FILLERS)) or take(recaps) or parts.append(FILLERS[said.count("\n") % len(FILLERS)])
    return " ".join(parts).strip()
