"""Shared loaders and scoring for the held-out sets in bench/heldout/ (never used for training or tuning)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HELDOUT = Path(__file__).resolve().parent / "heldout"


def load(name: str) -> Any:
    """One held-out file, parsed."""
    return yaml.safe_load((HELDOUT / name).read_text(encoding="utf-8"))


def transcripts() -> list[dict[str, Any]]:
    """The hand-labelled transcripts."""
    return list(load("transcripts.yaml")["transcripts"])


def agreement(results: list[dict[str, bool]], labelled: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-check and overall agreement of verdicts with the hand labels."""
    per: dict[str, list[int]] = {}
    for verdicts, t in zip(results, labelled, strict=True):
        for check, want in t["labels"].items():
            if check in verdicts:
                per.setdefault(check, []).append(int(verdicts[check] == bool(want)))
    overall = [x for xs in per.values() for x in xs]
    return {
        "overall": round(sum(overall) / len(overall), 4) if overall else None,
        "judgements": len(overall),
        "per_check": {k: round(sum(v) / len(v), 3) for k, v in sorted(per.items())},
    }
