"""Checks every draft passes before it is shown. Each check is a pure function returning a named
Failure (or None), so a model draft can be repaired with the exact failure named in the prompt."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from app.core.drafting.channels import LIMITS, SMS_MAX_SEGMENTS, WORD_LIMITS, sms_segments
from app.core.drafting.meaning import names_in, uses
from app.core.drafting.text import WEEKDAYS, first_name, sentences, shorten, urls, without_urls, words
from app.core.language.grammar import is_question
from app.core.language.text import normalise
from app.core.language.wording import stem

# How many key words of each user phrase are checked (long phrases: the first clause's first N).
KEY_LIMITS = {"detail": 8, "promised": 6, "learned": 5, "next_step": 5}
# A text message cannot carry four long phrases: fewer key words are checked there (still most of them).
KEY_LIMITS_SHORT = {"detail": 5, "promised": 4, "learned": 4, "next_step": 4}


def key_limits(channel: str) -> dict[str, int]:
    """How many key words of each user phrase the checks look for on this channel."""
    return KEY_LIMITS_SHORT if channel in ("sms", "linkedin-note", "linkedin-note-paid") else KEY_LIMITS


__all__ = ["LIMITS", "WORD_LIMITS"]

_PLACEHOLDERS = [
    re.compile(r"\[[^\]\n]{0,60}\]"),
    re.compile(r"\{[^}\n]{0,60}\}"),
    re.compile(r"<[^<>\n]{1,60}>"),
    re.compile(r"\b(?:TODO|TBD|XXX+|FIXME)\b"),
    re.compile(r"(?i)\binsert\s+(?:your|their|the|a|an|name|link|date|time|here)\b[^.\n]{0,30}"),
    re.compile(r"(?i)\b(?:your|their|contact'?s?)\s+name\s+here\b"),
    re.compile(r"_{3,}"),
]
_PITCH = [
    (re.compile(r"[£$€]\s?\d"), "a price"),
    (re.compile(r"(?i)\b\d+\s?(?:%|per ?cent)\s+off\b"), "a discount"),
    (re.compile(r"(?i)\bdiscount(?:s|ed)?\b"), "a discount"),
    (re.compile(r"(?i)\bspecial (?:offer|deal|rate|price)s?\b"), "a special offer"),
    # "buy you a coffee" is hospitality, not a sale.
    (re.compile(r"(?i)\b(?:buy(?! you)|purchase|order now|sign up)\b"), "a call to buy"),
    (re.compile(r"(?i)\bquot(?:e|es|ation)\b"), "an offer to quote"),
    (re.compile(r"(?i)\bour services include\b|\bour (?:packages|pricing|rates)\b"), "a list of services"),
    (
        re.compile(
            r"(?i)\b(?:our|my|special|best|great|low|competitive|introductory|discounted)\s+(?:price|prices|pricing|"
            r"rates?|fees?)\b|\bprice list\b|\bpric(?:es|ing) (?:start|from)\b|\bfree (?:trial|consultation)\b|"
            r"\blimited[- ]time\b|\bbook a demo\b"
        ),
        "pricing or a sales offer",
    ),
]


@dataclass(frozen=True)
class Failure:
    """A failed check: `name` is stable (tests, stats), `message` tells a writer what to fix."""

    name: str
    message: str


# A whole-message check: (subject, text as sent, body) -> failures.
Check = Callable[[str, str, str], list[Failure]]


def find_placeholder(text: str) -> str | None:
    """The first placeholder-looking piece of text ('[Name]', '{x}', '<...>', 'TODO', 'insert ...')."""
    for pattern in _PLACEHOLDERS:
        m = pattern.search(text or "")
        if m:
            return m.group(0)
    return None


@lru_cache(maxsize=256)
def _user_words_rx(user_texts: tuple[str, ...]) -> re.Pattern[str] | None:
    texts = sorted({t for t in user_texts if t}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in texts), re.I) if texts else None


def _strip_user_words(text: str, user_texts: Sequence[str]) -> str:
    """Remove what the user wrote (longest first) so their own words never count against a draft."""
    rx = _user_words_rx(tuple(user_texts))
    return rx.sub(" ", text) if rx else text


def check_name(text: str, name: str) -> Failure | None:
    """The contact's first name (or full name) appears."""
    if first_name(name).lower() in text.lower() or name.lower() in text.lower():
        return None
    return Failure("missing_name", f"Use the contact's name, {first_name(name)}.")


def check_phrase(
    text: str,
    phrase: str,
    failure: str,
    what: str,
    limit: int = 8,
    forms: tuple[str, ...] = (),
    *,
    exclude: frozenset[str] = frozenset(),
    need_name: bool = False,
) -> Failure | None:
    """The text carries a user phrase (a detail, a promise, a next step): its key words, or the same
    meaning in other words (a paraphrase passes); with `need_name`, the first name in it too."""
    if not phrase:
        return None
    ok, missing = uses(text, phrase, limit, forms=forms, exclude=exclude)
    names = [n for n in names_in(phrase) if n.lower() not in text.lower()] if need_name else []
    if ok and not names[:1]:
        return None
    missing = names[:1] + missing
    return Failure(failure, f'Mention {what}: "{shorten(phrase, 80)}" (missing: {", ".join(missing)}).')


