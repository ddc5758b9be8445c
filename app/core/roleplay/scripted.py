"""The scripted partner: speaks the dialogue manager's Plan in the persona's voice, from the card.

It is the offline engine's partner and the fallback whenever a model reply fails validation. It never
repeats a line it has already said in the session (earlier partner turns are the record), gives a new
detail on a second question about the same topic, plays back what the user said, and never asks about
what the user has already told it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.core.language import Reader, swap_person
from app.core.records import TurnRecord
from app.core.roleplay.dialogue import Plan
from app.core.roleplay.memory import Memory
from app.core.roleplay.personas import Persona
from app.core.roleplay.topics import ACT_TOPIC, GAINS

GENERIC: dict[str, tuple[str, ...]] = {
    "greeting": ("Hello! Good to see you.", "Hi - thanks for making the time."),
    "small_talk": ("Not bad, thanks - a busy week.", "All good, thanks for asking."),
    "thanks": ("You're welcome.", "No problem at all."),
    "closing": ("Thanks for this - good to talk properly.", "Let's keep in touch."),
    "deflect": (
        "Oh, all sorts, really. What exactly would you like to know?",
        "That depends - can you be more specific?",
    ),
    "deflect_general": (
        "What else would be useful for you to know?",
        "I think we've covered the basics - what else would help?",
    ),
    "deflect_personal": (
        "Oh, the usual - keeping busy and keeping the clients happy.",
        "Hard to say, really - it changes week to week.",
    ),
    "questions": (
        "What do you do, exactly?",
        "Who is your ideal client?",
        "What should I listen out for on your behalf?",
        "How would you like me to introduce you?",
        "Who would you most like to meet?",
        "What are you working towards this year?",
        "What's a recent piece of work you were pleased with?",
    ),
    "pushback_sell": ("I'm not really looking to buy anything - I'd rather hear who I could send your way.",),
    "decline_sales_meeting": (
        "I'll pass on a demo, thanks - I'm not buying anything today. Tell me who I could send your way instead.",
        "Not for me, thanks. Let's use the time to work out how we can refer each other.",
    ),
    "help_offered": ("That's kind - who did you have in mind?", "Thank you, I'd appreciate that."),
    "help_asked": (
        "That's kind of you - what did you have in mind?",
        "Thank you - who were you thinking of?",
    ),
    "offer_named": (
        "Tell me a bit about {who} - how do you know them?",
        "What's {who} like - and what would they need from me?",
        "How would you put it to {who}?",
    ),
    "offer_unnamed": ("That's kind - who did you have in mind?", "Thank you - who were you thinking of?"),
    "offer_thanks": (
        "That would be great, thank you.",
        "I'd really appreciate that.",
        "Thank you - that's generous of you.",
    ),
    "invited": (
        "I'd like that - thank you for asking. Send me the details?",
        "That's kind - count me in if the date works.",
    ),
    "next_step": ("Sounds good - let's do that.", "Agreed. I'll make a note."),
    "next_step_vague": ("Happy to - when suits you?", "Yes, let's - what day works for you?"),
    "confirm_accept": ("Great - that's settled, then.", "Lovely, it's in the diary."),
    "acknowledge": ("That's useful to know.", "Got it - that helps.", "Right, that makes sense."),
    "purpose": ("That makes sense - let's do that.", "Agreed - that's the best use of the hour."),
    "off_script": (
        "I'm not sure what you mean. Shall we get back to business?",
        "Let's keep to why we're here - how we can help each other.",
    ),
    "unclear": (
        "Sorry, I didn't quite catch that - could you say it another way?",
        "Sorry, you've lost me there - what do you mean?",
    ),
    "other_language": (
        "Sorry, I only really speak English - could we carry on in English?",
        "I'm afraid I can't follow that - English would be easier for me.",
    ),
    "event": ("I enjoyed it - I always come away with a name or two.",),
    "group": ("It's been worth it for me - the referrals come once people really know what you do.",),
    "off_topic": (
        "Ha - that's one for another coffee. Let's make the most of this one.",
        "Good question - maybe over a drink sometime. For now, let's stick to how we can help each other.",
        "That's a story for another day, I think.",
    ),
    "intro_requested": (
        "Leave it with me - I'll ask them this week and let you know.",
        "I can do that. I'll drop them a line and copy you in.",
    ),
    "recap": ("That's right - good memory.", "Yes, I remember - thanks for picking that up."),
    "decline_ack": ("No problem at all.", "Fair enough."),
    "rude": ("Right. Let's keep it moving, then.", "Fair enough - I'll keep it short."),
    "recall_unknown": (
        "You haven't actually told me that yet - go on, I'm listening.",
        "I don't think you've said yet - tell me now?",
    ),
    "continue": ("Right.", "Okay.", "Sure."),
}
RECAP = ("Like I said: {}", "As I mentioned: {}")
FILLERS = (
    "Where would you like to go from here?",
    "What else is on your mind?",
    "Is there anything you'd like to ask me?",
    "Shall we talk about how we can help each other next?",
    "What would make this hour worthwhile for you?",
    "Anything else I can tell you?",
    "What's the most useful thing we could agree before we go?",
)
PLAYBACK_ORDER = ("trigger_phrases", "ideal_client", "ideal_referral", "business", "personal")
VOLUNTEER = ("accomplishments", "interests", "networks", "skills", "goals", "business", "ideal_client")
MAX_PLAYBACK = 160  # longer statements are acknowledged by their first clause only
# A lead-in announcing a statement about oneself is not part of what was said.
LEAD_IN = re.compile(
    r"^\W*(?:(?:so|well|right|ok|okay|now|and)\W+)?(?:a (?:bit|little|word) )?about (?:me|myself|us|my business)"
    r"\s*(?:-|:|,|\.{3})\s*(?=\w)",
    re.I,
)
# A recall question about one topic may be answered from a closely related one: people describe their
# clients in the same breath as their business, and the classifier often splits the two.
RECALL_FALLBACK = {
    "ideal_client": ("business", "ideal_referral"),
    "business": ("ideal_client",),
    "ideal_referral": ("ideal_client",),
}
# After the user tells one topic, the most useful thing to ask them next (never something already told).
NEXT_QUESTION = {
    "business": ("ideal_client", "trigger_phrases", "how_to_refer"),
    "ideal_client": ("trigger_phrases", "how_to_refer", "business"),
    "trigger_phrases": ("how_to_refer", "ideal_client", "want_to_meet"),
    "ideal_referral": ("trigger_phrases", "how_to_refer", "ideal_client"),
    "personal": ("business", "ideal_client", "goals"),
}
# The user's own topics a question back can be about, as the language layer reads the question.
_ASKED_TOPIC_OF_TELL = {
    "business": "business",
    "ideal_client": "ideal_client",
    "trigger_phrases": "trigger_phrases",
    "ideal_referral": "ideal_referral",
    "personal": "personal",
}
_QUESTION_TOPIC_ALIASES = {
    "goals": "personal",
    "interests": "personal",
    "accomplishments": "personal",
    "networks": "personal",
    "skills": "personal",
    "want_to_meet": "ideal_referral",
    "how_to_refer": "ideal_referral",
}


def _end(text: str) -> str:
    return text if text.endswith((".", "!", "?", '"', "'")) else text + "."


def topic_lines(persona: Persona, topic: str) -> list[str]:
    """The persona's own lines for a topic, or one built from the card field (so custom cards can talk too)."""
    if persona.lines.get(topic):
        return list(persona.lines[topic])
    g = persona.gains
    built = {
        "business": f"What do I do? {_end(persona.business)}",
        "ideal_client": f"My ideal client? {_end(persona.ideal_client)}",
        "ideal_referral": f"A great referral for me? {_end(persona.ideal_referral)}",
        "trigger_phrases": "Listen out for people saying things like "
        + " or ".join(f'"{p}"' for p in persona.trigger_phrases[:2])
        + ".",
        "how_to_refer": f"How to refer me? {_end(persona.how_to_refer)}",
        "want_to_meet": f"Who I'd love to meet: {_end('; '.join(persona.want_to_meet[:3]))}",
        "not_a_fit": f"Not a fit for me: {_end(persona.not_a_fit)}",
        "last_referral": _end(persona.last_referral)
        if persona.last_referral
        else "It's still early days with that one - I'll keep you posted.",
        **{t: f"{t.capitalize()}? {_end(g[t])}" for t in GAINS},
    }
    return [built[topic]]


