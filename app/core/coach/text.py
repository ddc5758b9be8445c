"""Turn text into sentences the checks can judge: spans, questions, negation and coach-directed lines.

Evidence must be copied verbatim from a turn, so sentences keep the exact span of the original
text; matching happens on a normalised lower-case copy of each sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from app.core.transcript import Turn

# Curly quotes and dashes become their plain forms so patterns need only one spelling.
_PLAIN = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)\]]*(?=\s)|\n+")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "approx.", "no.")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_LEADING_FILLER = re.compile(
    r"^(?:(?:and|so|but|ok|okay|well|right|great|oh|also|then|now|sorry|anyway|actually|fine|cool|nice|"
    r"wow|ah|hmm|yes|yeah|sure|lovely|brilliant|interesting|fair enough|out of interest|just curious)\b[\s,.!-]*)+"
)
# An interrogative word counts only when a question follows it ("when do you", not "when someone says").
_WH = re.compile(
    r"^(?:what's|whats|who's|how's|where's|when's|why's|(?:what|who|whom|whose|which|where|when|why|how)\s+"
    r"(?:do|does|did|is|are|was|were|can|could|would|will|should|shall|have|has|had|may|might|don't|doesn't|"
    r"didn't|isn't|aren't|kind|sorts?|types?|else|exactly|made|led|got|long|many|much|often|old|big|about|"
    r"brought|tends|usually|normally|you|your|of))\b"
)
_AUX = re.compile(
    r"^(?:do|does|did|is|isn't|are|aren't|was|were|can|could|would|will|should|shall|have|has|may|might|"
    r"don't|doesn't|didn't|won't|wouldn't|couldn't)\s+(?:you|your|they|it|that|this|there|we|he|she|i|"
    r"anyone|anybody|someone|people|the|a|any|most)\b"
)
_REQUEST = re.compile(
    r"^(?:(?:please\s+)?(?:tell me|walk me through|talk me through|take me through|fill me in)|"
    r"i'd love to (?:hear|know)|i'm curious (?:about|what|how|who)|i'd be interested to (?:hear|know)|"
    # Indirect questions ("I was wondering what you do outside work") ask just as a question does.
    r"(?:i was|i'm|i am) (?:just )?wondering (?:what|how|who|whom|which|where|when|why|if|whether|about)|"
    r"i wonder (?:what|how|who|whom|which|where|when|why|if|whether)|"
    r"i'd (?:like|love) to (?:understand|learn)|i (?:want|wanted) to (?:know|hear|ask|understand))\b"
)
# A statement with a tag on the end ("I've got three kids, you know?", "... - does that make sense?") ends
# in "?" but asks nothing about the listener; the body before the tag says what the line is.
_TAG = re.compile(
    r"(?:[,;:]|\s-)?\s*(?:you know|you see|right|yeah|eh|ok|okay|innit|agreed|no|see what i mean|"
    r"(?:does )?(?:that|it) makes? sense|if that makes sense|do you see what i mean|do you follow|"
    r"is that clear|isn't it|aren't they|wasn't it|don't you think|you know what i mean)\s*[?!.]*$"
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|don't|doesn't|didn't|won't|wouldn't|can't|cannot|couldn't|isn't|aren't|wasn't|"
    r"nothing|nobody|no one|neither|nor|without)\b"
)
_COUNTERFACTUAL = re.compile(
    r"\b(?:if i (?:knew|had|were|was|could)|i would have|i'd have|i wish i|if only|were i to|"
    r"i might have|i could have|i should have)\b"
)

# Lines addressed to the coach or its rubric are not part of the 1-2-1: they never count as evidence
# and are left out of every count, so trying to talk the coach round changes nothing.
_COACH_ADDRESS = re.compile(
    r"^\W*(?:note to (?:the )?)?(?:coach|system|assistant|grader|judge|reviewer|evaluator|marker|scorer|"
    r"ai|rubric|admin)\b\s*[:,;>\-]"
)
_MANIPULATION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:rubric|instructions?|rules?|checks?|"
    r"prompt|criteria|criterion|scoring|guidelines)\b"
    r"|\b(?:mark|score|grade|rate|count|treat|consider|set|tick|flag|record)\b.{0,50}\b(?:checks?|items?|"
    r"criteria|criterion|boxes|everything|all of (?:it|them)|all nine)\b.{0,40}\b(?:pass|passed|passing|"
    r"complete|done|true|yes|ticked|green|met)\b"
    r"|\b(?:rubric|system prompt|your instructions|the grader|the scorer)\b|\b(?:dear|hey|hi|hello) coach\b"
    r"|\b(?:full|top|maximum|perfect)\s+(?:marks|score)\b|\b100\s*(?:%|percent|/\s*100|out of 100)"
    r"|\b(?:score|grade|mark)\s+me\b|\b(?:every|all(?: nine| 9)?|each) (?:check|checks|criteria)\b"
    r"|\bchecks? (?:as |are |is )?(?:passed|complete|green)\b|\byou are now (?:a|an|the) (?:coach|grader|judge|assistant|ai|system|model)\b|\bas an ai\b"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of one turn: `text` is the exact trimmed substring `turn_text[start:end]`."""

    turn: int
    speaker: str
    text: str
    start: int
    end: int

    @cached_property
    def norm(self) -> str:
        """Lower-case copy with plain quotes and dashes, for matching only (computed once: every check reads it)."""
        return normalise(self.text)


