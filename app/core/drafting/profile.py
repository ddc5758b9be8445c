"""Your profile: entered once (YAML/JSON file, CLI or the Refer-me kit page), saved in the database."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from app.core.drafting.text import clean, first_name
from app.core.errors import InputError

if TYPE_CHECKING:
    from app.core.store import Store

LIST_KEYS = ("trigger_phrases", "want_to_meet")
TEXT_KEYS = (
    "name",
    "business",
    "what_i_do",
    "ideal_client",
    "point_of_difference",
    "story",
    "not_a_fit",
    "scheduling_link",
    "email",
    "phone",
    "signature",
)
# Optional GAINS fields (Goals, Accomplishments, Interests, Networks, Skills) for the pre-1-2-1 sheet.
GAINS_KEYS = ("goals", "accomplishments", "interests", "networks", "skills")
# When you can meet: offered 1-2-1 times come from these (and stay clear of `busy`, imported from a calendar).
TIME_KEYS = ("working_days", "working_hours")
PROFILE_KEYS = (
    TEXT_KEYS[:6] + ("trigger_phrases", "want_to_meet") + TEXT_KEYS[6:] + GAINS_KEYS + TIME_KEYS + ("busy",)
)
MAX_BUSY_ENTRIES = 2000
MAX_FILE_BYTES = 256 * 1024
MAX_FIELD_CHARS = 1500
HOW_TO_CREATE = (
    'Create your profile first: run  coach profile init  (or  coach profile set name "Your Name"), '
    "pass --profile FILE, or fill in the Refer-me kit page."
)


@dataclass
class Profile:
    """Who you are and who you want to meet; only `name` is required."""

    name: str
    business: str = ""
    what_i_do: str = ""
    ideal_client: str = ""
    point_of_difference: str = ""
    story: str = ""
    trigger_phrases: list[str] = field(default_factory=list)
    want_to_meet: list[str] = field(default_factory=list)
    not_a_fit: str = ""
    scheduling_link: str = ""
    email: str = ""
    phone: str = ""
    signature: str = ""
    goals: str = ""
    accomplishments: str = ""
    interests: str = ""
    networks: str = ""
    skills: str = ""
    working_days: str = ""  # e.g. 'Mon-Fri' or 'Tue, Thu' (blank: Monday to Friday)
    working_hours: str = ""  # e.g. '09:00-17:30' (blank: 09:30-17:00)
    busy: list[str] = field(default_factory=list)  # 'start/end' ISO times imported from your calendar

    @property
    def first_name(self) -> str:
        """The name you sign short messages with."""
        return first_name(self.name)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (what is saved)."""
        return asdict(self)

    def texts(self) -> list[str]:
        """Every non-empty value: words the user wrote themselves (exempt from the pitch check)."""
        out: list[str] = []
        for f in fields(self):
            if f.name in ("busy", *TIME_KEYS):
                continue  # times, not words: they must not excuse invented numbers in a draft
            v = getattr(self, f.name)
            out.extend(v if isinstance(v, list) else [v])
        return [t for t in out if t]


def _as_list(key: str, value: Any, problems: list[str]) -> list[str]:
    if isinstance(value, str):
        # "a; b; c" from a form field or the CLI becomes a list.
        value = [p for p in (x.strip() for x in value.replace("\n", ";").split(";")) if p]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        problems.append(f"{key} must be a list of short phrases")
        return []
    return [clean(v) for v in value if clean(v)]


def _busy(raw: Any, problems: list[str]) -> list[str]:
    from app.core.drafting.availability import busy_from_text, busy_to_text

    items = raw.split(";") if isinstance(raw, str) else raw
    if not isinstance(items, list):
        problems.append("busy must be a list of 'start/end' times")
        return []
    spans = busy_from_text(str(i).strip() for i in items if str(i).strip())
    if len(spans) < len([i for i in items if str(i).strip()]):
        problems.append("busy has entries that are not 'YYYY-MM-DDTHH:MM/YYYY-MM-DDTHH:MM' times")
    return busy_to_text(sorted(spans)[:MAX_BUSY_ENTRIES])


