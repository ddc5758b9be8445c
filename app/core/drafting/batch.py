"""Batch follow-ups after an event: a CSV of everyone met -> a draft per valid row, an error per bad row.

Row numbers are the ones a spreadsheet shows (the header is row 1, blank lines count). Each draft is
saved as soon as it is made, so an interrupted batch keeps everything finished so far, and running the
same CSV again (same profile and options) resumes it: rows already saved are reused, not drafted twice.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.drafting.availability import Availability, SlotBook
from app.core.drafting.compose import keep_words
from app.core.drafting.detail import understand_many
from app.core.drafting.followup import draft_followup
from app.core.drafting.grounding import Searchable
from app.core.drafting.history import contact_key, first_sent, held_slots, profile_sha, save_followup
from app.core.drafting.models import FollowupRequest, FollowupResult, Timing, Variant
from app.core.drafting.phrases import Variety
from app.core.drafting.phrasing import display_name
from app.core.drafting.profile import Profile
from app.core.drafting.text import first_name
from app.core.errors import InputError, NotFoundError
from app.core.llm.base import ChatModel
from app.core.store import new_id

if TYPE_CHECKING:
    from app.core.records import DraftRecord
    from app.core.store import Store

COLUMNS = ("name", "business", "met_at", "detail", "channel", "goal", "promised")
REQUIRED = ("name", "met_at", "detail")
OPTIONAL_EXTRA = ("met_on", "tone", "length", "stage", "sent_on")  # also understood when present
MAX_ROWS = 500
MAX_BYTES = 2 * 1024 * 1024
DEFAULTS = {"channel": "email", "goal": "thank"}
# Bump when the batch-id recipe changes, so old and new ids can never be confused.
BATCH_KEY_VERSION = 1


@dataclass
class RowError:
    """A row that could not be drafted, with the row number the user sees in a spreadsheet."""

    row: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: {"row", "reason"}."""
        return {"row": self.row, "reason": self.reason}


@dataclass
class BatchRow:
    """One parsed row: its spreadsheet row number and the request built from it."""

    row: int
    request: FollowupRequest


