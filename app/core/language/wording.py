"""Content words and crude stems: does one text carry the words of another, however lightly reworded?

Shared by drafting's validators and phrase shortening. Stems are deliberately crude ('daughters' ->
'daughter', 'sailing' -> 'sail', 'runs' -> 'run'): they only need to make two wordings meet.
"""

from __future__ import annotations

import re

from app.core.language.text import normalise

STOPWORDS = frozenset(
    """a an the and or but if of to in on at for with from by about as into onto over under than then
    that this these those there here is are was were be been being am do does did done have has had
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    who whom which what when where why how all any some no not very just so too also really quite
    will would shall should can could may might must up out off again more most much many one
    get got getting go going went re s t ll ve d m let's i'm i've i'd i'll you're you've you'd you'll
    he's she's it's we're we've they're they've don't doesn't didn't isn't aren't wasn't weren't won't
    can't couldn't wouldn't shouldn't haven't hasn't""".split()
)
_WORD = re.compile(r"[a-z0-9\u00e0-\u024f]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"\s*(?:[.;:!?\n]|,\s|\s-\s)\s*")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (plain apostrophes, contractions kept whole)."""
    return _WORD.findall(normalise(text or ""))


def stem(word: str) -> str:
    """A crude stem so 'daughters' matches 'daughter', 'sailing' 'sail' and 'runs' 'run'."""
    w = word.lower().split("'")[0]
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    # Short verbs turned to address the contact ('she runs' -> 'you run', 'goes' -> 'go') still match.
    if len(w) == 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-2] if w.endswith("oes") else w[:-1]
    return w


def content_words(text: str) -> list[str]:
    """Words that carry meaning (stopwords and one-letter words removed), in order, without repeats."""
    seen: list[str] = []
    for w in tokens(text):
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit()) and w not in seen:
            seen.append(w)
    return seen


def key_words(text: str, limit: int = 8) -> list[str]:
    """The words a reader must see for a phrase to count as mentioned: the first clause's content words."""
    clauses = [c for c in _CLAUSE.split(normalise(text or "")) if c.strip()]
    first = content_words(clauses[0]) if clauses else []
    if len(first) < 2:
        first = content_words(text)
    return first[:limit]


def needed(n_keys: int) -> int:
    """How many of n key words must appear: all of one or two, otherwise two thirds."""
    return n_keys if n_keys <= 2 else -(-2 * n_keys // 3)


def stems(text: str) -> set[str]:
    """The stems of every word in a text."""
    return {stem(w) for w in tokens(text)}


def mentions(text: str, phrase: str, limit: int = 8) -> tuple[bool, list[str]]:
    """Whether enough key words of `phrase` occur in `text`; returns (ok, missing words)."""
    keys = key_words(phrase, limit)
    if not keys:
        return True, []
    have = stems(text)
    missing = [k for k in keys if stem(k) not in have]
    return len(keys) - len(missing) >= needed(len(keys)), missing


def overlap(a: str, b: str) -> float:
    """Share of distinct words two texts have in common (Jaccard over stems)."""
    sa, sb = stems(a), stems(b)
    return len(sa & sb) / max(1, len(sa | sb))
