"""The refer-me kit: scripts your referral partners can use, built from your profile and cited."""

from __future__ import annotations

from functools import partial
from typing import Any

from app.core.drafting.generate import generate_checked
from app.core.drafting.grounding import KIT_QUERIES, Searchable, gather, library_notes
from app.core.drafting.kit_templates import (
    PRESENTATION_WORDS,
    briefing,
    gains,
    intro_direct,
    intro_double_opt_in,
    listen_for,
    presentation,
)
from app.core.drafting.profile import Profile
from app.core.drafting.validators import (
    Failure,
    check_invented,
    check_nonempty,
    check_pitch,
    check_placeholders,
)
from app.core.errors import KnowledgeError
from app.core.llm.base import BaseMessage, ChatModel
from app.core.prompts import load_prompt

PROMPT = "referkit_item"
# Items a model may write (the others are structured lists where a template is simply better).
MODEL_ITEMS = {
    "presentation": ("A 30-second weekly presentation for a networking meeting, spoken in the first person: "
                     "who you are, who you help, a short example, what a good referral sounds like, your name again.",
                     PRESENTATION_WORDS),
    "intro_double_opt_in": ("An email a referral partner sends to a prospect, asking whether they would like an "
                            "introduction to the person in the profile (double opt-in). Greeting 'Hello,'; sign "
                            "off 'Best wishes' with no name.", 140),
    "intro_direct": ("A direct introduction email a referral partner sends to both people at once ('A, meet B'): "
                     "a subject naming the person in the profile, a two-sentence opener, why they should talk, "
                     "and a hand-off. Greeting 'Hello both,'; sign off 'Best wishes' with no name.", 160),
}
CORE_FIELDS = (
    ("what_i_do", "what you do", "partners repeat it word for word"),
    ("ideal_client", "your ideal client", "a specific target is what makes referrals happen"),
    ("story", "a short client story", "stories are what people remember and retell"),
)
MISSING = {
    "listen_for": "Add trigger phrases to your profile (what prospects say when they need you) to get the "
                  "'what to listen for' card.",
    "gains": "Add goals, accomplishments, interests, networks or skills to your profile to get a GAINS sheet.",
}


def kit_checks(profile: Profile, subject: str, body: str, words: int) -> list[Failure]:
    """The kit's checks: not empty, names you, no placeholders, no pitch, nothing invented, short enough."""
    text = f"{subject}\n{body}"
    fails = [check_nonempty(body), check_placeholders(text), check_pitch(text, profile.texts()),
             check_invented(text, profile.texts())]
    if profile.first_name.lower() not in text.lower():
        fails.append(Failure("missing_name", f"Name the person being referred, {profile.name}."))
    if len(body.split()) > words:
        fails.append(Failure("too_many_words", f"Keep it under {words} words (this is {len(body.split())})."))
    return [f for f in fails if f is not None]


def _model_checks(profile: Profile, limit: int, needs_subject: bool, subject: str, text: str,
                  body: str) -> list[Failure]:
    fails = kit_checks(profile, subject, body, limit)
    if needs_subject and not subject.strip():
        fails.append(Failure("no_subject", "Write a subject line for the email."))
    return fails


def _profile_text(p: Profile) -> str:
    rows = [(k, v) for k, v in p.to_dict().items() if v and k not in ("signature", "scheduling_link")]
    return "\n".join(f"- {k}: {'; '.join(v) if isinstance(v, list) else v}" for k, v in rows)


def _messages(p: Profile, item: str, words: int, library: str, feedback: str) -> list[BaseMessage]:
    return load_prompt(PROMPT).format(profile=_profile_text(p), item=item, words=words, library=library,
                                      feedback=feedback)


def _cite(knowledge: Searchable | None, key: str, notes: list[str]) -> list[dict[str, str]]:
    try:
        return gather(knowledge, {key: KIT_QUERIES[key]}, per_query=2, limit=2)[0]
    except KnowledgeError as err:
        if not notes:
            notes.append(f"Library unavailable, so no citations: {err}")
        return []


