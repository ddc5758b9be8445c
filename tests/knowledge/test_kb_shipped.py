"""The shipped library vectors: they cover the library (else regenerate them), they are what MiniLM
computes, and indexing uses them instead of the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.knowledge.embeddings import MINILM_NAME
from app.core.knowledge.hash_embedder import HashEmbedder
from app.core.knowledge.index import DEFAULT_LIBRARY, KnowledgeBase
from app.core.knowledge.library_texts import library_embed_texts
from app.core.knowledge.memory_store import MemoryStore
from app.core.knowledge.reader_questions import load_reader_questions
from app.core.knowledge.shipped import SHIPPED_FILE, ShippedVectors, embed_texts, save_vectors, text_key

REGENERATE = (
    "run  .venv/bin/python scripts/build_library_vectors.py  and commit knowledge/library-vectors.npz"
)


def test_the_shipped_vectors_cover_every_library_passage() -> None:
    texts = library_embed_texts(DEFAULT_LIBRARY)
    assert texts, "the built-in library has passages"
    shipped = ShippedVectors(SHIPPED_FILE)
    missing = [
        t.split("\n", 1)[0]
        for t, v in zip(texts, shipped.lookup(MINILM_NAME, texts), strict=True)
        if v is None
    ]
    assert not missing, (
        f"{len(missing)} library passages have no shipped vector (first: {missing[0]!r}): {REGENERATE}"
    )


def test_the_shipped_vectors_cover_every_reader_question() -> None:
    texts = [q.text for q in load_reader_questions()]
    assert texts, "the built-in library has reader questions"
    found = ShippedVectors(SHIPPED_FILE).lookup(MINILM_NAME, texts)
    missing = [t for t, v in zip(texts, found, strict=True) if v is None]
    assert not missing, (
        f"{len(missing)} reader questions have no shipped vector (first: {missing[0]!r}): {REGENERATE}"
    )


def test_embed_texts_embeds_only_what_is_not_shipped(tmp_path: Path) -> None:
    embedder = HashEmbedder(32)
    known = ["Agree one next step each.", "Send a calendar invitation."]
    path = tmp_path / "vectors.npz"
    save_vectors(path, embedder.name, known, np.eye(2, 32, dtype=np.float32))
    table = ShippedVectors(path)
    assert len(table) == 2 and table.keys() == {text_key(embedder.name, t) for t in known}

    out = embed_texts(embedder, [known[1], "A passage written since.", known[0]], table)
    assert embedder.texts == 1  # only the new passage went through the model
    assert np.array_equal(out[0], np.eye(2, 32)[1]) and np.array_equal(out[2], np.eye(2, 32)[0])
    assert np.allclose(out[1], embedder.embed(["A passage written since."])[0])
    # The same text under another model is another key: nothing is borrowed across models.
    other = HashEmbedder(32, name="another-model")
    embed_texts(other, known, table)
    assert other.texts == 2


def test_a_broken_or_missing_file_only_costs_embedding(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip file")
    for table in (ShippedVectors(broken), ShippedVectors(tmp_path / "absent.npz")):
        assert len(table) == 0 and table.lookup("m", ["a"]) == [None]


def test_indexing_the_library_takes_shipped_vectors_before_the_model(settings, tmp_path: Path) -> None:
    embedder = HashEmbedder(16)
    texts = library_embed_texts(DEFAULT_LIBRARY)
    path = tmp_path / "vectors.npz"
    save_vectors(path, embedder.name, texts, embedder.embed(texts))
    embedder.texts = 0
    kb = KnowledgeBase(settings, embedder, store=MemoryStore(), shipped=ShippedVectors(path))
    report = kb.ensure_library()
    assert report.indexed and not report.skipped and embedder.texts == 0


@pytest.mark.minilm
def test_the_shipped_vectors_are_what_minilm_computes() -> None:
    from app.core.knowledge.embeddings import minilm

    texts = library_embed_texts(DEFAULT_LIBRARY)[::10]  # a sample across the library
    shipped = np.stack(ShippedVectors(SHIPPED_FILE).lookup(MINILM_NAME, texts))
    fresh = minilm().embed(texts)
    # int8 activations are quantised per batch, so a vector moves slightly with its batch-mates.
    assert float(np.min(np.sum(shipped * fresh, axis=1))) > 0.995
