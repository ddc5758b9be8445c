"""Drafting: follow-ups and 1-2-1 invitations, batch follow-ups, the refer-me kit, and their history.

    profile      Profile, validate_profile, load_profile_file, require_profile, set_field
    models       FollowupRequest, FollowupResult, Variant, Timing (+ GOALS, CHANNELS, TONES, ...)
    followup     draft_followup, invitation_ics
    validators   pure checks returning named Failures
    templates    deterministic shapes per goal; compose fits them to each channel
    phrasing     the user's phrases inside sentences: capitals, 'her' -> 'your', where you met
    timing, ics  when to send/nudge/stop; proposed times and their calendar holds
    batch        CSV -> drafts and per-row errors
    referkit     build_referkit, kit_markdown
    handoff      followup_from_session, followup_from_notes
    history      save, edit, regenerate, export Markdown/.ics
"""

from app.core.drafting.batch import BatchResult, RowError, parse_csv, run_batch
from app.core.drafting.followup import draft_followup, invitation_ics
from app.core.drafting.handoff import followup_from_notes, followup_from_session
from app.core.drafting.history import (
    draft_ics,
    draft_markdown,
    edit_variant,
    followup_markdown,
    mark_sent,
    record_nudge,
    regenerate,
    save_followup,
    save_referkit,
)
from app.core.drafting.models import (
    CHANNELS,
    GOALS,
    LENGTHS,
    STAGES,
    TONES,
    FollowupRequest,
    FollowupResult,
    Timing,
    Variant,
)
from app.core.drafting.profile import (
    EXAMPLE_YAML,
    PROFILE_KEYS,
    Profile,
    load_profile_file,
    require_profile,
    save_profile,
    saved_profile,
    set_field,
    validate_profile,
)
from app.core.drafting.referkit import build_referkit, kit_markdown

__all__ = [
    "CHANNELS", "EXAMPLE_YAML", "GOALS", "LENGTHS", "PROFILE_KEYS", "STAGES", "TONES",
    "BatchResult", "FollowupRequest", "FollowupResult", "Profile", "RowError", "Timing", "Variant",
    "build_referkit", "draft_followup", "draft_ics", "draft_markdown", "edit_variant", "followup_from_notes",
    "followup_from_session", "followup_markdown", "invitation_ics", "kit_markdown", "load_profile_file",
    "mark_sent", "parse_csv", "record_nudge", "regenerate", "require_profile", "run_batch", "save_followup",
    "save_profile", "save_referkit", "saved_profile", "set_field", "validate_profile",
]
