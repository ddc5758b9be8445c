"""The scripted partner: answers from the persona card in the persona's voice, following the turn's Plan.

It is the offline engine's partner and the fallback whenever a model reply fails validation. It never
repeats a line it has already said in the session (earlier partner turns are the record), asks
questions back, and gives in-character answers to greetings, pitches, offers, gibberish and injections.
"""

from __future__ import annotations

import re
from typing import Any

from app.core.roleplay.analysis import WHEN, Analysis, offer_target
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
    "help_asked": ("That's kind of you. Honestly, the right introduction is worth more than anything - let me think about who.",
                   "Thank you - I'll have a proper think and tell you before we finish."),
    "invited": ("I'd like that - thank you for asking. Send me the details?", "That's kind - count me in if the date works."),
    "event": ("I enjoyed it - I always come away with a name or two.", "Good, I thought - the room had a real buzz."),
    "group": ("It's been worth it for me - the referrals come once people really know what you do.",
              "Long enough to know it works when people actually listen to each other."),
    "off_topic": ("Ha - that's one for another coffee. Let's make the most of this one.",
                  "Good question - maybe over a drink sometime. For now, let's stick to how we can help each other.",
                  "That's a story for another day, I think.", "Ha - I'll tell you at the next social."),
    "deflect_personal": ("Oh, the usual - keeping busy and keeping the clients happy.",
                         "Hard to say, really - it changes week to week."),
    "offer_named": ("Tell me a bit about {who} - how do you know them?", "What's {who} like - and what would they need from me?",
                    "How would you put it to {who}?"),
    "offer_unnamed": ("Who did you have in mind?",),
    "offer_thanks": ("That would be great, thank you.", "I'd really appreciate that.", "Thank you - that's generous of you."),
}
# First person to second, for playing back what the user said about themselves ("my clients" -> "your clients").
SWAP = {"i": "you", "i'm": "you're", "i've": "you've", "i'll": "you'll", "i'd": "you'd", "me": "you", "my": "your",
        "mine": "yours", "myself": "yourself", "we": "you", "we're": "you're", "we've": "you've", "our": "your",
        "ours": "yours", "us": "you", "am": "are"}
MAX_PLAYBACK = 140  # longer statements are acknowledged without being repeated back
WHO_QUESTION = re.compile(r"[^.!?]*\bwho\b[^.!?]*\?", re.I)
MEETING = re.compile(r"\b(meet|meeting|coffee|call|catch up|catch-up|lunch|breakfast|1-2-1|one-to-one|get together)\b", re.I)
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
    # The card-built line only speaks for cards without lines of their own: after a persona's own lines it would
    # repeat them in flatter, third-person card prose.
    return list(persona.lines.get(topic, [])) or [built]


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


def swap_person(text: str) -> str:
    """The user's words from the partner's side: first person becomes second person."""
    def repl(m: re.Match[str]) -> str:
        word = SWAP[m.group(0).lower()]
        return word.capitalize() if m.start() == 0 else word

    return re.sub(r"\b(?:i'm|i've|i'll|i'd|i|me|my|mine|myself|we're|we've|we|our|ours|us|am)\b", repl, text, flags=re.I)


def _clause(sentence: str) -> str:
    """A sentence without its closing punctuation or trailing aside."""
    return re.sub(r"[\s.!?]+$", "", re.split(r"\s+-\s+|;", sentence.strip())[0])


def playback(analysis: Analysis) -> str | None:
    """A line repeating back the most useful thing the user said about themselves (trigger, client, business)."""
    heard = dict(analysis.heard)
    if "trigger_phrases" in heard:
        quoted = _reflect(heard["trigger_phrases"]) or _reflect(analysis.user_text)
        if quoted:
            return quoted
        m = re.search(r"\b(?:says?|saying|tells? you|mentions?|complains?(?: about)?|moans? about)\s+(?:that\s+)?"
                      r"(?P<what>[^,.;!?]{6,90})", heard["trigger_phrases"], re.I)
        if m:
            what = m.group("what").strip()
            if re.match(r"(i|i'm|i've|my|we|we're|our)\b", what, re.I):
                return f'So if I hear someone say "{what}", I\'ll think of you.'
            return f"So if someone tells me {what}, I'll think of you."
    for topic in ("ideal_client", "business"):
        sentence = heard.get(topic, "")
        if sentence and re.match(r"(i|i'm|we|we're|my|our)\b", sentence.strip(), re.I):
            clause = _clause(sentence)
            if len(clause) <= MAX_PLAYBACK:
                return f"So {swap_person(clause)[0].lower()}{swap_person(clause)[1:]}."
    return None


