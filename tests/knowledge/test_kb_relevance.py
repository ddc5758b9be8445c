"""Search answers honestly: below the relevance floor (the best cosine, plus lexical evidence where the
embedder was calibrated with it; never the fused score) nothing is returned."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from app.core.knowledge.embeddings import (
    MINILM_RELEVANCE_FLOOR,
    MINILM_RELEVANCE_LEXICAL_WEIGHT,
    OpenAIEmbedder,
)
from app.core.knowledge.hash_embedder import HASH_RELEVANCE_FLOOR, HashEmbedder
from app.core.knowledge.index import KnowledgeBase
from app.core.knowledge.memory_store import MemoryStore
from app.core.knowledge.relevance import (
    NO_FLOOR,
    answers,
    evidence,
    lexical_weight,
    nothing_matches,
    relevance_floor,
    strong_cosine,
)

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"


def test_a_query_sharing_nothing_with_the_library_gets_no_passages(kb: KnowledgeBase) -> None:
    assert kb.search("asdfgh qwerty zxcvb", k=4) == []
    assert kb.search("recipe for banana bread with walnuts", k=4) == []
    nearest = kb.search("asdfgh qwerty zxcvb", k=1, min_relevance=NO_FLOOR)
    assert nearest and nearest[0].relevance < kb.relevance_floor


def test_the_floor_judges_the_query_and_relevance_is_the_cosine(kb: KnowledgeBase) -> None:
    query = "agree the purpose of a coffee meeting and one next step"
    hits = kb.search(query, k=4)
    assert hits and max(h.relevance for h in hits) >= kb.relevance_floor
    qvec = kb.embedder.embed([query])[0]
    stored = {r.id: r.vector for r in kb._collection().get([h.id for h in hits], vectors=True)}
    for h in hits:
        assert h.relevance == pytest.approx(float(np.dot(stored[h.id], qvec)), abs=1e-4)
    # Once the query reaches the floor, the passages are the same whatever the floor: it never
    # drops or reorders the supporting passages of a question the library answers.
    best = max(h.relevance for h in hits)
    assert [h.id for h in kb.search(query, k=4, min_relevance=best - 1e-3)] == [h.id for h in hits]
    assert [h.id for h in kb.search(query, k=4, min_relevance=NO_FLOOR)] == [h.id for h in hits]
    assert kb.search(query, k=4, min_relevance=best + 1e-3) == []


def test_lexical_evidence_adds_to_the_cosine_on_a_log_scale() -> None:
    assert evidence(0.4, 0.0, 0.5) == pytest.approx(0.4)
    assert evidence(0.4, math.e - 1, 0.5) == pytest.approx(0.9)
    assert evidence(0.4, -3.0, 0.5) == pytest.approx(0.4)  # no negative evidence from BM25
    assert answers(0.4, math.e - 1, 0.9, 0.5) and not answers(0.4, math.e - 1, 0.91, 0.5)
    assert answers(0.4, 100.0, 0.4, 0.0)  # weight 0: the cosine alone
    assert lexical_weight(HashEmbedder()) == 0.0 and lexical_weight(object()) == 0.0


def test_a_query_close_enough_in_meaning_is_answered_whatever_its_words() -> None:
    # Floor 1.4 with weight 0.5: cosine 0.6 and BM25 1.0 give 0.95, short of it on evidence.
    assert not answers(0.6, 1.0, 1.4, 0.5)
    assert answers(0.6, 1.0, 1.4, 0.5, strong=0.55)  # but its meaning alone clears the strong bar
    assert not answers(0.5, 1.0, 1.4, 0.5, strong=0.55)
    assert strong_cosine(HashEmbedder()) == math.inf and strong_cosine(object()) == math.inf


def test_a_shared_rare_word_lifts_a_query_over_a_floor_its_cosine_misses(
    settings, fixture_library: Path
) -> None:
    embedder = HashEmbedder()
    kb = KnowledgeBase(settings, embedder, library_dir=fixture_library, store=MemoryStore())
    query = "tomatoes"
    best = max(h.relevance for h in kb.search(query, k=4, min_relevance=NO_FLOOR))
    embedder.relevance_floor = best + 0.05
    assert kb.search(query, k=4) == []  # the cosine alone does not reach the floor
    embedder.relevance_lexical_weight = 0.5  # type: ignore[attr-defined]
    assert kb.relevance_lexical_weight == 0.5
    hits = kb.search(query, k=4)
    assert hits and "tomatoes" in hits[0].text.lower()
    assert kb.search("asdfgh qwerty", k=4) == []  # no shared word: no lexical evidence


def test_filters_apply_before_the_floor(kb: KnowledgeBase, tmp_path: Path) -> None:
    note = tmp_path / "notes.txt"
    note.write_text("Garden Club\n\nThe garden club waters the tomatoes on Sundays.\n", encoding="utf-8")
    kb.ingest([note])
    assert kb.search("who waters the tomatoes", k=2, filters={"origin": "user"})[0].source == str(note)
    assert (
        kb.search("who waters the tomatoes", k=2, filters={"source": "lib/articles/coffee-meeting.md"}) == []
    )


def test_each_embedder_carries_its_own_floor() -> None:
    assert relevance_floor(HashEmbedder()) == HASH_RELEVANCE_FLOOR
    assert relevance_floor(HashEmbedder(relevance_floor=None)) == NO_FLOOR
    assert relevance_floor(object()) == NO_FLOOR  # an embedder nobody calibrated: no floor
    assert OpenAIEmbedder.relevance_floor is None
    # The MiniLM floor is on cosine + weight * log(1 + BM25): above any cosine, reached with shared words.
    assert 1.0 < MINILM_RELEVANCE_FLOOR < 1.0 + MINILM_RELEVANCE_LEXICAL_WEIGHT * math.log1p(20.0)


def test_the_user_is_told_plainly_that_nothing_matches() -> None:
    message = nothing_matches("  how do I\nfile my VAT return  ")
    assert message.startswith("Nothing in the library matches \u201chow do I file my VAT return\u201d.")
    assert len(nothing_matches("x " * 200)) < 260


def test_info_reports_the_floor(settings, fixture_library: Path) -> None:
    kb = KnowledgeBase(
        settings, HashEmbedder(relevance_floor=0.3), library_dir=fixture_library, store=MemoryStore()
    )
    assert kb.info()["relevance_floor"] == 0.3 == kb.relevance_floor
    assert kb.info()["relevance_lexical_weight"] == 0.0  # the hash embedder's floor is cosine alone


def _rows(name: str) -> list[dict[str, str]]:
    return [
        json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.mark.minilm
@pytest.mark.chroma
def test_the_real_library_says_nothing_to_off_topic_queries_and_answers_its_own(library_kb) -> None:
    offtopic = _rows("offtopic_queries.jsonl")
    assert len(offtopic) >= 30
    answered = [q for q in offtopic if library_kb.search(q["query"], k=1)]
    # Everyday and gibberish queries never get a passage; a few business-admin ones sit near the
    # library's own business vocabulary (bench/bench_knowledge.py reports which, with their cosines).
    assert [q["query"] for q in answered if q["kind"] != "near-domain"] == []
    assert len(answered) / len(offtopic) <= 0.1
    heldout = _rows("questions_heldout.jsonl")
    answered_heldout = [q for q in heldout if library_kb.search(q["question"], k=3)]
    assert len(answered_heldout) / len(heldout) >= 0.9
    # Short questions in a user's own words, sharing few of the library's words, are answered.
    for question in ("how do I ask for a 1-2-1 meeting", "How do I ask someone for a one-to-one?"):
        hits = library_kb.search(question, k=3)
        assert hits and hits[0].source.endswith("asking-for-a-1-2-1.md"), question
