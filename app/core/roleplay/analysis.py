"""Understand one user turn: which card topic it asks about (and how well), and what else it does.

The same analysis drives both partners: the scripted one picks its line from it, and the model partner
only sees the deeper card details that the analysis has unlocked - so "reveal only when asked well"
holds on every engine.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from app.core.roleplay.topics import (
    DEEP_TOPICS,
    SPECIFIC,
    THRESHOLD,
    TOPICS,
    is_question,
    rule_topic,
    similarities,
    split_sentences,
)

INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompt|role|character|everything above)"
    r"|\bsystem prompt\b|\b(reveal|show|print|repeat|tell me) (me )?(your|the) (prompt|instructions|rules)"
    r"|\bwhat (are|were) your (instructions|rules)\b|\byou are (now )?(an? )?(ai|assistant|chatbot|language model)\b"
    r"|\b(pretend|act) (to be|as|like)\b|\bdeveloper mode\b|\bjailbreak\b|\bbreak (out of )?character\b"
    r"|\bnew instructions\b|\bare you (an? )?(ai|bot|robot|language model)\b",
    re.I,
)
SELLING = re.compile(
    r"\b(discount|special (offer|rate|price)|% off|per ?cent off|send you a quote|give you a quote|free (trial|consultation|"
    r"audit|review)|sign (you )?up|our (packages?|prices?|rates?)|my (packages?|prices?|rates?)|(buy|purchase) "
    r"(from|one|it)|cost you|introductory (offer|rate)|deal for you|want to buy|switch (over )?to (us|me))\b"
    r"|[£$€]\s?\d|\byou should (really )?(use|try|buy|switch to|sign up)\b|\b(would|are) you (be )?interested in (our|my)\b"
    r"|\bif you (ever )?need (a|an|one|some|any)\b.{0,40}\b(let me know|call me|give me a (call|ring)|i can)\b"
    r"|\blet me know if you (ever )?need (a|an|one|some|any)\b|\bi can do your\b|\bless than you pay\b|\bcan i (show|tell) you (about )?(our|my) (offer|product|service|package)",
    re.I,
)
YOU = re.compile(r"\b(you|your)\b", re.I)
FIRST_PERSON = re.compile(r"\b(i|i'm|i'd|i'll|we|we're|our|my|me|us)\b", re.I)
OFFER_HELP = re.compile(
    r"\b(i|we) ('d|would|could|can|will|'ll) (be happy to |gladly |love to )?(introduce|connect|put you in touch|pass|"
    r"refer|recommend|help)\b|\bsend you (an? |the |some |my )?(article|link|contact|details|intro|introduction|name|"
    r"number|referral|lead|guide|checklist)|\bi know (someone|somebody|a few|a couple|just the person)\b"
    r"|\b(can|could|how can) i help\b|\banything i can (do|help)\b|\blet me (introduce|connect|put you)\b"
    r"|\bhappy to (introduce|help|connect|pass)\b|\byou (should|must|ought to) (really )?meet\b"
    # Offers phrased as questions: the subject comes after the verb, so the statement forms above miss them.
    r"|\b(could|can|shall|should|may|might) i (introduce|connect|put you in touch|pass|refer|recommend|send|help)\b"
    r"|\b(would|do) you (like|want) me to\b|\bwant me to (introduce|connect|put you|pass|send)\b|\bwould it help if i\b"
    r"|\b(would|do) you (like|want) (an? )?(intro|introduction)\b|\bi know (a|an|the|someone|somebody) [\w' -]{1,40}\bwho\b"
    r"|\b(would|do) you (like|want) to (come|join)\b|\bcome (along )?(to|with me)\b.{0,40}\b(my|our)\b|\binvite you\b",
    re.I,
)
# "How should I introduce you?" asks for information; it is not an offer even though it reads like one.
ASKS_HOW = re.compile(r"^(and |so |ok,? )?(how|what|who|when|where|which|why)\b", re.I)
# What an offer is about: a named person or role, an invitation to something, or an open "how can I help?".
OFFER_WHO = re.compile(
    r"\b(?:introduce you to|connect you (?:with|to)|put you in touch with|pass your (?:name|details|card) (?:on )?to|"
    r"(?:you should|you'd like to|you would like to|you'd love to|you must) meet|i know|meet)\s+(?P<who>[^.?!;()]+)", re.I)
OFFER_INVITE = re.compile(r"\b(?:come (?:along )?to|join (?:me|us) at|invite you to|bring you to)\s+(?P<what>[^.?!;]+)", re.I)
OFFER_OPEN = re.compile(r"\b(anything|something|how|what) (i|we) (can|could) (do|help)\b|\b(can|could|how can) i help\b", re.I)
VAGUE_WHO = re.compile(r"^(someone|somebody|anyone|a few|a couple|some people|people|just the person|the right people)\b", re.I)
NEXT_ACTION = re.compile(
    r"\b(meet|meeting|coffee|call|ring|phone|catch up|catch-up|follow up|follow-up|introduce|introduction|intro|send|"
    r"email|book|diary|calendar|invite|schedule|get together|visit|lunch|connect|1-2-1|one-to-one)\b",
    re.I,
)
WHEN = re.compile(
    r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\btomorrow\b|\btonight\b|\bnext (week|month|time|meeting)\b"
    r"|\bthis (week|afternoon|evening|month)\b|\b\d{1,2}([:.]\d\d)?\s?(am|pm)\b|\bat \d{1,2}\b|\bin (a|one|two|three|"
    r"\d+) (days?|weeks?|months?|fortnight)\b|\bfortnight\b|\bend of (the )?(week|month|day)\b"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s+\d{1,2}\b|\b\d{1,2}(st|nd|rd|th)\b"
    r"|\b\d{1,2}/\d{1,2}\b|\bby (monday|tuesday|wednesday|thursday|friday|the weekend)\b",
    re.I,
)
OWNER = re.compile(r"\b(i'll|i will|i can|let me|i'm going to|i am going to|you'll|you will|could you|can you|we'll)\b", re.I)
GREETING = re.compile(r"^(hi|hello|hey|hiya|good (morning|afternoon|evening)|(great|good|nice|lovely) to (meet|see) you)\b", re.I)
THANKS = re.compile(r"\b(thanks|thank you|cheers|much appreciated|appreciate (it|that))\b", re.I)
CLOSING = re.compile(r"\b(bye|goodbye|see you (soon|later|then|next)|take care|talk soon|wrap (this )?up|have to go|"
                     r"better (get going|go|run)|must dash|(great|good|lovely|nice) (talking|chatting|meeting(?! (this|today|last|yesterday|on))|to talk)|"
                     r"this (was|has been) (really |so |very )?(useful|helpful|great|worthwhile))\b", re.I)
SMALL_TALK = re.compile(r"\b(how are you|how's it going|how are things|how have you been|weekend|weather|traffic|holiday|"
                        r"busy (week|day|morning|time)|keeping busy|find (the|this) place|parking)\b", re.I)
# Talk about the meeting or event itself, and about the partner's experience of the group: in character, off the card.
EVENT = re.compile(r"\b(speaker|presentation|turnout|(the|this|today's|this morning's|last week's) (meeting|event|session|"
                   r"breakfast|lunch|talk|mixer)|(meeting|event|breakfast) (this morning|today|yesterday|last week)|"
                   r"educational (slot|moment)|(good|great|busy|full) room|visitors? (day|today))\b", re.I)
GROUP = re.compile(r"\b(how long have you been|been (a )?member|(the|this|our) (group|chapter|club)|referral slips?|"
                   r"(has|does|did) (it|the group|the chapter|networking) (work|worked|paid off)|(is|was) it worth (it|joining)|"
                   r"why did you join|membership)\b", re.I)
# The user telling the partner what to listen out for on their behalf, without quoting it.
TRIGGER_TOLD = re.compile(
    r"\b(if|when|whenever|anyone|someone|people)\b.{0,30}\b(says?|saying|tells? you|mentions?|complains?|moans?)\b"
    r"|\blisten (out )?for\b|\bthat'?s (my|the) (cue|signal|sign)\b|\bthat'?s when (they|people) need me\b", re.I)
PURPOSE = re.compile(r"\b(get to know each other|refer each other|help each other|each other's business(es)?|"
                     r"not (here )?to sell|sales force|point of (a|this|these) (1-2-1|one-to-one|meeting))\b", re.I)
NOT_A_FIT = re.compile(r"\b(not a (good )?fit|shouldn't|should not|turn (down|away)|avoid|wrong (sort|kind|type)|"
                       r"don't (want|take|do))\b", re.I)
OWN_CLIENT = re.compile(r"\b(clients?|customers?|i (help|work with|serve)|for (people|owners|businesses|firms|families))\b", re.I)
OWN_BUSINESS = re.compile(r"\bi('m| am| run| own| do| work)\b|\bmy (business|company|firm|practice|shop)\b", re.I)
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+")


@dataclass(frozen=True)
class Analysis:
    """What one user turn does. `intent` is the main thing to answer; `extras` are minor moves to acknowledge."""

    intent: str
    topic: str | None = None
    asked_well: bool = False
    question: bool = False
    extras: tuple[str, ...] = ()
    next_step: str | None = None
    heard: tuple[tuple[str, str], ...] = ()  # (topic, sentence) the user said about their own business
    user_text: str = ""
    scores: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def reveal(self) -> bool:
        """True when the partner should answer this topic from the card (deep topics need a good question)."""
        return self.topic is not None and (self.topic not in DEEP_TOPICS or self.asked_well)


def _script(text: str) -> str:
    """'latin', 'other' (mostly another script) or 'none' (no letters: emoji, digits, punctuation)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "none"
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return "latin" if latin / len(letters) >= 0.5 else "other"


