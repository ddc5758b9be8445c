"""Text basics shared by every feature: normalising, words, and sentence spans that keep exact offsets.

Evidence must be quoted verbatim, so a sentence is always a span of the original text; matching works
on a normalised lower-case copy (plain quotes and dashes, single spaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# Curly quotes and dashes become their plain forms so patterns and features need only one spelling.
_PLAIN = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)
# A sentence ends at . ! ? or an ellipsis (with any closing quote or bracket) before white space, or at a
# line break. " - " is not a boundary: a dash usually joins two halves of one thought.
_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)\]]*(?=\s)|\n+")
_ABBREVIATIONS = frozenset(
    (
        "e.g.",
        "i.e.",
        "etc.",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "st.",
        "vs.",
        "approx.",
        "no.",
        "prof.",
        "co.",
        "ltd.",
    )
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
# A short question about the speaker's own business answered straight away ("My ideal client? Builders
# with ten staff.") is one thought: the question and its answer are read as one unit.
_SELF_QUESTION = re.compile(
    r"^(?:so,? |and,? |well,? )?(?:my|our|who(?:'s| is| are)? (?:my|our)|what (?:do|does) (?:i|we|my|our)|"
    r"who do (?:i|we)|the (?:ideal|perfect|best|typical|dream))\b"
)
SELF_QUESTION_MAX_WORDS = 7


def normalise(text: str) -> str:
    """Lower-case, plain quotes and dashes, single spaces."""
    return re.sub(r"\s+", " ", text.translate(_PLAIN).lower()).strip()


def plain(text: str) -> str:
    """The text with curly quotes and dashes made plain (case kept)."""
    return text.translate(_PLAIN)


def words(text: str) -> list[str]:
    """The words of a text (letters and digits in any script; emoji and punctuation are not words)."""
    return _WORD.findall(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`, trimmed of surrounding white space, never empty."""
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


def sentences(text: str) -> list[str]:
    """The sentences of a text, verbatim."""
    return [text[a:b] for a, b in sentence_spans(text)]


@dataclass(frozen=True)
class Span:
    """A stretch of one text: `text` is exactly `source[start:end]`."""

    text: str
    start: int
    end: int

    @cached_property
    def norm(self) -> str:
        """The normalised copy used for matching."""
        return normalise(self.text)


def units(text: str) -> list[Span]:
    """The units an utterance is read in: its sentences, with a short self-question joined to its answer."""
    spans = sentence_spans(text)
    out: list[Span] = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        piece = normalise(text[a:b])
        if (
            i + 1 < len(spans)
            and piece.endswith("?")
            and len(words(piece)) <= SELF_QUESTION_MAX_WORDS
            and _SELF_QUESTION.match(piece)
            and not normalise(text[spans[i + 1][0] : spans[i + 1][1]]).endswith("?")
        ):
            b = spans[i + 1][1]
            i += 1
        out.append(Span(text[a:b], a, b))
        i += 1
    return out


def clauses(text: str) -> list[str]:
    """A sentence cut at commas, dashes and semicolons (for spotting a rude add-on at the end)."""
    parts = re.split(r"\s*(?:,|;|\s-\s|\s--\s)\s*", text)
    return [p for p in parts if words(p)]