def _slot_mentioned(text: str, slot: datetime) -> bool:
    low = text.lower()
    day = WEEKDAYS[slot.weekday()].lower()
    if day not in low and day[:3] not in re.findall(r"[a-z]+", low):
        return False
    h24, h12 = slot.hour, slot.hour % 12 or 12
    mm = f"{slot.minute:02d}"
    forms = [
        f"{h24}:{mm}",
        f"{h24:02d}:{mm}",
        f"{h24}.{mm}",
        f"{h12}{'am' if h24 < 12 else 'pm'}",
        f"{h12} {'am' if h24 < 12 else 'pm'}",
        f"{h12}:{mm}{'am' if h24 < 12 else 'pm'}",
        f"{h12}:{mm} {'am' if h24 < 12 else 'pm'}",
        f"{h12}.{mm}{'am' if h24 < 12 else 'pm'}",
    ]
    return any(re.search(rf"(?<![0-9]){re.escape(f)}(?![0-9])", low) for f in forms)


def asks_in(text: str) -> list[str]:
    """The sentences that ask something: questions, and sentences offering a link to book."""
    plain = without_urls(text)
    # A written sentence that ends with a full stop is a statement, even when it opens like a question
    # ('When you said ..., it rang a bell.'); an unpunctuated one is read by the language layer.
    return [
        s
        for s in sentences(plain)
        if s.rstrip().endswith("?")
        or "LINK" in s
        or (is_question(normalise(s)) and not s.rstrip().endswith((".", "!")))
    ]


def check_ask(text: str, slots: Sequence[datetime], link: str) -> Failure | None:
    """Exactly one clear ask, offering both proposed times or the scheduling link."""
    found = asks_in(text)
    if len(found) != 1:
        return Failure(
            "ask_count",
            f"Make exactly one clear ask (found {len(found)}): one question offering "
            "the times or the link, and no other questions.",
        )
    if link and link.rstrip("/").lower() in (u.rstrip("/").lower() for u in urls(text)):
        return None
    if slots and all(_slot_mentioned(text, s) for s in slots):
        return None
    want = f"the link {link}" if link else "both times"
    return Failure("no_time_options", f"Offer {want} in the ask.")


def check_one_ask(text: str) -> Failure | None:
    """A message that is not an invitation asks at most one thing (two asks get neither answered)."""
    found = [s for s in asks_in(text) if "LINK" not in s]
    if len(found) > 1:
        return Failure("two_asks", f"Ask one thing at most (found {len(found)} questions).")
    return None


def check_subject(subject: str) -> Failure | None:
    """An email has a short subject line."""
    if not subject.strip():
        return Failure("no_subject", "Write a subject line.")
    if len(subject) > 90:
        return Failure("long_subject", "Keep the subject under 90 characters.")
    return None


def check_signoff(text: str, my_name: str) -> Failure | None:
    """An email ends with a sign-off carrying your name."""
    tail = [line for line in text.strip().splitlines() if line.strip()][-5:]
    mine = {first_name(my_name).lower(), my_name.lower()}
    if any(n and n in line.lower() for line in tail for n in mine):
        return None
    return Failure("no_signoff", f"End with a sign-off and your name, {first_name(my_name)}.")


def check_limit(text: str, channel: str) -> Failure | None:
    """The channel's limit holds: two text messages, 200 characters for a LinkedIn note."""
    if channel == "sms":
        n, enc = sms_segments(text)
        if n > SMS_MAX_SEGMENTS:
            return Failure(
                "too_long_for_channel",
                f"A text must fit {SMS_MAX_SEGMENTS} messages (this needs {n}, "
                f"{len(text)} characters, {enc}).",
            )
        return None
    limit = LIMITS.get(channel)
    if limit and len(text) > limit:
        return Failure(
            "too_long_for_channel", f"A {channel} must be at most {limit} characters (this is {len(text)})."
        )
    return None


def check_words(body: str, length: str, channel: str) -> Failure | None:
    """Email and LinkedIn messages stay short (about four sentences)."""
    if channel not in ("email", "linkedin-message"):
        return None
    limit = WORD_LIMITS.get(length, WORD_LIMITS["short"])
    n = len(body.split())
    if n > limit:
        return Failure("too_many_words", f"Keep it under {limit} words (this is {n}).")
    return None


def check_placeholders(text: str) -> Failure | None:
    """No blanks left to fill in."""
    hit = find_placeholder(text)
    if hit:
        return Failure(
            "placeholder", f"Remove the placeholder {hit!r}; write the real words or leave it out."
        )
    return None


