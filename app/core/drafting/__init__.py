"""Drafting: follow-ups and 1-2-1 invitations, batch follow-ups, the refer-me kit, and their history.

profile      Profile (with working days/hours and imported busy times), validate_profile, set_field
models       FollowupRequest, FollowupResult, Variant, Timing (kinds: the Goal, Channel, ... StrEnums)
detail       understand the detail: about, kind, tense, the forms a sentence can use, warnings
             (detail_model: the classifier trained by scripts/train_drafting.py; NumPy at run time)
followup     draft_followup, check_draft, invitation_ics
validators   pure checks returning named Failures (meaning: paraphrases pass)
templates    two approaches per goal from the phrase banks (phrases: knowledge/drafting/phrases.yaml)
compose      fits a message to its channel (channels: text segments, LinkedIn 200/300)
phrasing     the user's phrases inside sentences: capitals, names, where you met and its article
availability working hours, .ics busy times, SlotBook (no overlapping holds in a batch)
timing, ics  when to send/nudge/stop; proposed times and their calendar holds
batch        CSV -> drafts and per-row errors; unchanged rows reused, changed rows updated in place
lint         grammar-fault checks the bench and tests measure drafts with
referkit     build_referkit (kit: ReferKit, KitItem, kit_markdown)
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
from app.core.drafting.kit import KitItem, ReferKit, kit_markdown
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
from app.core.drafting.referkit import build_referkit

__all__ = [
    "CHANNELS",
    "EXAMPLE_YAML",
    "GOALS",
    "LENGTHS",
    "PROFILE_KEYS",
    "STAGES",
    "TONES",
    "BatchResult",
    "FollowupRequest",
    "FollowupResult",
    "Profile",
    "RowError",
    "Timing",
    "Variant",
    "KitItem",
    "ReferKit",
    "build_referkit",
    "draft_followup",
    "draft_ics",
    "draft_markdown",
    "edit_variant",
    "followup_from_notes",
    "followup_from_session",
    "followup_markdown",
    "invitation_ics",
    "kit_markdown",
    "load_profile_file",
    "mark_sent",
    "parse_csv",
    "record_nudge",
    "regenerate",
    "require_profile",
    "run_batch",
    "save_followup",
    "save_profile",
    "save_referkit",
    "saved_profile",
    "set_field",
    "validate_profile",
]
