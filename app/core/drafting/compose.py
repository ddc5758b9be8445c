"""Turn a message shape (prioritised sentences) into a finished message for one channel.

Shapes come from templates.py; this module holds what they are filled from (`Ctx`), adds the greeting
and sign-off each channel expects and, for short channels, drops the least important sentences and
shortens the user's phrases until the channel's limit holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from app.core.drafting.channels import fits_channel
from app.core.drafting.detail import Detail
from app.core.drafting.models import FollowupRequest
from app.core.drafting.phrases import Variety, bank, tidy
from app.core.drafting.phrasing import (
    as_statement,
    business_words,
    display_business,
    display_name,
    embed,
    event_parts,
    is_one_to_one,
    name_words,
    proper_words,
    says_when,
    shorten_event,
)
from app.core.drafting.profile import Profile
from app.core.drafting.text import (
    cut_words,
    first_clause,
    first_name,
    fragment,
    key_phrase,
    lower_first,
    min_phrase,
    shorten,
    tidy_punctuation,
)
from app.core.drafting.text import when_phrase as met_when
from app.core.drafting.timing import slots_text
from app.core.drafting.validators import Check, key_limits
from app.core.language.contractions import contract

# (priority, sentence): 0 must stay; 1 where you met; 2 pleasantries and value; 3 only in medium length.
Sentence = tuple[int, str]
SHORT_CHANNELS = ("sms", "linkedin-note", "linkedin-note-paid")
FORMS = ("clause", "gerund", "topic", "promise")  # the detail's forms, shortened when needed
PHRASES = ("promised", "learned", "next_step")  # the user's other phrases


@dataclass(frozen=True)
class Ctx:
    """Everything a shape is filled from, already cleaned (and shortened when a channel needs it)."""

    first: str
    business: str
    # where you met, with its article ('the BNI breakfast', 'Birmingham Tech Week'); '' once dropped
    event: str
    event_short: str
    when: str  # 'yesterday', 'on Tuesday'; '' when unknown or already said by the event
    detail: Detail
    clause: str
    gerund: str
    topic: str
    promise: str
    promised: str
    learned: str
    next_step: str
    slots: str
    link: str
    me: str
    tone: str
    stage: str
    short: bool
    seed: str
    goal: str = "thank"
    tight: bool = False
    prep: str = "at"
    had_121: bool = False
    owes: bool = False
    style: str = ""  # the approach being written: lines are remembered per approach
    channel: str = "email"
    variety: Variety = field(default_factory=Variety, compare=False)

    @property
    def met_before(self) -> bool:
        """You knew each other before this meeting."""
        return self.stage == "met-before"

    @property
    def meeting(self) -> str:
        """What an invitation asks for."""
        return "our next 1-2-1" if self.had_121 else "a 1-2-1"

    def where(self) -> str:
        """' at the X' (or ' on LinkedIn'); '' once shortened away."""
        if self.had_121:
            return " at our 1-2-1"
        if not self.event:
            return ""
        return f" {self.prep} {self.event}" if self.prep else f" {self.event}"

    def when_text(self) -> str:
        """' yesterday' unless the event already says when."""
        return f" {self.when}" if self.when and not says_when(self.event) else ""

    def values(self) -> dict[str, str]:
        """The placeholder values of the phrase banks."""
        clause = self.clause
        reported = (
            clause
            if clause.lower().startswith(("you asked", "you said", "you told", "you mentioned"))
            else (f"you mentioned {clause}" if clause else "")
        )
        event_ref = f" {self.event}" if self.event and self.prep == "at" and not self.had_121 else ""
        where = "" if self.had_121 and self.style == "warm" else self.where()  # the 1-2-1 opening says it
        return {
            "first": self.first,
            "where": where,
            "when": self.when_text(),
            "event_ref": event_ref,
            "event_bare": event_ref,
            "event_from": f" from {self.event}" if event_ref else "",
            "clause": clause,
            "reported": reported,
            "gerund": self.gerund,
            "topic": self.topic,
            "promise": self.promise,
            "promised": self.promised,
            "slots": self.slots,
            "link": self.link,
            "meeting": self.meeting,
            "business": self.business,
            "me": self.me,
            "where_short": f" {self.prep} {self.event_short}"
            if self.event_short and self.prep == "at"
            else "",
            "event_short": f" {self.event_short}" if self.event_short and self.prep == "at" else "",
            "promised_short": shorten(self.promised, 50),
        }

    def pick(self, *path: str, extra: dict[str, str] | None = None) -> str | None:
        """A line from the bank at `path`, filled; the batch's Variety keeps lines from repeating."""
        vals = self.values() | (extra or {})
        return self.variety.pick(
            bank(*path), vals, self.seed, key="/".join(path) + ":", memo=self.style + "|"
        )


