"""Capital letters in what people type: names typed in lower case, details typed In Title Case or in
CAPITALS, and a phrase's first letter once it sits mid-sentence.

Rules beat a model here: the cases are few and exact. What cannot be known from the text alone (is
'Solihull' a place?) is decided by where the word stands ('in Solihull') and by the words the user
capitalised elsewhere (`keep`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.language.wording import STOPWORDS

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
# Always capitalised in English: days, months, nationalities, languages, festivals.
ALWAYS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december english british scottish welsh irish european american canadian
    australian french german spanish italian portuguese dutch polish greek turkish indian pakistani chinese
    japanese korean african caribbean arabic christmas easter ramadan eid diwali hanukkah""".split()
)
# After these, a capitalised run in a Title Case note is a place or an organisation ('In Solihull').
_LOCATIVE = frozenset("in at from near into to around outside across by with for".split())
# ...unless the word after is an ordinary one ('At Weekends', 'To Work').
_ORDINARY_AFTER_LOCATIVE = frozenset(
    """home work school weekends weekend night nights lunch breakfast dinner the a an my his her their our your
    its this that next last first least all some planning marketing sales finance accounts admin construction
    retail hospitality property insurance recruitment print design law education health care business general
    person advance time touch future particular mind place charge hand town city house office shop stock
    spring summer autumn winter january february april june july august september october november december
    tech technology manufacturing engineering logistics media""".split()
)
_SMALL = frozenset("a an the and or of for to in on at by with from & de da van von der le la".split())


def letters(text: str) -> str:
    """The letters of a text."""
    return "".join(c for c in text if c.isalpha())


def shouting(text: str) -> bool:
    """Typed in capitals ('WON THE TENDER'): at least two words and no lower-case letter."""
    ls = letters(text)
    return len(_WORD.findall(text)) >= 2 and len(ls) >= 4 and ls.isupper()


def title_cased(text: str) -> bool:
    """Typed In Title Case: at least three words, nearly all capitalised (small words too, or most of them)."""
    found = [w for w in _WORD.findall(text) if w.lower() != "i"]
    if len(found) < 3 or shouting(text):
        return False
    caps = sum(1 for w in found if w[0].isupper())
    small = [w for w in found if w.lower() in _SMALL]
    return caps / len(found) >= 0.8 or (
        caps == len(found) - len(small)
        and len(found) - len(small) >= 3
        and any(w[0].isupper() for w in small)
    )


def all_lower(text: str) -> bool:
    """No capital letter anywhere."""
    ls = letters(text)
    return bool(ls) and ls.islower()


def _is_acronym(word: str) -> bool:
    core = word.replace("'s", "").replace("\u2019s", "")
    return len(core) >= 2 and core.isupper() and len(core) <= 5


def sentence_case(text: str, keep: Iterable[str] = ()) -> str:
    """'Was Hiring Two Welders' -> 'was hiring two welders'; 'Opening A Bakery In Solihull' -> 'opening a
    bakery in Solihull'. Words in `keep` (lower case), 'I', days, months and places after 'in'/'at' keep
    their capital; in Title Case text short all-capital words (NHS, ISO) stay as they are."""
    keep_set = {k.lower() for k in keep}
    caps_text = shouting(text)
    out: list[str] = []
    last = 0
    prev_word = ""
    in_place = False  # inside a capitalised run that follows 'in', 'at', ...
    for m in _WORD.finditer(text):
        word = m.group(0)
        low = word.lower()
        root = low.replace("\u2019", "'").split("'")[0]
        if root == "i":
            new = "I" + word[1:].lower()
        elif not caps_text and _is_acronym(word) and low not in STOPWORDS:
            new = word
        elif root in keep_set or low in keep_set or root in ALWAYS:
            new = word[0].upper() + word[1:].lower() if caps_text else word
            in_place = in_place or prev_word in _LOCATIVE
        elif (
            (prev_word in _LOCATIVE or in_place)
            and root not in STOPWORDS
            and root not in _ORDINARY_AFTER_LOCATIVE
            and word[0].isupper()
        ):
            new = word[0] + word[1:].lower() if caps_text else word
            in_place = True
        else:
            new = low
            in_place = False
        out.append(text[last : m.start()] + new)
        last = m.end()
        prev_word = low
    out.append(text[last:])
    return "".join(out)


def cap_word(word: str) -> str:
    """'lee' -> 'Lee', "o'neil" -> "O'Neil", 'smith-jones' -> 'Smith-Jones', 'mcdonald' -> 'McDonald'."""

    def one(part: str) -> str:
        if not part:
            return part
        if part.lower().startswith("mc") and len(part) > 3:
            return "Mc" + part[2].upper() + part[3:].lower()
        if part.lower().startswith("o'") and len(part) > 2:
            return "O'" + part[2].upper() + part[3:].lower()
        return part[0].upper() + part[1:].lower()

    return "-".join(one(p) for p in word.split("-"))


def name_case(name: str) -> str:
    """A person's name as it should be written: 'grace' -> 'Grace', 'LEE CHAN' -> 'Lee Chan'; a name with
    any capital and any lower-case letter is kept as typed ('van der Berg', 'DeShawn')."""
    if not (all_lower(name) or shouting(name) or (letters(name).isupper() and len(letters(name)) > 3)):
        return name
    return " ".join(
        w if w.lower() in ("van", "der", "de", "da", "von", "le", "la") and i else cap_word(w)
        for i, w in enumerate(name.split())
    )


def title_case(text: str, acronyms: Iterable[str] = ()) -> str:
    """'acme plumbing and heating' -> 'Acme Plumbing and Heating' (small words stay lower, known acronyms upper)."""
    acr = {a.lower() for a in acronyms}
    out = []
    for i, w in enumerate(text.split()):
        low = w.lower()
        if low.strip("&,.") in acr:
            out.append(w.upper())
        elif i and low in _SMALL:
            out.append(low)
        else:
            out.append(cap_word(w) if w.isalpha() or "-" in w or "'" in w else w[:1].upper() + w[1:])
    return " ".join(out)


def lower_first(phrase: str, keep: Iterable[str] = ()) -> str:
    """A phrase's first letter in lower case for mid-sentence use, unless its first word is 'I', an acronym,
    a day or month, or in `keep` (lower-case words known to be names)."""
    m = _WORD.search(phrase)
    if not m or m.start() != 0 or not phrase[:1].isupper():
        return phrase
    word = m.group(0)
    root = word.lower().replace("\u2019", "'").split("'")[0]
    if (
        root == "i"
        or any(c.isupper() for c in word[1:])
        or root in ALWAYS
        or root in {k.lower() for k in keep}
    ):
        return phrase
    return phrase[0].lower() + phrase[1:]


def upper_first(text: str) -> str:
    """The first letter in capitals (sentence start)."""
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1 :]
        if not c.isspace() and c not in "\"'(\u2018\u201c":
            return text
    return text