def _when(next_step: str | None) -> str | None:
    """The time in a proposed meeting ("next Thursday at 9am"), to confirm it back."""
    if not next_step or not MEETING.search(next_step):
        return None
    spans = [m.span() for m in WHEN.finditer(next_step)]
    if not spans:
        return None
    # Spans close together ("Thursday" + "at 9am") are one time; of several times, the last is the one agreed.
    start, end = spans[0]
    for s0, e0 in spans[1:]:
        if s0 - end <= 5:
            end = e0
        else:
            start, end = s0, e0
    prefix = re.search(r"\b(next|this|on|the)\s+$", next_step[:start], re.I)
    if prefix and prefix.group(1).lower() != "on":
        start = prefix.start()
    when = next_step[start:end]
    return f"{when[0].upper()}{when[1:]} works for me."


def _who_handle(who: str) -> str:
    """How the partner refers to someone the user offered: their name, or the role from the partner's side."""
    names = [w for w in re.findall(r"\b[A-Z][a-z]+\b", who[1:]) if w not in SWAP_CAPS]
    if names:
        return names[-1]
    role = re.sub(r"^(a|an|one of my|one of our)\s+", "the ", who.strip(), flags=re.I)
    return swap_person(role)


SWAP_CAPS = frozenset({"I", "My", "Our", "We"})


def _statement(line: str) -> str:
    """A line with any "who is it?" question removed (for when the user has already said who)."""
    return re.sub(r"[\s,;-]+$", "", re.sub(r"\s{2,}", " ", WHO_QUESTION.sub("", line))).strip()


def offer_lines(persona: Persona, analysis: Analysis, *, as_lead: bool = False) -> list[list[str]]:
    """Groups of candidate lines for reacting to an offer, in order: thanks, then a question about it."""
    kind, what = offer_target(analysis.user_text)
    offered = moment_lines(persona, "help_offered")
    if kind == "open":
        return [moment_lines(persona, "help_asked")]
    if kind == "invite":
        return [moment_lines(persona, "invited")]
    if kind == "person" and what:
        thanks = [t for t in (_statement(o) for o in offered) if len(t) > 12] + moment_lines(persona, "offer_thanks")
        if as_lead:
            return [thanks]
        handle = _who_handle(what)
        return [thanks, [q.replace("{who}", handle) for q in moment_lines(persona, "offer_named")]]
    # Nobody named yet: lines that ask who come first, as a real member would ask.
    asking = [o for o in offered if WHO_QUESTION.search(o)]
    if as_lead:
        return [[t for t in (_statement(o) for o in offered) if len(t) > 12] + moment_lines(persona, "offer_thanks")]
    return [asking + [o for o in offered if o not in asking], list(GENERIC["offer_unnamed"])]


def scripted_reply(plan: Plan, persona: Persona, history: list[dict[str, Any]], memory: dict[str, Any]) -> str:
    """The partner's reply built from the card; deterministic for a given plan and history."""
    said = "\n".join(t["text"] for t in history if t["speaker"] == "partner")
    parts: list[str] = []

    def take(options: list[str]) -> str | None:
        line = _fresh(options, said + "\n" + "\n".join(parts))
        if line:
            parts.append(line)
        return line

    a = plan.analysis
    if plan.lead == "help_offered":
        take(offer_lines(persona, a, as_lead=True)[0] or moment_lines(persona, "thanks"))
    elif plan.lead:
        take(moment_lines(persona, plan.lead))
    if plan.answer:
        lines = topic_lines(persona, plan.answer)
        if not take(lines):
            recaps = [r.format(lines[0]) for r in RECAP]
            if not take(recaps):
                take(moment_lines(persona, "deflect_general"))
        # A mixed turn: the question is answered, and a trigger the user gave along the way is still heard.
        if "trigger_phrases" in dict(a.heard):
            back = playback(a)
            if back:
                take([back])
    elif plan.moment == "acknowledge" and a.heard and playback(a):
        take([playback(a) or ""])
        take(moment_lines(persona, "acknowledge"))
    elif plan.moment == "help_offered":
        for group in offer_lines(persona, a):
            # Stop once someone has been asked about; a rhetorical "Really?" in the thanks does not count.
            if WHO_QUESTION.search(" ".join(parts)) or any("{who}" not in q and q in parts for q in group):
                break
            take(group)
    elif plan.moment == "next_step" and _when(a.next_step):
        take([_when(a.next_step) or ""])
        take(moment_lines(persona, "next_step"))
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
