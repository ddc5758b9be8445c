"""Fitting the user's own phrases into sentences: capitals, where you met (with the right article),
next steps stated rather than asked, and notes about the contact addressed to them.

The grammar itself (pronouns, verb agreement, casing) lives in the shared language layer; this module
applies it to drafting's fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.drafting.phrases import word_set
from app.core.drafting.text import STOPWORDS, clean, fragment
from app.core.language.casing import ALWAYS, all_lower, lower_first, name_case, shouting, title_case
from app.core.language.inflect import add_you, address
from app.core.language.timex import has_time

__all__ = [
    "address",
    "as_statement",
    "business_words",
    "embed",
    "event_parts",
    "is_one_to_one",
    "name_words",
    "proper_words",
    "says_when",
    "shorten_event",
    "to_you",
    "verb_led_to_you",
]

_WORD_AT = re.compile(r"[A-Za-z\u00C0-\u024F][\w'\u2019\u00C0-\u024F-]*")


def name_words(texts: Iterable[str]) -> set[str]:
    """Every capitalised word in names (the contact's, a business's): all of them count as proper nouns."""
    return {w.lower() for t in texts for w in _WORD_AT.findall(t or "") if w[:1].isupper()}


def business_words(business: str) -> set[str]:
    """The distinctive word of a business name ('Patel' of 'Patel Print')."""
    for word in _WORD_AT.findall(business or ""):
        if word[:1].isupper() and word.lower() not in STOPWORDS:
            return {word.lower()}
    return set()


def proper_words(texts: Iterable[str]) -> set[str]:
    """Words the user capitalised mid-sentence somewhere (so 'Biscuit' or 'Kirkgate' stay capitalised).
    Text typed In Title Case or IN CAPITALS says nothing about names, so it is skipped."""
    out: set[str] = set()
    for text in texts:
        if shouting(text or "") or _mostly_caps(text or ""):
            continue
        for part in re.split(r"[.!?:;\n\"(\u201c\u2018\u2026]|\s['\u2019]", text or ""):
            for word in _WORD_AT.findall(part)[1:]:
                if word[:1].isupper():
                    out.add(word.lower().replace("\u2019", "'"))
    return out


def _mostly_caps(text: str) -> bool:
    found = _WORD_AT.findall(text)
    return len(found) >= 3 and sum(w[0].isupper() for w in found) / len(found) >= 0.8


def embed(phrase: str, known: set[str] | frozenset[str] = frozenset()) -> str:
    """A phrase ready to sit mid-sentence: first letter lower-cased unless it is 'I', an acronym, a day or
    month, or a name (`known`: lower-case words seen capitalised in names/fields)."""
    phrase = fragment(phrase)
    found = _WORD_AT.findall(phrase[:80])
    if not found or not phrase[:1].isupper() or not phrase.startswith(found[0]):
        return phrase
    nxt = found[1] if len(found) > 1 else ""
    if (
        nxt[:1].isupper()
        and nxt.lower() != "i"
        and found[0].lower() not in STOPWORDS
        and not all(w[0].isupper() for w in found)
    ):
        return phrase  # 'Leeds University is ...': a run of capitalised words is a name
    if found[0].lower().endswith("'s") and found[0].lower()[:-2] not in STOPWORDS | _COMMON_POSSESSORS:
        return phrase  # "Tom's moving office": a capitalised possessive is nearly always a name
    return lower_first(phrase, known)


_COMMON_POSSESSORS = {
    "today",
    "yesterday",
    "tomorrow",
    "everyone",
    "someone",
    "daughter",
    "son",
    "wife",
    "husband",
    "partner",
    "mum",
    "dad",
    "team",
    "client",
    "company",
    "boss",
    "dog",
    "year",
    "week",
    "month",
}


def to_you(text: str, *, first_person: bool) -> str:
    """Address the contact: 'She runs half-marathons' -> 'you run half-marathons'; with `first_person`,
    the partner's own words too ('I coach swimmers' -> 'you coach swimmers')."""
    from app.core.language.grammar import swap_person

    # The partner's own words first ('I coach them' -> 'you coach them'), then notes about them ('his team').
    return address(swap_person(text) if first_person else text)


def verb_led_to_you(text: str) -> str:
    """A note that starts with a verb, addressed to its subject ('Coaches his daughter's team' -> 'you coach
    your daughter's team'); anything else unchanged."""
    turned = add_you(text)
    return address(text) if turned is None else turned


