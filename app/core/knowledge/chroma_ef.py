"""Our Chroma EmbeddingFunction: how Chroma records (and could rebuild) the embedder of the collection.

Vectors are always computed by us and passed explicitly; this class exists so that Chroma stores our
model's name and dimension with the collection instead of falling back to its default function,
which would download a model at run time. Built on first use so chromadb is imported lazily.
"""

from __future__ import annotations

from typing import Any

from app.core.errors import KnowledgeError

EF_NAME = "one-two-one-coach"


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
