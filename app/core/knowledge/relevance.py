"""The relevance floor: the dense cosine below which a passage does not answer a query at all.

The fused rank (Passage.score) says which passages are best *among those found*; it is 1.0 for the
top passage of any query, even "recipe for banana bread". The cosine between the query's and the
passage's vectors does not depend on what else is indexed, so a floor on it can say "nothing in
the library matches". Floors are per embedding model (cosines of different models are on different
scales): each embedder carries its own as `relevance_floor`, calibrated by
scripts/calibrate_relevance.py on labelled on-topic questions and off-topic calibration queries;
an embedder without one (an endpoint's model nobody calibrated) gets no floor.
"""

from __future__ import annotations

from typing import Any

NO_FLOOR = -1.0  # every cosine is at least -1: passing this returns passages however unrelated


def relevance_floor(embedder: Any) -> float:
    """The calibrated floor of this embedder, or NO_FLOOR when it has none."""
    floor = getattr(embedder, "relevance_floor", None)
    return NO_FLOOR if floor is None else float(floor)


def nothing_matches(query: str) -> str:
    """What the user is told when no passage reaches the floor."""
    shown = " ".join(query.split())
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return (
        f"Nothing in the library matches \u201c{shown}\u201d. It covers 1-2-1s, referrals, follow-ups "
        "and networking: try other words, or add your own documents."
    )
