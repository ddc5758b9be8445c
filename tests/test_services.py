"""Services: one knowledge base per configuration, warmed up in the background when the app starts."""

from __future__ import annotations

import threading
from pathlib import Path

from app.core.errors import KnowledgeError
from app.core.knowledge.hash_embedder import HashEmbedder
from app.core.knowledge.index import KnowledgeBase
from app.core.knowledge.memory_store import MemoryStore
from app.core.services import Services

LIBRARY = Path(__file__).resolve().parents[1] / "knowledge" / "articles"


def test_threads_asking_at_once_share_one_knowledge_base(settings) -> None:
    svc = Services(settings)
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(svc.knowledge)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 4 and len({id(k) for k in seen}) == 1 and isinstance(seen[0], KnowledgeBase)


def test_prewarm_indexes_the_library_in_the_background_once(settings) -> None:
    svc = Services(settings)
    embedder = HashEmbedder()
    svc.__dict__["knowledge"] = KnowledgeBase(settings, embedder, store=MemoryStore())  # how tests inject one
    warm = svc.prewarm_knowledge()
    assert svc.prewarm_knowledge() is warm  # started once
    warm.join(timeout=30)
    assert not warm.is_alive()
    kb = svc.knowledge
    calls = embedder.calls
    assert {d.source.rsplit("/", 1)[-1] for d in kb.list_documents()} == {
        p.name for p in LIBRARY.glob("*.md")
    }
    assert (
        kb.search("how do I ask for a 1-2-1", k=1) and embedder.calls == calls + 1
    )  # only the query is embedded


class BrokenStore(MemoryStore):
    """A store whose every read fails, as an unreachable Chroma server's would."""

    def get(self, ids=None, *, where=None, vectors=False):
        raise KnowledgeError("Could not read the knowledge index (ConnectionError: refused).")


def test_a_failing_prewarm_is_only_logged(settings, caplog) -> None:
    svc = Services(settings)
    svc.__dict__["knowledge"] = KnowledgeBase(settings, HashEmbedder(), store=BrokenStore())
    svc.prewarm_knowledge().join(timeout=30)
    assert "Warming up the knowledge library failed" in caplog.text and "refused" in caplog.text
