"""Regenerate knowledge/library-vectors.npz: the built-in library's passage and reader-question vectors
under MiniLM.

Run after changing an article, its reader questions (knowledge/questions/), the chunker or the
embedding model (tests/knowledge/test_kb_shipped.py
fails until you do):

    .venv/bin/python scripts/build_library_vectors.py

Prints one JSON line: how many passages, how many were already in the old file, and the file size.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.knowledge.embeddings import minilm  # noqa: E402
from app.core.knowledge.index import DEFAULT_LIBRARY  # noqa: E402
from app.core.knowledge.library_texts import library_embed_texts  # noqa: E402
from app.core.knowledge.reader_questions import load_reader_questions  # noqa: E402
from app.core.knowledge.shipped import SHIPPED_FILE, ShippedVectors, embed_texts, save_vectors  # noqa: E402


def main() -> int:
    """Embed every library passage (reusing vectors the old file already has) and write the file."""
    started = time.perf_counter()
    texts = list(
        dict.fromkeys([*library_embed_texts(DEFAULT_LIBRARY), *(q.text for q in load_reader_questions())])
    )
    embedder = minilm()
    old = ShippedVectors(SHIPPED_FILE)
    reused = sum(v is not None for v in old.lookup(embedder.name, texts))
    if reused == len(texts) == len(old):
        print(
            json.dumps(
                {"file": str(SHIPPED_FILE.relative_to(ROOT)), "unchanged": True, "passages": len(texts)}
            )
        )
        return 0  # not rewritten: the zip container would differ in its timestamps alone
    save_vectors(SHIPPED_FILE, embedder.name, texts, embed_texts(embedder, texts, old))
    print(
        json.dumps(
            {
                "file": str(SHIPPED_FILE.relative_to(ROOT)),
                "model": embedder.name,
                "passages": len(texts),
                "reused": reused,
                "embedded": len(texts) - reused,
                "bytes": SHIPPED_FILE.stat().st_size,
                "seconds": round(time.perf_counter() - started, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
