"""Verb forms and person: a note about someone ('has just opened a shop', 'her daughter is ...') turned
into words addressed to them ('you've just opened a shop', 'your daughter is ...') and gerunds for
'congratulations on opening ...'. Tense is in tense.py, contractions in contractions.py.
"""

from __future__ import annotations

import re

# base, past, past participle - the irregular verbs notes about people tend to use.
_IRREGULAR_TABLE = """
win won won; get got got; take took taken; buy bought bought; sell sold sold; make made made; go went gone;
grow grew grown; run ran run; begin began begun; become became become; build built built; lose lost lost;
find found found; spend spent spent; send sent sent; leave left left; meet met met; tell told told;
say said said; give gave given; come came come; see saw seen; write wrote written; drive drove driven;
fly flew flown; break broke broken; hit hit hit; bring brought brought; catch caught caught; feel felt felt;
hold held held; keep kept kept; lead led led; pay paid paid; put put put; sit sat sat; stand stood stood;
teach taught taught; think thought thought; wear wore worn; choose chose chosen; do did done; have had had;
eat ate eaten; fall fell fallen; forget forgot forgotten; know knew known; ride rode ridden; sing sang sung;
swim swam swum; cut cut cut; let let let; quit quit quit; draw drew drawn; speak spoke spoken; hear heard heard;
sleep slept slept; lend lent lent; shoot shot shot; fight fought fought; freeze froze frozen; hide hid hidden;
hurt hurt hurt; show showed shown; shut shut shut; set set set; upset upset upset; undertake undertook undertaken;
overcome overcame overcome; rebuild rebuilt rebuilt; become became become; withdraw withdrew withdrawn
"""
_IRREGULAR = [tuple(part.split()) for part in _IRREGULAR_TABLE.replace("\n", " ").split(";") if part.strip()]
PAST_TO_BASE = {past: base for base, past, _pp in _IRREGULAR} | {pp: base for base, _past, pp in _IRREGULAR}
IRREGULAR_PAST = frozenset(p for _b, p, _pp in _IRREGULAR)
# Common verbs in the third person that a note may start with ('runs a bakery', 'keeps chickens').
_S_VERBS = frozenset(
    """runs wants loves keeps needs has plays sings grows collects coaches volunteers works owns lives hates likes
    enjoys makes sells builds teaches trains writes rides supports manages struggles finds hopes plans aims
    intends knows does goes gets takes brings uses helps chairs leads organises organizes hosts mentors cooks
    bakes paints restores designs fixes fits installs cleans delivers imports exports speaks studies swims cycles
    climbs walks fishes sails dances travels visits misses prefers avoids worries thinks feels says seems looks
    sounds specialises specializes focuses offers provides employs recruits struggles finds juggles""".split()
)
_ADVERBS = frozenset(
    "just recently finally also already still now currently soon always never often really only "
    "newly even actually".split()
)
# -ing words that open a note as nouns, not verbs ('wedding venue booked').
_ING_NOUNS = frozenset(
    "wedding building morning evening thing things ring king spring ceiling meeting clothing "
    "catering funding marketing painting ping string swing sibling pudding bedding".split()
)
# Words that follow a verb far more often than a noun.
_AFTER_VERB = frozenset(
    """a an the his her their its my your our to for up out into on in at with about from over around back down
    off two three four five six seven ten twenty fifty hundred several some more every all this that these those
    him them me us it new another""".split()
)
# After an unknown -s word these say it is a verb ('fixes the', 'wants to'), not a plural ('dogs on').
_AFTER_VERB_ONLY = frozenset(
    "his her their its my your our a an the to up out every two three four five several some".split()
)
_ED_NOT_VERBS = frozenset(
    "speed breed greed hundred kindred sacred naked wicked wretched crooked beloved rugged "
    "talented skilled jagged bearded red".split()
)
_PARTICIPLE_ADJ = frozenset(
    "based married engaged retired obsessed interested involved located "
    "self-employed passionate keen fed delighted thrilled excited worried back home away".split()
)
_AUX_TO_YOU = {
    "is": "you're",
    "was": "you were",
    "has": "you've",
    "had": "you had",
    "does": "you do",
    "did": "you did",
    "isn't": "you aren't",
    "wasn't": "you weren't",
    "hasn't": "you haven't",
    "doesn't": "you don't",
    "didn't": "you didn't",
    "will": "you'll",
    "won't": "you won't",
    "can": "you can",
    "can't": "you can't",
    "could": "you could",
    "would": "you'd",
    "should": "you should",
    "might": "you might",
    "may": "you may",
    "cannot": "you can't",
    "is't": "you aren't",
}
_HAS_OBJECT = {
    "a",
    "an",
    "the",
    "two",
    "three",
    "four",
    "five",
    "some",
    "no",
    "twins",
    "kids",
    "children",
    "his",
    "her",
    "their",
    "its",
    "lots",
    "plenty",
    "several",
    "one",
    "more",
    "too",
}
_VOWELS = "aeiou"


