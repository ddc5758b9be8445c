"""The built-in library (indexed once per run by the shared `library_kb` fixture); no exact text assumed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.core.knowledge.citations import cite, verify_citations
from app.core.knowledge.context import build_context
from app.core.knowledge.index import DEFAULT_LIBRARY

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.minilm, pytest.mark.chroma]


def test_every_indexed_library_document_is_a_real_article(library_kb) -> None:
    docs = [d for d in library_kb.list_documents() if d.origin == "library"]
    assert docs, "the built-in library should be indexed"
    for d in docs:
        path = REPO / d.source
        assert path.is_file() and path.parent == DEFAULT_LIBRARY, d.source
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        assert d.title == front["title"] and d.n_chunks >= 1 and d.kind == "markdown"


def test_library_search_returns_citable_passages(library_kb) -> None:
    hits = library_kb.search("how do I ask a fellow member for a 1-2-1 meeting", k=4)
    assert 1 <= len(hits) <= 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        assert h.source.startswith("knowledge/articles/") and h.heading.startswith(h.title)
        assert library_kb.get_passage(h.id).text == h.text
    quote = " ".join(hits[0].text.split()[:8])
    assert verify_citations(library_kb, [cite(hits[0], quote)]) == [cite(hits[0], quote)]
    ctx = build_context(hits)
    assert all(f'id="{h.id}"' in ctx for h in hits)


def test_library_filters_and_reading(library_kb) -> None:
    doc = library_kb.list_documents()[0]
    # Its own title: whichever article comes first, a fixed query might be off-topic for it (and get nothing).
    only = library_kb.search(doc.title, k=3, filters={"source": doc.source})
    assert only and {p.source for p in only} == {doc.source}
    text = library_kb.read_document(doc.source)
    assert text.strip() and "title:" not in text.splitlines()[0]
