"""Server mode: the same KnowledgeBase against a real `chroma run` server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.servers import free_port, serve, venv_executable

from app.core.errors import KnowledgeError
from app.core.knowledge.hash_embedder import HashEmbedder
from app.core.knowledge.index import KnowledgeBase

pytestmark = pytest.mark.chroma


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    """Start `chroma run` on a free loopback port, wait for its heartbeat, always stop it."""
    exe = venv_executable("chroma")  # ships with chromadb; the venv's bin folder need not be on PATH
    port = free_port()
    cmd = [str(exe), "run", "--path", str(tmp_path / "server-db"), "--host", "127.0.0.1", "--port", str(port)]
    with serve(
        cmd,
        f"http://127.0.0.1:{port}/api/v2/heartbeat",
        log=tmp_path / "chroma.log",
        timeout=60,
        interval=0.2,
        stop_timeout=10,
    ):
        yield port


@pytest.mark.minilm
def test_server_mode_ingests_searches_switches_and_removes(
    chroma_server: int, settings, fixture_library: Path, tmp_path: Path
) -> None:
    remote = settings.with_overrides(chroma_host="127.0.0.1", chroma_port=chroma_server)
    kb = KnowledgeBase(remote, library_dir=fixture_library)
    assert sorted(kb.ensure_library().indexed) == [
        "lib/articles/coffee-meeting.md",
        "lib/articles/vegetable-garden.md",
    ]
    note = tmp_path / "team.md"
    note.write_text(
        "# Team Notes\n\nThe membership committee reviews applications every second Thursday.\n",
        encoding="utf-8",
    )
    assert kb.ingest([note]).indexed == [str(note)]
    hit = kb.search("when are membership applications reviewed", k=1)[0]
    assert hit.source == str(note)
    assert kb.info()["backend"] == f"chroma server 127.0.0.1:{chroma_server}"
    assert not (Path(settings.data_dir) / "index").exists()  # nothing went to the embedded store

    # A teammate's process sees the same index; nothing is re-embedded.
    again = KnowledgeBase(remote, library_dir=fixture_library)
    assert len(again.ensure_library().unchanged) == 2
    assert again.get_passage(hit.id).text == hit.text

    # Model switch over HTTP: rebuilt with a message, no dimension error.
    switched = KnowledgeBase(remote, embedder=HashEmbedder(32), library_dir=fixture_library)
    assert switched.search("membership committee", k=1)[0].source == str(note)
    assert "hash-32 (32 dimensions)" in (switched.embedding_notice or "")
    assert switched.remove(str(note)) and str(note) not in {d.source for d in switched.list_documents()}


def test_unreachable_server_is_one_clear_error(settings, fixture_library: Path) -> None:
    kb = KnowledgeBase(
        settings.with_overrides(chroma_host="127.0.0.1", chroma_port=free_port()),
        embedder=HashEmbedder(8),
        library_dir=fixture_library,
    )
    with pytest.raises(KnowledgeError, match=r"Could not reach the Chroma server at 127\.0\.0\.1:\d+"):
        kb.search("anything")
