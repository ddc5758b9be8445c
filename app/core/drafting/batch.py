"""Batch follow-ups after an event: a CSV of everyone met -> a draft per valid row, an error per bad row.

Row numbers are the ones a spreadsheet shows (the header is row 1, blank lines count). Each draft is
saved as soon as it is made, so an interrupted batch keeps everything finished so far, and running the
same CSV again (same profile and options) resumes it: rows already saved are reused, not drafted twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.core.drafting.followup import draft_followup
from app.core.drafting.grounding import Searchable
from app.core.drafting.history import save_followup
from app.core.drafting.models import FollowupRequest, FollowupResult, Timing, Variant
from app.core.drafting.profile import Profile
from app.core.errors import InputError, NotFoundError
from app.core.llm.base import ChatModel
from app.core.store import new_id

COLUMNS = ("name", "business", "met_at", "detail", "channel", "goal", "promised")
REQUIRED = ("name", "met_at", "detail")
OPTIONAL_EXTRA = ("met_on", "tone", "length", "stage")  # also understood when present
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


def parse_csv(data: bytes | str, *, defaults: dict[str, str] | None = None) -> tuple[list[BatchRow], list[RowError]]:
    """Parse the CSV into requests and row errors; a file-level problem is one InputError."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise InputError(f"The CSV is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files.")
        data = _decode(data)
    text = data.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"The CSV is empty. The first row must name the columns: {', '.join(COLUMNS)}.")
    if "\x00" in text[:8192]:
        raise InputError("The CSV looks like binary data, not text: save it from your spreadsheet as CSV (UTF-8).")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.splitlines() else text, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise InputError(f"The CSV could not be read ({exc}): save it from your spreadsheet as CSV (UTF-8).") from None
    header = [_header_key(c) for c in records[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"The CSV has no {', '.join(missing)} column (row 1 must name the columns: "
                         f"{', '.join(COLUMNS)}; business and promised are optional).")
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
            req = FollowupRequest(
                name=values.get("name", ""), met_at=values.get("met_at", ""), detail=values.get("detail", ""),
                goal=values["goal"], channel=values["channel"], business=values.get("business", ""),
                promised=values.get("promised", ""), met_on=values.get("met_on") or None,
                tone=values.get("tone", ""), length=values.get("length", ""), stage=values.get("stage", ""),
            ).normalised()
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
    options = {"v": BATCH_KEY_VERSION, "profile": profile.to_dict(), "defaults": {**DEFAULTS, **(defaults or {})}}
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(raw).digest())
    digest.update(json.dumps(options, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return f"b-{digest.hexdigest()[:16]}"


def row_draft_id(batch_id: str, row: int) -> str:
    """The draft id a batch row is saved under, so a re-run finds it (and can never save it twice)."""
    return f"d-{hashlib.sha256(f'{batch_id}:{row}'.encode()).hexdigest()[:10]}"


def result_from_draft(draft: dict[str, Any]) -> FollowupResult:
    """Rebuild the FollowupResult a saved follow-up draft was made from (including the user's edits)."""
    saved = draft["result"]
    timing = saved.get("timing") or {}
    return FollowupResult(
        request=FollowupRequest.from_dict(draft["inputs"]),
        variants=[Variant.from_dict(v) for v in saved.get("variants") or []],
        timing=Timing(send_by=date.fromisoformat(timing.get("send_by") or saved["send_by"]),
                      nudge_on=[date.fromisoformat(d) for d in timing.get("nudge_on") or []],
                      stop=bool(timing.get("stop")), advice=timing.get("advice") or ""),
        slots=[datetime.fromisoformat(s) for s in saved.get("slots") or []],
        link=saved.get("link") or "",
        prompt_ref=saved.get("prompt"),
        engine=saved.get("engine") or "",
        notes=list(saved.get("notes") or []),
    )


def _saved_row(store: Any, batch_id: str, row: int) -> tuple[str, dict[str, Any] | None]:
    """The id to save the row under and its draft from an earlier run of this batch (None: draft it now)."""
    draft_id = row_draft_id(batch_id, row)
    try:
        draft = store.get_draft(draft_id)
    except NotFoundError:
        return draft_id, None
    if draft.get("kind") == "followup" and draft.get("batch_id") == batch_id:
        return draft_id, draft
    return new_id("d"), None  # a hash clash with an unrelated draft: never overwrite it


def run_batch(
    data: bytes | str,
    profile: Profile,
    *,
    store: Any,
    model: ChatModel | None = None,
    knowledge: Searchable | None = None,
    today: date | None = None,
    defaults: dict[str, str] | None = None,
    on_draft: Callable[[int, FollowupResult, str], None] | None = None,
    on_reused: Callable[[int, FollowupResult, str], None] | None = None,
) -> BatchResult:
    """Draft every valid row not already saved by an earlier run of this batch; bad rows become RowErrors.

    Each new draft is saved as it completes. `on_reused` is told about rows taken from an earlier run;
    without it, `on_draft` hears about them too, so progress counts still reach every row.
    """
    rows, errors = parse_csv(data, defaults=defaults)
    result = BatchResult(batch_key(data, profile, defaults), errors=list(errors))
    for row in rows:
        draft_id, existing = _saved_row(store, result.batch_id, row.row)
        try:
            reused = result_from_draft(existing) if existing is not None else None
        except (KeyError, TypeError, ValueError):
            # A saved draft we cannot read back is drafted again under its id rather than duplicated.
            reused = None
        if reused is not None:
            result.drafts.append((row.row, reused, draft_id))
            result.reused.add(row.row)
            callback = on_reused or on_draft
            if callback is not None:
                callback(row.row, reused, draft_id)
            continue
        try:
            drafted = draft_followup(row.request, profile, model=model, knowledge=knowledge, today=today)
        except InputError as err:  # e.g. a row that only fails once combined with the profile
            result.errors.append(RowError(row.row, str(err)))
            continue
        # A fixed id per (batch, row): two runs racing on the same row replace one draft, never add two.
        draft_id = save_followup(store, drafted, batch_id=result.batch_id, draft_id=draft_id)
        result.drafts.append((row.row, drafted, draft_id))
        if on_draft is not None:
            on_draft(row.row, drafted, draft_id)
    result.errors.sort(key=lambda e: e.row)
    return result
