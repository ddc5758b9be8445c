"""The exact texts the built-in library's passages are embedded as (what the shipped vectors cover)."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import InputError
from app.core.knowledge.chunking import chunk_document
from app.core.knowledge.loaders import load_bytes
from app.core.knowledge.sources import library_files


def library_embed_texts(library_dir: Path) -> list[str]:
    """Every passage's embed text, for every readable article in the library folder, in a stable order."""
    texts: list[str] = []
    for path in library_files(library_dir):
        try:
            doc = load_bytes(path.name, path.read_bytes())
        except InputError:
            continue  # indexing skips it with a reason; it has no vectors to ship
        texts += [c.embed_text() for c in chunk_document(doc)]
    return texts
