"""Draft a follow-up or invitation to one contact: grounded, validated, several distinct variants."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

from app.core.drafting.compose import Ctx, finish, fit, make_ctx
from app.core.drafting.generate import Attempt, generate_checked, similar, tidy_body
from app.core.drafting.grounding import Searchable, followup_queries, gather, library_notes
from app.core.drafting.ics import build_ics
from app.core.drafting.models import ASKING_GOALS, FollowupRequest, FollowupResult, Variant
from app.core.drafting.profile import Profile
from app.core.drafting.templates import SHAPES, STYLE_HINTS, Builder
from app.core.drafting.timing import plan_timing, propose_slots, slots_text
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
    "nudge": "A short, friendly nudge after no reply: one ask, and an easy out.",
}
CHANNEL_RULES = {
    "email": "email; write a short subject line (under 60 characters) and a body of three to five sentences.",
    "linkedin-note": "LinkedIn connection note; the whole note, with greeting, must stay under 300 characters: "
                     "two short sentences.",
    "linkedin-message": "LinkedIn message; three or four short sentences, no subject.",
    "sms": "text message; the whole text must stay under 320 characters: two or three short sentences.",
}


def user_texts(req: FollowupRequest, profile: Profile) -> list[str]:
    """Everything the user typed: their words never count as a pitch or an invented fact."""
    return [t for t in (req.name, req.business, req.met_at, req.detail, req.promised, req.learned,
                        req.next_step) if t] + profile.texts()


def _checker(req: FollowupRequest, profile: Profile, slots: list[datetime], link: str, ctx: Ctx) -> Check:
    allowed = user_texts(req, profile) + [slots_text(slots), slots_text(slots, short=True), ctx.when]
    if req.met_on:
        allowed.append(req.met_on.isoformat())

    def check(subject: str, text: str, body: str) -> list[Failure]:
        return validate_message(
            subject=subject, text=text, body=body, channel=req.channel, goal=req.goal, length=req.length,
            contact=req.name, detail=req.detail, promised=req.promised, learned=req.learned,
            next_step=req.next_step, my_name=profile.name, slots=slots, link=link, user_texts=allowed)

    return check


def _keep(req: FollowupRequest) -> int:
    """Highest sentence priority to keep: brief drops pleasantries, short drops medium-only lines."""
    if req.tone == "brief":
        return 1
    return 3 if req.length == "medium" else 2


def _messages(req: FollowupRequest, profile: Profile, ctx: Ctx, style: str, library: str, feedback: str,
              ) -> list[BaseMessage]:
    facts = [f"met at {req.met_at}" + (f" {ctx.when}" if ctx.when else ""), f"detail you remember: {req.detail}"]
    if req.promised:
        facts.append(("person you will introduce: " if req.goal == "introduce" else "what you promised: ")
                     + req.promised)
    if req.learned:
        facts.append(f"their ideal referral (learned at the 1-2-1): {req.learned}")
    if req.next_step:
        facts.append(f"next step you agreed: {req.next_step}")
    goal = GOAL_RULES[req.goal]
    if req.goal in ASKING_GOALS:
        goal += (f" Offer this scheduling link: {ctx.link}" if ctx.link
                 else f" Offer exactly these two times: {ctx.slots}.")
    return load_prompt(PROMPT).format(
        me=f"{profile.name}" + (f" of {profile.business}" if profile.business else ""),
        contact=req.name + (f" of {req.business}" if req.business else ""),
        facts="; ".join(facts), goal_rules=goal, channel_rules=CHANNEL_RULES[req.channel],
        tone=req.tone, length=req.length, style=STYLE_HINTS.get(style, ""), library=library,
        feedback=feedback)


def _template_variant(build: Builder, req: FollowupRequest, profile: Profile, ctx: Ctx, check: Check) -> Variant:
    shape, subject, text, _body = fit(build, ctx, req.channel, _keep(req), profile, req.length, check)
    failures = check(subject, text, _body)
    # Templates are tested to pass; if one ever does not, say so rather than hide it.
    notes = [f"check not met: {f.message}" for f in failures]
    return Variant(subject, text, "template", style=shape.style, notes=notes)


def draft_followup(
    req: FollowupRequest,
    profile: Profile,
    *,
    model: ChatModel | None = None,
    knowledge: Searchable | None = None,
    today: date | None = None,
    n_variants: int = 2,
) -> FollowupResult:
    """Draft `n_variants` (2-3) distinct messages; with a generative model, each is validated, repaired
    once, and otherwise replaced by a template. Nudging past two nudges returns advice and no draft."""
    req = req.normalised()
    today = today or date.today()
    n_variants = max(2, min(MAX_VARIANTS, n_variants))
    timing = plan_timing(req.goal, req.met_on, today, req.nudges)
    engine = model.info.label if model is not None else "offline · templates"
    if timing.stop:
        return FollowupResult(req, [], timing, engine=engine)  # the advice says why there is no draft
    link = profile.scheduling_link if req.goal in ASKING_GOALS else ""
    slots = propose_slots(timing.send_by) if req.goal in ASKING_GOALS and not link else []
    notes: list[str] = []
    try:
        cites, _ = gather(knowledge, followup_queries(req.goal))
    except KnowledgeError as err:
        cites = []
        notes.append(f"Library unavailable, so no citations: {err}")
    ctx = make_ctx(req, profile, today, slots, link)
    check = _checker(req, profile, slots, link, ctx)
    generative = model is not None and model.generative
    # All shapes are cheap to render; ones that pass every check go first (the shortest shape wins
    # when extreme inputs make a longer one impossible on a short channel).
    templates = [_template_variant(b, req, profile, ctx, check) for b in SHAPES[req.goal]]
    templates = sorted(templates, key=lambda v: bool(v.notes))[:n_variants]
    variants: list[Variant] = []
    for fallback in templates:
        variant = fallback
        if generative:
            attempt = _from_model(model, req, profile, ctx, fallback.style, cites, check, variants)
            if attempt.origin != "template":
                variant = Variant(attempt.subject, attempt.text, attempt.origin, style=fallback.style)
            else:
                fallback.notes.insert(0, "model draft replaced by a template: " + ", ".join(attempt.failures))
        variant.citations = list(cites)
        variants.append(variant)
    if req.goal == "send-resource":
        notes.append(f"Attach or paste {req.promised} before you send.")
    if req.goal == "introduce":
        notes.append(f"Check that {req.promised} is happy to be introduced before you connect them.")
    return FollowupResult(req, variants, timing, slots=slots, link=link,
                          prompt_ref=load_prompt(PROMPT).ref if generative else None, engine=engine, notes=notes)


def _from_model(model: ChatModel, req: FollowupRequest, profile: Profile, ctx: Ctx, style: str,
                cites: list[dict[str, str]], check: Check, earlier: list[Variant]) -> Attempt:
    """One model variant through validation and one repair; also rejects a near-copy of an earlier variant."""
    def check_distinct(subject: str, text: str, body: str) -> list[Failure]:
        fails = check(subject, text, body)
        if any(similar(text, v.body) > TOO_SIMILAR for v in earlier):
            fails.append(Failure("too_similar", "Write it differently from the other draft: a different "
                                                "opening, order and ask."))
        return fails

    def done(subject: str, body: str) -> tuple[str, str, str]:
        return finish(tidy_body(body, [profile.name, profile.first_name]), subject, ctx, req.channel, profile)

    build = partial(_messages, req, profile, ctx, style, library_notes(cites))
    tokens = 140 if req.channel in ("sms", "linkedin-note") else 300
    return generate_checked(model, build, done, check_distinct, max_tokens=tokens,
                            allowed=user_texts(req, profile) + [ctx.slots])


def invitation_ics(result: FollowupResult) -> bytes | None:
    """The .ics holds for an invitation's proposed times (None when there are none, e.g. a link was offered)."""
    if not result.slots:
        return None
    r = result.request
    return build_ics(result.slots, r.name, business=r.business, met_at=r.met_at, detail=r.detail)
