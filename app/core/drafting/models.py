"""The data a follow-up is made from and what drafting returns: requests, variants, results."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator

from app.core.drafting.kinds import (
    ASKING_GOALS,
    CHANNELS,
    GOALS,
    LENGTHS,
    ORIGINS,
    STAGES,
    TONES,
    Channel,
    Goal,
    Length,
    Origin,
    Stage,
    Tone,
)
from app.core.drafting.text import clean
from app.core.errors import InputError

__all__ = [
    "ASKING_GOALS",
    "CHANNELS",
    "GOALS",
    "LENGTHS",
    "MAX_CHARS",
    "ORIGINS",
    "STAGES",
    "TONES",
    "Channel",
    "FollowupRequest",
    "FollowupResult",
    "Goal",
    "Length",
    "Origin",
    "Stage",
    "Timing",
    "Tone",
    "Variant",
    "parse_date",
    "parse_slots",
]

# Field limits keep drafts short enough for every channel and tell the user what we expect.
MAX_CHARS = {
    "name": 80,
    "business": 120,
    "met_at": 120,
    "detail": 300,
    "promised": 200,
    "learned": 300,
    "next_step": 200,
}
# Validation context for requests read back from a saved draft: types are parsed, content rules are not
# applied again (they were when it was drafted, perhaps under an older version's limits).
SAVED = {"saved": True}


def _choice(value: object, allowed: tuple[str, ...], label: str, problems: list[str]) -> str:
    text = clean(value).lower()
    if text not in allowed:
        problems.append(f"unknown {label} {text!r} (choose {', '.join(allowed)})")
    return text


def parse_date(value: Any, label: str = "date") -> date | None:
    """Accept a date, a datetime or 'YYYY-MM-DD'; blank is None; anything else is an InputError."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(clean(value))
    except ValueError:
        raise InputError(f"The {label} {value!r} is not a date: use YYYY-MM-DD, e.g. 2025-03-14.") from None


def parse_slots(values: Any) -> list[datetime]:
    """Times to offer: datetimes or 'YYYY-MM-DD HH:MM' text; at most two, distinct and at least an hour apart."""
    if isinstance(values, str):
        values = [v for v in re.split(r"[;,]\s*(?=\d{4}-)", values) if v.strip()]
    out: list[datetime] = []
    for v in values or []:
        if isinstance(v, datetime):
            out.append(v.replace(second=0, microsecond=0, tzinfo=None))
            continue
        try:
            out.append(datetime.fromisoformat(clean(v).replace("T", " ")).replace(tzinfo=None))
        except ValueError:
            raise InputError(
                f"The time {v!r} is not a date and time: use YYYY-MM-DD HH:MM, e.g. 2025-03-18 10:00."
            ) from None
    if len(out) > 2:
        raise InputError("Offer two times at most.")
    if len(out) == 2 and abs((out[0] - out[1]).total_seconds()) < 3600:
        raise InputError("The two times overlap: offer times at least an hour apart.")
    return sorted(out)


