"""KnowledgeBase logic on the fakes (HashEmbedder, MemoryStore): incremental ingestion, uploads, search
filters, near-duplicate collapse, reading and removing documents. The same code on the real MiniLM and
Chroma: test_kb_real.py and test_kb_chroma_server.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.core.errors import InputError, NotFoundError
from app.core.knowledge.hash_embedder import HashEmbedder
from app.core.knowledge.index import KnowledgeBase
from app.core.knowledge.memory_store import MemoryStore

GARDEN = "lib/articles/vegetable-garden.md"
COFFEE = "lib/articles/coffee-meeting.md"


def _passages_of(kb: KnowledgeBase, source: str) -> list[str]:
    return [r.text for r in kb._collection().get(where={"source": source})]


def test_library_is_indexed_then_unchanged_then_updated(
    settings, fixture_library: Path, store: MemoryStore
) -> None:
    first = KnowledgeBase(settings, HashEmbedder(), library_dir=fixture_library, store=store)
    report = first.ensure_library()
    assert sorted(report.indexed) == [COFFEE, GARDEN]
    docs = {d.source: d for d in first.list_documents()}
    garden_file = fixture_library / "vegetable-garden.md"
    assert docs[GARDEN].hash == hashlib.sha256(garden_file.read_bytes()).hexdigest()
    assert docs[GARDEN].origin == "library" and docs[GARDEN].title == "Looking After a Vegetable Garden"
    assert docs[GARDEN].n_chunks == len(_passages_of(first, GARDEN))

    # A new instance on the same index: nothing is embedded again.
    spy = HashEmbedder()
    second = KnowledgeBase(settings, embedder=spy, library_dir=fixture_library, store=store)
    again = second.ensure_library()
    assert sorted(again.unchanged) == [COFFEE, GARDEN] and again.indexed == [] and spy.texts == 0

    # Changed: the new text is searchable, the old text is gone, no stale passages remain.
    garden_file.write_text(
        "# Looking After a Vegetable Garden\n\nSow radishes in early spring; they are ready in four weeks.\n",
        encoding="utf-8",
    )
    changed = second.ensure_library()
    assert changed.indexed == [GARDEN] and changed.unchanged == [COFFEE]
    texts = _passages_of(second, GARDEN)
    assert len(texts) == 1 and "radishes" in texts[0]
    assert not any("courgettes" in t for t in texts)
    top = second.search("when are radishes ready to harvest", k=1)[0]
    assert top.source == GARDEN and "radishes" in top.text

    # Deleted: its passages leave the index.
    old_id = second.search("calendar invitation agenda before the meeting", k=1)[0].id
    (fixture_library / "coffee-meeting.md").unlink()
    removed = second.ensure_library()
    assert removed.removed == [COFFEE]
    assert [d.source for d in second.list_documents()] == [GARDEN]
    assert second.get_passage(old_id) is None


def test_user_files_search_filters_and_passages(kb: KnowledgeBase, tmp_path: Path) -> None:
    notes = tmp_path / "my notes.txt"
    notes.write_text(
        "Chapter Notes\n\nOur chapter meets on Tuesdays at seven in the morning at the golf club.\n",
        encoding="utf-8",
    )
    seen = []
    report = kb.ingest([notes], progress=lambda done, total, path: seen.append((done, total)))
    assert report.indexed == [str(notes)] and report.skipped == []
    assert seen == [(1, 1)]
    user_hits = kb.search("when does the chapter meet", k=3, filters={"origin": "user"})
    assert {p.source for p in user_hits} == {str(notes)}
    assert user_hits[0].title == "Chapter Notes" and 0.0 < user_hits[0].score <= 1.0
    lib_hits = kb.search("when does the chapter meet", k=3, filters={"origin": "library"})
    assert lib_hits and all(p.source.startswith("lib/articles/") for p in lib_hits)
    only = kb.search("watering", k=4, filters={"source": [GARDEN]})
    assert only and {p.source for p in only} == {GARDEN}
    fetched = kb.get_passage(user_hits[0].id)
    assert fetched is not None and fetched.text == user_hits[0].text and fetched.score == 0.0
    assert kb.get_passage("no-such-id#0") is None
    # Ingesting the same file again leaves it unchanged; the library is untouched.
    assert kb.ingest([notes]).unchanged == [str(notes)]
    assert kb.ingest([fixture_file := kb.library_dir / "coffee-meeting.md"]).unchanged == [COFFEE], (
        fixture_file
    )


def test_search_rejects_bad_arguments(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError):
        kb.search("   ")
    with pytest.raises(InputError):
        kb.search("coffee", k=0)
    with pytest.raises(InputError, match="Unknown search filter"):
        kb.search("coffee", filters={"colour": "red"})


def test_near_duplicate_passages_are_collapsed(kb: KnowledgeBase, tmp_path: Path) -> None:
    text = (
        "Referral Slips\n\nA referral slip records who needs help, what they need and how to reach them. "
        "Hand the slip over at the weekly meeting and say a sentence about the person.\n"
    )
    a, b = tmp_path / "slips.txt", tmp_path / "slips-copy.txt"
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace("weekly meeting", "weekly meeting."), encoding="utf-8")
    assert len(kb.ingest([a, b]).indexed) == 2
    hits = kb.search("what goes on a referral slip", k=3)
    sources = [p.source for p in hits]
    assert sum(s in (str(a), str(b)) for s in sources) == 1


def test_upload_uses_a_safe_name_and_can_be_replaced_and_removed(kb: KnowledgeBase, settings) -> None:
    data = b"# Upload Test\n\nThe breakfast club swaps referral slips every Friday morning.\n"
    report = kb.ingest_upload("../../x.md", data)
    assert report.indexed == ["uploads/x.md"]
    saved = Path(settings.data_dir) / "uploads" / "x.md"
    assert saved.read_bytes() == data
    assert not (Path(settings.data_dir).parent / "x.md").exists()
    assert kb.ingest_upload("x.md", data).unchanged == ["uploads/x.md"]
    assert kb.ingest_upload("x.md", data.replace(b"Friday", b"Monday")).indexed == ["uploads/x.md"]
    assert "Monday" in kb.read_document("uploads/x.md")
    assert kb.remove("x.md") is True
    assert not saved.exists()
    assert kb.remove("x.md") is False
    assert kb.ingest_upload("..", data).skipped == [("..", "The upload has no usable file name.")]


def test_upload_limits(settings, fixture_library: Path, embedder, store) -> None:
    kb = KnowledgeBase(
        settings.with_overrides(max_uploads=1, max_upload_mb=0.001),
        embedder,
        library_dir=fixture_library,
        store=store,
    )
    assert kb.ingest_upload("one.txt", b"First upload about golf networking.").indexed == ["uploads/one.txt"]
    full = kb.ingest_upload("two.txt", b"Second upload about tennis networking.")
    assert full.indexed == [] and "limit of 1 uploaded documents" in full.skipped[0][1]
    assert not (Path(settings.data_dir) / "uploads" / "two.txt").exists()
    assert kb.remove("one.txt")
    big = kb.ingest_upload("big.txt", b"word " * 400)
    assert "over the 0.001 MB limit" in big.skipped[0][1]


def test_duplicate_content_is_skipped_with_the_original_named(kb: KnowledgeBase, tmp_path: Path) -> None:
    copy = tmp_path / "copy-of-coffee.md"
    copy.write_bytes((kb.library_dir / "coffee-meeting.md").read_bytes())
    report = kb.ingest([copy])
    assert report.skipped == [(str(copy), f"Same content as {COFFEE}, which is already indexed.")]
    upload = kb.ingest_upload("coffee.md", copy.read_bytes())
    assert upload.skipped and "Same content as" in upload.skipped[0][1]
    assert not (kb.uploads_dir / "coffee.md").exists()


def test_read_document_and_remove_rules(kb: KnowledgeBase, tmp_path: Path) -> None:
    doc = tmp_path / "plan.md"
    doc.write_text(
        "# Plan\n\nMeet two members a week.\n\n## Why\n\nRegular meetings build trust over time.\n",
        encoding="utf-8",
    )
    kb.ingest([doc])
    assert "Regular meetings build trust" in kb.read_document(str(doc))
    doc.unlink()  # the indexed text still reads back, rebuilt from its passages
    rebuilt = kb.read_document(str(doc))
    assert rebuilt.startswith("# Plan") and "## Why" in rebuilt and "Regular meetings build trust" in rebuilt
    with pytest.raises(InputError, match="built-in library"):
        kb.remove(COFFEE)
    with pytest.raises(NotFoundError):
        kb.read_document("nothing-here.md")
    assert kb.remove(str(doc)) is True
    assert str(doc) not in {d.source for d in kb.list_documents()}
    info = kb.info()
    assert (
        info["documents"] == 2
        and info["embedding_dim"] == kb.embedder.dim
        and info["backend"] == "MemoryStore"
    )
