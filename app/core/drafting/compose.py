"""Turn a message shape (prioritised sentences) into a finished message for one channel.

Shapes are written once; this module adds the greeting and sign-off each channel expects and, for
short channels, drops the least important sentences and shortens the user's phrases until the
channel's character limit holds - so limits hold even with very long names and details.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from app.core.drafting.models import FollowupRequest
from app.core.drafting.profile import Profile
from app.core.drafting.text import (
    event_phrase,
    first_clause,
    first_name,
    fragment,
    key_phrase,
    lower_first,
    min_phrase,
    shorten,
    when_phrase,
)
from app.core.drafting.timing import slots_text
from app.core.drafting.validators import LIMITS, Check, check_words, key_limits

# (priority, sentence): 0 must stay; 1 where you met; 2 pleasantries and value; 3 only in medium length.
Sentence = tuple[int, str]
SHORT_CHANNELS = ("sms", "linkedin-note")
PHRASES = ("detail", "promised", "learned", "next_step")  # the user's phrases, shortened when needed
GREETING = {"warm": "Hi", "professional": "Hello", "brief": "Hi"}
SIGNOFF = {"warm": "Warm wishes", "professional": "Kind regards", "brief": "Thanks"}


@dataclass(frozen=True)
class Ctx:
    """The phrases a template fills in, already cleaned (and shortened when a channel needs it)."""

    first: str
    business: str
    event: str
    event_short: str
    when: str
    detail: str
    promised: str
    learned: str
    next_step: str
    slots: str
    link: str
    me: str
    tone: str
    stage: str
    short: bool
    tight: bool = False  # set when phrases were cut to their key words: templates use their shortest frames

    def met_line(self) -> str:
        """'It was great to meet you at the X yesterday.' adjusted for tone and relationship stage."""
        when = f" {self.when}" if self.when else ""
        if not self.event:
            return {"professional": "It was a pleasure to talk", "brief": "Good to talk"}.get(
                self.tone, "It was great to talk") + f"{when}."
        if self.stage == "after-121":
            where = "" if "1-2-1" in self.event else f" at {self.event}"
            return {"professional": "Thank you for your time at our 1-2-1", "brief": "Thanks for the 1-2-1"}.get(
                self.tone, "Thank you for the 1-2-1") + f"{where}{when}."
        if self.stage == "met-before":
            return f"It was good to see you again at {self.event}{when}."
        opener = {"professional": "It was a pleasure to meet you", "brief": "Good to meet you"}.get(
            self.tone, "It was great to meet you")
        return f"{opener} at {self.event}{when}."

    def at(self) -> str:
        """' at the X yesterday' for sentences that mention where you met ('' once shortened away)."""
        if not self.event:
            return f" {self.when}" if self.when else ""
        return f" at {self.event}" + (f" {self.when}" if self.when else "")


@dataclass
class Shape:
    """A message before channel formatting: a style id, a subject and paragraphs of sentences."""

    style: str
    subject: str
    paras: list[list[Sentence]] = field(default_factory=list)


def make_ctx(req: FollowupRequest, profile: Profile, today: date, slots: list[datetime], link: str) -> Ctx:
    """The full-length context for a request."""
    short = req.channel in SHORT_CHANNELS
    return Ctx(
        first=first_name(req.name),
        business=fragment(req.business),
        event=event_phrase(req.met_at),
        event_short=shorten(event_phrase(req.met_at), 45),
        when=when_phrase(req.met_on or today, today) if req.goal != "nudge" else "",
        detail=fragment(req.detail),
        promised=fragment(req.promised),
        learned=fragment(req.learned),
        next_step=fragment(req.next_step),
        slots=slots_text(slots, short=short) if slots else "",
        link=link,
        me=profile.first_name,
        tone=req.tone,
        stage=req.stage,
        short=short,
    )


def shrink(ctx: Ctx, level: int) -> Ctx:
    """1: first clauses; 2: key words; 3: just enough key words to pass the checks; 4+: hard cuts."""
    if level == 0:
        return ctx
    if level >= 4:  # last resort: validators will say what no longer fits
        size = max(15, 90 - 20 * (level - 4))
        small = shrink(ctx, 3)
        return replace(small, **{k: shorten(getattr(small, k), size) for k in PHRASES})
    cut = {1: lambda t, k: first_clause(t) or t, 2: key_phrase, 3: min_phrase}[level]
    limits = key_limits("sms" if ctx.short else "email")
    return replace(ctx, **{k: cut(getattr(ctx, k), limits[k]) for k in PHRASES}, tight=level >= 3,
                   event={1: shorten(ctx.event, 40), 2: shorten(ctx.event, 25)}.get(level, ""),
                   when=ctx.when if level < 3 else "", business=shorten(ctx.business, 40))


def render(shape: Shape, ctx: Ctx, channel: str, keep: int, profile: Profile) -> tuple[str, str, str]:
    """(subject, text as sent, body without greeting/sign-off) keeping sentences of priority <= keep."""
    paras = [" ".join(s for p, s in para if p <= keep) for para in shape.paras]
    sep = " " if channel in SHORT_CHANNELS else "\n\n"
    return finish(sep.join(p for p in paras if p), shape.subject, ctx, channel, profile)


def finish(body: str, subject: str, ctx: Ctx, channel: str, profile: Profile) -> tuple[str, str, str]:
    """Add the greeting and sign-off the channel expects: (subject, text as sent, body)."""
    greet = f"{GREETING[ctx.tone]} {ctx.first},"
    if channel in SHORT_CHANNELS:
        body = " ".join(body.split())
        text = f"{greet} {lower_first(body)}"
        return "", text + (f" - {ctx.me}" if channel == "sms" else ""), body
    if channel == "email":
        sign = profile.signature.strip() or profile.name
        return subject, f"{greet}\n\n{body}\n\n{SIGNOFF[ctx.tone]},\n{sign}", body
    return "", f"{greet}\n\n{body}\n\n{SIGNOFF[ctx.tone]},\n{ctx.me}", body


def _fits(channel: str, text: str, body: str, length: str) -> bool:
    limit = LIMITS.get(channel)
    return (not limit or len(text) <= limit) and check_words(body, length, channel) is None


def fit(build: Callable[[Ctx], Shape], ctx: Ctx, channel: str, keep: int, profile: Profile,
        length: str = "short", check: Check | None = None) -> tuple[Shape, str, str, str]:
    """Render `build(ctx)` for the channel, shrinking until the limits hold and (if given) `check` passes."""
    if channel in SHORT_CHANNELS:
        # Drop pleasantries first, then shorten phrases, then drop where-we-met, then cut hard.
        tries = [(0, keep), (0, min(keep, 1)), (1, 1), (1, 0), (2, 0), (3, 0)] + [(lvl, 0) for lvl in range(4, 9)]
    else:
        # Long messages keep their shape and shorten the user's phrases first.
        tries = [(0, keep), (1, keep), (2, keep), (2, min(keep, 1)), (3, min(keep, 1)), (3, 0)]
    first_fit = None
    for level, k in tries:
        small = shrink(ctx, level)
        shape = build(small)
        subject, text, body = render(shape, small, channel, k, profile)
        if _fits(channel, text, body, length):
            first_fit = first_fit or (shape, subject, text, body)
            if check is None or not check(subject, text, body):
                return shape, subject, text, body
    # Nothing passes every check: the first version within the limits, and the validators say what is missing.
    return first_fit or (shape, subject, text, body)