def moment_lines(persona: Persona, key: str) -> list[str]:
    """The persona's lines for a conversational moment, then the generic ones."""
    return [*persona.lines.get(key, []), *GENERIC.get(key, ())]


@lru_cache(maxsize=64)
def _question_topics(questions: tuple[str, ...]) -> tuple[str | None, ...]:
    """Which of the user's topics each question asks about, as the language layer reads it."""
    reads = Reader().read_many(list(questions))
    out = []
    for r in reads:
        # The question in the line, not its tail ("What do you do? Sorry, I should have asked that first!").
        asking = next((u.act for u in r.units if u.act.startswith("ask_")), None)
        act = asking or (r.acts()[-1] if r.acts() else None)
        topic = ACT_TOPIC.get(act or "")
        out.append(_QUESTION_TOPIC_ALIASES.get(topic or "", topic))
    return tuple(out)


def question_lines(persona: Persona, memory: Memory, prefer: tuple[str, ...] = ()) -> list[str]:
    """Questions the persona asks back, skipping what the user already told it; `prefer`red topics first."""
    pool = tuple(dict.fromkeys([*persona.lines.get("questions", []), *GENERIC["questions"]]))
    told = {_ASKED_TOPIC_OF_TELL.get(t, t) for t in memory.heard}
    tagged = [(q, t) for q, t in zip(pool, _question_topics(pool), strict=True) if t not in told]
    ranked = sorted(tagged, key=lambda qt: prefer.index(qt[1]) if qt[1] in prefer else len(prefer))
    return [q for q, _ in ranked]