_QUESTION_OPENER = re.compile(
    r"(?i)^(?:shall|should|can|could) we\s+|^how about\s+|^what about\s+|^why don't we\s+|^do you want to\s+|"
    r"^would you like to\s+|^are you (?:free|happy|up for it) to\s+|^let'?s\s+|^let us\s+"
)


def as_statement(step: str) -> str:
    """'Let's meet again in three weeks - how about Thursday at 9am?' -> 'meet again in three weeks'."""
    step = clean(step)
    if step.endswith("?"):
        clauses = [c for c in re.split(r"\s[-\u2013\u2014]\s|[;,]\s|(?<=[.!?])\s", step) if c.strip()]
        plain = [c for c in clauses if not c.rstrip().endswith("?") and len(c.split()) >= 3]
        step = plain[0] if plain else clauses[0] if clauses else step
    step = fragment(step).rstrip("?").strip()
    stated = _QUESTION_OPENER.sub("", step)
    return stated if len(stated.split()) >= 2 else step


# -- where you met ------------------------------------------------------------------------------------
_DETERMINERS = {
    "the",
    "a",
    "an",
    "our",
    "my",
    "your",
    "their",
    "his",
    "her",
    "last",
    "this",
    "that",
    "yesterday's",
    "today's",
    "tonight's",
    "one",
    "another",
}
_PREPOSITIONS = {"at", "in", "on", "during", "after", "over", "via", "through"}
_ONLINE = re.compile(
    r"(?i)^(?:linkedin|zoom|teams|microsoft teams|google meet|skype|whatsapp|the phone|a call|"
    r"a (?:zoom|teams|video|phone) call|x|twitter|instagram|facebook)\b"
)
# Generic words that open an event name in capitals only because they were typed first ('Networking lunch').
_TYPED_FIRST = {
    "networking",
    "coffee",
    "breakfast",
    "lunch",
    "dinner",
    "drinks",
    "meeting",
    "event",
    "conference",
    "workshop",
    "seminar",
    "webinar",
    "mixer",
    "meetup",
    "party",
    "launch",
    "evening",
    "morning",
    "afternoon",
    "business",
    "monthly",
    "weekly",
    "annual",
    "local",
    "regional",
    "charity",
    "trade",
    "summer",
    "winter",
    "christmas",
    "spring",
    "autumn",
}
# Words too common to be part of a proper name: the words typed first, and these.
_GENERIC = _TYPED_FIRST | {
    "awards",
    "bar",
    "big",
    "brunch",
    "builders",
    "cafe",
    "call",
    "catch-up",
    "center",
    "centre",
    "chamber",
    "church",
    "class",
    "club",
    "course",
    "day",
    "digital",
    "expo",
    "fair",
    "festive",
    "first",
    "forum",
    "founders",
    "garden",
    "group",
    "hall",
    "hotel",
    "house",
    "last",
    "leaders",
    "library",
    "lounge",
    "market",
    "member",
    "members",
    "men",
    "new",
    "next",
    "night",
    "office",
    "online",
    "open",
    "owners",
    "park",
    "property",
    "pub",
    "quarterly",
    "referral",
    "rooftop",
    "room",
    "school",
    "session",
    "show",
    "small",
    "social",
    "speed",
    "startup",
    "station",
    "summit",
    "supper",
    "talk",
    "tea",
    "tech",
    "the",
    "town",
    "training",
    "venue",
    "virtual",
    "week",
    "women",
    "young",
    "zoom",
}
_ONE_TO_ONE = re.compile(r"(?i)(?<![\w-])(?:1-2-1|1-to-1|1:1|121|one[- ]to[- ]one)(?![\w-])")
_WHEN_WORDS = re.compile(r"(?i)\b(?:yesterday|last (?:night|week|month|year)|\d{4}-\d{2}-\d{2})\b")
_TRAILING = re.compile(r"(?i),\s*|\s(?:on|in|at|by|near|during|over|last|this|from|with|after)\s")


def is_one_to_one(text: str) -> bool:
    """Whether 'where you met' was a 1-2-1 ('our 1-2-1', 'a one-to-one at Costa')."""
    return bool(_ONE_TO_ONE.search(text or ""))


