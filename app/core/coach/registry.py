"""The coach's checks as data: one definition per check, loaded from knowledge/coach/checks.yaml.

Everything that lists checks (the report, hints, the summary validator, the model judge's schema, the
CLI and the app) derives from `CHECKS`, so adding a check is one entry in that file plus, for a new kind
of verdict, one judge function.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from app.core.datafile import load_mapping
from app.core.language.acts import Act

CHECKS_FILE = Path(__file__).resolve().parents[3] / "knowledge" / "coach" / "checks.yaml"


@dataclass(frozen=True)
class CheckDef:
    """One check: how it is judged, which scenarios it applies to, and everything the coach says about it."""

    id: str
    label: str
    judge: str
    strength: str
    improvement: str
    hint: str
    hint_from: int
    query: str
    topic: str
    texts: dict[str, str] = field(default_factory=dict)  # done / missed / broad / vague / ... verdict wording
    passes: tuple[Act, ...] = ()
    pass_when: dict[str, str] = field(default_factory=dict)
    near: tuple[Act, ...] = ()
    veto: tuple[Act, ...] = ()
    fail: tuple[Act, ...] = ()
    steer: tuple[Act, ...] = ()
    rude_vetoes: bool = False
    not_negated: bool = False
    not_vague: bool = False
    scenarios: tuple[str, ...] = ()  # empty: every scenario
    numbers: dict[str, float] = field(default_factory=dict)

    def text(self, key: str) -> str:
        """ "One of the check's verdict texts ("done", "missed", "broad", ...)."""
        return self.texts[key]

    def applies_to(self, scenario: str | None) -> bool:
        """Does this check apply to a transcript of `scenario`?"""
        return not self.scenarios or scenario in self.scenarios

    @property
    def topic_pattern(self) -> re.Pattern[str]:
        """How prose about this check is recognised (the summary validator)."""
        return re.compile(re.sub(r"\s*\n\s*", " ", self.topic))


_TEXT_KEYS = ("done", "missed", "broad", "vague", "declined", "unanswered", "sales", "bought", "near_reason")
_NUMBER_KEYS = ("min_questions", "max_share")


def _def(raw: dict[str, Any]) -> CheckDef:
    return CheckDef(
        id=raw["id"],
        label=raw["label"],
        judge=raw["judge"],
        strength=raw["strength"],
        improvement=raw["improvement"],
        hint=raw["hint"],
        hint_from=int(raw["hint_from"]),
        query=raw["query"],
        topic=raw["topic"],
        texts={k: str(raw[k]) for k in _TEXT_KEYS if k in raw},
        # Act(...) refuses an act id that acts.yaml does not define, so a typo fails at start-up.
        passes=tuple(Act(a) for a in raw.get("pass", ())),
        pass_when=dict(raw.get("pass_when", {})),
        near=tuple(Act(a) for a in raw.get("near", ())),
        veto=tuple(Act(a) for a in raw.get("veto", ())),
        fail=tuple(Act(a) for a in raw.get("fail", ())),
        steer=tuple(Act(a) for a in raw.get("steer", ())),
        rude_vetoes=bool(raw.get("rude_vetoes", False)),
        not_negated=bool(raw.get("not_negated", False)),
        not_vague=bool(raw.get("not_vague", False)),
        scenarios=tuple(raw.get("scenarios", ())),
        numbers={k: float(raw[k]) for k in _NUMBER_KEYS if k in raw},
    )


@cache
def _load() -> tuple[str, tuple[CheckDef, ...]]:
    data = load_mapping(CHECKS_FILE)
    return str(data["rubric"]), tuple(_def(c) for c in data["checks"])


RUBRIC_VERSION, CHECKS = _load()
BY_ID: dict[str, CheckDef] = {c.id: c for c in CHECKS}
# The checks every 1-2-1 is judged on, whatever its scenario, in report order.
CORE_IDS: tuple[str, ...] = tuple(c.id for c in CHECKS if not c.scenarios)


def checks_for(scenario: str | None) -> list[CheckDef]:
    """The checks that apply to a transcript of `scenario`, in report order."""
    return [c for c in CHECKS if c.applies_to(scenario)]


def check_ids_for(scenario: str | None) -> list[str]:
    """Ids of the checks that apply to `scenario`."""
    return [c.id for c in checks_for(scenario)]


def get(check_id: str) -> CheckDef:
    """One check by id (KeyError for an unknown id)."""
    return BY_ID[check_id]


def labels(ids: Sequence[str]) -> list[str]:
    """Labels of several checks."""
    return [BY_ID[i].label for i in ids]