def _clause(sentence: str) -> str:
    """A sentence without its closing punctuation or trailing aside."""
    return re.sub(r"[\s.!?]+$", "", re.split(r"\s+-\s+|;|\.\s", sentence.strip())[0])


def _lower_first(text: str) -> str:
    return (
        text[:1].lower() + text[1:] if text[:2] != "I " and not re.match(r"[A-Z][a-z]+ [A-Z]", text) else text
    )


def paraphrase(sentence: str) -> str | None:
    """The user's own sentence from the partner's side ("I fit kitchens" -> "you fit kitchens"), or None if too long."""
    # "Let me tell you about mine: I run ..." - the part after a lead-in colon is what was said.
    sentence = sentence.split(": ", 1)[1] if re.match(r"^[^:]{0,60}:\s", sentence) else sentence
    sentence = LEAD_IN.sub("", sentence)  # "So, about me - I'm an architect ..."
    clause = _clause(sentence)
    clause = re.sub(r"^(?:so|well|right|ok|okay|basically|honestly|yeah|and)\b[\s,]*", "", clause, flags=re.I)
    if not clause or len(clause) > MAX_PLAYBACK:
        return None
    return _lower_first(swap_person(clause))


def quoted_trigger(text: str) -> str | None:
    """A trigger phrase the user quoted ("if you hear 'we're drowning in paperwork' ...")."""
    m = re.search(
        r"(?:^|\s)[\"\u201c\u2018']([^\"\u201c\u201d\u2018\u2019]{6,90}?)[\"\u201d\u2019'](?=[\s.,!?;:]|$)",
        text,
    )
    return m.group(1) if m else None


def playback(topic: str, sentence: str) -> str | None:
    """A line repeating back what the user said about themselves."""
    if topic == "trigger_phrases":
        quoted = quoted_trigger(sentence)
        if quoted:
            return f'So if I hear someone say "{quoted}", I\'ll think of you.'
    said = paraphrase(sentence)
    return f"So {said}." if said else None


