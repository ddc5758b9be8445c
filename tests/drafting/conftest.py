"""Fixtures for drafting tests: a real database, a realistic profile and a fixed 'today'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from app.core.drafting import EXAMPLE_YAML, FollowupRequest, Profile
from app.core.store import Store

TODAY = date(2025, 3, 12)  # a Wednesday


@pytest.fixture
def store(data_dir) -> Store:
    """A real SQLite store in the test's data dir."""
    return Store(data_dir)


@pytest.fixture
def profile() -> Profile:
    """A full profile without a scheduling link (so invitations offer two times)."""
    return Profile(
        name="Jane Smith",
        business="Smith & Co Bookkeeping",
        what_i_do="I keep the books for small trades businesses so the owners can get back to the work they enjoy.",
        ideal_client="Owner-run building and trades firms in West Yorkshire with 3 to 20 staff.",
        point_of_difference="I visit on site once a month.",
        story="A roofer came to me three months behind on his VAT returns. We caught up in six weeks.",
        trigger_phrases=["I'm drowning in paperwork", "my accountant only calls me once a year"],
        want_to_meet=["commercial insurance brokers", "builders' merchants"],
        not_a_fit="Limited companies that need a full audit.",
        email="jane@example.com",
        phone="07700 900123",
        signature="Jane Smith\nSmith & Co Bookkeeping",
        goals="Two more trades clients this quarter.",
        interests="Fell running.",
    )


def make_request(**overrides) -> FollowupRequest:
    """A typical request, with any field overridden."""
    values = dict(
        name="Sam Patel",
        business="Patel Print",
        met_at="Leeds Chamber breakfast",
        met_on=date(2025, 3, 11),
        detail="his daughter is starting at Leeds University in September",
        goal="thank",
        channel="email",
    )
    values.update(overrides)
    if values["goal"] == "send-resource" and "promised" not in overrides:
        values["promised"] = "the cash-flow checklist"
    if values["goal"] == "introduce" and "promised" not in overrides:
        values["promised"] = "Tom Lee, a mortgage broker"
    return FollowupRequest(**values)


@pytest.fixture
def req():
    """Factory for requests: `req(goal="nudge", channel="sms")`."""
    return make_request


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    """The example profile as a YAML file, without a scheduling link (so invitations offer two times and an .ics)."""
    data = yaml.safe_load(EXAMPLE_YAML)
    data.pop("scheduling_link")
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path
