"""Plain data types of the knowledge area: passages, documents, ingest reports, parsed blocks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """One indexed chunk as returned by search: `score` is its rank among the passages found, in (0, 1],
    the fused rank of the dense and keyword rankings (1.0 = first in both); `relevance` is the cosine
    between its vector and the query's, which says whether it answers the query at all (see
    relevance.py). Both are 0.0 when the passage was fetched by id."""

    id: str
    source: str
    title: str
    heading: str
    text: str
    score: float
    position: int
    relevance: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return asdict(self)


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed document as listed in the manifest."""

    source: str
    title: str
    hash: str
    n_chunks: int
    origin: str  # "library" | "user"
    indexed_at: str
    kind: str = ""
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return asdict(self)

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> DocumentInfo:
        """Build from the manifest fields stored on a document's first passage."""
        return cls(
            source=str(meta.get("source", "")),
            title=str(meta.get("title", "")),
            hash=str(meta.get("hash", "")),
            n_chunks=int(meta.get("n_chunks", 0)),
            origin=str(meta.get("origin", "")),
            indexed_at=str(meta.get("indexed_at", "")),
            kind=str(meta.get("kind", "")),
            summary=str(meta.get("summary", "")),
        )


@dataclass
class IngestReport:
    """What one ingestion did: sources indexed, left unchanged, skipped (with one reason each), removed."""

    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notice: str | None = None

    @property
    def ok(self) -> bool:
        """True when nothing was skipped."""
        return not self.skipped

    def merge(self, other: IngestReport) -> IngestReport:
        """Add another report's entries to this one (returns self)."""
        self.indexed += other.indexed
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.removed += other.removed
        self.notice = self.notice or other.notice
        return self

    def to_dict(self) -> dict[str, Any]:
        """The shape `coach ingest --json` prints."""
        return {
            "indexed": list(self.indexed),
            "unchanged": list(self.unchanged),
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }


@dataclass(frozen=True)
class Block:
    """A parsed piece of a document: a heading (level 1-6) or a paragraph (level 0)."""

    kind: str  # "heading" | "para"
    text: str
    level: int = 0


@dataclass
class LoadedDocument:
    """A file turned into structure: title, blocks for chunking, readable text, front-matter fields."""

    title: str
    blocks: list[Block]
    text: str
    kind: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """A passage ready to embed: `embed_text` adds document context and the heading path to help retrieval."""

    text: str
    heading: str
    position: int
    overlap: int  # characters at the start of `text` repeated from the previous chunk
    context: str = ""  # what the whole document is about (title, summary, tags), shared by its passages

    def embed_text(self) -> str:
        """The string that is embedded: document context, heading path, then the passage."""
        head = f"{self.context}\n{self.heading}" if self.context else self.heading
        return f"{head}\n\n{self.text}"