@dataclass
class Shape:
    """A message before channel formatting: a style id, a subject and paragraphs of sentences."""

    style: str
    subject: str
    paras: list[list[Sentence]] = field(default_factory=list)


def _known(req: FollowupRequest, profile: Profile) -> set[str]:
    return (
        name_words([req.name, profile.name])
        | business_words(req.business)
        | business_words(profile.business)
        | proper_words([req.met_at, req.detail, req.promised, req.learned, req.next_step, *profile.texts()])
    )


def keep_words(req: FollowupRequest, profile: Profile) -> set[str]:
    """Lower-case words that keep their capital mid-sentence (names and words capitalised elsewhere)."""
    return _known(req, profile)


def make_ctx(
    req: FollowupRequest,
    profile: Profile,
    today: date,
    slots: list[datetime],
    link: str,
    detail: Detail,
    *,
    variety: Variety | None = None,
) -> Ctx:
    """The full-length context for a request."""
    short = req.channel in SHORT_CHANNELS
    prep, event = event_parts(req.met_at)
    known = _known(req, profile)
    name = display_name(req.name)
    seed = hashlib.sha1(f"{name.lower()}|{req.goal}|{req.channel}".encode()).hexdigest()
    forms = {k: embed(getattr(detail, k), known) if getattr(detail, k) else "" for k in FORMS}
    return Ctx(
        first=first_name(name),
        business=shorten(display_business(req.business), 40),
        event=event,
        event_short=shorten_event(event, 50),
        when=met_when(req.met_on or today, today) if req.goal != "nudge" else "",
        detail=detail,
        clause=forms["clause"],
        gerund=forms["gerund"],
        topic=forms["topic"],
        promise=forms["promise"],
        promised=embed(req.promised, known),
        learned=embed(fragment(req.learned).rstrip("?\u2026").rstrip(), known),
        # The step was agreed in conversation, often as a question ('Shall we meet in April?'): state it.
        next_step=embed(as_statement(req.next_step), known) if req.next_step else "",
        slots=slots_text(slots, short=short) if slots else "",
        link=link,
        me=profile.first_name,
        tone=req.tone,
        stage=req.stage,
        short=short,
        seed=seed,
        goal=req.goal,
        channel=req.channel,
        prep=prep,
        had_121=req.stage == "after-121" or is_one_to_one(req.met_at),
        owes=bool(req.promised) and req.goal not in ("send-resource", "introduce"),
        variety=variety or Variety(),
    )


def _hard_cut(text: str, size: int) -> str:
    short = shorten(text, size)
    from app.core.drafting.text import mentions

    return short if mentions(short, text)[0] else cut_words(text, size)


def shrink(ctx: Ctx, level: int) -> Ctx:
    """1: first clauses; 2: key words; 3: just enough key words to pass the checks; 4+: hard cuts."""
    if level == 0:
        return ctx
    keys = list(FORMS) + list(PHRASES)
    if level >= 4:
        size = max(15, 90 - 20 * (level - 4))
        small = shrink(ctx, 3)
        return with_texts(small, {k: _hard_cut(getattr(small, k), size) for k in keys if getattr(small, k)})
    limits = key_limits("sms" if ctx.short else "email")
    limit = {k: limits["detail"] for k in FORMS} | {k: limits[k] for k in PHRASES}
    cut: dict[int, Callable[[str, int], str]] = {
        1: lambda t, k: first_clause(t) or t,
        2: key_phrase,
        3: min_phrase,
    }
    return replace(
        with_texts(ctx, {k: cut[level](getattr(ctx, k), limit[k]) for k in keys if getattr(ctx, k)}),
        tight=level >= 3,
        event={1: shorten_event(ctx.event, 50), 2: shorten_event(ctx.event, 30)}.get(level, ""),
        when=ctx.when if level < 3 else "",
    )