@dataclass
class BatchResult:
    """What a batch produced: drafts (row, result, saved draft id) and per-row errors."""

    batch_id: str
    drafts: list[tuple[int, FollowupResult, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    reused: set[int] = field(default_factory=set)  # rows whose draft an earlier run of this batch saved

    def is_reused(self, row: int) -> bool:
        """True when the row's draft came from an earlier (interrupted) run rather than being drafted now."""
        return row in self.reused


def _header_key(cell: str) -> str:
    return cell.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # spreadsheets on Windows often save this way


def parse_csv(
    data: bytes | str, *, defaults: dict[str, str] | None = None
) -> tuple[list[BatchRow], list[RowError]]:
    """Parse the CSV into requests and row errors; a file-level problem is one InputError."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise InputError(
                f"The CSV is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files."
            )
        data = _decode(data)
    text = data.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"The CSV is empty. The first row must name the columns: {', '.join(COLUMNS)}.")
    if "\x00" in text[:8192]:
        raise InputError(
            "The CSV looks like binary data, not text: save it from your spreadsheet as CSV (UTF-8)."
        )
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.splitlines() else text, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise InputError(
            f"The CSV could not be read ({exc}): save it from your spreadsheet as CSV (UTF-8)."
        ) from None
    header = [_header_key(c) for c in records[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"The CSV has no {', '.join(missing)} column (row 1 must name the columns: "
            f"{', '.join(COLUMNS)}; business and promised are optional)."
        )
    body = records[1:]
    if sum(1 for r in body if any(c.strip() for c in r)) > MAX_ROWS:
        raise InputError(f"The CSV has more than {MAX_ROWS} contacts; split it into batches of {MAX_ROWS}.")
    defaults = {**DEFAULTS, **(defaults or {})}
    rows: list[BatchRow] = []
    errors: list[RowError] = []
    for i, record in enumerate(body, start=2):
        if not any(c.strip() for c in record):
            continue
        values = {k: (record[j].strip() if j < len(record) else "") for j, k in enumerate(header) if k}
        for key, value in defaults.items():
            values[key] = values.get(key) or value
        try:
            # The cells are text as typed: the model parses and checks them (dates, choices, limits).
            req = FollowupRequest.model_validate(
                {
                    "name": values.get("name", ""),
                    "met_at": values.get("met_at", ""),
                    "detail": values.get("detail", ""),
                    "goal": values["goal"],
                    "channel": values["channel"],
                    "business": values.get("business", ""),
                    "promised": values.get("promised", ""),
                    "met_on": values.get("met_on") or None,
                    "tone": values.get("tone", ""),
                    "length": values.get("length", ""),
                    "stage": values.get("stage", ""),
                    "sent_on": values.get("sent_on") or None,
                }
            )
        except InputError as err:
            errors.append(RowError(i, str(err).replace("Cannot draft this follow-up: ", "")))
            continue
        rows.append(BatchRow(i, req))
    return rows, errors


def read_csv_file(path: str | Path) -> bytes:
    """The raw bytes of a CSV file, with a clear error when it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"No CSV file at {path}.") from None
    except OSError as exc:
        raise InputError(f"Could not read {path.name}: {exc}") from None


def batch_key(data: bytes | str, profile: Profile, defaults: dict[str, str] | None = None) -> str:
    """A batch id fixed by the CSV bytes, the profile and the defaults: the same inputs give the same id."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # The date and the engine are left out on purpose: a batch resumed tomorrow, or after falling back to
    # templates, is still the same event's contacts and must not be drafted twice.
    options = {
        "v": BATCH_KEY_VERSION,
        "profile": profile.to_dict(),
        "defaults": {**DEFAULTS, **(defaults or {})},
    }
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(raw).digest())
    digest.update(json.dumps(options, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return f"b-{digest.hexdigest()[:16]}"


def row_draft_id(batch_id: str, row: int) -> str:
    """The draft id a batch row is saved under, so a re-run finds it (and can never save it twice)."""
    return f"d-{hashlib.sha256(f'{batch_id}:{row}'.encode()).hexdigest()[:10]}"


def result_from_draft(draft: DraftRecord) -> FollowupResult:
    """Rebuild the FollowupResult a saved follow-up draft was made from (including the user's edits)."""
    saved = draft["result"]
    timing = saved.get("timing") or {}
    return FollowupResult(
        request=FollowupRequest.from_dict(draft["inputs"]),
        variants=[Variant.from_dict(v) for v in saved.get("variants") or []],
        timing=Timing(
            send_by=date.fromisoformat(timing.get("send_by") or saved["send_by"]),
            nudge_on=[date.fromisoformat(d) for d in timing.get("nudge_on") or []],
            stop=bool(timing.get("stop")),
            advice=timing.get("advice") or "",
        ),
        slots=[datetime.fromisoformat(s) for s in saved.get("slots") or []],
        link=saved.get("link") or "",
        prompt_ref=saved.get("prompt"),
        engine=saved.get("engine") or "",
        notes=list(saved.get("notes") or []),
        detail=dict(saved.get("detail") or {}),
    )


def _saved_row(store: Store, batch_id: str, row: int) -> tuple[str, DraftRecord | None]:
    """The id to save the row under and its draft from an earlier run of this batch (None: draft it now)."""
    draft_id = row_draft_id(batch_id, row)
    try:
        draft = store.get_draft(draft_id)
    except NotFoundError:
        return draft_id, None
    if draft.get("kind") == "followup" and draft.get("batch_id") == batch_id:
        return draft_id, draft
    return new_id("d"), None  # a hash clash with an unrelated draft: never overwrite it


def _same_inputs(saved: dict[str, Any], req: FollowupRequest, sha: str) -> bool:
    """The saved draft was made from exactly this row and this profile."""
    mine = req.to_dict()
    return saved.get("profile_sha") == sha and all(
        saved.get(k) == v for k, v in mine.items() if k not in ("session_id", "nudges")
    )


def _by_contact(
    store: Store, req: FollowupRequest, draft_id: str, sha: str
) -> tuple[str, DraftRecord | None]:
    """A fixed CSV run again: the contact's unchanged draft is reused (edits kept), a changed one is redrafted
    under its own id; a contact never drafted before keeps the row's id."""
    for draft in store.find_drafts("followup", contact_key(req)):
        if _same_inputs(draft.get("inputs") or {}, req, sha):
            return draft["id"], draft
        if draft.get("status") == "draft":
            return draft["id"], None
    return draft_id, None


def run_batch(
    data: bytes | str,
    profile: Profile,
    *,
    store: Store,
    model: ChatModel | None = None,
    knowledge: Searchable | None = None,
    today: date | None = None,
    defaults: dict[str, str] | None = None,
    on_draft: Callable[[int, FollowupResult, str], None] | None = None,
    on_reused: Callable[[int, FollowupResult, str], None] | None = None,
) -> BatchResult:
    """Draft every valid row not already saved; bad rows become RowErrors.

    Each new draft is saved as it completes. Rows drafted before (by an earlier run of this CSV, or of an
    earlier version of it with the same contact and inputs) are reused; `on_reused` hears about them
    (without it, `on_draft` does). Openings do not repeat across the batch and offered times never overlap
    (each other, or times offered in earlier invitations)."""
    today = today or date.today()
    rows, errors = parse_csv(data, defaults=defaults)
    result = BatchResult(batch_key(data, profile, defaults), errors=list(errors))
    try:
        book = SlotBook(Availability.from_profile(profile), held=held_slots(store, today))
    except InputError as err:
        raise InputError(f"Your meeting times cannot be used: {err}") from None
    # One idle connection held for the whole batch: SQLite checkpoints the WAL whenever the last connection
    # closes, and every save opens and closes its own, so without this each save pays for a checkpoint.
    with store.connect() if hasattr(store, "connect") else contextlib.nullcontext():
        _draft_rows(rows, result, store, profile, model, knowledge, today, on_draft, on_reused, book)
    result.errors.sort(key=lambda e: e.row)
    return result


def _draft_rows(
    rows: list[BatchRow],
    result: BatchResult,
    store: Store,
    profile: Profile,
    model: ChatModel | None,
    knowledge: Searchable | None,
    today: date,
    on_draft: Any,
    on_reused: Any,
    book: SlotBook,
) -> None:
    """Reuse or draft each parsed row, saving each draft as soon as it is made."""
    variety = Variety()
    plans: list[tuple[BatchRow, str, FollowupResult | None]] = []
    for row in rows:
        draft_id, existing = _saved_row(store, result.batch_id, row.row)
        if existing is None:
            draft_id, existing = _by_contact(store, row.request, draft_id, profile_sha(profile))
        try:
            reused = result_from_draft(existing) if existing is not None else None
        except (KeyError, TypeError, ValueError):
            reused = None  # a saved draft we cannot read back is drafted again under its id
        plans.append((row, draft_id, reused))
    # One embedding batch for every detail still to draft (much faster than one call per contact).
    todo = [(row, did) for row, did, reused in plans if reused is None]
    details = (
        understand_many(
            [r.request.detail for r, _ in todo],
            contact_first=[first_name(display_name(r.request.name)) for r, _ in todo],
            keep=[sorted(keep_words(r.request, profile)) for r, _ in todo],
        )
        if todo
        else []
    )
    understood = {r.row: d for (r, _), d in zip(todo, details, strict=True)}
    for row, draft_id, reused in plans:
        if reused is not None:
            book.hold(reused.slots)
            result.drafts.append((row.row, reused, draft_id))
            result.reused.add(row.row)
            callback = on_reused or on_draft
            if callback is not None:
                callback(row.row, reused, draft_id)
            continue
        req = row.request
        if req.goal == "nudge" and req.sent_on is None:
            req.sent_on = first_sent(store, req.name, req.business)
        detail = understood.get(row.row)
        try:
            drafted = draft_followup(
                req,
                profile,
                model=model,
                knowledge=knowledge,
                today=today,
                variety=variety,
                book=book,
                detail=detail,
            )
        except InputError as err:  # e.g. a row that only fails once combined with the profile
            result.errors.append(RowError(row.row, str(err)))
            continue
        # A fixed id per (batch, row) or per contact: two runs racing on the same row replace one draft.
        draft_id = save_followup(store, drafted, batch_id=result.batch_id, draft_id=draft_id, profile=profile)
        result.drafts.append((row.row, drafted, draft_id))
        if on_draft is not None:
            on_draft(row.row, drafted, draft_id)
