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
from app.core.drafting.phrasing import (
    address,
    as_statement,
    business_words,
    embed,
    event_parts,
    is_one_to_one,
    name_words,
    proper_words,
    says_when,
    shorten_event,
    verb_led_to_you,
)
from app.core.drafting.profile import Profile
from app.core.drafting.text import (
    cut_words,
    first_clause,
    first_name,
    fragment,
    key_phrase,
    lower_first,
    mentions,
    min_phrase,
    shorten,
    tidy_punctuation,
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
    event: str  # where you met, with its article ('the BNI breakfast', 'our 1-2-1'); '' once shortened away
    event_short: str  # for subject lines ('' when it cannot be shortened cleanly)
    when: str  # 'yesterday', 'on Tuesday'; '' when unknown (and not said when `event` already says when)
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
    prep: str = "at"  # 'at the BNI breakfast', 'on LinkedIn', '' for 'online'
    had_121: bool = False  # you have already had a 1-2-1 (by stage or because that is where you met)
    owes: bool = False  # something was promised but the goal is not to send it: the message still mentions it

    @property
    def met_before(self) -> bool:
        """You knew each other before this meeting."""
        return self.stage == "met-before"

    @property
    def meeting(self) -> str:
        """What an invitation asks for: 'a 1-2-1', or 'our next 1-2-1' once you have had one."""
        return "our next 1-2-1" if self.had_121 else "a 1-2-1"

    def _when(self) -> str:
        # 'the lunch on Tuesday' already says when; 'the lunch on Tuesday yesterday' would say it twice.
        return f" {self.when}" if self.when and not says_when(self.event) else ""

    def where(self) -> str:
        """' at the X' (or ' on LinkedIn'); '' once shortened away."""
        if not self.event:
            return ""
        return f" {self.prep} {self.event}" if self.prep else f" {self.event}"

    def at(self) -> str:
        """' at the X yesterday' for sentences that mention where you met ('' once shortened away)."""
        return self.where() + self._when()

    def met_line(self) -> str:
        """'It was great to meet you at the X yesterday.' adjusted for tone and relationship stage."""
        if self.had_121:
            return self.thanks_line()
        if not self.event:
            return {"professional": "It was a pleasure to talk", "brief": "Good to talk"}.get(
                self.tone, "It was great to talk") + f"{self._when()}."
        if self.met_before:
            return f"It was good to see you again{self.at()}."
        opener = {"professional": "It was a pleasure to meet you", "brief": "Good to meet you"}.get(
            self.tone, "It was great to meet you")
        return f"{opener}{self.at()}."

    def thanks_line(self) -> str:
        """'Thank you for our 1-2-1 yesterday.' after a 1-2-1; 'Thank you for the chat at X.' otherwise."""
        if self.had_121:
            # 'our 1-2-1' is the 1-2-1 itself; 'Costa on Briggate' is where it was held.
            what = self.event if is_one_to_one(self.event) else "our 1-2-1" + self.where()
            return {"professional": f"Thank you for making time for {what}", "brief": f"Thanks for {what}"}.get(
                self.tone, f"Thank you for {what}") + f"{self._when()}."
        return f"Thank you for the chat{self.at()}."

    def since(self) -> str:
        """'Since we met at the X', 'Since our 1-2-1', or 'Since we met'."""
        if self.had_121:
            return "Since our 1-2-1"
        return f"Since we met{self.where()}"

    def after(self) -> str:
        """What a nudge refers back to: 'after the X', 'after our 1-2-1', 'after we met'."""
        if self.had_121:
            return "after our 1-2-1"
        return f"after {self.event}" if self.event and self.prep == "at" else "after we met"

    def subject_event(self) -> str:
        """The event for a subject line ('' when there is none or it does not read after 'after')."""
        return self.event_short if self.prep == "at" else ""


@dataclass
class Shape:
    """A message before channel formatting: a style id, a subject and paragraphs of sentences."""

    style: str
    subject: str
    paras: list[list[Sentence]] = field(default_factory=list)


def _phrase(original: str, known: set[str], *, turn: bool = False, statement: bool = False) -> str:
    """A user phrase ready for the middle of a sentence: pronouns turned to 'you', a question stated,
    first letter lower-cased unless it is a name. If rewording loses the words the checks look for, the
    user's own wording is kept (only its capital changes)."""
    # A trailing '?' is reported speech here ('asked whether anyone knows a plumber?'); a second
    # question mark would also read as a second ask in an invitation.
    text = fragment(original).rstrip("?").rstrip()
    reworded = as_statement(text) if statement else text
    reworded = verb_led_to_you(address(reworded)) if turn else reworded
    if reworded != text and not mentions(reworded, text)[0]:
        reworded = text
    return embed(reworded, known)


def make_ctx(req: FollowupRequest, profile: Profile, today: date, slots: list[datetime], link: str) -> Ctx:
    """The full-length context for a request."""
    short = req.channel in SHORT_CHANNELS
    prep, event = event_parts(req.met_at)
    # Words that keep their capital mid-sentence: names, and anything the user capitalised mid-sentence.
    known = name_words([req.name, profile.name]) | business_words(req.business) | business_words(
        profile.business) | proper_words(
        [req.met_at, req.detail, req.promised, req.learned, req.next_step, *profile.texts()])
    return Ctx(
        first=first_name(req.name),
        business=shorten(req.business, 40),
        event=event,
        event_short=shorten_event(event, 50),
        when=when_phrase(req.met_on or today, today) if req.goal != "nudge" else "",
        detail=_phrase(req.detail, known, turn=True),
        promised=_phrase(req.promised, known),
        learned=_phrase(req.learned, known, turn=True),
        next_step=_phrase(req.next_step, known, statement=True),
        slots=slots_text(slots, short=short) if slots else "",
        link=link,
        me=profile.first_name,
        tone=req.tone,
        stage=req.stage,
        short=short,
        prep=prep,
        had_121=req.stage == "after-121" or is_one_to_one(req.met_at),
        owes=bool(req.promised) and req.goal not in ("send-resource", "introduce"),
    )


def _hard_cut(text: str, size: int) -> str:
    """A clause break when it keeps the words the checks look for; otherwise cut at a word."""
    short = shorten(text, size)
    return short if mentions(short, text)[0] else cut_words(text, size)


def shrink(ctx: Ctx, level: int) -> Ctx:
    """1: first clauses; 2: key words; 3: just enough key words to pass the checks; 4+: hard cuts."""
    if level == 0:
        return ctx
    if level >= 4:  # last resort: validators will say what no longer fits
        size = max(15, 90 - 20 * (level - 4))
        small = shrink(ctx, 3)
        return replace(small, **{k: _hard_cut(getattr(small, k), size) for k in PHRASES})
    cut = {1: lambda t, k: first_clause(t) or t, 2: key_phrase, 3: min_phrase}[level]
    limits = key_limits("sms" if ctx.short else "email")
    return replace(ctx, **{k: cut(getattr(ctx, k), limits[k]) for k in PHRASES}, tight=level >= 3,
                   event={1: shorten_event(ctx.event, 50), 2: shorten_event(ctx.event, 30)}.get(level, ""),
                   when=ctx.when if level < 3 else "", business=shorten(ctx.business, 40))


def render(shape: Shape, ctx: Ctx, channel: str, keep: int, profile: Profile) -> tuple[str, str, str]:
    """(subject, text as sent, body without greeting/sign-off) keeping sentences of priority <= keep."""
    paras = [" ".join(s for p, s in para if p <= keep) for para in shape.paras]
    sep = " " if channel in SHORT_CHANNELS else "\n\n"
    return finish(sep.join(p for p in paras if p), shape.subject, ctx, channel, profile)


def finish(body: str, subject: str, ctx: Ctx, channel: str, profile: Profile) -> tuple[str, str, str]:
    """Add the greeting and sign-off the channel expects: (subject, text as sent, body)."""
    greet = f"{GREETING[ctx.tone]} {ctx.first},"
    body = tidy_punctuation(body)
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