def with_texts(ctx: Ctx, texts: Mapping[str, str]) -> Ctx:
    """A copy with some of the shortenable texts (the FORMS and PHRASES fields) replaced."""
    return replace(
        ctx,
        clause=texts.get("clause", ctx.clause),
        gerund=texts.get("gerund", ctx.gerund),
        topic=texts.get("topic", ctx.topic),
        promise=texts.get("promise", ctx.promise),
        promised=texts.get("promised", ctx.promised),
        learned=texts.get("learned", ctx.learned),
        next_step=texts.get("next_step", ctx.next_step),
    )


def render(shape: Shape, ctx: Ctx, channel: str, keep: int, profile: Profile) -> tuple[str, str, str]:
    """(subject, text as sent, body without greeting/sign-off) keeping sentences of priority <= keep."""
    paras = [contract(" ".join(s for p, s in para if p <= keep and s)) for para in shape.paras]
    sep = " " if channel in SHORT_CHANNELS else "\n\n"
    return finish(sep.join(p for p in paras if p), shape.subject, ctx, channel, profile)


def _signoff(ctx: Ctx) -> str:
    lines = bank("signoffs", ctx.tone) or ["Best wishes"]
    return lines[int(ctx.seed[:6], 16) % len(lines)]


def finish(body: str, subject: str, ctx: Ctx, channel: str, profile: Profile) -> tuple[str, str, str]:
    """Add the greeting and sign-off the channel expects: (subject, text as sent, body)."""
    greetings = bank("greetings", ctx.tone) or ["Hi"]
    greet = f"{greetings[int(ctx.seed[6:12], 16) % len(greetings)]} {ctx.first},"
    body = tidy_punctuation(tidy(body))
    if channel in SHORT_CHANNELS:
        body = " ".join(body.split())
        text = f"{greet} {lower_first(body)}"
        return "", text + (f" - {ctx.me}" if channel == "sms" else ""), body
    if channel == "email":
        sign = profile.signature.strip() or profile.name
        return subject, f"{greet}\n\n{body}\n\n{_signoff(ctx)},\n{sign}", body
    return "", f"{greet}\n\n{body}\n\n{_signoff(ctx)},\n{ctx.me}", body


def fit(
    build: Callable[[Ctx], Shape],
    ctx: Ctx,
    channel: str,
    keep: int,
    profile: Profile,
    length: str = "short",
    check: Check | None = None,
) -> tuple[Shape, str, str, str]:
    """Render `build(ctx)` for the channel, shrinking until the limits hold and (if given) `check` passes."""
    if channel in SHORT_CHANNELS:
        tries = [(0, keep), (0, min(keep, 1)), (1, 1), (1, 0), (2, 0), (3, 0)] + [
            (lvl, 0) for lvl in range(4, 9)
        ]
    else:
        tries = [(0, keep), (1, keep), (2, keep), (2, min(keep, 1)), (3, min(keep, 1)), (3, 0)]
    first_fit = None
    shapes: dict[int, Shape] = {}
    for level, k in tries:
        small = shrink(ctx, level)
        # A shape is built once per shrink level, so the lines it picked are counted once.
        shape = shapes.get(level) or build(small)
        shapes[level] = shape
        subject, text, body = render(shape, small, channel, k, profile)
        if fits_channel(channel, text, body, length):
            first_fit = first_fit or (shape, subject, text, body)
            if check is None or not check(subject, text, body):
                return shape, subject, text, body
    return first_fit or (shape, subject, text, body)
