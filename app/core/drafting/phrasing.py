"""Fitting the user's own phrases into template sentences: capitals, pronouns, next steps and events.

A phrase typed as a note ('Busy dog owners are her best clients', 'Let's meet again in April?') has to
read naturally once it sits mid-sentence in a message to that person: first letter lower-cased unless
it is a name or acronym, 'her'/'his' turned to 'your', a question turned into a statement, and 'where
you met' given the right preposition and no date twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.drafting.text import MONTHS, STOPWORDS, WEEKDAYS, clean, fragment

# Always capitalised in English, though no field need say so: dates, nationalities, languages, festivals.
_CALENDAR = {w.lower() for w in (*MONTHS, *WEEKDAYS)} | {
    "english", "british", "scottish", "welsh", "irish", "european", "american", "canadian", "australian",
    "french", "german", "spanish", "italian", "portuguese", "dutch", "polish", "greek", "turkish", "indian",
    "pakistani", "chinese", "japanese", "korean", "african", "caribbean", "latin", "arabic", "christmas",
    "easter", "ramadan", "eid", "diwali", "hanukkah", "olympic", "olympics", "premier", "internet"}
# Words that commonly open a phrase in capitals without being names ('Daughter's wedding is in June').
_COMMON_POSSESSORS = {
    "today", "yesterday", "tomorrow", "tonight", "everyone", "everybody", "someone", "somebody", "nobody",
    "anyone", "anybody", "daughter", "son", "wife", "husband", "partner", "mum", "mom", "dad", "mother",
    "father", "sister", "brother", "child", "children", "kids", "family", "team", "client", "company",
    "boss", "dog", "cat", "year", "week", "month",
}
_WORD_AT = re.compile(r"[A-Za-z\u00C0-\u024F][\w'\u2019\u00C0-\u024F-]*")


def name_words(texts: Iterable[str]) -> set[str]:
    """Every capitalised word in names (the contact's, a business's): all of them count as proper nouns."""
    return {w.lower() for t in texts for w in _WORD_AT.findall(t or "") if w[:1].isupper()}


def business_words(business: str) -> set[str]:
    """The distinctive word of a business name ('Patel' of 'Patel Print', 'Kirkgate' of 'The Kirkgate
    Kitchen'); the rest are often ordinary words ('Mortgages for first-time buyers' must lose its capital)."""
    for word in _WORD_AT.findall(business or ""):
        if word[:1].isupper() and word.lower() not in STOPWORDS:
            return {word.lower()}
    return set()


def proper_words(texts: Iterable[str]) -> set[str]:
    """Words the user capitalised mid-sentence somewhere (so 'Biscuit' or 'Kirkgate' stay capitalised)."""
    out: set[str] = set()
    for text in texts:
        for part in re.split(r"[.!?:;\n\"(\u201c\u2018\u2026]|\s['\u2019]", text or ""):
            for word in _WORD_AT.findall(part)[1:]:
                if word[:1].isupper():
                    out.add(word.lower().replace("\u2019", "'"))
    return out


def _is_proper(word: str, next_word: str, known: set[str]) -> bool:
    """Whether a phrase's capitalised first word is a name or acronym rather than a sentence start."""
    base = word.lower().replace("\u2019", "'")
    root = base.split("'")[0]
    if root == "i" or any(c.isupper() for c in word[1:]):  # I, I'm, BNI, EV, LinkedIn, McKenzie, Whitfield-Hughes
        return True
    if base in known or root in known or root in _CALENDAR:
        return True
    if root in STOPWORDS:
        return False
    # 'Leeds University is ...': a run of capitalised words is a name.
    if next_word[:1].isupper() and next_word.lower() != "i":
        return True
    # 'Tom's moving office' - a capitalised possessive is nearly always someone's name.
    return base.endswith("'s") and root not in _COMMON_POSSESSORS


def embed(phrase: str, known: set[str] | frozenset[str] = frozenset()) -> str:
    """A phrase ready to sit mid-sentence: first letter lower-cased unless its first word is 'I', an
    acronym, a weekday or month, or a name (`known`: lower-case words seen capitalised in names/fields)."""
    phrase = fragment(phrase)
    found = _WORD_AT.findall(phrase[:80])
    if not found or not phrase[:1].isupper() or not phrase.startswith(found[0]):
        return phrase
    nxt = found[1] if len(found) > 1 else ""
    return phrase if _is_proper(found[0], nxt, set(known)) else phrase[0].lower() + phrase[1:]


# -- pronouns: the note says 'her daughter', the message to her says 'your daughter' -----------------
_FIRST_PERSON = {"i": "you", "i'm": "you're", "i've": "you've", "i'll": "you'll", "i'd": "you'd", "me": "you",
                 "my": "your", "mine": "yours", "myself": "yourself", "am": "are", "was": "were"}
_IRREGULAR = {"is": "are", "has": "have", "does": "do", "was": "were", "'s": "'re", "doesn't": "don't",
              "wasn't": "weren't", "isn't": "aren't", "hasn't": "haven't"}
_OBJECT_FOLLOWERS = {"to", "with", "for", "about", "at", "on", "in", "and", "the", "a", "an", "that", "if", "when",
                     "some", "this", "my", "our", "up", "over", "back", ""}
_SHE = {"she", "her", "hers", "herself", "she's", "she'd", "she'll"}
_HE = {"he", "him", "his", "himself", "he's", "he'd", "he'll"}
_CONTRACTIONS = {"she's": "you're", "he's": "you're", "she'd": "you'd", "he'd": "you'd", "she'll": "you'll",
                 "he'll": "you'll", "hers": "yours", "herself": "yourself", "himself": "yourself"}
# After one of these, a 'she'/'her' is as likely to mean the daughter as the contact: stop turning them.
_KIN = {"she": {"daughter", "wife", "mother", "mum", "mom", "sister", "girlfriend", "grandmother", "gran",
                "granddaughter", "niece", "aunt", "fiancee", "stepdaughter", "stepmother", "boss", "colleague",
                "partner", "friend", "client", "customer"},
        "he": {"son", "husband", "father", "dad", "brother", "boyfriend", "grandfather", "grandad", "grandson",
               "nephew", "uncle", "fiance", "stepson", "stepfather", "boss", "colleague", "partner", "friend",
               "client", "customer"}}


_FOLLOWS_VERB = {"his", "her", "their", "its", "my", "your", "our", "a", "an", "the", "on", "in", "at", "for", "with",
                 "to", "up", "out", "about", "from", "every", "most", "some", "over", "around", "two", "three",
                 "several", "local", "all", "people", "businesses", "firms", "clients"}


def _case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _base_verb(tok: str) -> str:
    """'runs' -> 'run', 'coaches' -> 'coach', 'goes' -> 'go' (third person to the 'you' form)."""
    low = tok.lower()
    if low in _IRREGULAR:
        return _case(_IRREGULAR[low], tok)
    if low.endswith(("ches", "shes", "sses", "xes", "zzes", "oes")):
        return tok[:-2]
    if low.endswith("ies") and len(low) > 4:
        return tok[:-3] + "y"
    return tok[:-1]


def _looks_like_verb(low: str) -> bool:
    return low.endswith("s") and len(low) > 3 and not low.endswith(("ss", "us", "is"))


def to_you(text: str, *, first_person: bool, only: set[str] | None = None) -> str:
    """Address the contact: 'She runs half-marathons' -> 'you run half-marathons'; with first_person,
    also 'I coach swimmers' -> 'you coach swimmers' (the partner's own words). `only` limits which
    he/she pronouns are turned (the others stay, e.g. the daughter's 'she')."""
    tokens = re.findall(r"[A-Za-z']+|[^A-Za-z']+", text.replace("\u2019", "'"))
    turn = (_SHE | _HE) if only is None else only
    out: list[str] = []
    subject = False  # the previous word was a he/she/I that became "you": fix the verb that follows
    clause_you = joined = False  # 'you run ... and go sailing': a verb joined by and/or follows "you" too
    for i, tok in enumerate(tokens):
        low = tok.lower()
        nxt = next((t.lower() for t in tokens[i + 1:] if t.strip()), "")
        if re.fullmatch(r"[A-Za-z']+", tok):
            if low in ("she", "he") and low in turn or (first_person and low == "i"):
                out.append(_case("you", tok) if i == 0 else "you")
                subject = low != "i"
                clause_you = clause_you or subject
                continue
            if joined and _looks_like_verb(low) and (nxt in _FOLLOWS_VERB or nxt.endswith("ing")):
                out.append(_base_verb(tok))
                joined = subject = False
                continue
            joined = clause_you and low in ("and", "or", "but")
            if low in _CONTRACTIONS and low in turn:
                out.append(_case(_CONTRACTIONS[low], tok))
            elif low in ("her", "him", "his") and low in turn:
                out.append("you" if low == "him" or (low == "her" and nxt in _OBJECT_FOLLOWERS) else "your")
            elif first_person and low in _FIRST_PERSON:
                out.append(_case(_FIRST_PERSON[low], tok) if i == 0 else _FIRST_PERSON[low])
            elif subject and low in _IRREGULAR:
                out.append(_IRREGULAR[low])
            elif subject and _looks_like_verb(low):
                out.append(_base_verb(tok))
            else:
                out.append(tok)
            subject = False
        else:
            out.append(tok)
            if re.search(r"[.;!?]", tok):
                clause_you = joined = False
    return "".join(out)


def address(text: str) -> str:
    """A note about the contact turned to speak to them: 'her daughter just started university' ->
    'your daughter just started university'. Only the pronouns of the first person mentioned are turned,
    and only until a relative of the same gender is named ('... and she loves it' then means the daughter)."""
    tokens = re.findall(r"[A-Za-z']+", text.replace("\u2019", "'").lower())
    first = next((t for t in tokens if t in _SHE | _HE), None)
    if first is None:
        return text
    gender = "she" if first in _SHE else "he"
    pronouns = _SHE if gender == "she" else _HE
    stop = re.search(rf"(?i)\b(?:{'|'.join(sorted(_KIN[gender]))})s?\b", text)
    head, tail = (text[:stop.end()], text[stop.end():]) if stop else (text, "")
    return to_you(head, first_person=False, only=pronouns) + tail


# After a plural noun these are rare, after a verb common: 'runs a bakery', 'coaches his team', 'wants to'.
_AFTER_VERB_ONLY = {"his", "her", "their", "its", "my", "your", "our", "a", "an", "the", "to", "up", "out", "every",
                    "two", "three", "four", "five", "several", "some"}
_GERUND_VERBS = {"loves", "likes", "enjoys", "hates", "prefers", "misses", "keeps", "starts", "goes", "avoids"}
_BE_HAVE = {"is": "are", "was": "were", "has": "have", "does": "do"}


def verb_led_to_you(text: str) -> str:
    """A note that starts with a verb, addressed to its subject: 'Coaches his daughter's team and fishes on
    the canal' -> 'you coach your daughter's team and fish on the canal'; 'Rewired the library' -> 'you
    rewired the library'; 'loves sailing' -> 'you love sailing'. Anything else is returned unchanged: only
    word pairs a plural noun rarely makes count ('Dogs on the beach' stays as it is)."""
    text = to_you(text, first_person=False)
    m = re.match(r"([A-Za-z]+)\s+([A-Za-z'-]+)", text)
    if not m:
        return text
    verb, nxt = m.group(1).lower(), m.group(2).lower()
    if verb in _BE_HAVE and (nxt.endswith(("ing", "ed")) or nxt in _AFTER_VERB_ONLY or nxt in _FOLLOWS_VERB):
        return "you " + _BE_HAVE[verb] + text[m.end(1):]
    if not (nxt in _AFTER_VERB_ONLY or (verb in _GERUND_VERBS and nxt.endswith("ing"))):
        return text
    if verb.endswith("ed") and len(verb) > 4:
        # 'Based in Leeds' is a description, 'Rewired the library' an action: only the latter gets 'you'.
        return "you " + text[0].lower() + text[1:] if nxt in _AFTER_VERB_ONLY else text
    if not _looks_like_verb(verb) or verb in STOPWORDS:
        return text

    # The first verb and any verb joined to it by 'and'/',' ('... team and fishes on the canal').
    def base(m2: re.Match[str]) -> str:
        return m2.group(1) + _base_verb(m2.group(2))

    rest = re.sub(r"((?:,|\band)\s+)([a-z]+s)(?=\s+(?:" + "|".join(sorted(_FOLLOWS_VERB)) + r")\b)",
                  lambda m2: base(m2) if _looks_like_verb(m2.group(2)) else m2.group(0), text[m.end(1):])
    return "you " + _base_verb(m.group(1)).lower() + rest


# -- next steps: a question in the chat becomes a statement in the follow-up ------------------------------
_QUESTION_OPENER = re.compile(
    r"(?i)^(?:shall|should|can|could) we\s+|^how about\s+|^what about\s+|^why don't we\s+|^do you want to\s+|"
    r"^would you like to\s+|^are you (?:free|happy|up for it) to\s+|^let'?s\s+|^let us\s+")


def as_statement(step: str) -> str:
    """'Let's meet again in three weeks - how about Thursday at 9am?' -> 'meet again in three weeks';
    'Shall we meet in April?' -> 'meet in April'. A follow-up states the agreed step, it does not ask it."""
    step = clean(step)
    if step.endswith("?"):
        clauses = [c for c in re.split(r"\s[-\u2013\u2014]\s|[;,]\s|(?<=[.!?])\s", step) if c.strip()]
        plain = [c for c in clauses if not c.rstrip().endswith("?") and len(c.split()) >= 3]
        step = plain[0] if plain else clauses[0] if clauses else step
    step = fragment(step).rstrip("?").strip()
    stated = _QUESTION_OPENER.sub("", step)
    return stated if len(stated.split()) >= 2 else step


# -- where you met ------------------------------------------------------------------------------------
_DETERMINERS = {"the", "a", "an", "our", "my", "your", "their", "his", "her", "last", "this", "that", "yesterday's",
                "today's", "tonight's", "one", "another"}
_PREPOSITIONS = {"at", "in", "on", "during", "after", "over", "via", "through"}
_ONLINE = re.compile(r"(?i)^(?:linkedin|zoom|teams|microsoft teams|google meet|skype|whatsapp|the phone|a call|"
                     r"a (?:zoom|teams|video|phone) call|x|twitter|instagram|facebook)\b")
# Generic words that open an event name in capitals only because they were typed first.
_GENERIC_EVENT_WORDS = {"networking", "coffee", "breakfast", "lunch", "dinner", "drinks", "meeting", "event",
                        "conference", "workshop", "seminar", "webinar", "mixer", "meetup", "party", "launch",
                        "evening", "morning", "afternoon", "business", "monthly", "weekly", "annual", "local",
                        "regional", "charity", "trade", "summer", "winter", "christmas", "spring", "autumn"}
_EVENT_NOUNS = {"breakfast", "lunch", "dinner", "brunch", "drink", "coffee", "expo", "exhibition", "fair", "show",
                "meeting", "meetup", "mixer", "event", "conference", "summit", "forum", "workshop", "seminar",
                "webinar", "session", "party", "launch", "award", "gala", "ball", "networking", "evening", "morning",
                "afternoon", "chamber", "club", "group", "chapter", "circle", "festival", "market", "social",
                "day", "week", "night", "talk", "course", "training", "class"}
_ONE_TO_ONE = re.compile(r"(?i)(?<![\w-])(?:1-2-1|1-to-1|1:1|121|one[- ]to[- ]one)(?![\w-])")
_TIME = re.compile(
    r"(?i)\b(?:today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening|week)|last (?:night|week|month|"
    r"year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]{3,}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}/\d{1,2})\b")
_TRAILING = re.compile(r"(?i),\s*|\s(?:on|in|at|by|near|during|over|last|this|from|with|after)\s")


def is_one_to_one(text: str) -> bool:
    """Whether 'where you met' was a 1-2-1 ('our 1-2-1', 'a one-to-one at Costa')."""
    return bool(_ONE_TO_ONE.search(text or ""))


def says_when(text: str) -> bool:
    """Whether a phrase already says when ('Chamber lunch on Tuesday', 'last night's mixer')."""
    return bool(_TIME.search(text or ""))


def event_parts(met_at: str) -> tuple[str, str]:
    """(preposition, event) for 'where you met': 'BNI breakfast' -> ('at', 'the BNI breakfast');
    'at the Expo' -> ('at', 'the Expo'); 'LinkedIn' -> ('on', 'LinkedIn'); '1-2-1' -> ('at', 'our 1-2-1');
    'online' -> ('', 'online'). Phrases that already start with a determiner are kept."""
    met_at = fragment(met_at)
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
    if low in _GENERIC_EVENT_WORDS and not any(c.isupper() for c in head[1:]):
        met_at = head.lower() + (" " + rest if rest else "")
    # 'the BNI breakfast', 'the Leeds Business Expo' - but a venue's own name takes no article
    # ('Costa on Briggate', 'Rotary'): look at the main word, before any 'on/in/at ...' phrase.
    core = re.split(r",|\s(?:on|in|at|by|near|during|with|for|from|after|over)\s", met_at, maxsplit=1)[0]
    main = core.split()[-1]
    if main[:1].isupper() and main.lower().rstrip("s") not in _EVENT_NOUNS:
        return prep, met_at
    return prep, f"the {met_at}"


def shorten_event(event: str, max_chars: int) -> str:
    """Where you met, shortened by dropping trailing 'on Tuesday', 'at the Queens Hotel', ', by the buffet'
    phrases; '' when even the core is too long (a mid-sentence ellipsis reads worse than leaving it out)."""
    event = fragment(event)
    while len(event) > max_chars:
        cuts = [m.start() for m in _TRAILING.finditer(event) if len(event[:m.start()].split()) >= 2]
        if not cuts:
            return ""
        event = fragment(event[:cuts[-1]])
    return event
