"""Chroma plumbing: the client (embedded or server), our embedding function, and the collection.

The collection records the embedding model name and dimension (plus the chunker version) in its
metadata; `open_collection` reports a mismatch instead of letting Chroma fail on dimensions later.
Chroma's own default embedding function downloads a model at run time, so every call here passes
ours, and vectors are always computed by us and handed over explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.errors import KnowledgeError
from app.core.knowledge.chunking import CHUNKER_VERSION

COLLECTION = "coach_knowledge"
EF_NAME = "one-two-one-coach"


def make_client(settings: Any) -> Any:
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
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:
        raise KnowledgeError(f"Could not open the knowledge index in the data folder ({type(exc).__name__}: {exc}).") from None


def embedding_function_class() -> type:
    """Our Chroma EmbeddingFunction class (built on first use so chromadb is imported lazily)."""
    global _EF_CLASS
    if _EF_CLASS is None:
        _EF_CLASS = _build_ef_class()
    return _EF_CLASS


_EF_CLASS: type | None = None


def _build_ef_class() -> type:
    from chromadb import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    @register_embedding_function
    class CoachEmbeddingFunction(EmbeddingFunction[Documents]):
        """Wraps the product's embedder (MiniLM int8 or the endpoint's) for Chroma."""

        def __init__(self, embedder: Any = None, model: str = "", dim: int = 0) -> None:
            self._embedder = embedder
            self._model = model or getattr(embedder, "name", "")
            self._dim = int(dim or (getattr(embedder, "dim", 0) if embedder is not None else 0))

        def __call__(self, input: Documents) -> Embeddings:
            """Embed documents with the wrapped embedder."""
            if self._embedder is None:
                raise KnowledgeError(f"The embedding model {self._model!r} is not available in this process.")
            return list(self._embedder.embed(list(input)))

        @staticmethod
        def name() -> str:
            """One name for every model: the model itself is recorded in the config and collection metadata."""
            return EF_NAME

        def default_space(self) -> str:  # type: ignore[override]
            """Cosine distance."""
            return "cosine"  # vectors are unit length: cosine distance ranks like dot product

        def supported_spaces(self) -> list[str]:  # type: ignore[override]
            """Only cosine."""
            return ["cosine"]

        def get_config(self) -> dict[str, Any]:
            """The model name and dimension, stored by Chroma with the collection."""
            return {"model": self._model, "dim": self._dim}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> CoachEmbeddingFunction:
            """Rebuild from a stored config (MiniLM loads; other models refuse to embed here)."""
            from app.core.knowledge.embeddings import MINILM_NAME, minilm

            model = str(config.get("model", ""))
            embedder = minilm() if model == MINILM_NAME else None
            return CoachEmbeddingFunction(embedder, model=model, dim=int(config.get("dim", 0)))

        @staticmethod
        def validate_config(config: dict[str, Any]) -> None:
            """Any config is acceptable: mismatches are handled by rebuilding the index."""
            return None

        def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
            """Config updates are allowed for the same reason."""
            return None

    return CoachEmbeddingFunction


@dataclass
class Opened:
    """The collection plus what was found there before, if it had to be recreated."""

    collection: Any
    rebuilt_from: dict[str, Any] | None = None  # the old collection metadata when rebuilt
    old_documents: list[dict[str, Any]] | None = None  # position-0 metadata of the old documents


def _expected(embedder_name: str, dim: int) -> dict[str, Any]:
    return {"embedding_model": embedder_name, "embedding_dim": int(dim), "chunker": CHUNKER_VERSION}


def open_collection(client: Any, embedder: Any, model: str, dim: int) -> Opened:
    """Get or create the collection; if it was built with another model or chunker, drop and recreate it."""
    ef = embedding_function_class()(embedder, model=model, dim=dim)
    expected = _expected(model, dim)
    old_meta: dict[str, Any] | None = None
    old_docs: list[dict[str, Any]] | None = None
    from chromadb.errors import NotFoundError as ChromaNotFound

    try:
        col = client.get_collection(COLLECTION, embedding_function=ef)
    except ChromaNotFound:
        col = None
    except ValueError:
        # Created with a foreign embedding function: nothing in it can be trusted to match ours.
        col = None
        if COLLECTION in _collection_names(client):
            old_meta, old_docs = {"embedding_model": "unknown"}, []
            client.delete_collection(COLLECTION)
    except Exception as exc:
        raise KnowledgeError(f"Could not read the knowledge index ({type(exc).__name__}: {exc}).") from None
    if col is not None:
        meta = dict(col.metadata or {})
        if any(meta.get(k) != v for k, v in expected.items()):
            old_meta = meta
            got = col.get(where={"position": 0}, include=["metadatas"])
            old_docs = [dict(m) for m in got.get("metadatas") or []]
            client.delete_collection(COLLECTION)
            col = None
    if col is None:
        col = client.create_collection(COLLECTION, metadata=expected, embedding_function=ef)
    return Opened(col, old_meta, old_docs)


def _collection_names(client: Any) -> list[str]:
    names = []
    for c in client.list_collections():
        names.append(c if isinstance(c, str) else getattr(c, "name", ""))
    return names
