"""Draft a follow-up or invitation to one contact: the detail understood, your own times, validated,
variants that differ in approach."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import partial

from app.core.drafting.availability import Availability, SlotBook
from app.core.drafting.channels import LINKEDIN_FREE, fit_note
from app.core.drafting.compose import Ctx, finish, fit, keep_words, make_ctx
from app.core.drafting.detail import Detail, understand
from app.core.drafting.generate import Attempt, generate_checked, similar, tidy_body
from app.core.drafting.grounding import Searchable, followup_queries, gather, library_notes
from app.core.drafting.ics import build_ics
from app.core.drafting.models import ASKING_GOALS, FollowupRequest, FollowupResult, Goal, Variant
from app.core.drafting.phrases import Variety
from app.core.drafting.phrasing import display_name
from app.core.drafting.profile import Profile
from app.core.drafting.templates import APPROACHES, STYLE_HINTS, Builder
from app.core.drafting.text import first_name
from app.core.drafting.timing import plan_timing, slots_text
from app.core.drafting.validators import Check, Failure, validate_message
from app.core.errors import KnowledgeError
from app.core.llm.base import BaseMessage, ChatModel
from app.core.prompts import load_prompt

PROMPT = "draft_followup"
MAX_VARIANTS = 3
TOO_SIMILAR = 0.75  # word overlap above which two variants are synonyms, not alternatives

GOAL_RULES = {
    "thank": "Thank them for the conversation and offer something useful; no request for a meeting.",
    "invite-121": "Invite them to a 1-2-1 of about an hour, whose purpose is that each of you finds out who the "
    "other wants to meet. Exactly one question.",
    "send-resource": "Send what you promised and say why you thought of it; ask for nothing.",
    "introduce": "Offer the introduction you promised, naming the person; get their permission first.",
    "nudge": "A short, friendly nudge after no reply to your first message: one ask, and an easy out.",
}
CHANNEL_RULES = {
    "email": "email; write a short subject line (under 60 characters) and a body of three to five sentences.",
    "linkedin-note": "LinkedIn connection note; the whole note, with greeting, must stay under 200 characters: "
    "two short sentences.",
    "linkedin-message": "LinkedIn message; three or four short sentences, no subject.",
    "sms": "text message; the whole text must fit two text messages (under 300 characters): two or three short "
    "sentences.",
}
# What to do with each kind of detail (told to a model; templates do the same from the phrase banks).
DETAIL_USE = {
    "news": "their news: congratulate them or ask how it is going",
    "plan": "their plan: wish them luck or offer to help with it",
    "problem": "a problem they have: offer to help, do not repeat it back bluntly",
    "promise": "something you promised them: say what you are doing about it now",
    "shared_interest": "something you both share: say you enjoyed finding it out",
    "event_fact": "something about the event itself: mention it lightly",
    "personal": "something personal they told you: mention it warmly",
    "request": "something they are looking for: say you'll keep an eye out or who you have in mind",
}
NUDGE_NEEDS_FIRST = (
    "No first message to {name} is recorded, so this is a first invitation rather than a nudge. "
    "Mark it as sent once it goes; a nudge makes sense a week later if there is no reply."
)


def user_texts(req: FollowupRequest, profile: Profile) -> list[str]:
    """Everything the user typed: their words never count as a pitch or an invented fact."""
    return [
        t
        for t in (
            req.name,
            display_name(req.name),
            req.business,
            req.met_at,
            req.detail,
            req.promised,
            req.learned,
            req.next_step,
        )
        if t
    ] + profile.texts()


def _checker(
    req: FollowupRequest, profile: Profile, slots: list[datetime], link: str, ctx: Ctx, detail: Detail
) -> Check:
    allowed = user_texts(req, profile) + [
        slots_text(slots),
        slots_text(slots, short=True),
        ctx.when,
        ctx.event,
        ctx.business,
        detail.text,
        detail.clause,
        detail.gerund,
        detail.topic,
        detail.promise,
    ]
    if req.met_on:
        allowed.append(req.met_on.isoformat())
    forms = tuple(f for f in (detail.clause, detail.gerund, detail.topic, detail.promise) if f)

    # A free LinkedIn note (200 characters) cannot carry a 1-2-1's learning and next step as well: the
    # longer version for paid accounts (checked in full) keeps them.
    brief = req.channel == "linkedin-note" and bool(req.learned or req.next_step or req.promised)

    def check(subject: str, text: str, body: str) -> list[Failure]:
        full = len(text) > LINKEDIN_FREE or not brief
        return validate_message(
            subject=subject,
            text=text,
            body=body,
            channel="linkedin-note-paid" if brief and full else req.channel,
            goal=req.goal,
            length=req.length,
            contact=display_name(req.name),
            detail=detail.text,
            detail_forms=forms,
            detail_usable=detail.usable,
            promised=req.promised if full or req.goal in ("send-resource", "introduce") else "",
            learned=req.learned if full else "",
            next_step=req.next_step if full else "",
            my_name=profile.name,
            slots=slots,
            link=link,
            user_texts=allowed,
            context=[req.met_at, req.business],
        )

    return check


def _keep(req: FollowupRequest) -> int:
    """Highest sentence priority to keep: brief drops pleasantries, short drops medium-only lines."""
    if req.tone == "brief":
        return 1
    return 3 if req.length == "medium" else 2


def _detail_note(detail: Detail) -> str:
    if not detail.usable:
        return "leave it out: it says nothing they would recognise"
    who = {
        "them": "about them",
        "me": "about you (the writer)",
        "both": "about you both",
        "event": "about the event",
    }
    return f'"{detail.text}" ({who.get(detail.about, detail.about)}; {DETAIL_USE.get(detail.kind, "")})'


def _messages(
    req: FollowupRequest, profile: Profile, ctx: Ctx, detail: Detail, style: str, library: str, feedback: str
) -> list[BaseMessage]:
    facts = [f"met at {req.met_at}" + (f" {ctx.when}" if ctx.when else "")]
    if req.promised:
        facts.append(
            ("person you will introduce: " if req.goal == "introduce" else "what you promised: ")
            + req.promised
        )
    if req.learned:
        facts.append(f"their ideal referral (learned at the 1-2-1): {req.learned}")
    if req.next_step:
        facts.append(f"next step you agreed: {req.next_step}")
    goal = GOAL_RULES[req.goal]
    if req.goal in ASKING_GOALS:
        goal += (
            f" Offer this scheduling link: {ctx.link}"
            if ctx.link
            else f" Offer exactly these two times: {ctx.slots}."
        )
    return load_prompt(PROMPT).format(
        me=f"{profile.name}" + (f" of {profile.business}" if profile.business else ""),
        contact=display_name(req.name) + (f" of {ctx.business}" if ctx.business else ""),
        facts="; ".join(facts),
        detail_note=_detail_note(detail),
        goal_rules=goal,
        channel_rules=CHANNEL_RULES[req.channel],
        tone=req.tone,
        length=req.length,
        style=STYLE_HINTS.get(style, ""),
        library=library,
        feedback=feedback,
    )


def _template_variant(
    build: Builder, req: FollowupRequest, profile: Profile, ctx: Ctx, check: Check
) -> Variant:
    shape, subject, text, body = fit(build, ctx, req.channel, _keep(req), profile, req.length, check)
    notes = [f"check not met: {f.message}" for f in check(subject, text, body)]
    variant = Variant(
        subject, text, "template", style=shape.style, notes=notes, fit=fit_note(req.channel, text)
    )
    if req.channel == "linkedin-note":
        # Paid accounts allow 300 characters: the same approach with what the free note had to drop.
        _s, long_text, _b = fit(build, ctx, "linkedin-note-paid", _keep(req), profile, req.length, check)[1:]
        if len(long_text) > len(text) + 20:
            variant.long_body = long_text
    return variant


def _slots(
    req: FollowupRequest, profile: Profile, send_by: date, link: str, book: SlotBook | None
) -> list[datetime]:
    if req.goal not in ASKING_GOALS or link:
        return []
    book = book or SlotBook(Availability.from_profile(profile))
    if req.slots:
        book.hold(req.slots)  # the user's own choice wins; later contacts in a batch steer clear of it
        return list(req.slots)
    return book.propose(send_by)


def draft_followup(
    req: FollowupRequest,
    profile: Profile,
    *,
    model: ChatModel | None = None,
    knowledge: Searchable | None = None,
    today: date | None = None,
    n_variants: int = 2,
    variety: Variety | None = None,
    book: SlotBook | None = None,
    detail: Detail | None = None,
) -> FollowupResult:
    """Draft `n_variants` (2-3) messages that differ in approach; with a generative model, each is validated,
    repaired once, and otherwise replaced by a template. A batch passes one `variety` (openings do not
    repeat) and one `book` (offered times never overlap). Nudging past two nudges returns advice only."""
    req = req.normalised()
    today = today or date.today()
    n_variants = max(2, min(MAX_VARIANTS, n_variants))
    notes: list[str] = []
    if req.goal == "nudge" and req.sent_on is None and req.nudges == 0:
        req = req.replace(goal=Goal.INVITE_121)
        notes.append(NUDGE_NEEDS_FIRST.format(name=first_name(display_name(req.name))))
    timing = plan_timing(req.goal, req.met_on, today, req.nudges, req.sent_on)
    engine = model.info.label if model is not None else "offline · templates"
    if timing.stop:
        return FollowupResult(req, [], timing, engine=engine, notes=notes)
    detail = detail or understand(
        req.detail, contact_first=first_name(display_name(req.name)), keep=keep_words(req, profile)
    )
    notes += detail.warnings
    link = profile.scheduling_link if req.goal in ASKING_GOALS else ""
    slots = _slots(req, profile, timing.send_by, link, book)
    try:
        cites, _ = gather(knowledge, followup_queries(req.goal))
    except KnowledgeError as err:
        cites = []
        notes.append(f"Library unavailable, so no citations: {err}")
    ctx = make_ctx(req, profile, today, slots, link, detail, variety=variety)
    check = _checker(req, profile, slots, link, ctx, detail)
    generative = model is not None and model.generative
    variants: list[Variant] = []
    for build in APPROACHES[:n_variants]:
        variant = _template_variant(build, req, profile, ctx, check)
        if generative and model is not None:
            attempt = _from_model(model, req, profile, ctx, detail, variant.style, cites, check, variants)
            if attempt.origin != "template":
                variant = Variant(
                    attempt.subject,
                    attempt.text,
                    attempt.origin,
                    style=variant.style,
                    fit=fit_note(req.channel, attempt.text),
                )
            else:
                variant.notes.insert(0, "model draft replaced by a template: " + ", ".join(attempt.failures))
        variant.citations = list(cites)
        variants.append(variant)
    if req.goal == "send-resource":
        notes.append(f"Attach or paste {req.promised} before you send.")
    if req.goal == "introduce":
        notes.append(f"Check that {req.promised} is happy to be introduced before you connect them.")
    return FollowupResult(
        req,
        variants,
        timing,
        slots=slots,
        link=link,
        prompt_ref=load_prompt(PROMPT).ref if generative else None,
        engine=engine,
        notes=notes,
        detail=detail.to_dict(),
    )


def _from_model(
    model: ChatModel,
    req: FollowupRequest,
    profile: Profile,
    ctx: Ctx,
    detail: Detail,
    style: str,
    cites: list[dict[str, str]],
    check: Check,
    earlier: list[Variant],
) -> Attempt:
    """One model variant through validation and one repair; also rejects a near-copy of an earlier variant."""

    def check_distinct(subject: str, text: str, body: str) -> list[Failure]:
        fails = check(subject, text, body)
        if any(similar(text, v.body) > TOO_SIMILAR for v in earlier):
            fails.append(
                Failure(
                    "too_similar",
                    "Write it differently from the other draft: a different approach, opening and ask.",
                )
            )
        return fails

    def done(subject: str, body: str) -> tuple[str, str, str]:
        return finish(tidy_body(body, [profile.name, profile.first_name]), subject, ctx, req.channel, profile)

    build = partial(_messages, req, profile, ctx, detail, style, library_notes(cites))
    tokens = 140 if req.channel in ("sms", "linkedin-note") else 300
    return generate_checked(
        model, build, done, check_distinct, max_tokens=tokens, allowed=user_texts(req, profile) + [ctx.slots]
    )


def invitation_ics(result: FollowupResult) -> bytes | None:
    """The .ics holds for an invitation's proposed times (None when there are none, e.g. a link was offered)."""
    if not result.slots:
        return None
    r = result.request
    return build_ics(
        result.slots, display_name(r.name), business=r.business, met_at=r.met_at, detail=r.detail
    )


