"""ChromaStore: the VectorStore on Chroma (embedded in the data folder, or a Chroma server).

Every call into chromadb goes through `_chroma(...)`, which turns Chroma's exceptions into one
KnowledgeError naming what failed, so no other module handles Chroma errors. Chroma's own default
embedding function downloads a model at run time, so the collection is always opened with ours,
and vectors are always computed by us and handed over explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from app.core.errors import KnowledgeError
from app.core.knowledge.vectors import Row, Where

if TYPE_CHECKING:
    from app.core.config import Settings

COLLECTION = "coach_knowledge"
FOREIGN = {"embedding_model": "unknown"}  # metadata of a collection made by another embedding function


@contextmanager
def _chroma(action: str) -> Iterator[None]:
    """Run Chroma calls; any failure becomes a KnowledgeError saying what could not be done."""
    try:
        yield
    except KnowledgeError:
        raise
    except Exception as exc:  # chromadb raises its own errors, ValueError, sqlite3 and HTTP errors
        raise KnowledgeError(f"Could not {action} ({type(exc).__name__}: {exc}).") from None


def make_client(settings: Settings) -> Any:
    """A PersistentClient under data_dir/index, or an HttpClient when CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if getattr(settings, "chroma_host", ""):
        host, port = settings.chroma_host, int(settings.chroma_port)
        try:
            return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        except Exception as exc:  # connection refused, DNS, TLS, version mismatch...
            raise KnowledgeError(
                f"Could not reach the Chroma server at {host}:{port} ({type(exc).__name__}): "
                "check CHROMA_HOST and CHROMA_PORT, or unset CHROMA_HOST to use the local index."
            ) from None
    path = settings.data_dir / "index"
    with _chroma("open the knowledge index in the data folder"):
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def chroma_where(where: Where | None) -> dict[str, Any] | None:
    """A filter mapping as a Chroma `where` clause: lists become $in, several fields an $and."""
    if not where:
        return None
    clauses = [
        {key: {"$in": [str(v) for v in value]}}
        if isinstance(value, (list, tuple, set, frozenset))
        else {key: value}
        for key, value in where.items()
    ]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _unit(vec: Any) -> np.ndarray:
    v = np.asarray(vec, dtype=np.float32)
    return v / max(float(np.linalg.norm(v)), 1e-12)


class ChromaStore:
    """One Chroma collection behind the VectorStore protocol."""

    def __init__(self, client: Any, embedder: Any, metadata: Mapping[str, Any] | None = None):
        self._client = client
        self._embedder = embedder
        self._col: Any = None
        with _chroma("read the knowledge index"):
            self._col = self._open(dict(metadata or {}) or None)

    @classmethod
    def open(
        cls, settings: Settings, embedder: Any, metadata: Mapping[str, Any] | None = None
    ) -> ChromaStore:
        """The knowledge collection for these settings (created empty, with `metadata`, when missing)."""
        return cls(make_client(settings), embedder, metadata)

    def _ef(self) -> Any:
        from app.core.knowledge.chroma_ef import embedding_function_class

        e = self._embedder
        return embedding_function_class()(e, model=str(e.name), dim=int(e.dim))

    def _open(self, metadata: dict[str, Any] | None) -> Any:
        from chromadb.errors import NotFoundError as ChromaNotFound

        try:
            return self._client.get_collection(COLLECTION, embedding_function=self._ef())
        except ChromaNotFound:  # get-or-create: another process may be creating it at this moment
            return self._client.get_or_create_collection(
                COLLECTION, metadata=metadata, embedding_function=self._ef()
            )
        except ValueError:
            # Made with a foreign embedding function: nothing in it can be trusted to match ours.
            self._client.delete_collection(COLLECTION)
            return self._client.create_collection(COLLECTION, metadata=FOREIGN, embedding_function=self._ef())

    @property
    def key(self) -> str:
        """The collection's id (a recreated collection gets a new one)."""
        return str(self._col.id)

    @property
    def metadata(self) -> dict[str, Any]:
        """The metadata stored with the collection."""
        return dict(self._col.metadata or {})

    def recreate(self, metadata: Mapping[str, Any]) -> None:
        """Delete the collection and create it again with new metadata."""
        with _chroma("rebuild the knowledge index"):
            self._client.delete_collection(COLLECTION)
            self._col = self._client.create_collection(
                COLLECTION, metadata=dict(metadata), embedding_function=self._ef()
            )

    def count(self) -> int:
        """How many passages the collection holds."""
        with _chroma("read the knowledge index"):
            return int(self._col.count())

    def upsert(self, rows: Sequence[Row]) -> None:
        """Write passages with their vectors."""
        if not rows:
            return
        with _chroma("write to the knowledge index"):
            self._col.upsert(
                ids=[r.id for r in rows],
                documents=[r.text for r in rows],
                metadatas=[dict(r.meta) for r in rows],
                embeddings=[np.asarray(r.vector, dtype=np.float32).tolist() for r in rows],
            )

    def delete(self, *, ids: Sequence[str] | None = None, where: Where | None = None) -> None:
        """Remove passages by id or filter."""
        with _chroma("remove passages from the knowledge index"):
            if ids is not None:
                if ids:
                    self._col.delete(ids=list(ids))
            else:
                self._col.delete(where=chroma_where(where))

    def get(
        self, ids: Sequence[str] | None = None, *, where: Where | None = None, vectors: bool = False
    ) -> list[Row]:
        """Passages by id and/or filter."""
        include = ["documents", "metadatas"] + (["embeddings"] if vectors else [])
        with _chroma("read the knowledge index"):
            got = self._col.get(
                ids=list(ids) if ids is not None else None, where=chroma_where(where), include=include
            )
        embs = got.get("embeddings") if vectors else None
        vecs = list(embs) if embs is not None and len(embs) else [None] * len(got["ids"])
        docs, metas = got.get("documents") or [], got.get("metadatas") or []
        return [
            Row(pid, doc or "", dict(meta or {}), _unit(vec) if vec is not None else None)
            for pid, doc, meta, vec in zip(got["ids"], docs, metas, vecs, strict=False)
        ]

    def query(self, vector: np.ndarray, n: int, *, where: Where | None = None) -> list[tuple[str, float]]:
        """Nearest passages; Chroma's cosine distance d is turned back into the similarity 1 - d."""
        if n <= 0:
            return []
        with _chroma("search the knowledge index"):
            res = self._col.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32).tolist()],
                n_results=n,
                where=chroma_where(where),
                include=["distances"],
            )
        return [(pid, 1.0 - float(d)) for pid, d in zip(res["ids"][0], res["distances"][0], strict=False)]
