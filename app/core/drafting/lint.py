"""Grammar-fault checks for drafted messages: how bench/bench_drafting.py and the tests measure the writer.

Each check looks for one fault the product promised to stop: a detail pasted after a colon, a note about
me framed as their words, a third-person pronoun left in a message to that person, a detail kept In Title
Case, a lower-case name, and 'the' before an event name that takes none.
"""

from __future__ import annotations

import re

_PRONOUN_PHRASE = re.compile(r"\b(his|her|their)\s+([a-z][a-z'-]+)", re.I)
_KIN = re.compile(
    r"\b(?:daughter|son|wife|husband|mum|dad|mother|father|sister|brother|partner|boss|kids|children|"
    r"client|clients|team|friend)s?\b",
    re.I,
)


def body_sentences(text: str) -> list[str]:
    """The message's sentences (greeting line and sign-off left in: callers look for patterns)."""
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def content(text: str) -> list[str]:
    """Lower-case content words of a phrase (3+ letters)."""
    stop = {
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "his",
        "her",
        "their",
        "she",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "just",
        "our",
        "you",
        "your",
        "him",
        "they",
        "them",
        "its",
        "into",
        "about",
        "out",
    }
    return [w for w in re.findall(r"[a-z']+", text.lower()) if len(w) > 2 and w not in stop]


def colon_paste(text: str, detail: str) -> bool:
    """The detail (most of its content words) follows a colon in some sentence."""
    words = content(detail)
    if not words:
        return False
    for sentence in body_sentences(text):
        if ": " in sentence:
            after = sentence.split(": ", 1)[1].lower()
            if sum(w in after for w in words) >= max(1, (len(words) + 1) // 2):
                return True
    return False


# A frame followed straight by a verb or an adjective has lost the clause's subject ('It was lucky met by ...',
# 'You mentioned too busy to ...', 'I loved hearing that getting married ...').
_NO_SUBJECT = re.compile(
    r"\b(?:lucky|glad|mentioned|hear|hearing|know|said|told me|that|since|now that)\s+"
    r"(?:too|very|so|getting|having|being|met|was|were|is|are|has|have|had|just|[a-z]+ed)\b"
)


def missing_subject(text: str) -> bool:
    """A detail worked in without its subject ('It was lucky met by the coffee')."""
    return bool(_NO_SUBJECT.search(text))


def me_as_them(text: str, detail: str) -> bool:
    """A note about me ('I offered to ...') framed as their words ('you said ... I offered')."""
    if not re.match(r"(?i)\s*i\b|\s*i'", detail):
        return False
    return bool(
        re.search(
            r"(?i)\byou (?:said|told me|mentioned)\b[^.!?]*\bI (?:offered|promised|said|will|'ll)", text
        )
    )


def pronoun_left(text: str, detail: str) -> bool:
    """'his pricing' in the note is still 'his pricing' in a message to him (not after a relative is named)."""
    kin = _KIN.search(detail)
    for m in _PRONOUN_PHRASE.finditer(detail):
        if kin and kin.start() < m.start():
            continue  # 'her daughter ... her course' - the second 'her' may be the daughter's
        if m.group(2).lower() in {"own", "way", "own."} or _KIN.fullmatch(m.group(2)):
            pass
        if re.search(rf"(?i)\b{m.group(1)}\s+{re.escape(m.group(2))}\b", text):
            return True
    return False


def title_case_kept(text: str, detail: str) -> bool:
    """A detail typed In Title Case or IN CAPITALS appears with those capitals mid-sentence."""
    caps = re.findall(r"[A-Za-z']+", detail)
    if len(caps) < 3 or sum(w[0].isupper() for w in caps) / len(caps) < 0.8:
        return False
    lowers = [
        w
        for w in caps
        if w.lower()
        in {
            "a",
            "an",
            "the",
            "to",
            "in",
            "on",
            "of",
            "for",
            "and",
            "with",
            "was",
            "is",
            "are",
            "has",
            "have",
            "two",
            "three",
            "new",
            "second",
            "first",
            "hiring",
            "opening",
            "looking",
            "just",
            "opened",
            "won",
            "we",
            "both",
        }
    ]
    for w in lowers:
        if (
            re.search(rf"(?<=[a-z,] ){re.escape(w if w[1:].islower() else w)}\b", text)
            and w[0].isupper()
            and w.lower() not in ("i",)
        ):
            return True
    return False


def lower_name(text: str, names: list[str]) -> bool:
    """A person's or business's name appears in lower case (typed that way and kept)."""
    for name in names:
        for part in name.split():
            if len(part) > 2 and re.search(rf"(?<![A-Za-z]){re.escape(part.lower())}(?![A-Za-z])", text):
                return True
    return False


def article_fault(text: str, event: str, takes_the: bool) -> bool:
    """'the Birmingham Tech Week' for an event that takes no article (or 'at Leeds Business Expo' for one that does)."""
    if takes_the:
        return bool(re.search(rf"\bat {re.escape(event)}\b", text))
    return bool(re.search(rf"(?i)\bthe {re.escape(event)}\b", text))


def faults(
    text: str, *, detail: str, event: str = "", takes_the: bool = True, lower_names: list[str] | None = None
) -> list[str]:
    """Every grammar fault found in one message."""
    out = []
    if colon_paste(text, detail):
        out.append("colon_paste")
    if me_as_them(text, detail):
        out.append("person_swap")
    if pronoun_left(text, detail):
        out.append("person_swap")
    if title_case_kept(text, detail):
        out.append("title_case")
    if missing_subject(text):
        out.append("missing_subject")
    if lower_names and lower_name(text, lower_names):
        out.append("capitalisation")
    if event and article_fault(text, event, takes_the):
        out.append("article")
    return out


def opening(text: str, channel: str) -> str:
    """The first sentence after the greeting."""
    if channel in ("sms", "linkedin-note"):
        body = re.sub(r"^\s*\w+\s+[^,]{1,40},\s*", "", text)
    else:
        parts = [p for p in text.split("\n\n") if p.strip()]
        body = parts[1] if len(parts) > 1 else text
    first = body_sentences(body)
    return first[0].strip() if first else ""