def recall_line(topic: str | None, memory: Memory) -> str | None:
    """Restate what the user said earlier, from memory (None when they never said it)."""
    heard: dict[str, str] = memory.heard
    sentence = heard.get(topic or "") or (next(reversed(heard.values())) if heard and topic is None else None)
    for related in RECALL_FALLBACK.get(topic or "", ()):
        sentence = sentence or heard.get(related)
    if not sentence:
        return None
    said = swap_person(re.sub(r"[\s.!?]+$", "", sentence.strip()))
    return f"You said {_lower_first(said)}."


def _who_handle(who: str) -> str:
    """How the partner refers to someone offered: their first name, or the role from the partner's side.

    "my accountant, Priya" -> "Priya"; "the events manager at Bettys" -> "the events manager at Bettys"
    (a name after "at" or "from" is the organisation, not the person).
    """
    role_first = re.match(r"(?:a|an|the|my|our|one of)\b", who.strip(), re.I)
    person = re.search(r"(?:^|,\s*)([A-Z][\w'-]+)(?=\s+[A-Z][\w'-]+|\s*$|,)", who.strip())
    if person and person.group(1) not in {"I", "My", "Our", "We", "The", "A", "An"}:
        return person.group(1)
    names: list[str] = [
        w for w in re.findall(r"\b[A-Z][\w'-]+\b", who) if w not in {"I", "My", "Our", "We", "The", "A", "An"}
    ]
    if names and not role_first:
        return names[0]
    return swap_person(re.sub(r"^(?:a|an|one of my|one of our)\s+", "the ", who.strip(), flags=re.I))


_COMMON = frozenset(
    """that this with from they them their there about would could should really someone somebody
    people person introduce introduction meet meeting love like know knows want wants need needs great good just
    then than what when where which while your yours mine ours local new who whom whose""".split()
)


def _key_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _COMMON}


def offered_wishes(persona: Persona, offers: list[str]) -> list[str]:
    """The persona's wish-list entries that the user has already offered (sharing a distinctive word)."""
    said = set().union(*(_key_words(o) for o in offers)) if offers else set()
    return [w for w in persona.want_to_meet if _key_words(w) & said]


def _avoid_offered(lines: list[str], persona: Persona, offers: list[str]) -> list[str]:
    """Wish-list lines that do not ask for what the user has just offered."""
    taken = set().union(*(_key_words(w) for w in offered_wishes(persona, offers))) if offers else set()
    return [ln for ln in lines if not taken & _key_words(ln)]


def _answer_lines(plan: Plan, persona: Persona, memory: Memory) -> list[str]:
    topic = plan.topic or "business"
    lines = topic_lines(persona, topic)
    depth = int(memory.depth.get(topic, 0))
    ordered = lines[depth:] + lines[:depth]  # the next unsaid detail first
    if topic == "want_to_meet" and memory.offers:
        kept = _avoid_offered(ordered, persona, memory.offers)
        if kept != ordered:
            lead = "You've already offered me one of those - thank you."
            ordered = [f"{lead} {ln}" for ln in kept] or [f"{lead} Beyond that, I'd have to think."]
    return ordered


