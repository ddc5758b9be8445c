"""Follow-up messages built from the phrase banks (knowledge/drafting/phrases.yaml), two approaches each.

- warm: where you met, the detail worked into a sentence of its own, the goal, a light close - brief.
- specific: opens with the detail, then something of value tied to what kind of detail it is (help with a
  problem, names for a request, luck with a plan), then the goal's ask.
- short (a third variant when asked for): the detail and the ask, nothing else.

The detail is never pasted after a colon: each kind of detail has its own sentences (news becomes a
congratulation, a problem an offer to help, a promise I made what I am doing about it), and a detail that
cannot be used is left out (the result carries a warning saying why).
Priorities: 0 must stay, 1 where you met, 2 value and pleasantries, 3 medium length only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from app.core.drafting.compose import Ctx, Sentence, Shape

Builder = Callable[[Ctx], Shape]
ASKING = ("invite-121", "nudge")


def _s(line: str | None) -> str:
    return line or ""


def detail_key(c: Ctx) -> str | None:
    """Which bank of detail sentences fits this detail ('sensitive', 'event_fact_both', a kind), or None."""
    d = c.detail
    if not d.usable:
        return None
    if d.sensitive and d.kind in ("personal", "problem", "news"):
        return "sensitive"
    if d.kind == "event_fact":
        return {"both": "event_fact_both", "them": "event_fact_them"}.get(d.about, "event_fact")
    return d.kind if d.kind != "unusable" else None


def detail_sentence(c: Ctx, mode: str) -> str:
    """The detail worked into one sentence ('' when it cannot be used)."""
    key = detail_key(c)
    if key is None:
        return ""
    if c.tight and key not in ("promise",):
        # Squeezed for a text or a LinkedIn note: the detail on its own reads as a short sentence.
        form = c.clause or (f"good luck with {c.gerund}" if c.gerund else "")
        if form:
            return form[:1].upper() + form[1:] + "."
    line = c.pick("detail", key, mode) or c.pick("detail", key, "warm" if mode == "lead" else "lead")
    if line is None and c.clause:
        line = c.pick("detail", "personal", "warm")  # any detail with a clause reads as 'lovely to hear ...'
    return _s(line)


def _opening(c: Ctx) -> str:
    stage = "after-121" if c.had_121 else c.stage if c.stage in ("met-before",) else "new"
    return _s(c.pick("openings", stage))


def _next_step(step: str) -> str:
    if re.match(r"(?i)^(?:i|we|you|i'll|we'll|you'll|i'm|we're)\b", step):
        return f"As agreed, {step}."
    return f"As agreed, we'll {step}."


def extras(c: Ctx) -> list[Sentence]:
    """What a 1-2-1 taught and agreed, and anything promised but not yet sent: all must stay."""
    out: list[Sentence] = []
    if c.tight and c.channel == "linkedin-note":
        return out  # the free note has room for the detail and the ask; the paid version keeps the rest
    if c.learned:
        out.append(
            (
                0,
                f"I'll listen out for {c.learned}."
                if c.tight or c.short
                else f"I'll keep my ears open for {c.learned}, since that's who you most want to meet.",
            )
        )
    if c.next_step:
        out.append((0, _next_step(c.next_step)))
    if c.owes and not (c.detail.kind == "promise" and c.promise):
        out.append(
            (
                0,
                f"{c.promised[:1].upper() + c.promised[1:]} is still coming from me."
                if c.short
                else f"I haven't forgotten {c.promised}, and it's on its way.",
            )
        )
    return out


def _subject(c: Ctx, goal: str) -> str:
    if goal == "thank":
        key = "thank_121" if c.had_121 else "thank_again" if c.met_before else "thank"
    elif goal == "invite-121" and c.had_121:
        key = "invite_again"
    else:
        key = goal
    return _s(c.pick("subjects", key)) or f"Following up, {c.first}"


def _ask(c: Ctx) -> str:
    return _s(c.pick("goal", "invite-121", "ask_link" if c.link else "ask_slots"))


def _closing(c: Ctx) -> list[Sentence]:
    line = c.pick("closings")
    return [(2, line)] if line else []


def warm(c: Ctx) -> Shape:
    """Warm and brief: where you met, the detail in its own sentence, the goal, a light close."""
    c = replace(c, style="warm")
    goal = c.goal
    opening = (1, _opening(c))
    detail = (0, detail_sentence(c, "warm"))
    if goal == "send-resource":
        first = [opening, (0, _s(c.pick("goal", "send-resource", "deliver"))), detail]
        core: list[Sentence] = [(2, _s(c.pick("goal", "send-resource", "close")))]
    elif goal == "introduce":
        first = [opening, detail]
        core = [(0, _s(c.pick("goal", "introduce", "offer"))), (0, _s(c.pick("goal", "introduce", "ask")))]
    elif goal == "invite-121":
        first = [opening, detail]
        purpose = "purpose_again" if c.had_121 else "purpose"
        core = [(2, _s(c.pick("goal", "invite-121", purpose))), (0, _ask(c))]
    elif goal == "nudge":
        first = [(1, _s(c.pick("goal", "nudge", "lead"))), detail]
        core = [(0, _ask(c)), (2, _s(c.pick("goal", "nudge", "easy_out")))]
    else:
        first = [opening, detail]
        biz = c.pick("goal", "thank", "business") if c.business and not c.had_121 else None
        core = ([(3, biz)] if biz else []) + [(2, _s(c.pick("goal", "thank", "warm")))]
    tail = _closing(c) if goal == "send-resource" else []
    return Shape("warm", _subject(c, goal), [first, extras(c), core + tail])


def specific(c: Ctx) -> Shape:
    """Specific and value-first: the detail leads, then something useful tied to it, then the goal's ask."""
    c = replace(c, style="specific")
    goal = c.goal
    lead = detail_sentence(c, "lead")
    kind = c.detail.kind if c.detail.usable else "unusable"
    value = (2, _s(c.pick("value", kind)))
    opening = (0 if not lead else 1, _opening(c)) if not lead else (0, lead)
    if goal == "send-resource":
        because = (
            c.pick("goal", "send-resource", "because")
            if c.detail.usable and c.detail.kind not in ("promise", "event_fact", "shared_interest")
            else None
        )
        if because:
            first = [(0, because), value]
        else:
            first = [(1, _opening(c)), (0, _s(c.pick("goal", "send-resource", "deliver"))), (0, lead)]
        core: list[Sentence] = [(2, _s(c.pick("goal", "send-resource", "close")))]
    elif goal == "introduce":
        first = [opening]
        core = [
            (0, _s(c.pick("goal", "introduce", "offer"))),
            (0, _s(c.pick("goal", "introduce", "ask"))),
            (2, _s(c.pick("goal", "introduce", "then"))),
        ]
    elif goal == "invite-121":
        first = [opening, value]
        purpose = "purpose_again" if c.had_121 else "purpose"
        core = [
            (2, _s(c.pick("goal", "invite-121", purpose))),
            (0, _ask(c)),
            (3, _s(c.pick("goal", "invite-121", "prepare"))),
        ]
    elif goal == "nudge":
        first = [opening]
        core = [(0, _ask(c)), (2, _s(c.pick("goal", "nudge", "easy_out")))]
    else:
        first = [opening, value]
        core = [(2, _s(c.pick("goal", "thank", "specific")))]
    return Shape("specific", _subject(c, goal), [first, extras(c), core])


