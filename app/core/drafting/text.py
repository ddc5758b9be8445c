"""Drafting's text helpers: names, shortening a user's phrase to fit a channel, dates.

Words, stems and sentences come from the shared language layer (app.core.language); what is here is
specific to fitting phrases into messages.
"""

from __future__ import annotations

import re
from datetime import date

from app.core.language.text import sentences as _sentences
from app.core.language.wording import STOPWORDS, content_words, key_words, mentions, needed, stem, tokens

__all__ = ["STOPWORDS", "content_words", "key_words", "mentions", "needed", "stem", "words", "sentences"]

_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"}
_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
ELLIPSIS = "\u2026"
KEY_SLACK_WORDS = 3  # a cut may run this many words past the last key word to reach a natural break
_BREAK = re.compile(r"[.!?](?=\s)|[;:,](?=\s)|\s[-\u2013\u2014](?=\s)|\s\(")
_CONJ_BREAK = re.compile(
    r"\s(?:and|or|but|so|because|while|whereas|who|which|whose|where)\s(?=(?:a|an|the|my|your|his|her|their|"
    r"our|its|this|that|these|those|some|any|no|every|each|i|you|he|she|we|they|it|who|which|is|are|was|were|"
    r"has|have|had|does|doesn't|don't|did|didn't|will|won't|can|can't|could|would|should|wants?|needs?|"
    r"want|need|just|also|then|now|still)\b)",
    re.I,
)
_PHRASE_END = re.compile(
    r"\s(?=(?:and|or|in|on|at|for|with|from|to|by|about|after|before|who|which|that|whose|"
    r"when|where|while|[a-z]{3,}ing|[a-z]{3,}ed)\s)"
)
_DANGLING = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "to",
    "with",
    "for",
    "in",
    "on",
    "at",
    "by",
    "from",
    "that",
    "which",
    "who",
    "whose",
    "my",
    "your",
    "his",
    "her",
    "their",
    "our",
    "its",
    "so",
    "as",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "not",
    "just",
    "very",
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def clean(text: object) -> str:
    """Collapse whitespace and strip; None becomes ''."""
    return re.sub(r"\s+", " ", str(text or "")).strip()


def fragment(text: str) -> str:
    """A user phrase ready to sit inside a sentence: trimmed, no trailing full stop."""
    return clean(text).rstrip(" .;:,!")


def first_name(name: str) -> str:
    """The name to greet someone by: the first word that is not a title ('Dr Sam Patel' -> 'Sam')."""
    parts = clean(name).split()
    for w in parts:
        if w.lower().rstrip(".") not in _TITLES:
            return w
    return parts[0] if parts else ""


def words(text: str) -> list[str]:
    """Lower-case word tokens (the language layer's tokeniser)."""
    return tokens(text)


def sentences(text: str) -> list[str]:
    """The sentences of a text (the language layer's splitter), stripped."""
    return [s.strip() for s in _sentences(text or "") if s.strip()]


def key_phrase(text: str, limit: int = 8) -> str:
    """The shortest leading part of `text` that still contains all of its key words, ending at a natural
    break when one is a few words away (otherwise cut there, marked with an ellipsis)."""
    text = fragment(text)
    keys = key_words(text, limit)
    pos = end = 0
    for key in keys:
        pattern = re.compile(rf"(?i)(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])")
        m = pattern.search(text, pos) or pattern.search(text)
        if m is None:
            return text
        end = max(end, m.end())
        pos = max(pos, m.end())
    if not end or end >= len(text):
        return text
    stops = _boundaries(text) + [m.start() for m in _PHRASE_END.finditer(text)]
    stop = min((b for b in stops if b >= end), default=len(text))
    if len(text[end:stop].split()) <= KEY_SLACK_WORDS:
        return fragment(text[:stop])
    return fragment(text[:end]) + ELLIPSIS


def min_phrase(text: str, limit: int = 8) -> str:
    """The shortest leading part of `text` that still passes `mentions(..., limit)`."""
    return key_phrase(text, needed(len(key_words(text, limit))))


def _boundaries(text: str) -> list[int]:
    ends = {m.start() for m in _BREAK.finditer(text)}
    ends |= {m.start() for m in _CONJ_BREAK.finditer(text)}
    return sorted(e for e in ends if fragment(text[:e]))


def _trim_dangling(text: str) -> str:
    parts = text.rstrip(" ,;:-\u2013\u2014").split(" ")
    while len(parts) > 1 and parts[-1].lower().strip(",;:") in _DANGLING:
        parts.pop()
    return " ".join(parts).rstrip(" ,;:-\u2013\u2014")


def shorten(text: str, max_chars: int) -> str:
    """At most `max_chars`: cut at the last sentence or clause break that fits; only when there is none
    cut at a word, and only then add an ellipsis."""
    text = fragment(text)
    if len(text) <= max_chars:
        return text
    if max_chars <= 1:
        return ""
    floor = min(max_chars // 3, 40)
    fits = [fragment(text[:b]) for b in _boundaries(text) if len(fragment(text[:b])) <= max_chars]
    fits = [f for f in fits if len(f) >= floor and len(f.split()) >= 2]
    if fits:
        best = max(fits, key=len)
        opened = max(best.rfind(" ("), *(best.rfind(d) for d in (" - ", " \u2013 ", " \u2014 ")))
        dashes = sum(best.count(d) for d in (" - ", " \u2013 ", " \u2014 "))
        if (best.count("(") > best.count(")") or dashes % 2) and len(fragment(best[:opened])) >= floor:
            return fragment(best[:opened])
        return best
    return cut_words(text, max_chars)


def cut_words(text: str, max_chars: int) -> str:
    """At most `max_chars`, cut at a word (no dangling 'and'/'the') and marked with an ellipsis."""
    text = fragment(text)
    if len(text) <= max_chars:
        return text
    if max_chars <= 1:
        return ""
    cut = text[: max_chars - 1]
    if " " in cut:
        cut = _trim_dangling(cut[: cut.rfind(" ")])
    return fragment(cut).rstrip(" ,;:-") + ELLIPSIS


def tidy_punctuation(text: str) -> str:
    """Remove doubled punctuation where a phrase meets its sentence: '….', '.…', '?.', ',.', '..'."""
    text = re.sub(r"\u2026\s*[.\u2026]+|\.\u2026", "\u2026", text)
    text = re.sub(r"([?!])\.(?!\.)", r"\1", text)
    text = re.sub(r"[,;:]\.(?!\.)", ".", text)
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)


def first_clause(text: str) -> str:
    """The part before the first clause break (full stop, semicolon, comma, dash)."""
    parts = [p for p in re.split(r"\s*(?:[.;:!?\n]|,\s|\s[-\u2013\u2014]\s)\s*", fragment(text)) if p.strip()]
    return fragment(parts[0]) if parts else ""


def without_urls(text: str) -> str:
    """Text with links replaced by a neutral token (so '?' in a URL is not read as a question)."""
    return _URL.sub("LINK", text or "")


def urls(text: str) -> list[str]:
    """Every link in the text, trailing punctuation removed."""
    return [u.rstrip(".,;:!?)") for u in _URL.findall(text or "")]


def lower_first(sentence: str) -> str:
    """Lower-case a template sentence's first letter so it can follow 'Hi Sam, ' (keeps 'I' and names)."""
    if sentence.startswith(("I ", "I'")):
        return sentence
    if len(sentence) > 1 and sentence[0].isupper() and (sentence[1].islower() or sentence.startswith("A ")):
        return sentence[0].lower() + sentence[1:]
    return sentence


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
