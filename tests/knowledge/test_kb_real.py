"""The knowledge base on the real MiniLM and embedded Chroma, through the API and a fresh `coach` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.knowledge.embeddings import MINILM_NAME
from app.core.knowledge.index import KnowledgeBase

pytestmark = [pytest.mark.minilm, pytest.mark.chroma]


def coach(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`coach --data-dir DIR ARGS` in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_", "CHROMA_"))}
    cmd = [sys.executable, "-m", "app.cli.main", "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


def test_search_in_a_fresh_process_answers_from_the_library_or_says_nothing_matches(tmp_path: Path) -> None:
    data = tmp_path / "data"  # empty: the first search indexes the library from the shipped vectors
    found = coach(data, "search", "how do I ask a fellow member for a 1-2-1", "--json")
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)["results"]
    assert results and all(r["source"].startswith("knowledge/articles/") for r in results)
    # The floor judges the query (see relevance.py): its best passage is a close match in meaning.
    assert max(r["relevance"] for r in results) > 0.5

    nothing = coach(data, "search", "recipe for banana bread")
    assert nothing.returncode == 0 and nothing.stdout.startswith("Nothing in the library matches")
    assert "Traceback" not in nothing.stdout + nothing.stderr


def test_the_real_stack_ingests_searches_and_removes(settings, tmp_path: Path) -> None:
    # The built-in library is indexed beside the user's documents, as in the app: the floor's lexical
    # evidence was calibrated on its word statistics (in a handful of passages BM25 is weaker).
    real_kb = KnowledgeBase(settings)
    note = tmp_path / "chapter.txt"
    note.write_text(
        "Chapter Notes\n\nOur chapter meets on Tuesdays at seven in the morning at the golf club.\n",
        encoding="utf-8",
    )
    assert real_kb.ingest([note]).indexed == [str(note)]
    hit = real_kb.search("what time does the chapter meet", k=2)[0]
    assert hit.source == str(note) and hit.relevance > 0.5
    assert real_kb.get_passage(hit.id).text == hit.text
    info = real_kb.info()
    assert info["embedding_model"] == MINILM_NAME and info["backend"] == "embedded chroma"
    assert real_kb.remove(str(note)) and real_kb.get_passage(hit.id) is None