def scripted_reply(plan: Plan, persona: Persona, history: list[TurnRecord], memory: Memory) -> str:
    """The partner's reply built from the card; deterministic for a given plan and history."""
    said = "\n".join(t["text"] for t in history if t["speaker"] == "partner")
    parts: list[str] = []

    def take(options: list[str]) -> str | None:
        line = next((o for o in options if o and o not in said and o not in parts), None)
        if line:
            parts.append(line)
        return line

    r, kind = plan.read, plan.kind
    if plan.lead == "offer_thanks":
        take(moment_lines(persona, "offer_thanks"))
    if kind == "answer":
        lines = _answer_lines(plan, persona, memory)
        if not take(lines):
            take([f.format(lines[0]) for f in RECAP]) or take(moment_lines(persona, "deflect_general"))
        # A mixed turn: the question is answered, and a trigger the user gave along the way is still heard.
        for topic, sentence in r.heard:
            if topic == "trigger_phrases":
                take([playback(topic, sentence) or ""])
    elif kind == "deflect":
        take(moment_lines(persona, "deflect_personal" if plan.topic in GAINS else "deflect"))
    elif kind == "recall":
        take([recall_line(plan.topic, memory) or ""]) or take(moment_lines(persona, "recall_unknown"))
    elif kind == "acknowledge":
        # Play back the most telling thing they said: their triggers, then their client, then the rest.
        told = sorted(r.heard, key=lambda h: PLAYBACK_ORDER.index(h[0]) if h[0] in PLAYBACK_ORDER else 9)
        for topic, sentence in told[:1]:
            take([playback(topic, sentence) or ""])
        take(moment_lines(persona, "acknowledge"))
    elif kind == "accept_offer":
        what = (r.offer or ("unnamed", None))[1] or ""
        if r.offer and r.offer[0] == "invite":
            # Say what they were invited to, so the user hears it was taken in.
            named = [f"I'd love to come to {swap_person(what)} - thank you for asking."] if what else []
            take(named + moment_lines(persona, "invited"))
        else:
            # The persona's own thanks first, without any "who did you have in mind?" (they said who).
            own = [
                re.sub(r"\s*[^.!?]*\bwho\b[^.!?]*\?", "", o, flags=re.I).strip()
                for o in persona.lines.get("help_offered", [])
            ]
            take([o for o in own if len(o) > 12] + moment_lines(persona, "offer_thanks"))
            if r.offer and r.offer[0] == "person":
                take([q.replace("{who}", _who_handle(what)) for q in moment_lines(persona, "offer_named")])
            elif what:
                take([f"I'll look out for {swap_person(what)}.", f"Please do send {swap_person(what)}."])
    elif kind == "ask_who":
        take([o for o in moment_lines(persona, "help_offered") if "?" in o] + list(GENERIC["offer_unnamed"]))
    elif kind == "confirm_time":
        when = r.when or ""
        take([f"{when[:1].upper()}{when[1:]} works for me.", f"{when[:1].upper()}{when[1:]} it is."])
        take(moment_lines(persona, "next_step"))
    elif kind == "ask_time":
        take(moment_lines(persona, "next_step_vague"))
    elif kind == "accept_step":
        take(moment_lines(persona, "offer_thanks"))
    elif kind == "decline_sales":
        meeting = "propose_sales_meeting" in r.acts
        take(
            moment_lines(persona, "decline_sales_meeting" if meeting else "pushback_sell")
            + moment_lines(persona, "pushback_sell" if meeting else "decline_sales_meeting")
        )
    elif kind == "continue":
        take(moment_lines(persona, "continue"))
    else:
        key = {
            "greet": "greeting",
            "thanks_back": "thanks",
            "close": "closing",
            "agree_purpose": "purpose",
            "clarify": "unclear",
            "confirm_accept": "confirm_accept",
        }.get(kind, kind)
        take(moment_lines(persona, key))
    if plan.ask_back and not any("?" in p for p in parts):
        pool = moment_lines(persona, "pitch") if plan.selling_mode else []
        told_topic = r.heard[0][0] if r.heard else ""
        # What the user says in this very turn counts as told, as much as what they said before.
        knows = memory.model_copy(update={"heard": {**memory.heard, **dict(r.heard)}})
        take(pool + question_lines(persona, knows, NEXT_QUESTION.get(told_topic, ())))
    if not parts or all(p in moment_lines(persona, "continue") for p in parts):
        # Nothing left to ask: volunteer something not yet shared, as people do in a lull.
        fresh = [ln for t in VOLUNTEER for ln in topic_lines(persona, t)[int(memory.depth.get(t, 0)) :]]
        if not take(fresh) and not take(list(FILLERS)):
            parts.append(FILLERS[said.count("\n") % len(FILLERS)])
    return " ".join(parts).strip()
