"""Understand the detail a user typed before writing it into a message: who it is about, what kind of
thing it is, its tense, and the forms a sentence can use ('you're opening a second bakery in Solihull',
'opening a second bakery in Solihull', 'look at your pricing').

The kind comes from the detail classifier (detail_model, trained on knowledge/drafting/details.yaml);
who it is about and its tense come from pronouns and verb forms when they are clear, and from the
classifier otherwise. Casing is fixed by rules ('Was Hiring Two Welders' -> 'was hiring two welders').
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from app.core.drafting.detail_model import DRAFTING_DIR, DetailModelError, Prediction, default_model
from app.core.drafting.phrases import word_set
from app.core.language.casing import lower_first, sentence_case, shouting, title_cased
from app.core.language.inflect import IRREGULAR_PAST, add_you, address, gerund_phrase, verb_led
from app.core.language.tense import tense_marker
from app.core.language.text import normalise, words
from app.core.language.wording import content_words

PROPER_FILE = DRAFTING_DIR / "proper_nouns.txt"
KINDS = (
    "news",
    "plan",
    "problem",
    "promise",
    "shared_interest",
    "event_fact",
    "personal",
    "request",
    "unusable",
)
_ADVERB = r"(?:(?:just|recently|finally|also|already|still|now|actually|really)\s+)*"
_ME = re.compile(r"^(?:so |and )?" + _ADVERB + r"(?:i|i'm|i've|i'll|i'd|my|me)\b")
_BOTH = re.compile(
    r"\b(?:we both|both of us|we're both|we are both|we've both|we have both|we'd both|like me|"
    r"same as me|as do i|me too|so do i|another \w+ like me|turns out we|we share|we discovered)\b"
)
_WE = re.compile(r"^(?:so |and )?" + _ADVERB + r"(?:we|we're|we've|we'd|our|us)\b")
_THEM = re.compile(
    r"^(?:so |and )?" + _ADVERB + r"(?:he|she|they|his|her|their|he's|she's|they're|they've|you|"
    r"your|you're|you've)\b"
)
_PROMISE = re.compile(
    r"\b(?:i offered|i promised|i said i'?d|i said i would|i'll|i will|i'm going to|i am going to|"
    r"i agreed|i told (?:him|her|them) i'?d|i told (?:him|her|them) i would|i'm sending|"
    r"promised to|offered to|said i'?d|said i would)\b"
)
_PROMISE_VP = re.compile(
    r"(?i)^(?:i\s+)?(?:(?:offered|promised|agreed)(?:\s+(?:him|her|them|you))?\s+to|said\s+i(?:'d|\s+would)|"
    r"told\s+(?:him|her|them)\s+i(?:'d|\s+would)|(?:i'll|i\s+will|will)|(?:i'm|i\s+am)\s+going\s+to|"
    r"promised(?:\s+(?:him|her|them|you))?)\s+(.+)$"
)
_PERSON_NOUN = re.compile(
    r"(?:er|or|ist|ian|ant|fan|mum|dad|parent|owner|member|enthusiast|nut|lover|buff)s?$"
)
_DETERMINER = re.compile(r"^(?:a|an|the|this|that|these|those|some|another)\b", re.I)
_INTENSIFIER = re.compile(
    r"(?i)^(?:too|very|so|quite|really|rather|pretty|fairly|extremely|incredibly|super|"
    r"always|constantly|completely|totally)\s+\w+"
)
_PLACEHOLDER_NOTES = {"n/a", "na", "none", "tbc", "tbd", "?", "-", "x", "see notes", "to do", "todo"}


@dataclass(frozen=True)
class Detail:
    """A detail understood: its cleaned text, labels, the sentence forms it allows, and any warning."""

    original: str
    text: str  # casing fixed, trailing punctuation dropped
    about: str  # them | me | both | event
    kind: str
    tense: str  # past | present | future
    clause: str = (
        ""  # a clause from the sender's side: "you're opening ...", "I offered to look at your pricing"
    )
    gerund: str = (
        ""  # "opening a second bakery in Solihull" (for 'good luck with ...', 'congratulations on ...')
    )
    topic: str = ""  # a noun phrase to talk about: "your second bakery in Solihull"
    promise: str = ""  # what I said I would do, as a verb phrase: "look at your pricing"
    sensitive: bool = False
    confidence: float = 1.0
    warnings: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """There is a natural way to work it into a message."""
        return self.kind != "unusable" and bool(self.clause or self.gerund or self.topic or self.promise)

    def to_dict(self) -> dict[str, object]:
        """What the UI and the CLI show about the detail."""
        return {
            "about": self.about,
            "kind": self.kind,
            "tense": self.tense,
            "usable": self.usable,
            "warnings": list(self.warnings),
        }


@cache
def proper_nouns() -> frozenset[str]:
    """Place, club and organisation names seen capitalised in the project's own texts (built by
    scripts/train_drafting.py): they keep their capital when a detail typed In Title Case is lowered."""
    try:
        return frozenset(PROPER_FILE.read_text(encoding="utf-8").split())
    except OSError:
        return frozenset()


def clean_case(text: str, keep: Iterable[str] = ()) -> str:
    """The detail in sentence case when it was typed In Title Case or IN CAPITALS; otherwise as typed."""
    text = re.sub(r"\s+", " ", text or "").strip().rstrip(" .;:,!?")
    if shouting(text) or title_cased(text):
        return sentence_case(text, set(keep) | proper_nouns())
    return text


def _about(norm: str, pred: Prediction | None) -> str:
    if _BOTH.search(norm) or _WE.match(norm):
        return "both"
    if _ME.match(norm):
        return "me"
    if _THEM.match(norm):
        return "them"
    return pred.about if pred else "them"


def _kind(norm: str, about: str, pred: Prediction | None) -> str:
    core = norm.strip(" ?!.")
    if core in _PLACEHOLDER_NOTES or len(content_words(norm)) == 0:
        return "unusable"
    kind = pred.kind if pred else "news"
    if about == "me" and _PROMISE.search(norm):
        return "promise"
    if about == "both" and kind in ("news", "personal", "promise", "unusable", "request"):
        return "shared_interest"
    if kind == "promise" and about != "me":
        return "plan" if about == "both" else "request"
    return kind


def _tense(norm: str, kind: str, pred: Prediction | None) -> str:
    marked = tense_marker(norm)
    if marked:
        if (
            marked == "future"
            and kind in ("request", "problem")
            and not re.search(r"\b(?:will|'ll|going to)\b", norm)
        ):
            return "present"  # 'wants to meet planners' asks for something now
        return marked
    if kind == "plan" and verb_led(norm) == "ing":
        return "future"
    return pred.tense if pred else "present"


def _np_topic(text: str) -> str:
    """A note with no verb as something to talk about: 'second bakery in Solihull' -> 'your second bakery in
    Solihull'; 'her new puppy' -> 'your new puppy'."""
    turned = address(text)
    if re.match(r"(?i)^(?:just|recently|also|finally|still|now|very|really|so|quite|too)\b", turned):
        return ""  # 'just back from Japan' is not a thing to talk about: better a warning than a mangled sentence
    if re.match(r"(?i)^(?:your|my|our)\b", turned) or _DETERMINER.match(turned):
        return turned
    return f"your {turned}"


