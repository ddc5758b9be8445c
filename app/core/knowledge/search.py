"""Search: filters, hybrid retrieval (dense, BM25 and reader questions, fused by score), the relevance floor,
near-duplicate collapse."""

from __future__ import annotations

import logging
import math
import re
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from app.core.errors import InputError
from app.core.knowledge.embeddings import Embedder
from app.core.knowledge.lexical import LexicalCache, LexicalIndex
from app.core.knowledge.reader_questions import QuestionBank, SectionKey, section_of
from app.core.knowledge.relevance import NO_FLOOR, answers
from app.core.knowledge.types import Passage
from app.core.knowledge.vectors import Row, VectorStore, Where, matches, where_values

log = logging.getLogger(__name__)
FILTER_KEYS = ("origin", "source", "title", "kind")
MAX_QUERY_CHARS = 2000
# Passages taken from each signal before fusion: a fixed depth, so the first results do not depend on k.
FUSION_POOL = 50
# The shares of BM25 and of the reader-question signal (see reader_questions.py) in the fused score;
# the dense cosine has the rest. On the labelled questions, with the relevance floor applied, hit@3
# is 0.951 for question weights 0.55 to 0.6 with BM25 weights 0.15 to 0.25 (0.903 without reader
# questions): 0.6 and 0.2 sit inside that plateau. The questions lead because they are written in
# members' words; BM25 brings back the rare exact word; the cosine orders passages within a section.
LEXICAL_WEIGHT = 0.2
QUESTION_WEIGHT = 0.6
# How many of the sections whose questions come closest to the query bring all their passages into
# the candidates (4 to 16 give the same results).
QUESTION_SECTIONS = 8
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


def fuse(
    dense: Mapping[str, float],
    lexical: Mapping[str, float],
    weight: float = LEXICAL_WEIGHT,
    questions: Mapping[str, float] | None = None,
    question_weight: float = QUESTION_WEIGHT,
) -> list[tuple[str, float]]:
    """Convex fusion: (id, score) best first, the score being (1 - weight) * cosine / best cosine
    + weight * BM25 / best BM25 over the candidates, so 1.0 means first by both signals.

    Each signal is divided by its own best value (its theoretical minimum, 0, kept as the floor of
    the scale), so a passage strong in one signal keeps that strength: rank fusion (RRF) flattened
    it and let passages mediocre in both outrank it. A candidate missing from `lexical` shares no
    word with the query (BM25 0); one missing from `dense` counts as cosine 0.
    """
    ids = list(dict.fromkeys([*dense, *lexical]))
    best_cos = max((v for v in dense.values() if v > 0), default=1.0)
    best_bm25 = max((v for v in lexical.values() if v > 0), default=1.0)
    qsig = questions or {}
    best_q = max((v for v in qsig.values() if v > 0), default=0.0)
    wq = question_weight if best_q > 0 else 0.0
    scored = {
        pid: (1.0 - weight - wq) * max(dense.get(pid, 0.0), 0.0) / best_cos
        + weight * max(lexical.get(pid, 0.0), 0.0) / best_bm25
        + (wq * max(qsig.get(pid, 0.0), 0.0) / best_q if wq else 0.0)
        for pid in ids
    }
    # Python's sort is stable: ties keep first-seen order, which favours the dense ranking.
    return sorted(scored.items(), key=lambda item: -item[1])


