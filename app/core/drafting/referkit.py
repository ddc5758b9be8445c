"""The refer-me kit: scripts your referral partners can use, built from your profile and cited."""

from __future__ import annotations

from functools import partial

from app.core.drafting.generate import generate_checked
from app.core.drafting.grounding import KIT_QUERIES, Searchable, gather, library_notes
from app.core.drafting.kinds import Origin
from app.core.drafting.kit import KitItem, ReferKit
from app.core.drafting.kit_advice import client_advice
from app.core.drafting.kit_templates import (
    PRESENTATION_WORDS,
    briefing,
    gains,
    intro_direct,
    intro_double_opt_in,
    listen_for,
    presentation,
)
from app.core.drafting.profile import GAINS_KEYS, Profile
from app.core.drafting.text import tidy_punctuation
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
    "presentation": (
        "A 30-second weekly presentation for a networking meeting, spoken in the first person: "
        "who you are, who you help, a short example, what a good referral sounds like, your name again.",
        PRESENTATION_WORDS,
    ),
    "intro_double_opt_in": (
        "An email a referral partner sends to a prospect, asking whether they would like an "
        "introduction to the person in the profile (double opt-in). Greeting 'Hello,'; sign "
        "off 'Best wishes' with no name.",
        140,
    ),
    "intro_direct": (
        "A direct introduction email a referral partner sends to both people at once ('A, meet B'): "
        "a subject naming the person in the profile, a two-sentence opener, why they should talk, "
        "and a hand-off. Greeting 'Hello both,'; sign off 'Best wishes' with no name.",
        160,
    ),
}
ITEM_NAMES = {
    "presentation": "your 30-second presentation",
    "briefing": "the referral-partner briefing",
    "listen_for": "the 'what to listen for' card",
    "intro_double_opt_in": "the 'asking first' introduction email",
    "intro_direct": "the direct introduction email",
    "gains": "the GAINS sheet",
}
# Profile fields worth adding, most useful first: (key, label, why it matters, items it improves).
# 'contact' stands for phone or email; 'gains' for any of the GAINS fields.
KIT_FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "what_i_do",
        "what you do (what_i_do)",
        "partners repeat it word for word",
        ("presentation", "briefing", "intro_double_opt_in", "intro_direct"),
    ),
    (
        "ideal_client",
        "your ideal client (ideal_client)",
        "a specific target is what makes referrals happen",
        ("presentation", "briefing", "intro_direct"),
    ),
    (
        "story",
        "a short client story (story)",
        "stories are what people remember and retell",
        ("presentation", "briefing"),
    ),
    (
        "trigger_phrases",
        "trigger phrases (trigger_phrases)",
        "what prospects say when they need you",
        ("listen_for", "presentation", "briefing"),
    ),
    (
        "business",
        "your business name (business)",
        "partners need it to find and introduce you",
        ("presentation", "intro_double_opt_in", "intro_direct"),
    ),
    (
        "point_of_difference",
        "what makes you different (point_of_difference)",
        "it gives partners a reason to pick you",
        ("presentation", "briefing", "intro_double_opt_in"),
    ),
    (
        "want_to_meet",
        "who you want to meet (want_to_meet)",
        "partners can only introduce people they know you want",
        ("presentation", "briefing"),
    ),
    ("not_a_fit", "who is not a fit (not_a_fit)", "it saves everyone a wasted call", ("briefing",)),
    ("contact", "a phone number or email (phone, email)", "so a referral can reach you", ("briefing",)),
    (
        "gains",
        "any of the GAINS fields (goals, accomplishments, interests, networks, skills)",
        "they are what you share before a 1-2-1",
        ("gains",),
    ),
)
PLURAL_FIELDS = {"trigger_phrases", "gains"}  # 'They would ...'
# Items that are left out entirely without their field (the others just get shorter).
NEEDS = {"listen_for": "trigger_phrases", "gains": "gains"}


def _has(profile: Profile, key: str) -> bool:
    if key == "contact":
        return bool(profile.phone or profile.email)
    if key == "gains":
        return any(getattr(profile, k) for k in GAINS_KEYS)
    return bool(getattr(profile, key))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _items_text(ids: list[str]) -> str:
    """'your 30-second presentation, the briefing and both introduction emails'."""
    names = [ITEM_NAMES[i] for i in ids if not i.startswith("intro_")]
    intros = [i for i in ids if i.startswith("intro_")]
    if len(intros) == 2:
        names.append("both introduction emails")
    else:
        names += [ITEM_NAMES[i] for i in intros]
    return _join(names)


def missing_fields(profile: Profile) -> dict[str, list[str]]:
    """For each kit item, the profile fields that are empty and would improve it (or, for the 'what to
    listen for' card and the GAINS sheet, that it needs to exist at all)."""
    out: dict[str, list[str]] = {}
    for key, _label, _why, items in KIT_FIELDS:
        if not _has(profile, key):
            for item in items:
                out.setdefault(item, []).append(key)
    return out


def missing_advice(profile: Profile) -> list[str]:
    """One line per empty field that matters, saying which kit items it would improve."""
    lines: list[str] = []
    for key, label, why, items in KIT_FIELDS:
        if _has(profile, key):
            continue
        gives = [i for i in items if NEEDS.get(i) == key]
        better = [i for i in items if NEEDS.get(i) != key]
        effects = ([f"give you {_items_text(gives)}"] if gives else []) + (
            [f"improve {_items_text(better)}"] if better else []
        )
        subject = "They" if key in PLURAL_FIELDS else "It"
        lines.append(f"Add {label}: {why}. {subject} would {' and '.join(effects)}.")
    return lines