def normalise(text: str) -> str:
    """Lower-case, plain quotes and dashes, single spaces."""
    return re.sub(r"\s+", " ", text.translate(_PLAIN).lower()).strip()


def words(text: str) -> list[str]:
    """The words of a text (letters and digits in any script; emoji and punctuation are not words)."""
    return _WORD.findall(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`, trimmed of surrounding whitespace, never empty."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        before = text[max(start, m.start() - 8) : m.end()].lower().split()
        if m.group().strip() and before and before[-1].lstrip("(\"'") in _ABBREVIATIONS:
            continue  # "e.g. builders" is one sentence
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if piece.strip():
            out.append((a + lead, b - trail))
    return out


def split_sentences(turns: Sequence[Turn]) -> list[Sentence]:
    """Every sentence of every turn, in order, with coach-directed lines left out."""
    out: list[Sentence] = []
    for i, turn in enumerate(turns):
        spans = sentence_spans(turn.text)
        if spans and _COACH_ADDRESS.search(normalise(turn.text[spans[0][0] : spans[0][1]])):
            continue  # a turn that opens by addressing the coach is meta-talk from start to end
        for a, b in spans:
            s = Sentence(i, turn.speaker, turn.text[a:b], a, b)
            if not is_meta(s.norm):
                out.append(s)
    return out


def is_meta(norm: str) -> bool:
    """True for a line aimed at the coach, its rubric or its instructions rather than at the partner."""
    return bool(_COACH_ADDRESS.search(norm) or _MANIPULATION.search(norm))


def strip_filler(norm: str) -> str:
    """Drop leading fillers ("so,", "great, and") so the real opening word can be seen."""
    return _LEADING_FILLER.sub("", norm).lstrip(" ,.-")


def is_question(norm: str) -> bool:
    """A question: opens with an interrogative or inverted auxiliary, or ends with '?' (not a tagged statement)."""
    core = strip_filler(norm)
    if _WH.match(core) or _AUX.match(core):
        return True
    if not norm.rstrip("\"') ").endswith("?"):
        return False
    return not tagged_statement(norm)


def tagged_statement(norm: str) -> bool:
    """A statement about the speaker with a tag question on the end: "I've got three kids, you know?"."""
    body = _TAG.sub("", norm.rstrip("\"') ")).strip(" ,;:-")
    if body == norm.rstrip("\"') ?").strip() or not body:
        return False  # no tag, or nothing but a tag ("Right?")
    core = strip_filler(body)
    if _WH.match(core) or _AUX.match(core) or body.endswith("?"):
        return False
    # "You've got kids, right?" checks a fact about them - that is a question; "I've got kids, right?" is not.
    return first_person(body) and not second_person(body)


def is_request(norm: str) -> bool:
    """An open request for information ("Tell me about ...") - it asks as much as a question does."""
    return bool(_REQUEST.match(strip_filler(norm)))


def asks(norm: str) -> bool:
    """A question or an open request for information."""
    return is_question(norm) or is_request(norm)


def negated(norm: str, near: str | None = None) -> bool:
    """True when the sentence is negated (within a few words before `near`, if given)."""
    if near is None:
        return bool(_NEGATION.search(norm))
    idx = norm.find(near)
    if idx < 0:
        return bool(_NEGATION.search(norm))
    window = " ".join(norm[:idx].split()[-4:])
    return bool(_NEGATION.search(window))


def counterfactual(norm: str) -> bool:
    """True for 'if I knew anyone ...', 'I would have ...': something that is not actually happening."""
    return bool(_COUNTERFACTUAL.search(norm))


def second_person(norm: str) -> bool:
    """Mentions the listener (you, your, yours, yourself)."""
    return bool(re.search(r"\b(?:you|your|yours|yourself|you're|you've|you'd|you'll|ya)\b", norm))


def first_person(norm: str) -> bool:
    """Mentions the speaker (I, me, my, we, our, us)."""
    return bool(
        re.search(r"\b(?:i|me|my|mine|we|our|ours|us|i'm|i've|i'd|i'll|we're|we've|we'd|we'll)\b", norm)
    )
