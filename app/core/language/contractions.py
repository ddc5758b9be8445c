"""Contractions, as people write them: 'It would not be' -> "It wouldn't be", 'I am' -> "I'm"."""

from __future__ import annotations

import re
from functools import partial

_CONTRACTIONS = [
    (r"\bI am\b", "I'm"),
    (
        r"\bI have (?=been|got|had|just|already|put|made|found|attached|included|added|"
        r"kept|started|read|thought|spoken)",
        "I've ",
    ),
    (r"\bI will\b", "I'll"),
    (r"\bI would\b", "I'd"),
    (r"\bwe are\b(?!\s*[.,;!?]|$)", "we're"),
    (r"\bwe will\b", "we'll"),
    (r"\byou are\b(?!\s*[.,;!?]|$)", "you're"),
    (r"\byou will\b", "you'll"),
    (r"\byou have (?=been|got|had|just|already|made|done|started|built)", "you've "),
    (r"\byou would\b", "you'd"),
    (r"\bit is\b(?!\s*[.,;!?]|$)", "it's"),
    (r"\bthat is\b(?!\s*[.,;!?]|$)", "that's"),
    (r"\bthere is\b", "there's"),
    (r"\bwhat is\b", "what's"),
    (r"\blet us\b", "let's"),
    (r"\bdo not\b", "don't"),
    (r"\bdoes not\b", "doesn't"),
    (r"\bdid not\b", "didn't"),
    (r"\bis not\b", "isn't"),
    (r"\bare not\b", "aren't"),
    (r"\bwas not\b", "wasn't"),
    (r"\bwould not\b", "wouldn't"),
    (r"\bcould not\b", "couldn't"),
    (r"\bshould not\b", "shouldn't"),
    (r"\bwill not\b", "won't"),
    (r"\bcannot\b", "can't"),
    (r"\bhave not\b", "haven't"),
    (r"\bhas not\b", "hasn't"),
]
_CONTRACTION_RX = [(re.compile(p, re.I), r) for p, r in _CONTRACTIONS]


def contract(text: str) -> str:
    """Write as people do: 'It would not be' -> "It wouldn't be", 'I am' -> "I'm" (sentence capitals kept)."""
    for rx, rep in _CONTRACTION_RX:
        text = rx.sub(partial(_cased_match, rep), text)
    return text


def _cased_match(rep: str, m: re.Match[str]) -> str:
    return _cased(rep, m.group(0))


def _cased(rep: str, typed: str) -> str:
    """The contraction with the typed capital ('It is' -> "It's"); 'I' is always a capital."""
    if rep.startswith("I"):
        return rep
    return rep[0].upper() + rep[1:] if typed[:1].isupper() else rep


def uncontracted(text: str) -> str:
    """Contractions that would read wrongly at the end of a clause undone ('that's who you're.' cannot happen)."""
    return re.sub(r"\b(you|we|they)'re(?=\s*[.,;!?]|$)", r"\1 are", text)
