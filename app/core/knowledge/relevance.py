"""The relevance floor: the evidence below which nothing in the library answers a query at all.

The fused score (Passage.score) says which passages are best *among those found*; it is 1.0 for the
top passage of any query, even "recipe for banana bread". The evidence is the best cosine between
the query's vector and any passage's, plus `relevance_lexical_weight` times log(1 + the best BM25
score): a business-admin question ("payroll", "VAT") can sit as close to the library's business
vocabulary in meaning as a real networking question, but it rarely shares the library's own words,
and a real question phrased loosely ("10% for every job") still does. The floor is a verdict on
the query: once it is reached, the best fused passages are returned (a per-passage cut dropped
the right article from questions that were answered).

Floors are per embedding model (cosines of different models are on different scales): each embedder
carries its own `relevance_floor` and `relevance_lexical_weight`, calibrated together by
scripts/calibrate_relevance.py on labelled on-topic questions and off-topic calibration queries;
an embedder without a floor (an endpoint's model nobody calibrated) gets none, and one without a
lexical weight is judged on its cosine alone. A query whose best cosine reaches the embedder's
`relevance_strong_cosine` is answered whatever its words share with the library: the lexical
evidence helps loose questions in the library's words, but must not silence a short question in
the user's own words that means the same.
"""

from __future__ import annotations

import math
from typing import Any

NO_FLOOR = -1.0  # every cosine is at least -1: passing this returns passages however unrelated


def relevance_floor(embedder: Any) -> float:
    """The calibrated floor of this embedder, or NO_FLOOR when it has none."""
    floor = getattr(embedder, "relevance_floor", None)
    return NO_FLOOR if floor is None else float(floor)


def lexical_weight(embedder: Any) -> float:
    """The weight of the lexical evidence in this embedder's floor (0.0: the cosine alone)."""
    weight = getattr(embedder, "relevance_lexical_weight", None)
    return 0.0 if weight is None else float(weight)


def strong_cosine(embedder: Any) -> float:
    """The cosine at which this embedder's query is answered on meaning alone (inf: no such bar)."""
    bar = getattr(embedder, "relevance_strong_cosine", None)
    return math.inf if bar is None else float(bar)


def evidence(best_cosine: float, best_bm25: float, weight: float) -> float:
    """What the floor is compared with: the best cosine plus weight * log(1 + the best BM25 score)."""
    # The log keeps a long query's many matched words from outweighing what the words mean.
    return float(best_cosine) + float(weight) * math.log1p(max(float(best_bm25), 0.0))


def answers(
    best_cosine: float, best_bm25: float, floor: float, weight: float, strong: float = math.inf
) -> bool:
    """True when the library answers the query: its evidence reaches the floor, or its meaning alone
    is closer to a passage than any off-topic query came (`strong`)."""
    return float(best_cosine) >= strong or evidence(best_cosine, best_bm25, weight) >= floor


def nothing_matches(query: str) -> str:
    """What the user is told when no passage reaches the floor."""
    shown = " ".join(query.split())
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return (
        f"Nothing in the library matches \u201c{shown}\u201d. It covers 1-2-1s, referrals, follow-ups "
        "and networking: try other words, or add your own documents."
    )
