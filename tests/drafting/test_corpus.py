"""The validators on human-quality drafts (paraphrased details, varied structure) and on bad ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from app.core.drafting import FollowupRequest, Profile
from app.core.drafting.followup import check_draft

DATA = Path(__file__).parent / "data"
TODAY = date(2025, 3, 12)


def _entries(name: str) -> list[dict]:
    return yaml.safe_load((DATA / f"{name}_drafts.yaml").read_text(encoding="utf-8"))["drafts"]


def _check(e: dict) -> list:
    profile = Profile(
        name="Jane Smith",
        business="Smith & Co Bookkeeping",
        signature="Jane",
        scheduling_link=e.get("link", ""),
    )
    req = FollowupRequest(
        name=e["name"],
        met_at=e["met_at"],
        detail=e["detail"],
        goal=e["goal"],
        channel=e["channel"],
        promised=e.get("promised", ""),
        slots=e.get("slots") or [],
        sent_on=date(2025, 3, 1) if e["goal"] == "nudge" else None,
    )
    return check_draft(req, profile, e.get("subject", ""), e["text"], today=TODAY)


def test_the_corpora_are_big_enough_and_cover_every_goal_and_channel():
    good, bad = _entries("good"), _entries("bad")
    assert len(good) >= 40 and len(bad) >= 30
    assert {e["goal"] for e in good} == {"thank", "invite-121", "send-resource", "introduce", "nudge"}
    assert {e["channel"] for e in good} == {"email", "sms", "linkedin-note", "linkedin-message"}
    assert {"placeholder", "invented name", "two asks", "pitch", "over limit"} <= {e["why"] for e in bad}


def test_good_human_drafts_pass_at_least_95_percent():
    results = [(e["name"], _check(e)) for e in _entries("good")]
    failed = [(name, [f.name for f in fails]) for name, fails in results if fails]
    assert len(failed) <= len(results) * 0.05, failed


@pytest.mark.parametrize("entry", _entries("bad"), ids=lambda e: f"{e['why']}-{e['name']}")
def test_every_bad_draft_is_rejected(entry):
    assert _check(entry), entry["why"]