def _has_verb(text: str) -> bool:
    if any(w in IRREGULAR_PAST for w in normalise(text).split()):
        return True
    return bool(verb_led(text)) or bool(
        re.search(
            r"\b(?:is|are|was|were|has|have|had|'s|'re|'ve|will|can|can't|does|do|did|doesn't|don't|didn't|isn't|"
            r"wasn't|keeps?|went|got|won|lost|broke|ran|made|took|came|\w+ed)\b",
            normalise(text),
        )
    )


def _forms(text: str, about: str, kind: str, contact_first: str) -> tuple[str, str, str, str]:
    """(clause, gerund, topic, promise) for a cleaned detail."""
    text = lower_first(text)  # a note typed with a capital ('Busy dog owners ...') sits mid-sentence
    norm = normalise(text)
    body = text
    if contact_first and norm.startswith(contact_first.lower() + " "):
        body = (
            "she" + text[len(contact_first) :]
        )  # 'Sam is moving office' -> address() turns it to 'you are ...'
    if about == "me":
        subjectless = not _ME.match(norm)
        clause = address(("I " + body) if subjectless and verb_led(body) else body)
        m = _PROMISE_VP.match(normalise(clause))
        promise = ""
        if m:
            start = len(clause) - len(m.group(1))
            promise = clause[start:].strip()
        return clause, "", "", promise
    if about == "both" or about == "event":
        # 'met by the coffee' is something we did; 'ran over by an hour' something the event did.
        subject = "we" if about == "both" else "it"
        clause = address(f"{subject} {body}" if verb_led(body) in ("past", "s") else body)
        return clause, gerund_phrase(body) or "", "", ""
    # about them
    if _INTENSIFIER.match(body):
        return address(f"you're {body}"), "", "", ""  # 'too busy to do marketing' -> "you're too busy ..."
    if verb_led(body):
        return add_you(body) or "", gerund_phrase(body) or "", "", ""
    if _THEM.match(normalise(body)) or _has_verb(body):
        return address(body), "", "", ""
    if len(words(body)) <= 6 and _PERSON_NOUN.search(normalise(body).split()[-1] if body.split() else ""):
        article = "an" if normalise(body)[:1] in "aeiou" else "a"
        lead = "" if _DETERMINER.match(body) else f"{article} "
        return f"you're {lead}{body}", "", "", ""
    return "", "", _np_topic(body), ""