def says_when(text: str) -> bool:
    """Whether a phrase already says when ('Chamber lunch on Tuesday', 'last night's mixer')."""
    return has_time(text or "") or bool(_WHEN_WORDS.search(text or ""))


def event_case(met_at: str) -> str:
    """Where you met, capitalised as a name only where it is one: 'birmingham tech week' -> 'Birmingham Tech
    Week', 'bni breakfast' -> 'BNI breakfast', 'chamber breakfast' stays; typed capitals are kept."""
    met_at = fragment(met_at)
    if shouting(met_at):
        met_at = met_at.lower()
    elif not all_lower(met_at):
        return met_at
    acronyms = word_set("acronyms")
    toks = met_at.split()
    lows = [t.lower() for t in toks]
    out: list[str] = []
    in_name = False  # a name runs from its first proper word to the next small word ('the leeds hilton')
    for tok, low in zip(toks, lows, strict=True):
        proper = low not in _GENERIC and low not in STOPWORDS and low not in acronyms and low.isalpha()
        in_name = (in_name or proper) and low not in STOPWORDS
        if low in acronyms:
            out.append(tok.upper())
        elif in_name or low in ALWAYS:
            out.append(title_case(tok))
        else:
            out.append(tok)
    return " ".join(out)


def _takes_article(core: str) -> bool:
    """Whether a capitalised event name reads with 'the' ('the Leeds Business Expo') or without ('Birmingham
    Tech Week', 'BNI Leeds Central', 'Rotary')."""
    last = core.split()[-1].lower().strip(",.")
    return last.rstrip("s") in word_set("event_takes_the") or last in word_set("event_takes_the")


def event_parts(met_at: str) -> tuple[str, str]:
    """(preposition, event) for 'where you met': 'BNI breakfast' -> ('at', 'the BNI breakfast');
    'Birmingham Tech Week' -> ('at', 'Birmingham Tech Week'); 'LinkedIn' -> ('on', 'LinkedIn');
    '1-2-1' -> ('at', 'our 1-2-1'); 'online' -> ('', 'online')."""
    met_at = event_case(met_at)
    if not met_at:
        return "at", ""
    prep = "at"
    head, _, rest = met_at.partition(" ")
    if head.lower() in _PREPOSITIONS and rest:
        prep, met_at = head.lower(), rest
        head, _, rest = met_at.partition(" ")
    low = head.lower()
    if met_at.lower() in ("online", "virtually", "remotely"):
        return "", met_at.lower()
    if _ONLINE.match(met_at):
        return "on", (met_at[0].lower() + met_at[1:] if low in ("a", "the") else met_at)
    if low in _DETERMINERS or "'s" in low or "\u2019s" in low:
        return prep, (met_at[0].lower() + met_at[1:] if low in _DETERMINERS else met_at)
    if _ONE_TO_ONE.fullmatch(head):
        return prep, f"our {met_at}"
    if low in _TYPED_FIRST and not any(c.isupper() for c in head[1:]):
        met_at = head.lower() + (" " + rest if rest else "")  # 'Networking lunch ...' was only typed first
    core = re.split(r",|\s(?:on|in|at|by|near|during|with|for|from|after|over)\s", met_at, maxsplit=1)[0]
    main = core.split()[-1]
    if main[:1].isupper() and not _takes_article(core):
        return prep, met_at  # a name: 'Birmingham Tech Week', 'Costa on Briggate', 'Rotary'
    return prep, f"the {met_at}"


def shorten_event(event: str, max_chars: int) -> str:
    """Where you met, shortened by dropping trailing 'on Tuesday', 'at the Queens Hotel' phrases; '' when
    even the core is too long."""
    event = fragment(event)
    while len(event) > max_chars:
        cuts = [m.start() for m in _TRAILING.finditer(event) if len(event[: m.start()].split()) >= 2]
        if not cuts:
            return ""
        event = fragment(event[: cuts[-1]])
    return event


def display_name(name: str) -> str:
    """The contact's name as it should be written, whatever case it was typed in."""
    return name_case(clean(name))


def display_business(business: str) -> str:
    """A business name in lower case or capitals written as a name ('acme plumbing' -> 'Acme Plumbing')."""
    business = clean(business)
    if all_lower(business) or shouting(business):
        return title_case(business.lower(), word_set("acronyms"))
    return business