def hybrid_search(
    store: VectorStore,
    embedder: Embedder,
    lexical: LexicalCache | None,
    query: str,
    k: int,
    filters: Mapping[str, Any] | None = None,
    *,
    floor: float = NO_FLOOR,
    lexical_evidence: float = 0.0,
    strong_cosine: float = math.inf,
    questions: QuestionBank | None = None,
) -> list[Passage]:
    """The k best passages: dense and BM25 scores fused (see `fuse`), then near-duplicates collapsed.

    A passage's `score` is its fused score (1.0 = first by both signals), its `relevance` the cosine
    between its vector and the query's. The floor is a verdict on the query, not on each passage:
    when the best cosine plus `lexical_evidence` times log(1 + best BM25) is below `floor`, nothing
    in the library matches and [] is returned (see relevance.py); otherwise the best fused passages
    are returned. Every passage returned is read from the store in this call: the lexical index
    only proposes ids.
    """
    where = check_filters(filters)
    total = store.count()
    if total == 0:
        return []
    # Both signals are cut at the same fixed depth whatever k is, so the first results do not depend
    # on how many were asked for.
    pool = min(total, max(FUSION_POOL, 3 * int(k) + 5))
    qvec = embedder.embed([query[:MAX_QUERY_CHARS]])[0]
    dense = dict(store.query(qvec, pool, where=where))
    if not dense:
        return []
    bm25 = _lexical_scores(store, lexical, query, pool, where, total, list(dense))
    best_bm25 = max(bm25.values(), default=0.0)
    sections = _admitted(questions.section_scores(embedder, qvec), where) if questions is not None else {}
    # The meaning evidence is the query's best cosine with anything standing for the library: a passage
    # or a reader question (a question in a member's words is often nearer than the passage it asks about).
    best_cos = max([*dense.values(), *sections.values()])
    if not answers(best_cos, best_bm25, floor, lexical_evidence, strong_cosine):
        return []
    extra = _question_candidates(lexical, store, total, sections)
    rows = _fetch(store, list(dict.fromkeys([*dense, *bm25, *extra])), where)
    cosines = {row.id: _cosine(row, qvec) for row in rows}
    by_id = {row.id: row for row in rows}
    # A passage is represented by its best vector: its own or one of its section's reader questions, so
    # a user's document (no questions) competes on its own cosine instead of losing the question share.
    asked = (
        {row.id: max(sections.get(section_of(row.meta), -1.0), cosines[row.id]) for row in rows}
        if sections
        else None
    )
    cands = [
        (
            passage_from(pid, by_id[pid].text, by_id[pid].meta, score, relevance=cosines[pid]),
            by_id[pid].vector,
        )
        for pid, score in fuse(
            cosines,
            {pid: v for pid, v in bm25.items() if pid in by_id},
            LEXICAL_WEIGHT,
            questions=asked,
            question_weight=QUESTION_WEIGHT,
        )
    ]
    return collapse(cands, int(k))


def _admitted(sections: Mapping[SectionKey, float], where: Where | None) -> dict[SectionKey, float]:
    """The sections a filter lets through (reader questions belong to library articles only)."""
    if not where:
        return dict(sections)
    return {
        key: v
        for key, v in sections.items()
        if matches(
            {"origin": "library", "source": key[0]}, {f: where[f] for f in ("origin", "source") if f in where}
        )
        and not any(f in where for f in ("title", "kind"))
    }


def _question_candidates(
    lexical: LexicalCache | None, store: VectorStore, total: int, sections: Mapping[SectionKey, float]
) -> list[str]:
    """The passages of the QUESTION_SECTIONS sections whose reader questions come closest to the query
    (a section the dense and BM25 pools both missed can still be ranked on its questions)."""
    if not sections or lexical is None:
        return []
    top = sorted(sections, key=lambda key: -sections[key])[:QUESTION_SECTIONS]
    try:
        index: LexicalIndex = lexical.get(store, total)
    except Exception:  # the lexical side logs its own failure; the other signals still answer
        return []
    members = _SECTION_MEMBERS.get(index)
    if members is None:
        # Once per index build: reading every passage's section on each query cost 8 ms at 2,000.
        members = {}
        for pid, meta in zip(index.ids, index.metas, strict=True):
            members.setdefault(section_of(meta), []).append(pid)
        _SECTION_MEMBERS[index] = members
    return [pid for key in top for pid in members.get(key, ())]


_SECTION_MEMBERS: weakref.WeakKeyDictionary[LexicalIndex, dict[SectionKey, list[str]]] = (
    weakref.WeakKeyDictionary()
)


def _cosine(row: Row, qvec: np.ndarray) -> float:
    return float(np.dot(row.vector, qvec)) if row.vector is not None else 0.0


def _lexical_scores(
    store: VectorStore,
    lexical: LexicalCache | None,
    query: str,
    n: int,
    where: Where | None,
    total: int,
    also: Sequence[str],
) -> dict[str, float]:
    """BM25 of the n best passages within the filters and of the `also` ids (the dense candidates),
    zeros left out; empty (dense only) if the index is unavailable."""
    if lexical is None:
        return {}
    try:
        index = lexical.get(store, total)
        key = tuple(sorted((key, tuple(sorted(v))) for key, v in where_values(where).items()))
        allowed = index.mask(key, lambda meta: matches(meta, where)) if where else None
        scores = dict(index.search(query, n, allowed))
        scores.update({pid: v for pid, v in index.scores_of(query, also).items() if v > 0.0})
        return scores
    except Exception as exc:  # the dense ranking alone still answers the question
        log.warning(
            "Lexical search unavailable, using the dense ranking alone (%s: %s).", type(exc).__name__, exc
        )
        lexical.invalidate()
        return {}


def _fetch(store: VectorStore, ids: list[str], where: Where | None) -> list[Row]:
    """The candidates that still exist and pass the filters, with their vectors."""
    # A lexical candidate deleted (or filtered out) since its index was built is simply not returned.
    return store.get(ids, where=where, vectors=True) if ids else []


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