def _warnings(d: Detail, original: str) -> list[str]:
    out: list[str] = []
    if d.kind == "unusable":
        out.append(
            f"\u201c{original.strip()}\u201d doesn't tell them anything they'd recognise, so the drafts leave it "
            "out: add something they told you (news, a plan, a problem, an interest)."
        )
    elif not d.usable:
        out.append(
            f"\u201c{original.strip()}\u201d couldn't be worked into a sentence naturally, so the drafts leave it "
            "out: write it as what they told you, e.g. 'opening a second shop in May'."
        )
    if d.sensitive and d.usable:
        out.append(
            "This detail is personal and may be sensitive: the drafts mention it gently; take it out if it "
            "might not be welcome."
        )
    return out


def understand_many(
    details: Sequence[str],
    *,
    contact_first: str | Sequence[str] = "",
    keep: Iterable[str] | Sequence[Iterable[str]] = (),
) -> list[Detail]:
    """Understand several details with one embedding batch. `contact_first` and `keep` apply to all of
    them, or (given as lists of the same length) one per detail."""
    n = len(details)
    firsts = [contact_first] * n if isinstance(contact_first, str) else list(contact_first)
    given = list(keep)
    # One list of words for every detail, or one list per detail (a list of lists as long as `details`).
    keeps: list[Iterable[str]] = (
        [k for k in given if not isinstance(k, str)]
        if given and not isinstance(given[0], str) and len(given) == n
        else [[k for k in given if isinstance(k, str)]] * n
    )
    cleaned = [clean_case(t, k) for t, k in zip(details, keeps, strict=True)]
    try:
        preds: list[Prediction | None] = list(default_model().predict(cleaned)) if cleaned else []
    except DetailModelError:
        preds = [None] * len(cleaned)  # rules alone still give a usable reading
    sensitive = word_set("sensitive")
    out = []
    for original, text, pred, first in zip(details, cleaned, preds, firsts, strict=True):
        norm = normalise(text)
        about = _about(norm, pred)
        kind = _kind(norm, about, pred)
        if kind == "event_fact" and about == "them" and not _THEM.match(norm):
            about = "event"
        tense = _tense(norm, kind, pred)
        clause, gerund, topic, promise = (
            ("", "", "", "") if kind == "unusable" else _forms(text, about, kind, first)
        )
        d = Detail(
            original,
            text,
            about,
            kind,
            tense,
            clause,
            gerund,
            topic,
            promise,
            sensitive=any(w in norm for w in sensitive),
            confidence=pred.confidence["kind"] if pred else 0.5,
        )
        out.append(Detail(**{**d.__dict__, "warnings": _warnings(d, original)}))
    return out


def understand(detail: str, *, contact_first: str = "", keep: Iterable[str] = ()) -> Detail:
    """Understand one detail."""
    return understand_many([detail], contact_first=contact_first, keep=keep)[0]