def _mashed(text: str) -> bool:
    """Keyboard mashing: most 'words' have no vowel, a long consonant run, or are absurdly long."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words:
        return False
    bad = sum(1 for w in words if len(w) > 18 or (len(w) >= 3 and not re.search(r"[aeiouy]", w))
              or re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", w))
    return bad / len(words) >= 0.5


def _next_step(sentences: list[str]) -> tuple[str | None, bool]:
    """The sentence proposing a concrete next step (action plus a time or an owner), and whether a vague one was made."""
    vague = False
    for s in sentences:
        if re.search(r"\bsee you\b", s, re.I) and WHEN.search(s):
            return s[:240], False
        if NEXT_ACTION.search(s) and not s.lower().startswith(("what", "who", "how", "which")):
            if WHEN.search(s) or OWNER.search(s):
                return s[:240], False
            if re.search(r"\b(should|shall|let's|let us|we could|again|sometime|soon)\b", s, re.I):
                vague = True
    return None, vague


def _heard(sentences: list[str], sims: list[dict[str, float]]) -> list[tuple[str, str]]:
    """Statements the user made about their own business, each with the topic it covers."""
    own = ("business", "ideal_client", "ideal_referral", "trigger_phrases")
    out = []
    for s, sc in zip(sentences, sims, strict=True):
        if (is_question(s) or SELLING.search(s) or OFFER_HELP.search(s) or THANKS.search(s) or CLOSING.search(s)
                or NEXT_ACTION.search(s)):
            continue
        ruled = "trigger_phrases" if TRIGGER_TOLD.search(s) else rule_topic(s)
        if ruled not in own:
            ruled = ("ideal_client" if OWN_CLIENT.search(s) else "business" if OWN_BUSINESS.search(s)
                     else max(own, key=lambda t: sc.get(t, 0.0)))
        if FIRST_PERSON.search(s) or rule_topic(s) in own:
            out.append((ruled, s))
    return out


def _open_question(sentences: list[str], sims: list[dict[str, float]]) -> str:
    """'vague' for an open prompt to say more ("Go on", "Anything else?"); 'off_topic' for a question about something else."""
    for s, sc in zip(reversed(sentences), reversed(sims), strict=True):
        if is_question(s):
            short = len(re.findall(r"\w+", s)) <= 4 and not re.search(r"\b(you|your)\b", s, re.I)
            return "vague" if short or sc.get("vague", 0.0) >= 0.6 else "off_topic"
    return "vague"


def offer_target(text: str) -> tuple[str, str | None]:
    """What an offer of help is: ('person', who), ('invite', what), ('open', None) or ('unnamed', None)."""
    for s in split_sentences(text):
        if ASKS_HOW.match(s) or (not OFFER_HELP.search(s) and not OFFER_INVITE.search(s)):
            continue
        m = OFFER_INVITE.search(s)
        if m:
            return "invite", _trim_phrase(m.group("what"))
        m = OFFER_WHO.search(s)
        if m:
            who = _trim_phrase(m.group("who"))
            if who and not VAGUE_WHO.match(who) and not re.match(r"(you|them|him|her)\b", who, re.I):
                return "person", who
        if OFFER_OPEN.search(s):
            return "open", None
    return "unnamed", None


def _trim_phrase(phrase: str) -> str:
    """A noun phrase cut before the clause that follows it ("a vet who'd love to meet you" -> "a vet")."""
    cut = re.split(r"\s+(?:who|that|which|i|if|because|since|so|and i|but|-|shall|would|this|next|on|at)\b|\s+-\s+|\s*\?",
                   phrase.strip(), maxsplit=1, flags=re.I)[0]
    cut = re.sub(r"[\s,]+$", "", cut)
    return cut[:60]


def analyse(text: str, *, difficulty: str = "medium") -> Analysis:
    """Classify a user turn (pure apart from the cached embedding model)."""
    clean = EMOJI.sub(" ", text).strip()
    script = _script(clean)
    if INJECTION.search(clean):
        return Analysis("injection", user_text=text)
    if script == "none":
        return Analysis("ack", user_text=text)
    if script == "other":
        return Analysis("other_language", user_text=text)
    sentences = split_sentences(clean)[-6:]  # a wall of text is judged by its last sentences
    sims = similarities(sentences)
    if _mashed(clean) and max(max(s.values()) for s in sims) < 0.4:
        return Analysis("gibberish", user_text=text)

    extras: list[str] = []
    next_step, vague_step = _next_step(sentences)
    if next_step:
        extras.append("next_step")
    elif vague_step:
        extras.append("next_step_vague")
    if any(SELLING.search(s) and (FIRST_PERSON.search(s) or YOU.search(s)) for s in sentences) or any(
        sc.get("selling", 0) >= 0.62 and sc["selling"] > sc.get("about_user", 0) + 0.1 and YOU.search(s)
        for s, sc in zip(sentences, sims, strict=True)
    ):
        extras.append("selling")
    if any(OFFER_HELP.search(s) and not ASKS_HOW.match(s) for s in sentences):
        extras.append("offer_help")
    if any(PURPOSE.search(s) for s in sentences) or any(sc.get("explains_purpose", 0) >= 0.62 for sc in sims):
        extras.append("explains_purpose")
    if GREETING.match(clean):
        extras.append("greeting")
    if any(THANKS.search(s) for s in sentences):
        extras.append("thanks")
    if any(CLOSING.search(s) for s in sentences):
        extras.append("closing")
    if any(SMALL_TALK.search(s) for s in sentences) or any(sc.get("small_talk", 0) >= 0.6 for sc in sims):
        extras.append("small_talk")

    # The main question: the last question sentence that names a card topic.
    topic, asked_well, question, best = None, False, False, {}
    for s, sc in zip(reversed(sentences), reversed(sims), strict=True):
        if not is_question(s) or SELLING.search(s):  # "would you be interested in our services?" is a pitch
            continue
        question = True
        ruled = rule_topic(s)
        # "Could I introduce you to...?", "Busy week?", "Good turnout, wasn't it?" are questions about no card topic:
        # only a keyword rule may still make them one, never a loose embedding match.
        if not ruled and ((OFFER_HELP.search(s) and not ASKS_HOW.match(s)) or SMALL_TALK.search(s) or EVENT.search(s) or GROUP.search(s)
                          or sc.get("small_talk", 0) >= max(sc.get(t, 0.0) for t in TOPICS)):
            continue
        if ruled is None and NOT_A_FIT.search(s) and sc.get("not_a_fit", 0) >= THRESHOLD:
            ruled = "not_a_fit"  # only with a negation: "who can I send you?" is not about misfits
        scored = {t: sc.get(t, 0.0) for t in TOPICS if t != "not_a_fit"}
        top = max(scored, key=scored.__getitem__)
        candidate = ruled or (top if scored[top] >= THRESHOLD else None)
        if candidate:
            topic, best = candidate, sc
            # Keyword rules are specific by construction; an embedding match also needs words naming what good looks like.
            asked_well = bool(ruled) or bool(SPECIFIC.search(s)) or difficulty == "easy"
            break
    heard = _heard(sentences, sims)
    if heard and not set(extras) & {"offer_help", "next_step", "next_step_vague", "thanks", "closing", "selling"}:
        extras.append("about_user")
    if any(GROUP.search(s) for s in sentences):
        extras.append("group")
    elif any(EVENT.search(s) for s in sentences):
        extras.append("event")
    if topic:
        intent = topic
    elif "selling" in extras:
        intent = "selling"
    else:
        order = ("next_step", "explains_purpose", "offer_help", "closing", "about_user", "group", "next_step_vague",
                 "small_talk", "event", "greeting", "thanks")
        intent = next((i for i in order if i in extras), _open_question(sentences, sims) if question else "ack")
    rest = tuple(e for e in extras if e != intent)
    return Analysis(intent, topic, asked_well, question, rest, next_step, tuple(heard), text,
                    {k: round(v, 3) for k, v in best.items()} if best else {})