def build_referkit(profile: Profile, *, model: ChatModel | None = None,
                   knowledge: Searchable | None = None) -> dict[str, Any]:
    """Every kit item the profile supports: {"items": [...], "missing": [...], "prompt", "engine", "notes"}."""
    notes: list[str] = []
    generative = model is not None and model.generative
    drafts: list[tuple[str, str, str, str, str]] = []  # (id, title, subject, body, cite key)
    title, body = presentation(profile)
    drafts.append(("presentation", title, "", body, "presentation"))
    title, body = briefing(profile)
    drafts.append(("briefing", title, "", body, "briefing"))
    missing: list[str] = [f"Add {label} to your profile: {why}." for key, label, why in CORE_FIELDS
                          if not getattr(profile, key)]
    card = listen_for(profile)
    if card:
        drafts.append(("listen_for", card[0], "", card[1], "listen_for"))
    else:
        missing.append(MISSING["listen_for"])
    for item_id, make in (("intro_double_opt_in", intro_double_opt_in), ("intro_direct", intro_direct)):
        title, subject, body = make(profile)
        drafts.append((item_id, title, subject, body, "introductions"))
    sheet = gains(profile)
    if sheet:
        drafts.append(("gains", sheet[0], "", sheet[1], "gains"))
    else:
        missing.append(MISSING["gains"])

    cites_by_key: dict[str, list[dict[str, str]]] = {}
    items: list[dict[str, Any]] = []
    for item_id, title, subject, body, key in drafts:
        if key not in cites_by_key:
            cites_by_key[key] = _cite(knowledge, key, notes)
        item = {"id": item_id, "title": title, "subject": subject, "body": body, "origin": "template",
                "citations": cites_by_key[key], "notes": []}
        limit = MODEL_ITEMS[item_id][1] if item_id in MODEL_ITEMS else 10_000  # lists and sheets run long
        item["notes"] = [f"check not met: {f.message}" for f in kit_checks(profile, subject, body, limit)]
        if generative and item_id in MODEL_ITEMS:
            attempt = generate_checked(
                model, partial(_messages, profile, MODEL_ITEMS[item_id][0], limit, library_notes(item["citations"])),
                lambda s, b: (s.strip(), b.strip(), b.strip()),
                partial(_model_checks, profile, limit, bool(subject)), max_tokens=320, allowed=profile.texts())
            if attempt.origin != "template":
                item.update(subject=attempt.subject if subject else "", body=attempt.body, origin=attempt.origin)
            else:
                item["notes"].insert(0, "model draft replaced by a template: " + ", ".join(attempt.failures))
        items.append(item)
    return {"items": items, "missing": missing, "prompt": load_prompt(PROMPT).ref if generative else None,
            "engine": model.info.label if model is not None else "offline · templates", "notes": notes}


def kit_markdown(kit: dict[str, Any]) -> str:
    """The kit as one Markdown document, with sources."""
    lines = ["# Your refer-me kit", ""]
    for item in kit.get("items") or []:
        lines += [f"## {item['title']}", ""]
        if item.get("subject"):
            lines += [f"**Subject:** {item['subject']}", ""]
        lines += [item["body"], "", f"*Written by: {item['origin']}*", ""]
    if kit.get("missing"):
        lines += ["## Still to add", "", *[f"- {m}" for m in kit["missing"]], ""]
    seen: dict[str, dict[str, str]] = {}
    for item in kit.get("items") or []:
        for c in item.get("citations") or []:
            seen.setdefault(c["passage_id"], c)
    if seen:
        lines += ["## Sources", "", *[f"- {c['title']}, \"{c['heading']}\": \"{c['quote']}\"" for c in seen.values()]]
    return "\n".join(lines).rstrip() + "\n"