class FollowupRequest(BaseModel):
    """Everything one follow-up to one contact is drafted from, validated when it is made.

    Built from form fields, CLI arguments or CSV cells as typed; any problem is one InputError listing
    every problem (so nothing is drafted on error).
    """

    # validate_default: the defaults go through the same cleaning; assignment stays unchecked because the
    # UI and CLI set sent_on/nudges on a request they just made (mypy checks those types).
    model_config = ConfigDict(extra="forbid", validate_default=True)

    name: str
    met_at: str
    detail: str
    goal: Goal = Goal.THANK
    channel: Channel = Channel.EMAIL
    business: str = ""
    met_on: date | None = None  # None means today
    promised: str = ""  # the resource to send or the person to introduce
    stage: Stage = Stage.NEW
    tone: Tone = Tone.WARM
    length: Length = Length.SHORT
    nudges: int = 0  # nudges already sent (for goal 'nudge')
    learned: str = ""  # from a 1-2-1: their ideal referral
    next_step: str = ""  # from a 1-2-1: what you agreed to do next
    session_id: str | None = None
    slots: list[datetime] = []  # times the user chose to offer (else proposed)
    sent_on: date | None = None  # when the first message went (a nudge needs one)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any, info: ValidationInfo) -> Any:
        """Clean every field and check it; one InputError lists every problem."""
        if not isinstance(data, dict):
            return data
        if info.context and info.context.get("saved"):
            return _parse_saved(data, cls.model_fields)
        return _checked(data)

    def normalised(self) -> FollowupRequest:
        """A checked copy (for fields assigned since it was made); raises one InputError listing every problem."""
        return FollowupRequest.model_validate(self.model_dump())

    def replace(self, **changes: Any) -> FollowupRequest:
        """A checked copy with some fields changed."""
        return FollowupRequest.model_validate(self.model_dump() | changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready inputs (saved with every draft so it can be regenerated)."""
        d = self.model_dump(mode="json")
        d["slots"] = [s.isoformat(timespec="minutes") for s in self.slots]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FollowupRequest:
        """Rebuild from `to_dict` output (unknown keys are ignored, so old drafts still load)."""
        return cls.model_validate(data, context=SAVED)


def _parse_saved(data: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in known}
    values["met_on"] = parse_date(values.get("met_on"))
    values["sent_on"] = parse_date(values.get("sent_on"))
    values["slots"] = parse_slots(values.get("slots") or [])
    return values


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    """The fields cleaned (texts trimmed, choices lower-cased, dates and times parsed); InputError on problems."""
    from app.core.drafting.validators import find_placeholder

    problems: list[str] = []
    values = dict(data)
    for key in MAX_CHARS:
        values[key] = clean(values.get(key, ""))
    for key, label in (
        ("name", "the contact's name"),
        ("met_at", "where you met (met_at)"),
        ("detail", "one detail you remember (detail)"),
    ):
        if not values[key]:
            problems.append(f"{label} is required")
    for key, limit in MAX_CHARS.items():
        if len(values[key]) > limit:
            problems.append(f"{key} is {len(values[key])} characters; keep it under {limit}")
        hit = find_placeholder(values[key])
        if hit:
            problems.append(f"{key} contains the placeholder {hit!r}; write the real words instead")
    values["goal"] = _choice(values.get("goal") or "thank", GOALS, "goal", problems)
    values["channel"] = _choice(values.get("channel") or "email", CHANNELS, "channel", problems)
    values["tone"] = _choice(values.get("tone") or "warm", TONES, "tone", problems)
    values["length"] = _choice(values.get("length") or "short", LENGTHS, "length", problems)
    values["stage"] = _choice(values.get("stage") or "new", STAGES, "relationship stage", problems)
    if values["goal"] == "send-resource" and not values["promised"]:
        problems.append("goal send-resource needs 'promised': the resource you said you would send")
    if values["goal"] == "introduce" and not values["promised"]:
        problems.append(
            "goal introduce needs 'promised': who you will introduce them to (e.g. 'Sam Patel, a commercial lawyer')"
        )
    try:
        values["slots"] = parse_slots(values.get("slots") or [])
    except InputError as err:
        problems.append(str(err).rstrip("."))
        values["slots"] = []
    try:
        values["sent_on"] = parse_date(values.get("sent_on"), "sent_on date")
    except InputError as err:
        problems.append(str(err).rstrip("."))
        values["sent_on"] = None
    nudges = values.get("nudges")
    try:
        values["met_on"] = parse_date(values.get("met_on"), "met_on date")
        values["nudges"] = int(nudges or 0)
        if values["nudges"] < 0:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(f"nudges must be a whole number of nudges already sent, got {nudges!r}")
    except InputError as err:
        problems.append(str(err).rstrip("."))
    if problems:
        raise InputError("Cannot draft this follow-up: " + "; ".join(problems) + ".")
    return values


@dataclass
class Variant:
    """One finished message; `origin` says whether a model wrote it, repaired it, or a template did."""

    subject: str
    body: str
    origin: str
    citations: list[dict[str, str]] = field(default_factory=list)
    style: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. why a model draft was replaced
    fit: str = ""  # how it fits its channel ('Fits in 1 text message (148 characters).')
    long_body: str = ""  # a LinkedIn note for paid accounts (300 characters), when it says more

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Variant:
        """Rebuild from a saved dict."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Timing:
    """When to send, when to nudge, and whether to stop."""

    send_by: date
    nudge_on: list[date]
    stop: bool
    advice: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with ISO dates."""
        return {
            "send_by": self.send_by.isoformat(),
            "nudge_on": [d.isoformat() for d in self.nudge_on],
            "stop": self.stop,
            "advice": self.advice,
        }


@dataclass
class FollowupResult:
    """The drafts for one contact plus timing, proposed times and provenance."""

    request: FollowupRequest
    variants: list[Variant]
    timing: Timing
    slots: list[datetime] = field(default_factory=list)
    link: str = ""
    prompt_ref: str | None = None
    engine: str = ""
    notes: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)  # how the detail was understood, with any warnings

    @property
    def send_by(self) -> str:
        """The send-by date as ISO text."""
        return self.timing.send_by.isoformat()

    def to_dict(self) -> dict[str, Any]:
        """The saved/JSON form (also what the CLI prints per contact)."""
        return {
            "contact": self.request.name,
            "channel": self.request.channel,
            "goal": self.request.goal,
            "send_by": self.send_by,
            "variants": [v.to_dict() for v in self.variants],
            "timing": self.timing.to_dict(),
            "slots": [s.isoformat(timespec="minutes") for s in self.slots],
            "link": self.link,
            "prompt": self.prompt_ref,
            "engine": self.engine,
            "notes": list(self.notes),
            "detail": dict(self.detail),
        }
