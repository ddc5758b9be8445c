"""Search: filters, hybrid retrieval (dense + BM25, fused by rank), the relevance floor, near-duplicate collapse."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from app.core.errors import InputError
from app.core.knowledge.embeddings import Embedder
from app.core.knowledge.lexical import LexicalCache
from app.core.knowledge.relevance import NO_FLOOR
from app.core.knowledge.types import Passage
from app.core.knowledge.vectors import Row, VectorStore, Where, matches, where_values

log = logging.getLogger(__name__)
FILTER_KEYS = ("origin", "source", "title", "kind")
RRF_K = 60  # the constant of Cormack, Clarke and Buettcher (2009): works across collections untuned
MAX_QUERY_CHARS = 2000
# Passages taken from each ranking before fusion. Not a tuned value: on the built-in library the
# results are the same for any depth from 40 up to every passage; a depth tied to k (17 for k=4) was worse.
FUSION_POOL = 50
NEAR_DUPLICATE_COSINE = 0.95
NEAR_DUPLICATE_OVERLAP = 0.8  # share of word 5-grams of the shorter passage found in the other
_SHINGLE = 5


def check_filters(filters: Mapping[str, Any] | None) -> Where | None:
    """Validate search filters ({"origin": "library"}, {"source": [a, b]}): known fields, no empty lists."""
    if not filters:
        return None
    out: dict[str, Any] = {}
    for key, value in filters.items():
        if key not in FILTER_KEYS:
            raise InputError(f"Unknown search filter {key!r}: use one of {', '.join(FILTER_KEYS)}.")
        if isinstance(value, (list, tuple, set, frozenset)):
            values = [str(v) for v in value]
            if not values:
                raise InputError(f"The search filter {key!r} lists no values.")
            out[key] = values
        else:
            out[key] = str(value)
    return out


def fuse(rankings: Iterable[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal Rank Fusion: (id, score) best first, the score being the sum of 1 / (k + rank)
    over the rankings that list the id, divided by its maximum (first in every ranking) so it is in (0, 1].

    Ranks, not scores, are combined, so a cosine similarity and a BM25 score never need to be put
    on one scale, and no weight has to be tuned to a particular question set.
    """
    lists = [list(r) for r in rankings if r]
    total: dict[str, float] = {}
    for ranking in lists:
        for rank, pid in enumerate(ranking, start=1):
            total[pid] = total.get(pid, 0.0) + 1.0 / (k + rank)
    best = len(lists) / (k + 1) if lists else 1.0
    # Python's sort is stable: ties keep first-seen order, which favours the ranking listed first.
    return [(pid, score / best) for pid, score in sorted(total.items(), key=lambda item: -item[1])]


def hybrid_search(
    store: VectorStore,
    embedder: Embedder,
    lexical: LexicalCache | None,
    query: str,
    k: int,
    filters: Mapping[str, Any] | None = None,
    *,
    floor: float = NO_FLOOR,
) -> list[Passage]:
    """The k best passages: dense and BM25 rankings fused with RRF, then near-duplicates collapsed.

    A passage's `score` is its fused RRF score (1.0 = first in both rankings), its `relevance` the
    cosine between its vector and the query's. Passages below `floor` are never returned, whichever
    ranking found them, so a query about nothing in the library returns []. Every passage returned
    is read from the store in this call: the lexical index only proposes ids.
    """
    where = check_filters(filters)
    total = store.count()
    if total == 0:
        return []
    need = min(total, 3 * int(k) + 5)  # candidates for the collapse, which may drop a few as duplicates
    # Both rankings are cut at the same fixed depth whatever k is, so the first results do not depend
    # on how many were asked for, and a passage both signals rank moderately gets credit from both.
    pool = min(total, max(FUSION_POOL, need))
    qvec = embedder.embed([query[:MAX_QUERY_CHARS]])[0]
    dense = store.query(qvec, pool, where=where)
    if not dense or dense[0][1] < floor:
        return []  # the nearest passage of all is below the floor: no other can reach it
    fused = dict(
        fuse([[pid for pid, _ in dense], _lexical_ranking(store, lexical, query, pool, where, total)])
    )
    cands = []
    for row in _fetch(store, list(fused), need, where, qvec, floor):
        relevance = float(np.dot(row.vector, qvec)) if row.vector is not None else 0.0
        cands.append(
            (passage_from(row.id, row.text, row.meta, fused[row.id], relevance=relevance), row.vector)
        )
    return collapse(cands, int(k))


def _lexical_ranking(
    store: VectorStore, lexical: LexicalCache | None, query: str, n: int, where: Where | None, total: int
) -> list[str]:
    """Passage ids ranked by BM25 within the filters; empty (dense only) if the index is unavailable."""
    if lexical is None:
        return []
    try:
        index = lexical.get(store, total)
        key = tuple(sorted((key, tuple(sorted(v))) for key, v in where_values(where).items()))
        allowed = index.mask(key, lambda meta: matches(meta, where)) if where else None
        return [pid for pid, _ in index.search(query, n, allowed)]
    except Exception as exc:  # the dense ranking alone still answers the question
        log.warning(
            "Lexical search unavailable, using the dense ranking alone (%s: %s).", type(exc).__name__, exc
        )
        lexical.invalidate()
        return []


def _fetch(
    store: VectorStore, order: list[str], need: int, where: Where | None, qvec: np.ndarray, floor: float
) -> list[Row]:
    """The first `need` fused candidates that still exist, pass the filters and reach the floor, in fused order."""
    kept: list[Row] = []
    start = 0
    while start < len(order) and len(kept) < need:
        ids = order[start : start + need - len(kept)]
        start += len(ids)
        rows = {r.id: r for r in store.get(ids, where=where, vectors=True)}
        for pid in ids:
            row = rows.get(
                pid
            )  # a lexical candidate deleted (or filtered out) since its index was built is skipped
            if row is not None and (row.vector is None or float(np.dot(row.vector, qvec)) >= floor):
                kept.append(row)
    return kept


def passage_from(
    pid: str, text: str, meta: Mapping[str, Any], score: float, *, relevance: float = 0.0
) -> Passage:
    """A Passage from one stored row."""
    return Passage(
        id=pid,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        heading=str(meta.get("heading", "")),
        text=text or "",
        score=round(float(score), 4),
        position=int(meta.get("position", 0)),
        relevance=round(float(relevance), 4),
    )


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _overlap(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def collapse(candidates: Sequence[tuple[Passage, np.ndarray | None]], k: int) -> list[Passage]:
    """Keep the best-ranked passages, dropping any that nearly repeats one already kept."""
    kept: list[tuple[Passage, np.ndarray | None, set[tuple[str, ...]]]] = []
    for passage, vec in candidates:
        grams = _shingles(passage.text)
        duplicate = False
        for _, kvec, kgrams in kept:
            if vec is not None and kvec is not None and float(np.dot(vec, kvec)) > NEAR_DUPLICATE_COSINE:
                duplicate = True
            elif _overlap(grams, kgrams) > NEAR_DUPLICATE_OVERLAP:
                duplicate = True
            if duplicate:
                break
        if not duplicate:
            kept.append((passage, vec, grams))
            if len(kept) >= k:
                break
    return [p for p, _, _ in kept]