def kit_checks(profile: Profile, subject: str, body: str, words: int) -> list[Failure]:
    """The kit's checks: not empty, names you, no placeholders, no pitch, nothing invented, short enough."""
    text = f"{subject}\n{body}"
    fails = [
        check_nonempty(body),
        check_placeholders(text),
        check_pitch(text, profile.texts()),
        check_invented(text, profile.texts()),
    ]
    if profile.first_name.lower() not in text.lower():
        fails.append(Failure("missing_name", f"Name the person being referred, {profile.name}."))
    if len(body.split()) > words:
        fails.append(Failure("too_many_words", f"Keep it under {words} words (this is {len(body.split())})."))
    return [f for f in fails if f is not None]


def _model_checks(
    profile: Profile, limit: int, needs_subject: bool, subject: str, text: str, body: str
) -> list[Failure]:
    fails = kit_checks(profile, subject, body, limit)
    if needs_subject and not subject.strip():
        fails.append(Failure("no_subject", "Write a subject line for the email."))
    return fails


def _profile_text(p: Profile) -> str:
    rows = [(k, v) for k, v in p.to_dict().items() if v and k not in ("signature", "scheduling_link")]
    return "\n".join(f"- {k}: {'; '.join(v) if isinstance(v, list) else v}" for k, v in rows)


def _messages(p: Profile, item: str, words: int, library: str, feedback: str) -> list[BaseMessage]:
    return load_prompt(PROMPT).format(
        profile=_profile_text(p), item=item, words=words, library=library, feedback=feedback
    )


def _cite(knowledge: Searchable | None, key: str, notes: list[str]) -> list[dict[str, str]]:
    try:
        return gather(knowledge, {key: KIT_QUERIES[key]}, per_query=2, limit=2)[0]
    except KnowledgeError as err:
        if not notes:
            notes.append(f"Library unavailable, so no citations: {err}")
        return []


def build_referkit(
    profile: Profile,
    *,
    model: ChatModel | None = None,
    knowledge: Searchable | None = None,
    prospect: str = "",
) -> ReferKit:
    """Every kit item the profile supports, with what the profile lacks (`missing`, `missing_fields`),
    the prompt and the engine; each item lists in `missing` the profile keys that would improve it.
    `prospect` ('Alex Brown, who needs help with VAT') is who the direct introduction email introduces."""
    notes: list[str] = []
    advice = client_advice(profile.ideal_client)
    if advice:
        notes.append(advice)
    generative = model is not None and model.generative
    drafts: list[tuple[str, str, str, str, str]] = []  # (id, title, subject, body, cite key)
    title, body = presentation(profile)
    drafts.append(("presentation", title, "", body, "presentation"))
    title, body = briefing(profile)
    drafts.append(("briefing", title, "", body, "briefing"))
    card = listen_for(profile)
    if card:
        drafts.append(("listen_for", card[0], "", card[1], "listen_for"))
    for item_id, make in (
        ("intro_double_opt_in", intro_double_opt_in),
        ("intro_direct", partial(intro_direct, prospect=prospect)),
    ):
        title, subject, body = make(profile)
        drafts.append((item_id, title, subject, body, "introductions"))
    sheet = gains(profile)
    if sheet:
        drafts.append(("gains", sheet[0], "", sheet[1], "gains"))
    gaps = missing_fields(profile)

    cites_by_key: dict[str, list[dict[str, str]]] = {}
    items: list[KitItem] = []
    for item_id, title, subject, body, key in drafts:
        if key not in cites_by_key:
            cites_by_key[key] = _cite(knowledge, key, notes)
        item = KitItem(
            id=item_id,
            title=title,
            subject=subject,
            body=tidy_punctuation(body),
            origin=Origin.TEMPLATE,
            citations=cites_by_key[key],
            missing=gaps.get(item_id, []),
        )
        limit = MODEL_ITEMS[item_id][1] if item_id in MODEL_ITEMS else 10_000  # lists and sheets run long
        item.notes = [f"check not met: {f.message}" for f in kit_checks(profile, subject, body, limit)]
        # Tips are advice on the profile, not failed checks: they are shown with the item, apart from notes.
        item.tips = [advice] if item_id in ("presentation", "briefing") and advice else []
        if item_id == "intro_direct" and not prospect:
            item.tips.append(
                "Say who you are introducing (their name, and what they need) and this email will "
                "name them too."
            )
        if generative and model is not None and item_id in MODEL_ITEMS:
            attempt = generate_checked(
                model,
                partial(_messages, profile, MODEL_ITEMS[item_id][0], limit, library_notes(item.citations)),
                lambda s, b: (s.strip(), b.strip(), b.strip()),
                partial(_model_checks, profile, limit, bool(subject)),
                max_tokens=320,
                allowed=profile.texts(),
            )
            if attempt.origin != "template":
                item.subject = attempt.subject if subject else ""
                item.body = attempt.body
                item.origin = Origin(attempt.origin)
            else:
                item.notes.insert(0, "model draft replaced by a template: " + ", ".join(attempt.failures))
        items.append(item)
    # `missing`: advice lines to show; `missing_fields`: the same per item, as profile keys.
    return ReferKit(
        items=items,
        missing=missing_advice(profile),
        missing_fields=gaps,
        prompt=load_prompt(PROMPT).ref if generative else None,
        engine=model.info.label if model is not None else "offline · templates",
        notes=notes,
    )
