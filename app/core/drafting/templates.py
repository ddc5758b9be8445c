"""Deterministic follow-up templates: several structurally different shapes per goal.

Each shape opens differently and asks differently (not synonyms of one message). The user's phrases
always end their sentence, after a colon ('I made a note of what you told me: your daughter just
started university.'), so a clause, a noun phrase or several sentences all read naturally, and a
shortened phrase never sits mid-sentence. Wording follows the relationship: 'great to meet you' for a
new contact, 'good to see you again' for someone you know, 'thank you for our 1-2-1' after one.
Priorities: 0 must stay, 1 where you met, 2 value and pleasantries, 3 medium only.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.drafting.compose import Ctx, Sentence, Shape
from app.core.drafting.text import shorten

Builder = Callable[[Ctx], Shape]

PURPOSE = "It would not be a sales meeting, just a chance to learn who each of us is looking for."
PURPOSE_AGAIN = "Like last time, no sales pitch: just more ways for us to refer each other."
EASY_OUT = "If the next few weeks are busy, no problem at all; we can look at next month instead."


def _ask(c: Ctx, form: int) -> str:
    """The one ask of an invitation: two concrete times, or the scheduling link."""
    if c.link:
        return [f"If you are up for {c.meeting}, pick any hour that suits you here: {c.link}",
                f"You can book an hour that works for you here: {c.link}",
                f"If that appeals, grab a time for {c.meeting} here: {c.link}"][form]
    return [f"Would {c.slots} suit you for {c.meeting}?",
            f"Could we meet for an hour on {c.slots}?",
            f"Would you be free for an hour on {c.slots}, at your place or mine?"][form]


def _after_121(c: Ctx) -> list[Sentence]:
    """What was learned and agreed in a 1-2-1 (and anything promised): all must be in the follow-up."""
    out: list[Sentence] = []
    if c.learned:
        out.append((0, f"Ideal referral noted: {c.learned}." if c.tight else f"Your ideal referral, noted: {c.learned}."
                    if c.short else f"I will keep my ears open for your ideal referral: {c.learned}."))
    if c.next_step:
        out.append((0, f"Next step: {c.next_step}." if c.tight else f"Next step, as agreed: {c.next_step}."
                    if c.short else f"Our next step, as agreed: {c.next_step}."))
    if c.owes:  # a thank-you or invitation still keeps the promise in view
        out.append((0, f"Still to come from me: {c.promised}." if c.short else
                    f"I have not forgotten what I promised you: {c.promised}."))
    return out


def _business(c: Ctx) -> list[Sentence]:
    # After a 1-2-1 you have heard about their business already.
    if not c.business or c.had_121:
        return []
    return [(3, f"I would like to hear more about {c.business} when the time is right.")]


def _short(text: str, chars: int = 60) -> str:
    """A user phrase for a subject line (the subject check allows 90 characters)."""
    return shorten(text, chars)


# -- thank -----------------------------------------------------------------------------------------
def _thank_subject(c: Ctx) -> str:
    if c.had_121:
        return "Thank you for our 1-2-1"
    where = f" {c.prep} {c.event_short}" if c.event_short and c.prep else ""
    return f"Good to see you again{where}" if c.met_before else f"Good to meet you{where}"


def thank_detail_first(c: Ctx) -> Shape:
    """Opens with what they said, then gives."""
    return Shape("detail-first", _thank_subject(c), [
        [(0, f"I have been thinking about something you said{c.at()}: {c.detail}."),
         (2, "Thank you for taking the time to talk.")],
        _after_121(c),
        [(2, "If I meet anyone who could be useful to you, I will send them your way."), *_business(c)],
    ])


def thank_event_first(c: Ctx) -> Shape:
    """Opens with where you met, then the note you made, then an easy no-reply close."""
    if c.had_121:
        close = "No need to reply; I look forward to our next catch-up."
    elif c.event and c.prep == "at":
        close = "No need to reply; I look forward to seeing you at the next one."
    else:
        close = "No need to reply; I hope our paths cross again soon."
    return Shape("event-first", f"Thank you, {c.first}", [
        [(1, c.met_line()), (0, f"I made a note of what you told me: {c.detail}.")],
        _after_121(c),
        [*_business(c), (2, close)],
    ])


def thank_give_first(c: Ctx) -> Shape:
    """Opens with thanks, offers help tied to the detail, asks who they would like to meet."""
    event = c.subject_event()
    return Shape("give-first", f"A thought after {event}" if event else f"A thought for you, {c.first}", [
        [(1, c.thanks_line()), (0, f"One thing you mentioned has stayed with me: {c.detail}."),
         (2, "I will keep an eye out for anyone who could help.")],
        _after_121(c),
        [(2, "Who would be a good introduction for you at the moment?"),
         (3, "I find the best way to learn someone's business is over a coffee, so I hope we can do that soon.")],
    ])


# -- invite-121 ------------------------------------------------------------------------------------
def invite_direct(c: Ctx) -> Shape:
    """Where you met, the detail, the purpose, then the ask."""
    event = c.subject_event()
    subject = "Our next 1-2-1?" if c.had_121 else f"1-2-1 after {event}?" if event else f"A 1-2-1, {c.first}?"
    return Shape("direct-ask", subject, [
        [(1, c.met_line()), (0, f"I keep coming back to what you said: {c.detail}.")],
        _after_121(c),
        [(2, PURPOSE_AGAIN if c.had_121 else PURPOSE), (0, _ask(c, 0))],
    ])


def invite_purpose_first(c: Ctx) -> Shape:
    """Opens with why a 1-2-1, then the detail, then the ask and an easy out."""
    if c.had_121:
        why = "I would like to pick up where our 1-2-1 left off, so we can keep learning how to refer each other."
        detail = f"What stayed with me most was this: {c.detail}."
    else:
        why = (f"I am setting up 1-2-1s with the people I enjoyed meeting{c.at()}, so we can each learn "
               "how to refer the other.")
        detail = f"Yours was the conversation I remembered most: {c.detail}."
    return Shape("purpose-first", "Could we meet again?" if c.had_121 else "Could we meet for a 1-2-1?", [
        [(2, why), (0, detail)],
        _after_121(c),
        [(0, _ask(c, 1)), (2, EASY_OUT)],
    ])


def invite_detail_led(c: Ctx) -> Shape:
    """Opens with the detail and where it came up, then one line of purpose, then the ask."""
    event = c.subject_event()
    subject = ("Following up on our 1-2-1" if c.had_121 else
               f"Following up on our chat at {event}" if event else "Following up on our chat")
    return Shape("detail-led", subject, [
        [(0, f"I would like to hear more about what you told me{c.at()}: {c.detail}.")],
        _after_121(c),
        [(2, "An hour over coffee would let us each learn how to refer the other."), (0, _ask(c, 2)),
         (3, "I will send a short bio and my GAINS sheet beforehand.")],
    ])


# -- send-resource ---------------------------------------------------------------------------------
def resource_promise_first(c: Ctx) -> Shape:
    """Delivers first, explains why, no reply needed."""
    return Shape("promise-first", f"As promised: {_short(c.promised)}", [
        [(0, f"As promised, I am sending you {c.promised}."),
         (0, f"I thought of you because of what you said{c.at()}: {c.detail}.")],
        _after_121(c),
        [(2, "No need to reply; I hope this helps.")],
    ])


def resource_event_first(c: Ctx) -> Shape:
    """Where you met, the promise kept, the detail, an offer to find something better."""
    event = c.subject_event()
    return Shape("promise-kept", f"From {event}: what I promised" if event else "What I promised to send", [
        [(1, c.met_line()), (0, f"I said I would send you {c.promised}, so here you are.")],
        [(0, f"I also remember what you told me: {c.detail}.")],
        _after_121(c),
        [(2, "If this is not quite what you need, tell me and I will look for something better.")],
    ])


def resource_detail_first(c: Ctx) -> Shape:
    """Opens with the detail that prompted the resource."""
    return Shape("reason-first", f"Something for you, {c.first}", [
        [(0, f"You mentioned something that stayed with me: {c.detail}."),
         (0, f"That is why I wanted to get {c.promised} to you quickly.")],
        _after_121(c),
        [(1, c.met_line()), (2, "I hope this saves you some time.")],
    ])


# -- introduce -------------------------------------------------------------------------------------
def intro_permission_first(c: Ctx) -> Shape:
    """Double opt-in: asks before connecting anyone."""
    return Shape("permission-first", f"An introduction: {_short(c.promised)}", [
        [(1, c.met_line()), (0, f"What you told me stayed with me: {c.detail}.")],
        _after_121(c),
        [(0, f"I think you should meet {c.promised}."), (0, "Would you like me to introduce you?"),
         (2, "If so, I will check they are happy too and then connect you both by email.")],
    ])


def intro_direct(c: Ctx) -> Shape:
    """Direct: says the introduction is on its way."""
    return Shape("direct-intro", f"Introducing you to {_short(c.promised)}", [
        [(0, f"As promised{c.at()}, I would like to introduce you to {c.promised}."),
         (0, f"I think you two will have plenty to talk about, given what you told me: {c.detail}.")],
        _after_121(c),
        [(2, "I will send you both a short email so you can take it from there.")],
    ])


def intro_why_first(c: Ctx) -> Shape:
    """Opens with their need, then who came to mind, then a short yes/no question."""
    return Shape("why-first", "Someone you should meet", [
        [(0, f"I have been thinking about what you told me: {c.detail}."),
         (0, f"The person who came straight to mind is {c.promised}.")],
        _after_121(c),
        [(0, "Shall I put you in touch?"), (3, "Either way, it was good to talk.")],
    ])


# -- nudge -----------------------------------------------------------------------------------------
def nudge_bump(c: Ctx) -> Shape:
    """Picks up the earlier note, repeats the detail, one ask, an easy out."""
    again = "another 1-2-1" if c.had_121 else "a 1-2-1"
    return Shape("gentle-bump", f"Still up for {again}, {c.first}?", [
        [(1, f"I wanted to pick up my note from {c.after()}."),
         (0, f"I would still like to hear more about what you told me: {c.detail}.")],
        _after_121(c),
        [(0, _ask(c, 0)), (2, "If now is not a good time, no problem at all; I will see you at the next meeting.")],
    ])


def nudge_easy_out_first(c: Ctx) -> Shape:
    """Opens by taking the pressure off."""
    return Shape("easy-out-first", f"No pressure: {c.meeting} when it suits", [
        [(2, "I know diaries fill up quickly, so no pressure at all."),
         (0, f"{c.since()}, I have kept thinking about what you told me: {c.detail}.")],
        _after_121(c),
        [(0, _ask(c, 1))],
    ])


def nudge_short(c: Ctx) -> Shape:
    """Two lines: the detail and the ask (what a 1-2-1 agreed, if anything, goes in between)."""
    return Shape("two-line", f"Quick follow-up, {c.first}", [
        [(0, f"What you told me is still on my mind: {c.detail}."), *_after_121(c),
         (0, _ask(c, 2))],
    ])


SHAPES: dict[str, list[Builder]] = {
    "thank": [thank_detail_first, thank_event_first, thank_give_first],
    "invite-121": [invite_direct, invite_purpose_first, invite_detail_led],
    "send-resource": [resource_promise_first, resource_event_first, resource_detail_first],
    "introduce": [intro_permission_first, intro_direct, intro_why_first],
    "nudge": [nudge_bump, nudge_easy_out_first, nudge_short],
}

# How each style is described to a model, so model variants differ the same way templates do.
STYLE_HINTS = {
    "detail-first": "Open with the detail they told you, then thank them, then offer to help.",
    "event-first": "Open with where you met, then the detail, then a light close that needs no reply.",
    "give-first": "Open with thanks, offer help linked to the detail, then ask who they would like to meet.",
    "direct-ask": "Say where you met, mention the detail, say it is not a sales meeting, then ask.",
    "purpose-first": "Open with why you want a 1-2-1 (learning how to refer each other), then the detail, then ask.",
    "detail-led": "Open with the detail and say you want to hear more, then ask.",
    "promise-first": "Open by delivering what you promised, then say why you thought of it.",
    "promise-kept": "Say where you met, say you are sending what you promised, then mention the detail.",
    "reason-first": "Open with the detail that made you think of it, then hand over what you promised.",
    "permission-first": "Mention the detail, name the person, and ask if they would like an introduction.",
    "direct-intro": "Say you are introducing them to the person, and why they will get on.",
    "why-first": "Open with their need, then name the person who came to mind, then ask to connect them.",
    "gentle-bump": "Pick up your earlier message, mention the detail, ask once, leave an easy out.",
    "easy-out-first": "Open by taking the pressure off, mention the detail, then ask once.",
    "two-line": "Two sentences: the detail, then the ask.",
}