def short(c: Ctx) -> Shape:
    """Two or three lines: the detail (or where you met) and the goal's one essential sentence."""
    c = replace(c, style="short")
    goal = c.goal
    detail = detail_sentence(c, "warm") or _opening(c)
    if goal == "send-resource":
        core: list[Sentence] = [(0, _s(c.pick("goal", "send-resource", "deliver")))]
        lines = core + [(0, detail)]
    elif goal == "introduce":
        lines = [
            (0, detail),
            (0, _s(c.pick("goal", "introduce", "offer"))),
            (0, _s(c.pick("goal", "introduce", "ask"))),
        ]
    elif goal in ASKING:
        lines = [(0, detail), (0, _ask(c))]
    else:
        lines = [(0, detail), (2, _s(c.pick("goal", "thank", "warm")))]
    return Shape("short", _subject(c, goal), [lines, extras(c)])


APPROACHES: list[Builder] = [warm, specific, short]
# How each approach is described to a model, so model variants differ the same way templates do.
STYLE_HINTS = {
    "warm": "Warm and brief: say where you met, work the detail into one natural sentence, do the goal, close lightly.",
    "specific": "Specific and value-first: open with the detail, offer something useful tied to it, then the goal.",
    "short": "Two or three sentences: the detail and the one thing the message is for.",
}
