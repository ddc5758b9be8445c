"""Search: metadata filters, hybrid retrieval (dense + BM25, fused by rank), near-duplicate collapse."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from app.core.errors import InputError, KnowledgeError
from app.core.knowledge.lexical import LexicalCache
from app.core.knowledge.types import Passage

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


def build_where(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Turn {"origin": "library"} / {"source": [a, b]} into a Chroma `where` clause."""
    if not filters:
        return None
    clauses = []
    for key, value in filters.items():
        if key not in FILTER_KEYS:
            raise InputError(f"Unknown search filter {key!r}: use one of {', '.join(FILTER_KEYS)}.")
        if isinstance(value, (list, tuple, set)):
            values = [str(v) for v in value]
            if not values:
                raise InputError(f"The search filter {key!r} lists no values.")
            clauses.append({key: {"$in": values}})
        else:
            clauses.append({key: str(value)})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _filter_values(filters: Mapping[str, Any] | None) -> dict[str, frozenset[str]]:
    out = {}
    for key, value in (filters or {}).items():
        values = value if isinstance(value, (list, tuple, set)) else [value]
        out[key] = frozenset(str(v) for v in values)
    return out


def matches(meta: Mapping[str, Any], filters: Mapping[str, Any] | None) -> bool:
    """Whether a passage's metadata passes the filters, exactly as the `build_where` clause would."""
    return all(str(meta.get(key)) in values for key, values in _filter_values(filters).items())


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


def _unit(vec: Any) -> np.ndarray | None:
    if vec is None:
        return None
    v = np.asarray(vec, dtype=np.float32)
    return v / max(float(np.linalg.norm(v)), 1e-12)


def hybrid_search(col: Any, embedder: Any, lexical: LexicalCache | None, query: str, k: int,
                  filters: Mapping[str, Any] | None = None) -> list[Passage]:
    """The k best passages: dense and BM25 rankings fused with RRF, then near-duplicates collapsed.

    A passage's score is its fused RRF score (1.0 = first in both rankings). Every passage returned
    is read from Chroma in this call, whichever ranking found it: the lexical index only proposes ids.
    """
    where = build_where(filters)
    total = col.count()
    if total == 0:
        return []
    need = min(total, 3 * int(k) + 5)  # candidates for the collapse, which may drop a few as duplicates
    # Both rankings are cut at the same fixed depth whatever k is, so the first results do not depend
    # on how many were asked for, and a passage both signals rank moderately gets credit from both.
    pool = min(total, max(FUSION_POOL, need))
    qvec = embedder.embed([query[:MAX_QUERY_CHARS]])
    try:
        res = col.query(query_embeddings=qvec.tolist(), n_results=pool, where=where, include=["distances"])
    except Exception as exc:
        raise KnowledgeError(f"The knowledge search failed ({type(exc).__name__}: {exc}).") from None
    fused = fuse([res["ids"][0], _lexical_ranking(col, lexical, query, pool, filters, total)])
    rows = _fetch(col, [pid for pid, _ in fused], need, where)
    cands = []
    for pid, score in fused:
        if pid in rows:  # a lexical candidate deleted (or filtered out) since its index was built is skipped
            doc, meta, vec = rows[pid]
            cands.append((passage_from(pid, doc, meta, score), vec))
    return collapse(cands, int(k))


def _lexical_ranking(col: Any, lexical: LexicalCache | None, query: str, n: int,
                     filters: Mapping[str, Any] | None, total: int) -> list[str]:
    """Passage ids ranked by BM25 within the filters; empty (dense only) if the index is unavailable."""
    if lexical is None:
        return []
    try:
        index = lexical.get(col, total)
        key = tuple(sorted((key, tuple(sorted(v))) for key, v in _filter_values(filters).items()))
        allowed = index.mask(key, lambda meta: matches(meta, filters)) if filters else None
        return [pid for pid, _ in index.search(query, n, allowed)]
    except Exception as exc:  # the dense ranking alone still answers the question
        log.warning("Lexical search unavailable, using the dense ranking alone (%s: %s).", type(exc).__name__, exc)
        lexical.invalidate()
        return []


def _fetch(col: Any, order: list[str], need: int, where: dict[str, Any] | None
           ) -> dict[str, tuple[str, Mapping[str, Any], np.ndarray | None]]:
    """Text, metadata and unit vector of the first `need` fused candidates that still exist."""
    rows: dict[str, tuple[str, Mapping[str, Any], np.ndarray | None]] = {}
    start = 0
    while start < len(order) and len(rows) < need:
        ids = order[start : start + need - len(rows)]
        start += len(ids)
        try:
            got = col.get(ids=ids, where=where, include=["documents", "metadatas", "embeddings"])
        except Exception as exc:
            raise KnowledgeError(f"The knowledge search failed ({type(exc).__name__}: {exc}).") from None
        embs = got.get("embeddings")
        vecs = embs if embs is not None and len(embs) else [None] * len(got["ids"])
        for pid, doc, meta, emb in zip(got["ids"], got["documents"], got["metadatas"], vecs, strict=False):
            rows[pid] = (doc or "", meta or {}, _unit(emb))
    return rows


def passage_from(pid: str, text: str, meta: Mapping[str, Any], score: float) -> Passage:
    """A Passage from one Chroma row."""
    return Passage(
        id=pid,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        heading=str(meta.get("heading", "")),
        text=text or "",
        score=round(float(score), 4),
        position=int(meta.get("position", 0)),
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