def check_pitch(text: str, user_texts: Sequence[str]) -> Failure | None:
    """No sales pitch on first contact: prices, discounts, offers, 'buy', 'quote', service lists."""
    rest = _strip_user_words(text, user_texts)
    for pattern, what in _PITCH:
        m = pattern.search(rest)
        if m:
            return Failure("pitch", f"Do not pitch: remove {what} ({m.group(0)!r}).")
    return None


def check_invented(text: str, allowed_texts: Sequence[str]) -> Failure | None:
    """No links or numbers that were not given (small models invent both)."""
    allowed = " ".join(allowed_texts).lower()
    for u in urls(text):
        if u.lower() not in allowed:
            return Failure("invented_link", f"Do not add links that were not given ({u}).")
    allowed_numbers = set(re.findall(r"\d+", allowed))
    rest = _strip_user_words(without_urls(text), allowed_texts)
    for n in re.findall(r"\d+", rest):
        if n not in allowed_numbers and n not in {"1", "2"}:  # '1-2-1' and 'two' are ours
            return Failure("invented_number", f"Do not add numbers that were not given ({n}).")
    return None


# Capitalised words a message may use mid-sentence without them coming from the user.
_KNOWN_CAPS = {
    "i",
    "gains",
    "linkedin",
    "bni",
    "hi",
    "hello",
    "thanks",
    "warm",
    "kind",
    "best",
    "am",
    "pm",
    *(d.lower() for d in WEEKDAYS),
    *(d[:3].lower() for d in WEEKDAYS),
}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}


def check_names(text: str, allowed_texts: Sequence[str]) -> Failure | None:
    """No names that were not given: a capitalised word mid-sentence must come from the inputs."""
    allowed = {w for t in allowed_texts for w in words(t)} | _KNOWN_CAPS | _MONTHS | {m[:3] for m in _MONTHS}
    # Split where a capital is normal (sentence starts, after a colon, inside brackets or quotes).
    for part in re.split(r"[.!?:;\n(\"\u201c\u2018\u2026]|\s['\u2019]", without_urls(text)):
        for word in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", part)[1:]:
            if (
                word[0].isupper()
                and word[1:2].islower()
                and word.lower().split("'")[0] not in allowed
                and not all(w in allowed for w in re.split(r"[-'\u2019]", word.lower()) if w)
            ):
                return Failure("invented_name", f"Do not add names or places that were not given ({word}).")
    return None


def check_echo(
    text: str, instructions: Sequence[str], user_texts: Sequence[str], n: int = 6
) -> Failure | None:
    """The draft is a message, not a copy of its instructions (small models often echo the prompt)."""

    def shingles(t: str) -> set[tuple[str, ...]]:
        ws = words(t)
        return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}

    theirs = set().union(*(shingles(t) for t in instructions)) - set().union(
        set(), *(shingles(t) for t in user_texts)
    )
    if shingles(text) & theirs:
        return Failure("echoed_instructions", "Write the message itself; do not repeat the instructions.")
    return None


def check_nonempty(body: str) -> Failure | None:
    """There is a message at all (at least a sentence of several words)."""
    if len(words(body)) < 5:
        return Failure("empty", "Write the message: a few short sentences.")
    return None


def validate_message(
    *,
    subject: str,
    text: str,
    body: str,
    channel: str,
    goal: str,
    length: str,
    contact: str,
    detail: str,
    promised: str,
    detail_forms: tuple[str, ...] = (),
    detail_usable: bool = True,
    learned: str,
    next_step: str,
    my_name: str,
    slots: Sequence[datetime] = (),
    link: str = "",
    user_texts: Sequence[str] = (),
    context: Sequence[str] = (),
) -> list[Failure]:
    """Run every follow-up check on a finished message (`text`: as sent; `body`: without greeting/sign-off)."""
    from app.core.drafting.models import ASKING_GOALS

    lim = key_limits(channel)
    given = frozenset(stem(w) for t in (contact, *context) for w in words(t))
    checks = [
        check_nonempty(body),
        check_name(text, contact),
        check_phrase(
            text,
            detail,
            "missing_detail",
            "the detail you remember",
            lim["detail"],
            detail_forms,
            exclude=given,
        )
        if detail_usable
        else None,
        check_phrase(
            text,
            promised,
            "missing_promise",
            "who you are introducing" if goal == "introduce" else "what you promised to send",
            lim["promised"],
            exclude=given,
            need_name=True,
        ),
        check_phrase(
            text, learned, "missing_learned", "what you learned about their ideal referral", lim["learned"]
        ),
        check_phrase(text, next_step, "missing_next_step", "the next step you agreed", lim["next_step"]),
        check_ask(text, slots, link) if goal in ASKING_GOALS else check_one_ask(text),
        check_subject(subject) if channel == "email" else None,
        check_signoff(text, my_name) if channel == "email" else None,
        check_limit(text, channel),
        check_words(body, length, channel),
        check_placeholders(subject + "\n" + text),
        check_pitch(subject + "\n" + text, user_texts),
        check_invented(subject + "\n" + text, user_texts),
        check_names(subject + "\n" + body, user_texts),
    ]
    return [c for c in checks if c is not None]
