"""Your own meeting times: working days and hours from the profile, busy times from an imported calendar
(.ics events or free/busy), and a `SlotBook` that hands out 1-2-1 times so no two contacts in a batch
get overlapping holds.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from app.core.errors import InputError

MEETING_MINUTES = 60
LEAD_DAYS = 2  # give them a couple of days to answer before the first option
HORIZON_DAYS = 60
MAX_BUSY = 2000
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_DAYS = (0, 1, 2, 3, 4)
DEFAULT_HOURS = (time(9, 30), time(17, 0))
# Within working hours, the times people most often accept first (mid-morning, early afternoon).
PREFERRED = (
    time(10, 0),
    time(14, 0),
    time(11, 0),
    time(15, 0),
    time(9, 30),
    time(13, 30),
    time(16, 0),
    time(12, 0),
)


def parse_days(text: str) -> tuple[int, ...]:
    """'Mon-Fri', 'Tue, Thu', 'weekdays', 'Monday to Wednesday' -> weekday numbers (Monday is 0)."""
    low = (text or "").strip().lower()
    if not low:
        return DEFAULT_DAYS
    if low in ("weekdays", "week days", "mon-fri"):
        return DEFAULT_DAYS
    out: set[int] = set()
    for part in re.split(r"\s*[,;/&]\s*|\s+and\s+", low):
        m = re.fullmatch(r"([a-z]{3})[a-z]*\s*(?:-|to|–)\s*([a-z]{3})[a-z]*", part)
        if m and m.group(1) in DAY_NAMES and m.group(2) in DAY_NAMES:
            a, b = DAY_NAMES.index(m.group(1)), DAY_NAMES.index(m.group(2))
            out.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
            continue
        if part[:3] in DAY_NAMES and re.fullmatch(r"[a-z]+", part):
            out.add(DAY_NAMES.index(part[:3]))
            continue
        raise InputError(f"working_days {text!r} is not a list of days: write e.g. 'Mon-Fri' or 'Tue, Thu'.")
    return tuple(sorted(out))


def parse_hours(text: str) -> tuple[time, time]:
    """'09:00-17:30', '9-5', '9am-5pm' -> (start, end)."""
    low = (text or "").strip().lower().replace(" ", "")
    if not low:
        return DEFAULT_HOURS
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?(?:-|to|–)(\d{1,2})(?:[:.](\d{2}))?(am|pm)?", low)
    if not m:
        raise InputError(f"working_hours {text!r} is not a range of times: write e.g. '09:00-17:30'.")

    def one(h: str, mm: str | None, ampm: str | None, end: bool) -> time:
        hour = int(h)
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm is None and end and hour < 8:
            hour += 12  # '9-5' means until five in the afternoon
        if not 0 <= hour <= 23 or int(mm or 0) > 59:
            raise InputError(f"working_hours {text!r} has an impossible time.")
        return time(hour, int(mm or 0))

    start, end = one(m.group(1), m.group(2), m.group(3), False), one(m.group(4), m.group(5), m.group(6), True)
    if (
        datetime.combine(date.today(), end) - datetime.combine(date.today(), start)
    ).total_seconds() < MEETING_MINUTES * 60:
        raise InputError(f"working_hours {text!r} leaves no room for an hour's meeting.")
    return start, end


def busy_to_text(spans: Iterable[tuple[datetime, datetime]]) -> list[str]:
    """Busy spans as 'YYYY-MM-DDTHH:MM/YYYY-MM-DDTHH:MM' strings (how the profile keeps them)."""
    return [f"{a.isoformat(timespec='minutes')}/{b.isoformat(timespec='minutes')}" for a, b in spans]


def busy_from_text(values: Iterable[str]) -> list[tuple[datetime, datetime]]:
    """The profile's busy strings back as spans (unreadable ones are skipped)."""
    out = []
    for v in values or []:
        try:
            a, b = str(v).split("/", 1)
            out.append((datetime.fromisoformat(a), datetime.fromisoformat(b)))
        except ValueError:
            continue
    return out


@dataclass
class Availability:
    """When you can meet: working days, working hours and busy spans (floating local times)."""

    days: tuple[int, ...] = DEFAULT_DAYS
    start: time = DEFAULT_HOURS[0]
    end: time = DEFAULT_HOURS[1]
    busy: list[tuple[datetime, datetime]] = field(default_factory=list)
    minutes: int = MEETING_MINUTES

    @classmethod
    def from_profile(cls, profile: object) -> Availability:
        """Working days, hours and imported busy times from the profile (defaults when blank)."""
        start, end = parse_hours(str(getattr(profile, "working_hours", "") or ""))
        return cls(
            parse_days(str(getattr(profile, "working_days", "") or "")),
            start,
            end,
            busy_from_text(getattr(profile, "busy", []) or []),
        )

    def candidates(self, day: date) -> list[datetime]:
        """Start times on one day inside working hours, most acceptable first."""
        if day.weekday() not in self.days:
            return []
        latest = (datetime.combine(day, self.end) - timedelta(minutes=self.minutes)).time()
        times = [t for t in PREFERRED if self.start <= t <= latest]
        if not times:  # unusual hours (early starts, evenings): every half hour inside them
            t = datetime.combine(day, self.start)
            while t.time() <= latest:
                times.append(t.time())
                t += timedelta(minutes=30)
        return [datetime.combine(day, t) for t in times]


