"""Indexing one file: validate, hash, parse, chunk, embed, and write its passages with their manifest fields."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.errors import InputError
from app.core.knowledge import sources as src
from app.core.knowledge.chunking import chunk_document
from app.core.knowledge.embeddings import Embedder
from app.core.knowledge.loaders import check_size, kind_of, load_bytes
from app.core.knowledge.shipped import ShippedVectors, embed_texts
from app.core.knowledge.types import IngestReport
from app.core.knowledge.vectors import Row, VectorStore


class Manifest:
    """The manifest as loaded once per ingestion run: source -> row, hash -> source."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]):
        self.docs = {str(m["source"]): dict(m) for m in rows}
        self.by_hash = {str(m.get("hash")): s for s, m in self.docs.items()}


def index_file(
    store: VectorStore,
    embedder: Embedder,
    limit_mb: float,
    source: str,
    origin: str,
    state: Manifest,
    report: IngestReport,
    *,
    path: Path | None = None,
    data: bytes | None = None,
    save_to: Path | None = None,
    shipped: ShippedVectors | None = None,
) -> None:
    """Index one file (from disk or from bytes); record exactly one outcome in the report.

    Vectors come from `shipped` where it has them (the built-in library), else from the embedder.
    """
    name = save_to.name if save_to is not None else Path(source).name
    existing = state.docs.get(source)
    kept = " The previously indexed version is kept." if existing else ""
    try:
        kind_of(name)
        size = len(data) if data is not None else path.stat().st_size  # type: ignore[union-attr]
        check_size(size, limit_mb)
        if data is None:
            data = path.read_bytes()  # type: ignore[union-attr]
    except InputError as err:
        report.skipped.append((source, str(err) + kept))
        return
    except OSError as exc:
        report.skipped.append((source, f"The file could not be read ({exc.strerror or type(exc).__name__})."))
        return
    digest = src.content_hash(data)
    if existing and existing.get("hash") == digest:
        if save_to is not None and not save_to.is_file():
            write_atomic(save_to, data)
        report.unchanged.append(source)
        return
    other = state.by_hash.get(digest)
    if other and other != source:
        report.skipped.append((source, f"Same content as {other}, which is already indexed."))
        return
    try:
        doc = load_bytes(name, data)
    except InputError as err:
        report.skipped.append((source, str(err) + kept))
        return
    chunks = chunk_document(doc)
    vectors = embed_texts(embedder, [c.embed_text() for c in chunks], shipped)
    if save_to is not None:
        write_atomic(save_to, data)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    metas = []
    for c in chunks:
        meta: dict[str, Any] = {
            "source": source,
            "title": doc.title,
            "heading": c.heading,
            "position": c.position,
            "hash": digest,
            "origin": origin,
            "kind": doc.kind,
            "indexed_at": now,
            "n_chunks": len(chunks),
            "overlap": c.overlap,
        }
        if c.position == 0:
            meta["summary"] = str(doc.meta.get("summary") or "")[:1000]
        metas.append(meta)
    # Upsert then prune, so the old version stays searchable until the new one is in.
    store.upsert(
        [
            Row(src.passage_id(source, c.position), c.text, meta, vec)
            for c, meta, vec in zip(chunks, metas, vectors, strict=True)
        ]
    )
    if existing:
        stale = [src.passage_id(source, i) for i in range(len(chunks), int(existing.get("n_chunks", 0)))]
        if stale:
            store.delete(ids=stale)
    if existing:
        state.by_hash.pop(str(existing.get("hash")), None)
    state.docs[source] = metas[0]
    state.by_hash[digest] = source
    report.indexed.append(source)


def reassemble(title: str, rows: list[tuple[Mapping[str, Any], str]]) -> str:
    """Passages back into one text: drop each repeated overlap, restore section headings."""
    out = [f"# {title}"] if title else []
    last = None
    for meta, text in rows:
        heading = str(meta.get("heading", ""))
        if heading != last:
            parts = heading.split(" > ")
            if len(parts) > 1:
                out.append("#" * min(len(parts), 6) + " " + parts[-1])
            last = heading
        out.append(text[int(meta.get("overlap", 0)) :].strip())
    return "\n\n".join(out) + "\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers never see half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
