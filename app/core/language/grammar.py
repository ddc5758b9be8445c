"""Who a sentence is about and whether it asks: person, questions, negation scope, counterfactuals."""

from __future__ import annotations

import re

from app.core.language.lexicon import pattern, word_pattern
from app.core.language.text import normalise


def strip_filler(norm: str) -> str:
    """Drop leading fillers ("so,", "great, and", "no, I mean") so the real opening word can be seen."""
    return pattern("questions", "filler").sub("", norm).lstrip(" ,.-")


def first_person(norm: str) -> bool:
    """Mentions the speaker (I, me, my, we, our, us)."""
    return bool(word_pattern("person", "first").search(norm))


def second_person(norm: str) -> bool:
    """Mentions the listener (you, your, yours, yourself)."""
    return bool(word_pattern("person", "second").search(norm))


def third_person(norm: str) -> bool:
    """Mentions someone else by pronoun (he, she, they, his, her, their)."""
    return bool(word_pattern("person", "third").search(norm))


_CLAUSE_OPENER = re.compile(
    r"^(?:when|where|how|while|whenever|wherever)\s+(?:you|your|they|someone|anyone|people)\b"
)


def is_question(norm: str) -> bool:
    """A question: opens with an interrogative or inverted auxiliary, or ends with '?' (not a tagged statement)."""
    core = strip_filler(norm)
    ends_q = norm.rstrip("\"') ").endswith("?")
    # "When you hear someone say ..., think of me" opens like a question but is a condition: without a
    # question mark, when/where/how + a subject starts a clause, not a question.
    if _CLAUSE_OPENER.match(core) and not ends_q:
        return False
    if pattern("questions", "wh").match(core) or pattern("questions", "aux").match(core):
        return True
    if not norm.rstrip("\"') ").endswith("?"):
        return False
    return not tagged_statement(norm)


def tagged_statement(norm: str) -> bool:
    """A statement about the speaker with a tag question on the end: "I've got three kids, you know?"."""
    body = pattern("questions", "tag").sub("", norm.rstrip("\"') ")).strip(" ,;:-")
    if body == norm.rstrip("\"') ?").strip() or not body:
        return False  # no tag, or nothing but a tag ("Right?")
    core = strip_filler(body)
    if (
        pattern("questions", "wh").match(core)
        or pattern("questions", "aux").match(core)
        or body.endswith("?")
    ):
        return False
    # "You've got kids, right?" checks a fact about them - that is a question; "I've got kids, right?" is not.
    return first_person(body) and not second_person(body)


def is_request(norm: str) -> bool:
    """An open request for information ("Tell me about ...") - it asks as much as a question does."""
    return bool(pattern("questions", "request").match(strip_filler(norm)))


def asks(norm: str) -> bool:
    """A question or an open request for information."""
    return is_question(norm) or is_request(norm)


def _without_leading_answer(norm: str) -> str:
    # "No, I mean can I put you in touch with Dev?": the "No" answers the last turn, it negates nothing here.
    return pattern("negation", "leading_answer").sub("", norm, count=1)


def negation_spans(norm: str) -> list[tuple[int, int]]:
    """Where negation reaches in a normalised sentence: from each cue to the scope's end."""
    from app.core.language.lexicon import lexicon

    rules = lexicon()["negation"]
    text = _without_leading_answer(norm)
    offset = len(norm) - len(text)
    breaks = {str(b) for b in rules["scope_breaks"]}
    spans = []
    for m in word_pattern("negation", "cues").finditer(text):
        end = m.end()
        taken = 0
        for tok in re.finditer(r"[\w']+|[,;.\-]", text[m.end() :]):
            if tok.group() in breaks or taken >= int(rules["scope_words"]):
                break
            end = m.end() + tok.end()
            taken += 1
        spans.append((m.start() + offset, end + offset))
    return spans


def negated(norm: str, near: str | None = None) -> bool:
    """True when the sentence is negated (when `near` is given: when that phrase lies inside a negation's scope)."""
    spans = negation_spans(norm)
    if near is None:
        return bool(spans)
    idx = norm.find(near)
    if idx < 0:
        return bool(spans)
    return any(a <= idx < b for a, b in spans)


def counterfactual(norm: str) -> bool:
    """True for 'if I knew anyone ...', 'I would have ...': something that is not actually happening."""
    return bool(pattern("negation", "counterfactual").search(norm))


_TO_SECOND = {
    "i": "you",
    "i'm": "you're",
    "i've": "you've",
    "i'll": "you'll",
    "i'd": "you'd",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we": "you",
    "we're": "you're",
    "we've": "you've",
    "we'd": "you'd",
    "we'll": "you'll",
    "our": "your",
    "ours": "yours",
    "us": "you",
    "ourselves": "yourselves",
}
_TO_FIRST = {
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "you're": "I'm",
    "you've": "I've",
    "you'll": "I'll",
    "you'd": "I'd",
    "yourselves": "ourselves",
}
_SWAP_RX = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            map(re.escape, [*_TO_SECOND, *_TO_FIRST, "you", "am", "was", "are", "were"]),
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.I,
)
# "you" is the subject (-> "I") at the start of a clause or before a verb-like word; otherwise the object (-> "me").
_CLAUSE_START = re.compile(
    r"(?:^|[.!?;,:-]\s*|\b(?:and|but|so|that|if|when|because|or|then|while)\s+)$", re.I
)


def swap_person(text: str) -> str:
    """The speaker's words from the listener's side: "I could save you money" -> "you could save me money".

    First person becomes second and second becomes first; "am"/"was" follow a swapped "I" ("I was" ->
    "you were") and "are"/"were" follow a swapped subject "you" ("you are" -> "I am").
    """
    out: list[str] = []
    last = 0
    prev = ""  # the swapped pronoun just before, when only spaces lie between
    for m in _SWAP_RX.finditer(text):
        word = m.group(0)
        low = word.lower()
        adjacent = text[last : m.start()].strip() == ""
        if low in ("am", "was", "are", "were"):
            if adjacent and prev in ("i", "we") and low in ("am", "was"):
                new = {"am": "are", "was": "were"}[low]
            elif adjacent and prev == "you-subject" and low in ("are", "were"):
                new = {"are": "am", "were": "was"}[low]
            else:
                prev = ""
                continue
            out.append(text[last : m.start()] + new)
            last, prev = m.end(), ""
            continue
        if low == "you":
            subject = bool(_CLAUSE_START.search(text[: m.start()]))
            new, prev = ("I", "you-subject") if subject else ("me", "")
        elif low in _TO_SECOND:
            new, prev = _TO_SECOND[low], low
        else:
            new, prev = _TO_FIRST[low], ""
        if word[0].isupper() and new != "I" and (m.start() == 0 or low != "i"):
            new = new[0].upper() + new[1:]
        out.append(text[last : m.start()] + new)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def mentions(text: str, phrase: str) -> bool:
    """True when `phrase` appears in `text` as whole words (case and quote style ignored)."""
    return bool(re.search(r"(?<![\w'])" + re.escape(normalise(phrase)) + r"(?![\w'])", normalise(text)))
