"""KnowledgeBase: the built-in library plus the user's documents in one vector store (Chroma by default).

The index is its own manifest: every passage carries its document's source, title, content hash,
origin, chunk count and indexing time, and position 0 of each document is its manifest row. So an
index shared through a Chroma server needs no side file, and the manifest cannot drift from it.
The built-in library's vectors ship with the code (shipped.py), so indexing it embeds nothing.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import InputError, NotFoundError
from app.core.knowledge import sources as src
from app.core.knowledge.compat import expected_metadata, make_compatible
from app.core.knowledge.embeddings import Embedder
from app.core.knowledge.ingest import Manifest, index_file, reassemble
from app.core.knowledge.lexical import LexicalCache
from app.core.knowledge.loaders import load_bytes
from app.core.knowledge.reader_questions import QuestionBank
from app.core.knowledge.relevance import lexical_weight, relevance_floor, strong_cosine
from app.core.knowledge.search import check_filters, hybrid_search, passage_from
from app.core.knowledge.shipped import ShippedVectors
from app.core.knowledge.types import DocumentInfo, IngestReport, Passage
from app.core.knowledge.vectors import VectorStore

if TYPE_CHECKING:
    from app.core.config import Settings

log = logging.getLogger(__name__)
DEFAULT_LIBRARY = Path(__file__).resolve().parents[3] / "knowledge" / "articles"
UPLOADS = "uploads"
Progress = Callable[[int, int, str], None]


class KnowledgeBase:
    """Ingest, search and cite documents; nothing heavy happens until the first real use."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        *,
        library_dir: Path | str | None = None,
        store: VectorStore | None = None,
        shipped: ShippedVectors | None = None,
    ):
        """`embedder` and `store` default to the settings' choice (MiniLM; embedded Chroma or a server);
        tests pass a HashEmbedder and a MemoryStore. `shipped`: precomputed library vectors."""
        self.settings = settings
        self._embedder = embedder
        self.library_dir = Path(library_dir) if library_dir else DEFAULT_LIBRARY
        self.embedding_notice: str | None = None
        self._lock = threading.RLock()
        self._given_store = store
        self._store: VectorStore | None = None
        self._shipped = shipped if shipped is not None else ShippedVectors()
        self._library_ready = False
        self._lexical = LexicalCache()  # BM25 over the indexed passages, rebuilt when the index changes
        # The library's reader questions (the built-in library only: another library folder has none).
        self._questions = QuestionBank(shipped=self._shipped) if self.library_dir == DEFAULT_LIBRARY else None

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        """The embedder in use (the settings' choice unless one was passed in)."""
        if self._embedder is None:
            from app.core.knowledge.embeddings import get_embedder

            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded files are kept."""
        return Path(self.settings.data_dir) / UPLOADS

    @property
    def relevance_floor(self) -> float:
        """The evidence a query needs for any passage to answer it (the embedder's calibrated floor)."""
        return relevance_floor(self.embedder)

    @property
    def relevance_lexical_weight(self) -> float:
        """The weight of the best BM25 score in that evidence (see relevance.py)."""
        return lexical_weight(self.embedder)

    def _collection(self) -> VectorStore:
        """The store, opened (and rebuilt if it was built with another embedder or chunker) on first use."""
        with self._lock:
            if self._store is None:
                emb = self.embedder
                if self._given_store is not None:
                    store = self._given_store
                else:
                    from app.core.knowledge.chroma import ChromaStore

                    store = ChromaStore.open(self.settings, emb, expected_metadata(emb))
                checked = make_compatible(store, emb)
                self._store = store
                self._lexical.invalidate()
                if checked.rebuilt_from is not None:
                    self._rebuild(checked.rebuilt_from, checked.old_documents)
            return self._store

    def _ready(self) -> VectorStore:
        store = self._collection()
        if not self._library_ready:
            self.ensure_library()
        return store

    def _rebuild(self, old_meta: Mapping[str, Any], old_docs: list[dict[str, Any]]) -> None:
        """Re-index after a model or format change, from the files that still exist."""
        report = self.ensure_library()
        lost = []
        state = self._state()
        for meta in old_docs:
            source = str(meta.get("source", ""))
            if meta.get("origin") != "user":
                continue
            path = self._file_for(source, "user")
            if path is not None and path.is_file():
                self._ingest_one(source, "user", state, report, path=path)
            else:
                lost.append(source)
        emb = self.embedder
        old_model, old_dim = old_meta.get("embedding_model"), old_meta.get("embedding_dim")
        if old_model != emb.name or old_dim != int(emb.dim):
            what = (
                f"The embedding model changed from {old_model} ({old_dim} dimensions) to "
                f"{emb.name} ({int(emb.dim)} dimensions)"
            )
        else:
            what = "The passage format changed"
        n = len(report.indexed) + len(report.unchanged)
        notice = f"{what}: the knowledge index was rebuilt ({n} documents re-indexed)."
        if lost:
            notice += f" {len(lost)} uploaded document(s) could not be re-indexed because the file is gone: {', '.join(lost)}."
        self.embedding_notice = notice
        log.warning(notice)

    def _state(self) -> Manifest:
        return Manifest(r.meta for r in self._collection().get(where={"position": 0}))

    def _library_source(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.library_dir.parent.parent)).as_posix()

    def _file_for(self, source: str, origin: str) -> Path | None:
        if origin == "library":
            return self.library_dir.parent.parent / source
        if source.startswith(UPLOADS + "/"):
            return Path(self.settings.data_dir) / source
        return Path(source) if os.path.isabs(source) else None

    def _in_library(self, path: Path) -> bool:
        try:
            Path(os.path.abspath(path)).relative_to(os.path.abspath(self.library_dir))
            return True
        except ValueError:
            return False

    # -- ingestion ------------------------------------------------------------------------------
    def _ingest_one(
        self,
        source: str,
        origin: str,
        state: Manifest,
        report: IngestReport,
        *,
        path: Path | None = None,
        data: bytes | None = None,
        save_to: Path | None = None,
    ) -> None:
        indexed = len(report.indexed)
        try:
            index_file(
                self._collection(),
                self.embedder,
                float(self.settings.max_upload_mb),
                source,
                origin,
                state,
                report,
                path=path,
                data=data,
                save_to=save_to,
                shipped=self._shipped,
            )
        except BaseException:
            self._lexical.invalidate()  # a failed write may have left part of a document behind
            raise
        if len(report.indexed) != indexed:  # unchanged and skipped files leave the passages as they were
            self._lexical.invalidate()

    def ensure_library(self, progress: Progress | None = None) -> IngestReport:
        """Bring the built-in library up to date: index new or changed articles, drop deleted ones."""
        with self._lock:
            self._collection()
            report = IngestReport()
            state = self._state()
            files = src.library_files(self.library_dir)
            seen = set()
            for i, path in enumerate(files, start=1):
                source = self._library_source(path)
                seen.add(source)
                self._ingest_one(source, "library", state, report, path=path)
                if progress:
                    progress(i, len(files), source)
            if self.library_dir.is_dir():  # a missing folder is a packaging problem, not a deletion
                for source, meta in list(state.docs.items()):
                    if meta.get("origin") == "library" and source not in seen:
                        self._delete(source)
                        report.removed.append(source)
            self._library_ready = True
            report.notice = self.embedding_notice
            return report

    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        """Index the user's files and folders; each file is indexed, unchanged, or skipped with a reason."""
        with self._lock:
            self._ready()
            report = IngestReport(notice=self.embedding_notice)
            state = self._state()
            rows = src.expand_paths(list(paths))
            for i, (shown, path, reason) in enumerate(rows, start=1):
                if reason or path is None:
                    report.skipped.append((shown, reason or "No such file or folder."))
                elif self._in_library(path):
                    self._ingest_one(self._library_source(path), "library", state, report, path=path)
                else:
                    self._ingest_one(os.path.abspath(path), "user", state, report, path=path)
                if progress:
                    progress(i, len(rows), shown)
            return report

    def ingest_upload(self, name: str, data: bytes, progress: Progress | None = None) -> IngestReport:
        """Save an uploaded file under the data dir (with a safe name) and index it."""
        with self._lock:
            self._ready()
            report = IngestReport(notice=self.embedding_notice)
            try:
                safe = src.safe_upload_name(name)
            except InputError as err:
                report.skipped.append((name or "(no name)", str(err)))
                return report
            source = f"{UPLOADS}/{safe}"
            state = self._state()
            uploads = [s for s in state.docs if s.startswith(UPLOADS + "/")]
            limit = int(self.settings.max_uploads)
            if source not in state.docs and len(uploads) >= limit:
                report.skipped.append(
                    (source, f"The limit of {limit} uploaded documents is reached: remove one first.")
                )
            else:
                self._ingest_one(
                    source, "user", state, report, data=bytes(data), save_to=self.uploads_dir / safe
                )
            if progress:
                progress(1, 1, source)
            return report

    # -- reading --------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 4,
        filters: Mapping[str, Any] | None = None,
        *,
        min_relevance: float | None = None,
    ) -> list[Passage]:
        """The k best passages for a query (near-duplicates collapsed), best first, or [] when the query
        does not reach the relevance floor: nothing in the library answers it.

        `min_relevance` overrides the embedder's calibrated floor (`relevance.NO_FLOOR` returns the
        nearest passages however unrelated).
        """
        text = (query or "").strip()
        if not text:
            raise InputError("Type a question or a few words to search for.")
        if not 1 <= int(k) <= 50:
            raise InputError("The number of results must be between 1 and 50.")
        check_filters(filters)  # an unknown filter is a usage error even before the index is opened
        floor = self.relevance_floor if min_relevance is None else float(min_relevance)
        return hybrid_search(
            self._ready(),
            self.embedder,
            self._lexical,
            text,
            int(k),
            filters,
            floor=floor,
            lexical_evidence=self.relevance_lexical_weight,
            strong_cosine=strong_cosine(self.embedder) if min_relevance is None else math.inf,
            questions=self._questions,
        )

    def get_passages(self, ids: Iterable[str]) -> dict[str, Passage]:
        """The passages that exist among these ids (score 0.0: they were fetched, not ranked)."""
        wanted = list(dict.fromkeys(str(i) for i in ids if i))
        if not wanted:
            return {}
        return {r.id: passage_from(r.id, r.text, r.meta, 0.0) for r in self._ready().get(wanted)}

    def get_passage(self, passage_id: str) -> Passage | None:
        """One passage by id, or None if it is not in the index."""
        return self.get_passages([passage_id]).get(passage_id)

    def list_documents(self) -> list[DocumentInfo]:
        """Every indexed document: the library first, then the user's, each by title."""
        self._ready()
        docs = [DocumentInfo.from_meta(m) for m in self._state().docs.values()]
        return sorted(docs, key=lambda d: (d.origin != "library", d.title.lower(), d.source))

    def resolve_source(self, source: str) -> str | None:
        """The indexed source a user means by a path, an upload name or the source itself."""
        docs = self._state().docs
        candidates = [str(source), os.path.abspath(source), f"{UPLOADS}/{Path(source).name}"]
        if self._in_library(Path(source)):
            candidates.append(self._library_source(Path(source)))
        return next((c for c in candidates if c in docs), None)

    def remove(self, source: str) -> bool:
        """Remove a user document (and its saved upload); False when no such document is indexed."""
        with self._lock:
            self._ready()
            key = self.resolve_source(source)
            if key is None:
                return False
            if self._state().docs[key].get("origin") == "library":
                raise InputError(f"{key} is part of the built-in library and cannot be removed.")
            self._delete(key)
            if key.startswith(UPLOADS + "/"):
                (Path(self.settings.data_dir) / key).unlink(missing_ok=True)
            return True

    def _delete(self, source: str) -> None:
        try:
            self._collection().delete(where={"source": source})
        finally:
            self._lexical.invalidate()

    def read_document(self, source: str) -> str:
        """The full text of an indexed document (from its file, or rebuilt from its passages)."""
        self._ready()
        key = self.resolve_source(source)
        if key is None:
            raise NotFoundError(f"No document {source!r} in the knowledge library.")
        meta = self._state().docs[key]
        path = self._file_for(key, str(meta.get("origin")))
        if path is not None and path.is_file():
            try:
                data = path.read_bytes()
                if src.content_hash(data) == meta.get("hash"):
                    return load_bytes(path.name, data).text
            except (OSError, InputError):
                pass  # fall back to the indexed text, which is what citations point at anyway
        rows = sorted(
            ((r.meta, r.text) for r in self._collection().get(where={"source": key})),
            key=lambda r: int(r[0]["position"]),
        )
        return reassemble(str(meta.get("title", "")), rows)

    def info(self) -> dict[str, Any]:
        """Index statistics for the UI and CLI."""
        store = self._ready()
        docs = self._state().docs.values()
        s = self.settings
        if self._given_store is not None:
            backend = type(self._given_store).__name__
        else:
            backend = f"chroma server {s.chroma_host}:{s.chroma_port}" if s.chroma_host else "embedded chroma"
        return {
            "documents": len(docs),
            "library_documents": sum(1 for m in docs if m.get("origin") == "library"),
            "user_documents": sum(1 for m in docs if m.get("origin") == "user"),
            "passages": store.count(),
            "embedding_model": self.embedder.name,
            "embedding_dim": int(self.embedder.dim),
            "relevance_floor": self.relevance_floor,
            "relevance_lexical_weight": self.relevance_lexical_weight,
            "backend": backend,
        }