def _vowel_groups(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word.lower()))


def ing(base: str) -> str:
    """'open' -> 'opening', 'hire' -> 'hiring', 'run' -> 'running', 'die' -> 'dying'."""
    w = base.lower()
    if w in ("be", "see", "flee", "agree", "free"):
        return base + "ing"
    if w.endswith("ie"):
        return base[:-2] + "ying"
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    if (
        len(w) >= 3
        and w[-1] not in _VOWELS + "wxy"
        and w[-2] in _VOWELS
        and w[-3] not in _VOWELS
        and (
            _vowel_groups(w) == 1
            or w
            in (
                "begin",
                "refer",
                "prefer",
                "admit",
                "commit",
                "submit",
                "forget",
                "regret",
                "occur",
                "control",
                "equip",
                "upset",
            )
        )
    ):
        return base + base[-1] + "ing"
    return base + "ing"


def base_of_s(word: str) -> str:
    """'runs' -> 'run', 'coaches' -> 'coach', 'studies' -> 'study', 'has' -> 'have', 'does' -> 'do'."""
    w = word.lower()
    special = {"has": "have", "does": "do", "goes": "go", "is": "are", "was": "were"}
    if w in special:
        return _like(special[w], word)
    if w.endswith("ies") and len(w) > 4:
        return word[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zzes", "oes")):
        return word[:-2]
    return word[:-1] if w.endswith("s") else word


def _like(word: str, model: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def gerund_of(word: str) -> str | None:
    """The -ing form of a verb as it opens a note: 'opened' -> 'opening', 'won' -> 'winning', 'runs' ->
    'running', 'opening' -> 'opening'; None when the word is not recognisably a verb."""
    w = word.lower()
    if w.endswith("ing") and w not in _ING_NOUNS and len(w) > 4:
        return w
    if w in PAST_TO_BASE:
        return ing(PAST_TO_BASE[w])
    if w.endswith("ied") and len(w) > 4:
        return w[:-3] + "ying"
    if w.endswith("eed"):
        return w[:-1] + "ing"
    if w.endswith("ed") and len(w) > 4:
        return w[:-2] + "ing"
    if w in _S_VERBS:
        return ing(base_of_s(w))
    return None


def is_past_verb(word: str) -> bool:
    """A past-tense verb form ('opened', 'won')."""
    w = word.lower()
    return w in IRREGULAR_PAST or (w.endswith("ed") and len(w) > 4 and w not in _PARTICIPLE_ADJ)


def verb_led(text: str) -> str | None:
    """How a subjectless note starts: 'ing' ('opening a bakery'), 'past' ('opened a shop'), 's' ('runs a
    bakery'), 'aux' ('was hiring', 'has three kids'), 'adj' ('based in Leeds'); None when it does not
    start with a verb."""
    toks = re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", text)
    if not toks:
        return None
    i = 0
    while i < len(toks) - 1 and toks[i].lower() in _ADVERBS:
        i += 1
    w = toks[i].lower().replace("\u2019", "'")
    nxt = toks[i + 1].lower() if i + 1 < len(toks) else ""
    if w in _AUX_TO_YOU and w not in ("can", "may", "might"):
        return "aux"
    if w in _PARTICIPLE_ADJ:
        return "adj"
    if w.endswith("ing") and w not in _ING_NOUNS and len(w) > 4:
        return "ing"  # a note opening with an -ing word is nearly always about doing something
    if (
        w in IRREGULAR_PAST
        or (w.endswith("ed") and len(w) > 4 and w not in _ED_NOT_VERBS)
        or (w == "used" and nxt == "to")
    ):
        return "past"
    if w in _S_VERBS or (
        w.endswith("s") and not w.endswith(("ss", "us", "is")) and nxt in _AFTER_VERB_ONLY and len(w) > 3
    ):
        return "s"
    return None


def add_you(text: str) -> str | None:
    """A subjectless note addressed to its subject: 'has just opened a shop' -> "you've just opened a shop",
    'was hiring two welders' -> 'you were hiring two welders', 'opening a bakery' -> "you're opening a
    bakery", 'runs a bakery and coaches netball' -> 'you run a bakery and coach netball'. None when the
    note does not start with a verb."""
    kind = verb_led(text)
    if kind is None:
        return None
    m = re.match(
        r"\s*((?:(?:just|recently|finally|also|already|still|now|currently|newly|really|only|actually)\s+)*)"
        r"([A-Za-z'\u2019-]+)(.*)$",
        text,
        re.S | re.I,
    )
    if not m:
        return None
    adverbs, word, rest = m.group(1), m.group(2), m.group(3)
    if word[:1].isupper() and not word[1:2].isupper() and not adverbs:
        word = word[0].lower() + word[1:]  # 'Based in Leeds' -> "you're based in Leeds"
    low = word.lower().replace("\u2019", "'")
    if kind == "aux":
        if low == "has" and rest.split()[:1] and rest.split()[0].lower() in _HAS_OBJECT:
            lead = "you have"  # 'has three kids' -> 'you have three kids' (not "you've three kids")
        else:
            lead = _AUX_TO_YOU[low]
        return address(f"{lead}{' ' + adverbs.strip() if adverbs.strip() else ''}{rest}".strip())
    if kind == "ing" or kind == "adj":
        return address(f"you're {adverbs}{word}{rest}".strip())
    if kind == "s":
        rest = re.sub(
            r"((?:,|\band|\bor)\s+)([a-z]+s)\b",
            lambda mm: mm.group(1) + (base_of_s(mm.group(2)) if mm.group(2) in _S_VERBS else mm.group(2)),
            rest,
        )
        return address(
            f"you {adverbs}{base_of_s(word).lower() if not word[1:].isupper() else word}{rest}".strip()
        )
    return address(f"you {adverbs}{word}{rest}".strip())


def gerund_phrase(text: str) -> str | None:
    """A subjectless verb phrase as a gerund phrase: 'just opened a second branch' -> 'opening a second
    branch', 'won the tender' -> 'winning the tender'. None when it does not start with a main verb."""
    kind = verb_led(text)
    perfect = re.match(
        r"\s*(?:has|have)\s+((?:(?:just|recently|finally|also|already|now)\s+)*\w+ed\b.*)$", text, re.S | re.I
    )
    if kind == "aux" and perfect:
        return gerund_phrase(perfect.group(1))
    if kind not in ("ing", "past", "s"):
        return None
    m = re.match(
        r"\s*(?:(?:just|recently|finally|also|already|newly|actually)\s+)*([A-Za-z'\u2019-]+)(.*)$",
        text,
        re.S | re.I,
    )
    if not m:
        return None
    g = gerund_of(m.group(1))
    return f"{g}{m.group(2)}".strip() if g else None


# -- third person to second: the note says 'her daughter', the message to her says 'your daughter' ------------
_IRREG_AGREE = {
    "is": "are",
    "has": "have",
    "does": "do",
    "was": "were",
    "'s": "'re",
    "doesn't": "don't",
    "wasn't": "weren't",
    "isn't": "aren't",
    "hasn't": "haven't",
}
_OBJECT_FOLLOWERS = {
    "to",
    "with",
    "for",
    "about",
    "at",
    "on",
    "in",
    "and",
    "the",
    "a",
    "an",
    "that",
    "if",
    "when",
    "some",
    "this",
    "my",
    "our",
    "up",
    "over",
    "back",
    "",
}
SHE = frozenset({"she", "her", "hers", "herself", "she's", "she'd", "she'll"})
HE = frozenset({"he", "him", "his", "himself", "he's", "he'd", "he'll"})
THEY = frozenset({"they", "them", "their", "theirs", "themselves", "they're", "they'd", "they'll", "they've"})
_CONTRACTED = {
    "she's": "you're",
    "he's": "you're",
    "she'd": "you'd",
    "he'd": "you'd",
    "she'll": "you'll",
    "he'll": "you'll",
    "hers": "yours",
    "herself": "yourself",
    "himself": "yourself",
    "they're": "you're",
    "they'd": "you'd",
    "they'll": "you'll",
    "they've": "you've",
    "theirs": "yours",
    "themselves": "yourselves",
}
# After one of these, a 'she'/'her' is as likely to mean the relative as the contact: stop turning them.
_KIN = {
    "she": {
        "daughter",
        "wife",
        "mother",
        "mum",
        "mom",
        "sister",
        "girlfriend",
        "grandmother",
        "gran",
        "granddaughter",
        "niece",
        "aunt",
        "fiancee",
        "stepdaughter",
        "boss",
        "colleague",
        "partner",
        "friend",
        "client",
        "customer",
        "landlady",
        "manager",
    },
    "he": {
        "son",
        "husband",
        "father",
        "dad",
        "brother",
        "boyfriend",
        "grandfather",
        "grandad",
        "grandson",
        "nephew",
        "uncle",
        "fiance",
        "stepson",
        "boss",
        "colleague",
        "partner",
        "friend",
        "client",
        "customer",
        "landlord",
        "manager",
    },
    "they": {"daughter", "son", "kids", "children", "clients", "customers", "staff", "team", "partners"},
}


def _is_s_verb(low: str) -> bool:
    return low in _S_VERBS or (low.endswith("s") and len(low) > 3 and not low.endswith(("ss", "us", "is")))


def to_you(text: str, pronouns: frozenset[str] = SHE | HE) -> str:
    """Turn `pronouns` (he/she by default) to 'you'/'your' with the verbs that follow them:
    'she runs half-marathons' -> 'you run half-marathons', "he's hiring" -> "you're hiring"."""
    toks = re.findall(r"[A-Za-z']+|[^A-Za-z']+", text.replace("\u2019", "'"))
    out: list[str] = []
    subject = False
    clause_you = joined = False  # 'you run ... and go sailing': a verb joined by and/or follows "you" too
    for i, tok in enumerate(toks):
        low = tok.lower()
        nxt = next((t.lower() for t in toks[i + 1 :] if t.strip()), "")
        if not re.fullmatch(r"[A-Za-z']+", tok):
            out.append(tok)
            if re.search(r"[.;!?]", tok):
                clause_you = joined = False
            continue
        if low in ("she", "he", "they") and low in pronouns:
            out.append(_like("you", tok))
            subject = low != "they"  # 'they run' already agrees with 'you run'
            clause_you = clause_you or subject
            continue
        if joined and _is_s_verb(low) and (low in _S_VERBS or nxt in _AFTER_VERB or nxt.endswith("ing")):
            out.append(base_of_s(tok))
            joined = subject = False
            continue
        joined = clause_you and low in ("and", "or", "but")
        if low in _CONTRACTED and low in pronouns:
            out.append(_like(_CONTRACTED[low], tok))
        elif low in ("her", "him", "his", "them", "their") and low in pronouns:
            if low in ("him", "them") or (low == "her" and nxt in _OBJECT_FOLLOWERS):
                out.append(_like("you", tok))
            else:
                out.append(_like("your", tok))
        elif subject and low in _IRREG_AGREE:
            out.append(_IRREG_AGREE[low])
        elif subject and _is_s_verb(low):
            out.append(base_of_s(tok))
        elif subject and low in _ADVERBS:
            out.append(tok)
            continue  # 'she just opened' / 'she also runs': the verb after the adverb still agrees
        else:
            out.append(tok)
        subject = False
    return "".join(out)


def address(text: str) -> str:
    """A note about the contact turned to speak to them: only the pronouns of the first person mentioned are
    turned, and only until a relative of the same gender is named ('her daughter ... she loves it')."""
    found = re.findall(r"[A-Za-z']+", text.replace("\u2019", "'").lower())
    first = next((t for t in found if t in SHE | HE | THEY), None)
    if first is None:
        return text
    if (
        first in THEY
        and first not in ("they", "they're", "they've", "their")
        or (
            first in THEY
            and re.sub(r"^(?:(?:just|recently|also|now)\s+)*", "", " ".join(found[:3])).split()[:1] != [first]
        )
    ):
        return text  # 'turned down by their bank': 'they' means the contact only when the note opens with it
    group, kin = (SHE, "she") if first in SHE else (HE, "he") if first in HE else (THEY, "they")
    stop = re.search(rf"(?i)\b(?:{'|'.join(sorted(_KIN[kin]))})s?\b", text)
    head, tail = (text[: stop.end()], text[stop.end() :]) if stop else (text, "")
    return to_you(head, group) + tail