def message_body(text: str, channel: str, names: list[str]) -> str:
    """A sent message without its greeting and sign-off (what the word limit counts)."""
    if channel in ("sms", "linkedin-note"):
        body = re.sub(r"^\s*(?:hi|hello|hey|dear)\b[^,]{0,40},\s*", "", text, flags=re.I)
        return re.sub(r"\s+-\s*\w+\s*$", "", body).strip()
    return tidy_body(text, names)


def check_draft(
    req: FollowupRequest, profile: Profile, subject: str, text: str, *, today: date | None = None
) -> list[Failure]:
    """Every check a drafted message must pass, applied to any message for `req` (a model's, a user's
    edit, or a test corpus draft). Invitations are checked against `req.slots` or the profile's link."""
    req = req.normalised()
    today = today or date.today()
    detail = understand(
        req.detail, contact_first=first_name(display_name(req.name)), keep=keep_words(req, profile)
    )
    link = profile.scheduling_link if req.goal in ASKING_GOALS else ""
    slots = list(req.slots) if req.goal in ASKING_GOALS and not link else []
    ctx = make_ctx(req, profile, today, slots, link, detail)
    body = message_body(text, req.channel, [profile.name, profile.first_name])
    return _checker(req, profile, slots, link, ctx, detail)(subject, text, body)
