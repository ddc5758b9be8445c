"""Search answers honestly: below the relevance floor (a cosine, not the fused rank) nothing is returned."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.core.knowledge.embeddings import MINILM_RELEVANCE_FLOOR, OpenAIEmbedder
from app.core.knowledge.hash_embedder import HASH_RELEVANCE_FLOOR, HashEmbedder
from app.core.knowledge.index import KnowledgeBase
from app.core.knowledge.memory_store import MemoryStore
from app.core.knowledge.relevance import NO_FLOOR, nothing_matches, relevance_floor

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"


def test_a_query_sharing_nothing_with_the_library_gets_no_passages(kb: KnowledgeBase) -> None:
    assert kb.search("asdfgh qwerty zxcvb", k=4) == []
    assert kb.search("recipe for banana bread with walnuts", k=4) == []
    # The fused rank alone would have called the nearest passage a perfect 1.0.
    nearest = kb.search("asdfgh qwerty zxcvb", k=1, min_relevance=NO_FLOOR)
    assert nearest and nearest[0].score == 1.0 and nearest[0].relevance < kb.relevance_floor


def test_every_passage_returned_reaches_the_floor_and_relevance_is_the_cosine(kb: KnowledgeBase) -> None:
    hits = kb.search("agree the purpose of a coffee meeting and one next step", k=4)
    assert hits and all(h.relevance >= kb.relevance_floor for h in hits)
    query = kb.embedder.embed(["agree the purpose of a coffee meeting and one next step"])[0]
    stored = {r.id: r.vector for r in kb._collection().get([h.id for h in hits], vectors=True)}
    for h in hits:
        assert h.relevance == pytest.approx(float(np.dot(stored[h.id], query)), abs=1e-4)
    # A stricter floor keeps fewer passages; the floor never reorders what it keeps.
    bar = sorted(h.relevance for h in hits)[-2] + 1e-3  # above all but the most relevant passage
    strict = kb.search("agree the purpose of a coffee meeting and one next step", k=4, min_relevance=bar)
    assert [h.id for h in strict] == [max(hits, key=lambda h: h.relevance).id]


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
    assert 0.2 < MINILM_RELEVANCE_FLOOR < 0.5


def test_the_user_is_told_plainly_that_nothing_matches() -> None:
    message = nothing_matches("  how do I\nfile my VAT return  ")
    assert message.startswith("Nothing in the library matches \u201chow do I file my VAT return\u201d.")
    assert len(nothing_matches("x " * 200)) < 260


def test_info_reports_the_floor(settings, fixture_library: Path) -> None:
    kb = KnowledgeBase(
        settings, HashEmbedder(relevance_floor=0.3), library_dir=fixture_library, store=MemoryStore()
    )
    assert kb.info()["relevance_floor"] == 0.3 == kb.relevance_floor


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
    assert all(library_kb.search(q["question"], k=3) for q in heldout)
