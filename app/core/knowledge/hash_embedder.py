"""HashEmbedder: a deterministic, dependency-free stand-in for a sentence embedder, for tests.

Each content word (lower-cased, stemmed, stop words dropped: the same tokens as the keyword index)
is hashed into one of `dim` buckets with a sign, and the row is L2-normalised. Texts that share
words get a high cosine, texts that share none get about zero - enough for logic tests of
retrieval, citations and matching, with no model to load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from app.core.knowledge.lexical import tokenize

# Texts sharing no content word score about 0, and one shared word of a few already scores over 0.2.
HASH_RELEVANCE_FLOOR = 0.15


class HashEmbedder:
    """Hashed bag of stemmed words -> unit vectors of `dim` floats; the same text always gives the same row."""

    def __init__(
        self, dim: int = 4096, name: str | None = None, relevance_floor: float | None = HASH_RELEVANCE_FLOOR
    ):
        self.dim = int(dim)
        self.name = name or f"hash-{self.dim}"
        self.relevance_floor = relevance_floor
        self.calls = 0  # embed() calls, for tests that check nothing was re-embedded
        self.texts = 0  # texts embedded in all

    def _bucket(self, token: str) -> tuple[int, float]:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8, person=b"hash-embed").digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, (1.0 if value >> 63 else -1.0)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per text; a text with no content word gets a fixed unit vector of its own."""
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for token in tokenize(text):
                bucket, sign = self._bucket(token)
                out[i, bucket] += sign
            norm = float(np.linalg.norm(out[i]))
            if norm == 0.0:
                out[i, self.dim - 1] = 1.0
            else:
                out[i] /= norm
        return out
