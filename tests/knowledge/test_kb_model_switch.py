"""Switching the embedding model (or the passage format) rebuilds the index with a clear message."""

from __future__ import annotations

from pathlib import Path

from app.core.knowledge.hash_embedder import HashEmbedder
from app.core.knowledge.index import KnowledgeBase
from app.core.knowledge.memory_store import MemoryStore


def test_switching_models_rebuilds_instead_of_failing(
    settings, fixture_library: Path, tmp_path: Path, store: MemoryStore
) -> None:
    def open_kb(embedder: HashEmbedder) -> KnowledgeBase:  # a new process on the same index
        return KnowledgeBase(settings, embedder=embedder, library_dir=fixture_library, store=store)

    small = open_kb(HashEmbedder(16))
    kept = tmp_path / "kept.txt"
    kept.write_text("Kept Notes\n\nThe treasurer collects visitor fees at the door.\n", encoding="utf-8")
    gone = tmp_path / "gone.txt"
    gone.write_text("Gone Notes\n\nThis file will be deleted before the switch.\n", encoding="utf-8")
    assert len(small.ingest([kept, gone]).indexed) == 2
    assert small.ingest_upload("upload.md", b"# Uploaded\n\nVisitors sign the guest book.\n").indexed
    assert small.embedding_notice is None
    gone.unlink()

    big = open_kb(HashEmbedder(384, name="bigger-model"))
    hits = big.search("who collects visitor fees", k=2)
    notice = big.embedding_notice or ""
    assert "hash-16 (16 dimensions)" in notice and "bigger-model (384 dimensions)" in notice
    assert "rebuilt" in notice and str(gone) in notice
    assert hits[0].source == str(kept)
    sources = {d.source for d in big.list_documents()}
    assert {str(kept), "uploads/upload.md", "lib/articles/coffee-meeting.md"} <= sources
    assert str(gone) not in sources
    assert big._collection().metadata["embedding_dim"] == 384

    back = open_kb(HashEmbedder(16))
    assert back.search("treasurer visitor fees", k=1)  # no dimension error
    assert "bigger-model (384 dimensions) to hash-16 (16 dimensions)" in (back.embedding_notice or "")
    report = back.ingest([kept])
    assert report.unchanged == [str(kept)] and report.notice == back.embedding_notice

    same = open_kb(HashEmbedder(16))
    assert same.search("guest book", k=1) and same.embedding_notice is None


def test_a_new_passage_format_also_rebuilds(
    settings, fixture_library: Path, store: MemoryStore, monkeypatch
) -> None:
    first = KnowledgeBase(settings, embedder=HashEmbedder(8), library_dir=fixture_library, store=store)
    first.ensure_library()
    monkeypatch.setattr("app.core.knowledge.compat.CHUNKER_VERSION", "next")
    second = KnowledgeBase(settings, embedder=HashEmbedder(8), library_dir=fixture_library, store=store)
    report = second.ensure_library()
    assert (second.embedding_notice or "").startswith("The passage format changed")
    assert report.unchanged and len(second.list_documents()) == 2
