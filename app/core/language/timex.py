"""Time expressions in a sentence: days, dates, clock times and relative times ("next Thursday at 9").

Rules beat a classifier here: the forms are few and exact, and the spans are needed verbatim to confirm
a proposed time back or to check a draft mentions its slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.core.language.lexicon import word_pattern, words_at


@dataclass(frozen=True)
class TimeMention:
    """One time expression: the exact text and where it is."""

    text: str
    start: int
    end: int


@cache
def _time_rx() -> re.Pattern[str]:
    days = "|".join(sorted(words_at("times", "days"), key=len, reverse=True))
    months = "|".join(sorted(words_at("times", "months"), key=len, reverse=True))
    relative = "|".join(re.escape(w) for w in sorted(words_at("times", "relative"), key=len, reverse=True))
    clock = r"\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.]\d{2}|(?:at|@)\s?\d{1,2}(?![\d/])"
    ordinal = r"\d{1,2}(?:st|nd|rd|th)(?:\s+of)?(?:\s+(?:" + months + r"))?"
    date = r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|(?:" + months + r")\s+\d{1,2}(?:st|nd|rd|th)?"
    spans = r"in (?:a|an|one|two|three|four|\d+) (?:days?|weeks?|months?|hours?)|(?:a|one|two|three|\d+) weeks?'? time"
    by = r"(?:by|before|on|until) (?:the )?\d{1,2}(?:st|nd|rd|th)?"
    body = "|".join(
        [
            r"(?:next|this|on|coming)\s+(?:" + days + r")s?",
            r"(?:" + days + r")(?:\s+(?:morning|afternoon|evening|lunchtime|week))?",
            ordinal,
            date,
            clock,
            spans,
            by,
            relative,
        ]
    )
    return re.compile(r"(?<![\w'])(?:" + body + r")(?![\w'])", re.I)


def time_mentions(text: str) -> list[TimeMention]:
    """Every time expression in `text` (works on the original text; case and quote style do not matter)."""
    return [TimeMention(m.group(0), m.start(), m.end()) for m in _time_rx().finditer(text)]


def vague_time(text: str) -> bool:
    """Words that make a plan vague ("sometime", "one day", "maybe")."""
    return bool(word_pattern("times", "vague").search(text.lower()))


def has_time(text: str) -> bool:
    """A specific time is named ("next time" alone is not one)."""
    return any(m.text.lower() != "next time" for m in time_mentions(text))


def when_phrase(text: str) -> str | None:
    """The time a sentence names, as one phrase: nearby mentions joined ("Thursday" + "at 9am")."""
    found = [m for m in time_mentions(text) if m.text.lower() != "next time"]
    if not found:
        return None
    start, end = found[0].start, found[0].end
    for m in found[1:]:
        gap = text[end : m.start]
        if len(gap) <= 6 and re.fullmatch(r"[\s,]*(?:at|the|from|,)?[\s,]*", gap):
            end = m.end
        else:
            start, end = m.start, m.end  # of several separate times, the last is the one settled on
    return text[start:end].strip(" ,")