def _overlaps(a: datetime, minutes: int, spans: Iterable[tuple[datetime, datetime]]) -> bool:
    b = a + timedelta(minutes=minutes)
    return any(a < e and s < b for s, e in spans)


class SlotBook:
    """Hands out meeting times from free time; every time handed out is held, so none overlaps another."""

    def __init__(
        self, availability: Availability | None = None, held: Sequence[tuple[datetime, datetime]] = ()
    ):
        self.availability = availability or Availability()
        self.held: list[tuple[datetime, datetime]] = list(held)
        self._lock = threading.Lock()

    def hold(self, slots: Iterable[datetime]) -> None:
        """Mark times as taken (e.g. the ones a user typed in)."""
        with self._lock:
            self.held += [(s, s + timedelta(minutes=self.availability.minutes)) for s in slots]

    def free(self, slot: datetime) -> bool:
        """True when the slot clashes with nothing busy or held."""
        av = self.availability
        return not _overlaps(slot, av.minutes, av.busy) and not _overlaps(slot, av.minutes, self.held)

    def propose(self, after: date, count: int = 2) -> list[datetime]:
        """`count` free times on different days from `after` + two days, a morning and an afternoon when
        possible; they are held at once. Raises InputError when the calendar has no room."""
        av = self.availability
        with self._lock:
            picked: list[datetime] = []
            day = after + timedelta(days=LEAD_DAYS)
            for _ in range(HORIZON_DAYS):
                want_pm = bool(picked) and picked[-1].hour < 12
                options = [
                    s
                    for s in av.candidates(day)
                    if not _overlaps(s, av.minutes, av.busy) and not _overlaps(s, av.minutes, self.held)
                ]
                if options:
                    prefer = [s for s in options if (s.hour >= 12) == want_pm] or options
                    picked.append(prefer[0])
                    self.held.append((prefer[0], prefer[0] + timedelta(minutes=av.minutes)))
                    if len(picked) == count:
                        return picked
                day += timedelta(days=1)
        raise InputError(
            f"No free hour in your working days and hours in the next {HORIZON_DAYS} days: widen "
            "them in your profile, or type the times you want to offer."
        )


def parse_calendar(
    data: bytes | str, *, today: date, horizon_days: int = HORIZON_DAYS
) -> list[tuple[datetime, datetime]]:
    """Busy spans from an .ics file: events (not marked free or cancelled; daily/weekly repeats expanded) and
    FREEBUSY periods, from `today` for `horizon_days`, as floating local times. Bad files raise InputError."""
    from icalendar import Calendar

    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        cal = Calendar.from_ical(raw)
    except (ValueError, IndexError, KeyError) as exc:
        raise InputError(f"That file is not a calendar (.ics) we can read: {exc}") from None
    start = datetime.combine(today, time(0))
    stop = start + timedelta(days=horizon_days)
    spans: list[tuple[datetime, datetime]] = []
    for comp in cal.walk():
        if comp.name == "VEVENT":
            if (
                str(comp.get("TRANSP", "")).upper() == "TRANSPARENT"
                or str(comp.get("STATUS", "")).upper() == "CANCELLED"
            ):
                continue
            s, e = _when(comp.get("DTSTART")), _when(comp.get("DTEND"))
            if s is None:
                continue
            if e is None:
                e = s + (timedelta(days=1) if s.time() == time(0) else timedelta(hours=1))
            spans += _repeats(comp, s, e, start, stop)
        elif comp.name == "VFREEBUSY":
            for fb in _as_list(comp.get("FREEBUSY")):
                if str(getattr(fb, "params", {}).get("FBTYPE", "BUSY")).upper() == "FREE":
                    continue
                for period in getattr(fb, "dts", None) or [fb]:  # one period per line, or a list of them
                    a, b = _period(period)
                    if a and b and a < stop and b > start:
                        spans.append((a, b))
    spans.sort()
    return spans[:MAX_BUSY]


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _naive(value: object) -> datetime | None:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)  # shown in the user's own local time
        return value.replace(second=0, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time(0))
    return None


def _when(prop: object) -> datetime | None:
    return _naive(getattr(prop, "dt", None)) if prop is not None else None


def _period(period: object) -> tuple[datetime | None, datetime | None]:
    value = getattr(period, "dt", period)
    if isinstance(value, tuple) and len(value) == 2:
        a = _naive(value[0])
        b = value[1]
        if isinstance(b, timedelta) and a is not None:
            return a, a + b
        return a, _naive(b)
    return None, None


def _repeats(
    comp: object, s: datetime, e: datetime, start: datetime, stop: datetime
) -> list[tuple[datetime, datetime]]:
    rule = comp.get("RRULE")  # type: ignore[attr-defined]
    if not rule:
        return [(s, e)] if s < stop and e > start else []
    from dateutil.rrule import rrulestr

    try:
        text = rule.to_ical().decode()
        text = re.sub(r"UNTIL=(\d{8}T\d{6})Z", r"UNTIL=\1", text)  # floating times throughout
        occurrences = rrulestr(text, dtstart=s).between(start - (e - s), stop, inc=True)
    except (ValueError, TypeError):
        return [(s, e)] if s < stop and e > start else []
    return [(o, o + (e - s)) for o in occurrences[:500]]
