"""Is the ideal client specific enough for a partner to picture? 'Anyone' and 'everyone who needs ...'
are flagged with how to narrow them; the closing ask of the 30-second presentation comes from here too."""

from __future__ import annotations

from app.core.drafting.text import fragment, shorten
from app.core.language.lexicon import pattern, word_pattern
from app.core.language.text import normalise

NARROW_HOW = (
    "name who (a trade, role or kind of business), where, what size, and the moment they need you, "
    "e.g. 'owner-run builders in Leeds with 5 to 20 staff who have just taken on their first employee'"
)


def vague_client(ideal_client: str) -> bool:
    """An ideal client nobody can picture: 'anyone', 'all small businesses', with no situation or size."""
    norm = normalise(ideal_client)
    if not norm:
        return False
    if word_pattern("clients", "vague").search(norm):
        return True
    specific = pattern("clients", "situation").search(norm) or pattern("clients", "size").search(norm)
    return len(norm.split()) <= 2 and not specific


def client_advice(ideal_client: str) -> str:
    """One line telling the user how to narrow a vague ideal client ('' when it is specific)."""
    if not vague_client(ideal_client):
        return ""
    return (
        f"Your ideal client, \u201c{fragment(ideal_client)}\u201d, is too broad for a partner to picture or "
        f"remember: {NARROW_HOW}."
    )


def specific_ask(want_to_meet: list[str], ideal_client: str, trigger_phrases: list[str]) -> str:
    """The one specific ask a presentation ends with: a named person or role, else the ideal client in the
    words they use ('' when the profile gives nothing specific to ask for)."""
    if want_to_meet:
        return f"This week, I'd love an introduction to {_one(fragment(want_to_meet[0]))}."
    if ideal_client and not vague_client(ideal_client):
        who = shorten(fragment(ideal_client), 90)
        who = who[0].lower() + who[1:] if who[:1].isupper() and not who[1:2].isupper() else who
        if trigger_phrases:
            return f"If you know {_article(who)} who's saying \u201c{fragment(trigger_phrases[0])}\u201d, please introduce us this week."
        return f"This week, I'd love an introduction to {_article(who)}."
    if trigger_phrases:
        return f"If you hear anyone say \u201c{fragment(trigger_phrases[0])}\u201d this week, please introduce us."
    return ""


def _one(phrase: str) -> str:
    """'commercial insurance brokers' -> 'a commercial insurance broker'; names and phrases with an article stay."""
    words = phrase.split()
    low = phrase.lower()
    if (
        not words
        or phrase[:1].isupper()
        or low.startswith(("a ", "an ", "the ", "one ", "my ", "someone", "anyone"))
    ):
        return phrase
    last = words[-1]
    if last.endswith("s'") or (
        last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(words) <= 5
    ):
        words[-1] = last[:-2] + "'" if last.endswith("s'") else last[:-1]
        if last.endswith("ies"):
            words[-1] = last[:-3] + "y"
        return f"{'an' if low[:1] in 'aeiou' else 'a'} {' '.join(words)}"
    return phrase


def _article(phrase: str) -> str:
    """'owner-run building firms with ...' -> 'one of the owner-run building firms ...' reads as one person."""
    low = phrase.lower()
    if low.startswith(("a ", "an ", "the ", "one ")):
        return phrase
    head = low.split(" ")[0]
    if head.endswith("s") and not head.endswith("ss"):
        return f"one of the {phrase}" if " with " in low or " who " in low or " in " in low else phrase
    return f"{'an' if low[:1] in 'aeiou' else 'a'} {phrase}"
