"""The tense a note's verb forms show: 'will open' is future, 'was hiring' past; None when they do not say."""

from __future__ import annotations

import re

from app.core.language.inflect import is_past_verb

_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|going to|gonna|about to|due to|plans? to|planning|hopes? to|hoping to|aims? to|intends? to|"
    r"thinking (?:of|about)|considering|looking to|next (?:week|month|year|spring|summer|autumn|winter|march|april|"
    r"may|june)|in the (?:new year|spring|summer|autumn|winter)|this (?:spring|summer|autumn|winter)|soon)\b"
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|wasn't|weren't|didn't|ago|yesterday|last (?:week|month|year|night|time)|"
    r"used to)\b"
)


def tense_marker(norm: str) -> str | None:
    """'future', 'past' or 'present' when the verb forms say so clearly; None when they do not."""
    if _FUTURE.search(norm):
        return "future"
    if _PAST.search(norm):
        return "past"
    first = re.findall(r"[a-z']+", norm)
    verbs = [w for w in first[:4] if is_past_verb(w)]
    if verbs and not re.search(
        r"\b(?:is|are|am|has|have|'s|'ve)\b\s+(?:\w+\s+)?" + re.escape(verbs[0]), norm
    ):
        return "past"
    if re.search(r"\b(?:has|have|'ve|'s) (?:just |recently |finally |now |already )?\w+ed\b", norm):
        return "past"
    return None
