"""The in-process BM25 index, Reciprocal Rank Fusion, and the lexical cache's invalidation rules."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.core.knowledge.index import KnowledgeBase
from app.core.knowledge.lexical import LexicalCache, LexicalIndex, stem, tokenize
from app.core.knowledge.memory_store import MemoryStore
from app.core.knowledge.relevance import NO_FLOOR
from app.core.knowledge.search import check_filters, fuse
from app.core.knowledge.vectors import Row, matches


def test_tokenize_drops_stop_words_and_stems_both_sides_alike() -> None:
    assert tokenize("What should I say in the meetings?") == ["say", "meet"]
    assert stem("meetings") == stem("meeting") == "meet"
    assert stem("referred") == stem("referring") == stem("refer") == "refer"
    assert stem("introduces") == stem("introduced") == stem("introduce")
    assert stem("business") == "business" and stem("pass") == "pass"
    assert tokenize("The partner's client's 1-2-1 don't") == ["partner", "client"]
    assert (
        tokenize("Ivan Misner\u2019s rules") == tokenize("ivan misner's rules") == ["ivan", "misner", "rul"]
    )


def test_a_rare_exact_term_ranks_its_passage_first() -> None:
    texts = [
        "Referrals grow when members meet often and learn about each other's clients.",
        "Meet members for coffee and ask about their referrals and their best clients.",
        "Bring the Hartley Logistics case study: members remember referrals with a story.",
        "Members who give referrals first tend to receive referrals back from members.",
    ]
    index = LexicalIndex(["a", "b", "c", "d"], texts, [{} for _ in texts])
    assert [pid for pid, _ in index.search("referrals for Hartley members", 4)][0] == "c"
    assert index.search("hartley", 4) == [("c", pytest.approx(index.scores("hartley")[2]))]
    assert index.search("weather forecast", 4) == []  # no shared word, no candidate
    assert index.search("the and of", 4) == []  # stop words only
    assert len(index.search("referrals members", 2)) == 2


def test_bm25_prefers_rarer_words_and_shorter_passages() -> None:
    texts = ["trust trust", "trust visibility", "trust " + "filler " * 30 + "visibility"]
    index = LexicalIndex(["short", "both", "long"], texts, [{} for _ in texts])
    scores = dict(index.search("visibility", 3))
    assert scores["both"] > scores["long"]  # same term frequency, shorter passage wins
    assert set(scores) == {"both", "long"}
    ranked = [pid for pid, _ in index.search("trust visibility", 3)]
    assert ranked[0] == "both"  # the rarer word weighs more than the word every passage has


def test_filters_mask_candidates_exactly_like_the_chroma_where_clause() -> None:
    metas = [
        {"origin": "library", "source": "a.md"},
        {"origin": "user", "source": "b.md"},
        {"origin": "user", "source": "c.md"},
    ]
    index = LexicalIndex(["a", "b", "c"], ["gains sheet", "gains sheet notes", "gains"], metas)
    for filters in ({"origin": "user"}, {"source": ["a.md", "c.md"]}, {"origin": "user", "source": "b.md"}):
        assert check_filters(filters) is not None
        allowed = index.mask(repr(filters), lambda m, f=filters: matches(m, f))
        assert {pid for pid, _ in index.search("gains", 3, allowed)} == {
            pid for pid, m in zip(index.ids, metas, strict=True) if matches(m, filters)
        }
    assert matches({"position": 3}, None) and not matches({}, {"origin": "user"})


def test_fusion_scales_each_signal_by_its_best_and_weighs_them() -> None:
    fused = fuse({"a": 0.8, "b": 0.4, "c": 0.6}, {"c": 6.0, "d": 3.0}, weight=0.3)
    scores = dict(fused)
    assert scores["a"] == pytest.approx(0.7)  # the best cosine, no shared word
    assert scores["c"] == pytest.approx(0.7 * 0.6 / 0.8 + 0.3)  # the best BM25
    assert scores["b"] == pytest.approx(0.35) and scores["d"] == pytest.approx(0.15)
    # A passage strong in one signal is not outranked by one only middling in both (RRF's flaw).
    strong = dict(fuse({"x": 0.9, "y": 0.5}, {"y": 1.0, "z": 9.0}, weight=0.3))
    assert strong["x"] > strong["y"]
    assert fuse({"x": 0.5}, {"x": 2.0})[0] == ("x", pytest.approx(1.0))  # first by both signals
    assert [pid for pid, _ in fuse({"a": 0.5, "b": 0.5}, {})] == ["a", "b"]  # ties keep dense order
    assert fuse({}, {}) == []


def test_scores_of_gives_the_bm25_of_named_passages() -> None:
    index = LexicalIndex(["a", "b"], ["gains sheet", "coffee"], [{}, {}])
    got = index.scores_of("gains", ["b", "a", "gone"])
    assert got == {"a": pytest.approx(index.scores("gains")[0]), "b": 0.0}
    assert got["a"] > 0.0 and index.scores_of("gains", []) == {}


class CountingStore(MemoryStore):
    """A MemoryStore that counts full reads (what rebuilding the lexical index costs)."""

    full_reads = 0

    def get(self, ids=None, *, where=None, vectors=False):
        if ids is None and where is None:
            self.full_reads += 1
        return super().get(ids, where=where, vectors=vectors)

    def put(self, pid: str, row: tuple[str, dict[str, Any]]) -> None:
        self.upsert([Row(pid, row[0], row[1], np.ones(2, dtype=np.float32) / np.sqrt(2))])


def _row(source: str, position: int, text: str, digest: str = "h1") -> tuple[str, dict[str, Any]]:
    return text, {
        "source": source,
        "position": position,
        "hash": digest,
        "heading": "Notes",
        "indexed_at": "t0",
    }


def test_the_cache_is_reused_until_the_collection_changes() -> None:
    now = [0.0]
    col = CountingStore()
    col.put("a#0", _row("a.md", 0, "visitors pay at the door"))
    col.put("b#0", _row("b.md", 0, "the treasurer keeps the accounts"))
    cache = LexicalCache(recheck_s=10.0, clock=lambda: now[0])
    first = cache.get(col)
    assert cache.get(col) is first and cache.builds == 1 and col.full_reads == 1

    col.put("c#0", _row("c.md", 0, "the zephyr room is booked"))  # another passage: the count changes
    assert [pid for pid, _ in cache.get(col).search("zephyr", 3)] == ["c#0"] and cache.builds == 2

    cache.invalidate()  # what the knowledge base calls after each write of its own
    cache.get(col)
    assert cache.builds == 3

    # Same passage count, new content (another process re-indexed b.md): noticed at the next recheck.
    col.put("b#0", _row("b.md", 0, "the secretary books the quokka suite", digest="h2"))
    assert cache.get(col).search("quokka", 3) == [] and cache.builds == 3  # within the recheck interval
    now[0] = 11.0
    assert [pid for pid, _ in cache.get(col).search("quokka", 3)] == ["b#0"] and cache.builds == 4
    now[0] = 22.0
    cache.get(col)  # the manifest is unchanged: checked, not rebuilt
    assert cache.builds == 4

    rows = col.get(vectors=True)
    col.recreate({})  # the index was rebuilt as a new collection, with the same passages
    col.upsert(rows)
    cache.get(col)
    assert cache.builds == 5


class RandomEmbedder:
    """A fixed random unit vector per text: the dense ranking carries no information about meaning."""

    name = "random-32"
    dim = 32

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int(hashlib.md5(text.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).normal(size=self.dim)
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32)


NOTES = {
    "breakfast.txt": "Breakfast Notes\n\nThe chapter meets for breakfast every Tuesday and members swap referrals.\n",
    "visitors.txt": "Visitor Notes\n\nVisitors are welcomed at the door and sit with a member who explains the format.\n",
    "fees.txt": "Fee Notes\n\nThe treasurer collects fees through the Quillfeather portal each quarter.\n",
    "roles.txt": "Role Notes\n\nThe president runs the meeting and the secretary keeps the minutes.\n",
}


def _write_notes(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def test_fusion_finds_an_exact_term_the_dense_ranking_cannot(
    settings, fixture_library: Path, tmp_path: Path, store
) -> None:
    kb = KnowledgeBase(settings, embedder=RandomEmbedder(), library_dir=fixture_library, store=store)
    notes = _write_notes(tmp_path / "notes")
    assert len(kb.ingest(notes).indexed) == len(notes)
    hits = kb.search("how do I pay through Quillfeather", k=3)
    assert (
        len(hits) == 3
        and hits[0].source == str(tmp_path / "notes" / "fees.txt")
        and "Quillfeather" in hits[0].text
    )
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert 0.0 < hits[-1].score <= hits[0].score <= 1.0
    # Filters bind the lexical candidates too: the only passage with the word is outside this filter.
    lib = kb.search("Quillfeather", k=3, filters={"origin": "library"})
    assert lib and all(h.source.startswith("lib/articles/") for h in lib)


def test_index_changes_reach_the_lexical_ranking_at_once(kb: KnowledgeBase, tmp_path: Path) -> None:
    notes = _write_notes(tmp_path / "notes")
    kb.ingest(notes)
    kb.search("who keeps the minutes", k=2)
    kb.search("who runs the meeting", k=2)
    builds = kb._lexical.builds
    assert builds >= 1

    # A changed file with the same number of passages: only the invalidation can tell.
    fees = tmp_path / "notes" / "fees.txt"
    fees.write_text(
        "Fee Notes\n\nThe treasurer now collects fees through the Brightwater ledger each month.\n",
        encoding="utf-8",
    )
    assert kb.ingest([fees]).indexed == [str(fees)]
    hits = kb.search("Brightwater ledger", k=2)
    assert kb._lexical.builds == builds + 1
    assert hits[0].source == str(fees) and "Brightwater" in hits[0].text
    assert not any("Quillfeather" in h.text for h in kb.search("Quillfeather portal", k=4))

    # Removed documents leave the lexical ranking too (no floor: the ranking itself is under test).
    assert kb.remove(str(fees))
    assert all(h.source != str(fees) for h in kb.search("Brightwater ledger", k=4, min_relevance=NO_FLOOR))
    assert kb._lexical.builds == builds + 2

    # Unchanged re-ingestion keeps the cached index.
    kb.ingest(notes[:2])
    kb.search("breakfast referrals", k=2)
    assert kb._lexical.builds == builds + 2
