"""Small pure text helpers shared by templates and validators: names, key words, shortening, dates."""

from __future__ import annotations

import re
from datetime import date

STOPWORDS = frozenset(
    """a an the and or but if of to in on at for with from by about as into onto over under than then
    that this these those there here is are was were be been being am do does did done have has had
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    who whom which what when where why how all any some no not very just so too also really quite
    will would shall should can could may might must up out off again more most much many one
    get got getting go going went re s t ll ve d m""".split()
)
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"}
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)?")
_CLAUSE = re.compile(r"\s*(?:[.;:!?\n]|,\s|\s[-\u2013\u2014]\s)\s*")
_URL = re.compile(r"https?://\S+|www\.\S+", re.I)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def clean(text: object) -> str:
    """Collapse whitespace and strip; None becomes ''."""
    return re.sub(r"\s+", " ", str(text or "")).strip()


def fragment(text: str) -> str:
    """A user phrase ready to sit inside a sentence: trimmed, no trailing full stop."""
    return clean(text).rstrip(" .;:,!")


def first_name(name: str) -> str:
    """The name to greet someone by: the first word that is not a title ('Dr Sam Patel' -> 'Sam')."""
    words = clean(name).split()
    for w in words:
        if w.lower().rstrip(".") not in _TITLES:
            return w
    return words[0] if words else ""


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text or "")]


def stem(word: str) -> str:
    """A crude stem so 'daughters' matches 'daughter' and 'sailing' matches 'sail'."""
    w = word.lower().split("'")[0]
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def content_words(text: str) -> list[str]:
    """Words that carry meaning (stopwords and one-letter words removed), in order, without repeats."""
    seen: list[str] = []
    for w in words(text):
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit()) and w not in seen:
            seen.append(w)
    return seen


def key_words(text: str, limit: int = 8) -> list[str]:
    """The words a reader must see for a phrase to count as mentioned: the first clause's content words."""
    clauses = [c for c in _CLAUSE.split(clean(text)) if c.strip()]
    first = content_words(clauses[0]) if clauses else []
    if len(first) < 2:
        first = content_words(text)
    return first[:limit]


def key_phrase(text: str, limit: int = 8) -> str:
    """The shortest leading part of `text` that still contains all of its key words."""
    text = fragment(text)
    keys = key_words(text, limit)
    pos = end = 0
    for key in keys:
        pattern = re.compile(rf"(?i)(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])")
        m = pattern.search(text, pos) or pattern.search(text)
        if m is None:  # e.g. curly apostrophes: keep the whole phrase rather than guess
            return text
        end = max(end, m.end())
        pos = max(pos, m.end())
    return fragment(text[:end]) if end else text


def needed(n_keys: int) -> int:
    """How many of n key words must appear: all of one or two, otherwise two thirds (light rephrasing passes)."""
    return n_keys if n_keys <= 2 else -(-2 * n_keys // 3)


def mentions(text: str, phrase: str, limit: int = 8) -> tuple[bool, list[str]]:
    """Whether enough key words of `phrase` occur in `text`; returns (ok, missing words)."""
    keys = key_words(phrase, limit)
    if not keys:
        return True, []
    have = {stem(w) for w in words(text)}
    missing = [k for k in keys if stem(k) not in have]
    return len(keys) - len(missing) >= needed(len(keys)), missing


def min_phrase(text: str, limit: int = 8) -> str:
    """The shortest leading part of `text` that still passes `mentions(..., limit)`."""
    return key_phrase(text, needed(len(key_words(text, limit))))


def shorten(text: str, max_chars: int) -> str:
    """Cut at a word boundary to at most `max_chars` (with an ellipsis when something was cut)."""
    text = fragment(text)
    if len(text) <= max_chars:
        return text
    if max_chars <= 1:
        return ""
    cut = text[: max_chars - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "\u2026"


def first_clause(text: str) -> str:
    """The part before the first clause break (full stop, semicolon, comma, dash)."""
    parts = [p for p in _CLAUSE.split(fragment(text)) if p.strip()]
    return fragment(parts[0]) if parts else ""


def without_urls(text: str) -> str:
    """Text with links replaced by a neutral token (so '?' in a URL is not read as a question)."""
    return _URL.sub("LINK", text or "")


def urls(text: str) -> list[str]:
    """Every link in the text, trailing punctuation removed."""
    return [u.rstrip(".,;:!?)") for u in _URL.findall(text or "")]


def sentences(text: str) -> list[str]:
    """Split into sentences on ., ! and ? followed by space or line end."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text or "") if s.strip()]


def lower_first(sentence: str) -> str:
    """Lower-case a template sentence's first letter so it can follow 'Hi Sam, ' (keeps 'I' and names)."""
    if sentence.startswith(("I ", "I'")):
        return sentence
    if len(sentence) > 1 and sentence[0].isupper() and (sentence[1].islower() or sentence.startswith("A ")):
        return sentence[0].lower() + sentence[1:]
    return sentence


def event_phrase(met_at: str) -> str:
    """'BNI breakfast' -> 'the BNI breakfast'; keeps phrases that already start with a determiner."""
    met_at = fragment(met_at)
    first = met_at.split(" ", 1)[0].lower() if met_at else ""
    if not met_at or first in {"the", "a", "an", "our", "my", "your", "their", "his", "her", "last", "this",
                                "yesterday's", "today's"} or "'s" in first or "\u2019s" in first:
        return met_at
    return f"the {met_at}"


def when_phrase(met_on: date | None, today: date) -> str:
    """'today', 'yesterday', 'on Tuesday' (this week) or 'on 3 March'; '' when unknown or in the future."""
    if met_on is None or met_on > today:
        return ""
    days = (today - met_on).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"on {WEEKDAYS[met_on.weekday()]}"
    return f"on {met_on.day} {MONTHS[met_on.month - 1]}"


def long_date(d: date) -> str:
    """'Tuesday 9 December'."""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"


def short_date(d: date) -> str:
    """'Tue 9 Dec'."""
    return f"{WEEKDAYS[d.weekday()][:3]} {d.day} {MONTHS[d.month - 1][:3]}"