def validate_profile(data: Any) -> Profile:
    """Check a decoded profile; one InputError lists every problem by field name."""
    from app.core.drafting.validators import find_placeholder

    if not isinstance(data, dict):
        raise InputError("A profile must be a mapping of keys to values, e.g.  name: Jane Smith.")
    problems: list[str] = []
    unknown = sorted(str(k) for k in data if k not in PROFILE_KEYS)
    if unknown:
        problems.append(f"unknown keys {', '.join(unknown)} (allowed: {', '.join(PROFILE_KEYS)})")
    values: dict[str, Any] = {}
    for key in PROFILE_KEYS:
        raw = data.get(key)
        if raw is None:
            continue
        if key == "busy":
            values[key] = _busy(raw, problems)
            continue
        if key in LIST_KEYS:
            values[key] = _as_list(key, raw, problems)
            continue
        if isinstance(raw, list | dict | bool):
            problems.append(f"{key} must be text, not a {type(raw).__name__}")
            continue
        # The signature keeps its line breaks; everything else is one line of text.
        values[key] = str(raw).strip() if key == "signature" else clean(raw)
    if not values.get("name"):
        problems.append("name is required")
    for key, value in values.items():
        if key == "busy":
            continue
        for text in value if isinstance(value, list) else [value]:
            if len(text) > MAX_FIELD_CHARS:
                problems.append(f"{key} is {len(text)} characters; keep it under {MAX_FIELD_CHARS}")
            hit = find_placeholder(text)
            if hit:
                problems.append(f"{key} contains the placeholder {hit!r}; write the real words")
    for key, parse in (("working_days", "parse_days"), ("working_hours", "parse_hours")):
        if values.get(key):
            from app.core.drafting import availability

            try:
                getattr(availability, parse)(values[key])
            except InputError as err:
                problems.append(str(err).rstrip("."))
    link = values.get("scheduling_link", "")
    if link and not link.lower().startswith(("http://", "https://")):
        problems.append("scheduling_link must be a web address starting with https://")
    email = values.get("email", "")
    if email and ("@" not in email or " " in email):
        problems.append(f"email {email!r} is not an email address")
    if problems:
        raise InputError("Your profile has problems: " + "; ".join(problems) + ".")
    return Profile(**values)


def load_profile_file(path: str | Path) -> Profile:
    """Read and validate a YAML or JSON profile file; any problem is one clear InputError."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"The profile file {path.name} is larger than {MAX_FILE_BYTES // 1024} KB.")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"No profile file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Could not read the profile file {path.name}: {exc}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        where = getattr(exc, "problem_mark", None)
        line = f" near line {where.line + 1}" if where is not None else ""
        raise InputError(f"The profile file {path.name} is not valid {kind}{line}.") from None
    if data is None:
        raise InputError(f"The profile file {path.name} is empty. {HOW_TO_CREATE}")
    return validate_profile(data)


def saved_profile(store: Store) -> Profile | None:
    """The profile saved in the database, or None."""
    data = store.get_profile()
    return validate_profile(data) if data else None


def require_profile(store: Store, path: str | Path | None = None) -> Profile:
    """The profile from `path` when given, else the saved one; a clear InputError when there is none."""
    if path:
        return load_profile_file(path)
    profile = saved_profile(store)
    if profile is None:
        raise InputError(f"You have no profile yet, and drafts are signed and shaped by it. {HOW_TO_CREATE}")
    return profile


def save_profile(store: Store, profile: Profile) -> None:
    """Validate again and save (so nothing invalid reaches the database)."""
    store.save_profile(validate_profile(profile.to_dict()).to_dict())


def set_field(store: Store, key: str, value: str) -> Profile:
    """Change one field of the saved profile (lists take 'a; b; c'); creates the profile from `name`."""
    if key not in PROFILE_KEYS:
        raise InputError(f"Unknown profile key {key!r}: choose one of {', '.join(PROFILE_KEYS)}.")
    current = store.get_profile()
    if current is None and key != "name":
        raise InputError(
            'You have no profile yet: start with  coach profile set name "Your Name"  or  coach profile init.'
        )
    data = dict(current or {})
    data[key] = value
    profile = validate_profile(data)
    store.save_profile(profile.to_dict())
    return profile


EXAMPLE_YAML = """\
# Your 1-2-1 Coach profile. Only `name` is required; the more you fill in, the better your drafts
# and your refer-me kit. Save this file, edit it, then run:  coach profile init --from profile.yaml
name: Jane Smith
business: Smith & Co Bookkeeping
# One sentence, in plain words.
what_i_do: I keep the books for small trades businesses so the owners can get back to the work they enjoy.
# As specific as you can: who, where, what size, in what situation.
ideal_client: Owner-run building and trades firms in West Yorkshire with 3 to 20 staff.
point_of_difference: I visit on site once a month, so nobody has to post me a shoebox of receipts.
# A short story of one client you helped (no names needed).
story: >-
  A roofer came to me three months behind on his VAT returns. We caught up in six weeks and he
  now spends his Friday afternoons quoting jobs instead of chasing paperwork.
# What prospects actually say when they need you.
trigger_phrases:
  - I'm drowning in paperwork
  - my accountant only calls me once a year
  - I did my books on Sunday night again
want_to_meet:
  - commercial insurance brokers
  - builders' merchants
not_a_fit: Limited companies that need a full audit.
# Leave blank if you have none; invitations then offer two concrete times.
scheduling_link: https://cal.example.com/jane-smith
email: jane@example.com
phone: "07700 900123"
signature: |-
  Jane Smith
  Smith & Co Bookkeeping
# Optional GAINS sheet (Goals, Accomplishments, Interests, Networks, Skills), sent before a 1-2-1.
goals: Take on two more trades clients this quarter.
accomplishments: Twelve years in practice.
interests: Fell running and my allotment.
networks: BNI Leeds Central, the local Chamber of Commerce.
skills: Cloud bookkeeping set-ups, cash-flow forecasts.
# When you can meet: invitations offer free times inside these (import busy times with
#  coach profile calendar my-calendar.ics).
working_days: Mon-Fri
working_hours: 09:00-17:00
"""
