"""The data a follow-up is made from and what drafting returns: requests, variants, results."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from app.core.drafting.text import clean
from app.core.errors import InputError

GOALS = ("thank", "invite-121", "send-resource", "introduce", "nudge")
CHANNELS = ("email", "linkedin-note", "linkedin-message", "sms")
TONES = ("warm", "professional", "brief")
LENGTHS = ("short", "medium")
# new: met once at an event; met-before: you already know each other; after-121: you have just had a 1-2-1.
STAGES = ("new", "met-before", "after-121")
ORIGINS = ("model", "repaired", "template")
# Goals whose message asks for a meeting, so they must offer two times or the scheduling link.
ASKING_GOALS = ("invite-121", "nudge")

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


def _choice(value: str, allowed: tuple[str, ...], label: str, problems: list[str]) -> str:
    value = clean(value).lower()
    if value not in allowed:
        problems.append(f"unknown {label} {value!r} (choose {', '.join(allowed)})")
    return value


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


@dataclass
class FollowupRequest:
    """Everything one follow-up to one contact is drafted from."""

    name: str
    met_at: str
    detail: str
    goal: str = "thank"
    channel: str = "email"
    business: str = ""
    met_on: date | None = None  # None means today
    promised: str = ""  # the resource to send or the person to introduce
    stage: str = "new"
    tone: str = "warm"
    length: str = "short"
    nudges: int = 0  # nudges already sent (for goal 'nudge')
    learned: str = ""  # from a 1-2-1: their ideal referral
    next_step: str = ""  # from a 1-2-1: what you agreed to do next
    session_id: str | None = None
    slots: list[datetime] = field(default_factory=list)  # times the user chose to offer (else proposed)
    sent_on: date | None = None  # when the first message went (a nudge needs one)

    def normalised(self) -> FollowupRequest:
        """A cleaned copy; raises one InputError listing every problem (nothing is drafted on error)."""
        from app.core.drafting.validators import find_placeholder

        problems: list[str] = []
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in MAX_CHARS:
            values[key] = clean(values[key])
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
        values["goal"] = _choice(values["goal"] or "thank", GOALS, "goal", problems)
        values["channel"] = _choice(values["channel"] or "email", CHANNELS, "channel", problems)
        values["tone"] = _choice(values["tone"] or "warm", TONES, "tone", problems)
        values["length"] = _choice(values["length"] or "short", LENGTHS, "length", problems)
        values["stage"] = _choice(values["stage"] or "new", STAGES, "relationship stage", problems)
        if values["goal"] == "send-resource" and not values["promised"]:
            problems.append("goal send-resource needs 'promised': the resource you said you would send")
        if values["goal"] == "introduce" and not values["promised"]:
            problems.append(
                "goal introduce needs 'promised': who you will introduce them to "
                "(e.g. 'Sam Patel, a commercial lawyer')"
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
        try:
            values["met_on"] = parse_date(values["met_on"], "met_on date")
            values["nudges"] = int(values["nudges"] or 0)
            if values["nudges"] < 0:
                raise ValueError
        except ValueError:
            problems.append(f"nudges must be a whole number of nudges already sent, got {self.nudges!r}")
        except InputError as err:
            problems.append(str(err).rstrip("."))
        if problems:
            raise InputError("Cannot draft this follow-up: " + "; ".join(problems) + ".")
        return FollowupRequest(**values)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready inputs (saved with every draft so it can be regenerated)."""
        d = asdict(self)
        d["met_on"] = self.met_on.isoformat() if self.met_on else None
        d["sent_on"] = self.sent_on.isoformat() if self.sent_on else None
        d["slots"] = [s.isoformat(timespec="minutes") for s in self.slots]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FollowupRequest:
        """Rebuild from `to_dict` output (unknown keys are ignored, so old drafts still load)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["met_on"] = parse_date(values.get("met_on"))
        values["sent_on"] = parse_date(values.get("sent_on"))
        values["slots"] = parse_slots(values.get("slots") or [])
        return cls(**values)


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
