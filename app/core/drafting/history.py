"""Saved drafts: save with inputs, edit, regenerate, mark sent/nudged, export Markdown and .ics."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.core.drafting.ics import build_ics
from app.core.drafting.kit import ReferKit, kit_markdown
from app.core.drafting.models import FollowupRequest, FollowupResult, Variant
from app.core.drafting.text import clean
from app.core.errors import InputError
from app.core.language.text import normalise

if TYPE_CHECKING:
    from app.core.records import DraftRecord
    from app.core.store import Store

MAX_EDIT_CHARS = 10_000


def person_key(name: str, business: str = "") -> str:
    """Who a draft is to, whatever case or spacing they were typed in: 'sam patel|patel print|'."""
    return f"{normalise(name)}|{normalise(business)}|"


def contact_key(req: FollowupRequest) -> str:
    """Who a follow-up is to and what it is for: drafting it again updates that draft instead of copying it."""
    return person_key(req.name, req.business) + req.goal


def profile_sha(profile: Any) -> str:
    """A short fingerprint of the profile a draft was made with (a changed profile means drafting again)."""
    data = profile.to_dict() if hasattr(profile, "to_dict") else dict(profile or {})
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:12]


def save_followup(
    store: Store,
    result: FollowupResult,
    *,
    batch_id: str | None = None,
    draft_id: str | None = None,
    profile: Any = None,
) -> str:
    """Save a follow-up with everything needed to regenerate it; returns the draft id. Without `draft_id`,
    an unsent draft to the same contact for the same goal is updated rather than copied."""
    req = result.request
    inputs = req.to_dict() | ({"profile_sha": profile_sha(profile)} if profile is not None else {})
    return store.save_draft(
        "followup",
        inputs,
        result.to_dict(),
        contact=req.name,
        channel=req.channel,
        goal=req.goal,
        send_by=result.send_by,
        session_id=req.session_id,
        batch_id=batch_id,
        draft_id=draft_id,
        contact_key=contact_key(req),
    )


def held_slots(store: Store, today: date, minutes: int = 60) -> list[tuple[datetime, datetime]]:
    """Times already offered in saved invitations (from today on): new invitations must not overlap them."""
    from datetime import timedelta

    out = []
    for draft in store.list_drafts("followup", limit=2000):
        if draft.get("status") == "done":
            continue
        for s in (draft.get("result") or {}).get("slots") or []:
            try:
                start = datetime.fromisoformat(s)
            except ValueError:
                continue
            if start.date() >= today:
                out.append((start, start + timedelta(minutes=minutes)))
    return out


def first_sent(store: Store, name: str, business: str = "") -> date | None:
    """When the last message you marked as sent to this contact went (None: nothing sent yet)."""
    for draft in store.find_drafts("followup", person_key(name, business), prefix=True):
        if draft.get("status") in ("sent", "done"):
            sent = (draft.get("result") or {}).get("sent_on")
            return date.fromisoformat(sent) if sent else datetime.fromtimestamp(draft["updated_at"]).date()
    return None


def save_referkit(store: Store, kit: ReferKit, profile: dict[str, Any], draft_id: str | None = None) -> str:
    """Save a refer-me kit with the profile it was made from."""
    return store.save_draft(
        "referkit", {"profile": profile}, kit.to_dict(), contact=profile.get("name", ""), draft_id=draft_id
    )


def edit_variant(
    store: Store, draft_id: str, index: int, *, body: str, subject: str | None = None
) -> list[str]:
    """Replace one variant's text with the user's edit; returns the checks the edit no longer meets.

    The user's words are always saved (they may know better), but they are told what a check found.
    """
    from app.core.drafting.validators import check_limit, check_pitch, check_placeholders

    draft = store.get_draft(draft_id)
    variants = draft["result"].get("variants") or draft["result"].get("items") or []
    if not 0 <= index < len(variants):
        raise InputError(f"This draft has no variant {index + 1}.")
    if not clean(body):
        raise InputError("The edited text is empty; nothing was changed.")
    if len(body) > MAX_EDIT_CHARS:
        raise InputError(f"The edited text is longer than {MAX_EDIT_CHARS} characters; nothing was changed.")
    variants[index]["body"] = body.strip()
    if subject is not None:
        variants[index]["subject"] = clean(subject)
    variants[index]["edited"] = True
    store.update_draft(draft_id, result=draft["result"])
    channel = draft["channel"]
    warnings = [check_limit(body, channel), check_placeholders(body), check_pitch(body, _user_texts(draft))]
    return [w.message for w in warnings if w is not None]


def _user_texts(draft: DraftRecord) -> list[str]:
    inputs = draft.get("inputs") or {}
    return [str(v) for v in inputs.values() if isinstance(v, str) and v]


def regenerate(
    store: Store,
    draft_id: str,
    profile: Any,
    *,
    model: Any = None,
    knowledge: Any = None,
    today: date | None = None,
) -> FollowupResult:
    """Draft again from the saved inputs and replace the saved result (same id, status kept)."""
    from app.core.drafting.followup import draft_followup

    draft = store.get_draft(draft_id)
    if draft["kind"] != "followup":
        raise InputError("Only follow-up drafts can be regenerated here; rebuild the refer-me kit instead.")
    req = FollowupRequest.from_dict(draft["inputs"])
    req.nudges = draft.get("nudges") or req.nudges
    result = draft_followup(req, profile, model=model, knowledge=knowledge, today=today)
    save_followup(store, result, batch_id=draft.get("batch_id"), draft_id=draft_id)
    return result


def mark_sent(store: Store, draft_id: str, on: date | None = None) -> None:
    """Record that you sent it and when (the history then shows when to nudge; nudges need it)."""
    draft = store.get_draft(draft_id)
    result = dict(draft["result"])
    result["sent_on"] = (on or date.today()).isoformat()
    store.update_draft(draft_id, status="sent", result=result)


def record_nudge(store: Store, draft_id: str) -> int:
    """Count one more nudge sent; returns the new count (after two, the advice is to stop)."""
    n = int(store.get_draft(draft_id).get("nudges") or 0) + 1
    store.update_draft(draft_id, nudges=n)
    return n


def safe_filename(text: str, suffix: str) -> str:
    """A file name any OS accepts: letters, digits and dashes only, never empty."""
    ascii_text = unicodedata.normalize("NFKD", clean(text)).encode("ascii", "ignore").decode()  # Zoë -> Zoe
    stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60] or "draft"
    return f"{stem}{suffix}"


def _citation_lines(citations: list[dict[str, str]]) -> list[str]:
    return [f'- {c["title"]}, "{c["heading"]}": "{c["quote"]}"' for c in citations]


def followup_markdown(result: dict[str, Any]) -> str:
    """A saved follow-up (its `result` dict) as Markdown: timing, every variant, sources."""
    lines = [
        f"# Follow-up to {result['contact']}",
        "",
        f"- Goal: {result['goal']}",
        f"- Channel: {result['channel']}",
        f"- Send by: {result['send_by']}",
    ]
    timing = result.get("timing") or {}
    if timing.get("advice"):
        lines.append(f"- When: {timing['advice']}")
    if result.get("slots"):
        times = ", ".join(datetime.fromisoformat(s).strftime("%a %d %b %H:%M") for s in result["slots"])
        lines.append(f"- Proposed times: {times} (calendar holds in the .ics file)")
    lines += [f"- Note: {n}" for n in result.get("notes") or []]
    lines.append(f"- Written by: {result.get('engine') or 'templates'}")
    for i, v in enumerate(result.get("variants") or [], 1):
        lines += ["", f"## Variant {i} ({v.get('style') or 'draft'}, {v['origin']})", ""]
        if v.get("subject"):
            lines += [f"**Subject:** {v['subject']}", ""]
        lines += [v["body"]]
    cites = (result.get("variants") or [{}])[0].get("citations") or []
    if cites:
        lines += ["", "## Why it is written this way", "", *_citation_lines(cites)]
    return "\n".join(lines).rstrip() + "\n"


def draft_markdown(draft: DraftRecord) -> str:
    """Markdown for any saved draft (follow-up or refer-me kit)."""
    if draft["kind"] == "referkit":
        return kit_markdown(draft["result"])
    return followup_markdown(draft["result"])


def draft_ics(draft: DraftRecord) -> bytes | None:
    """The .ics calendar holds for a saved invitation, or None when it proposed no times."""
    result = draft["result"]
    slots = [datetime.fromisoformat(s) for s in result.get("slots") or []]
    if draft["kind"] != "followup" or not slots:
        return None
    inputs = draft.get("inputs") or {}
    return build_ics(
        slots,
        result["contact"],
        business=inputs.get("business", ""),
        met_at=inputs.get("met_at", ""),
        detail=inputs.get("detail", ""),
    )


def variants_of(result: dict[str, Any]) -> list[Variant]:
    """The saved variants as objects."""
    return [Variant.from_dict(v) for v in result.get("variants") or []]
