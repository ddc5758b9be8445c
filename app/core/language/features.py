"""Features of a sentence for the act classifier: its embedding plus hashed word and character n-grams.

The embedding carries meaning in any wording; the n-grams carry the small words that change an act
("but you'd need to buy ...", "No, I mean ..."), and character n-grams survive typos and text-speak.
Hashing (crc32, stable across runs and machines) keeps the model a fixed-size matrix with no vocabulary.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.core.language.grammar import asks, first_person, second_person
from app.core.language.lexicon import textspeak
from app.core.language.text import normalise

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]|[£$€%]")


@dataclass(frozen=True)
class FeatureConfig:
    """How features are built; saved with a trained model so training and use always agree."""

    hash_bits: int = 15
    char_min: int = 3
    char_max: int = 5
    sparse_weight: float = 1.0  # scale of the n-gram block against the unit-length embedding

    @property
    def size(self) -> int:
        """Number of hashed dimensions."""
        return 1 << self.hash_bits


def tokens(text: str) -> list[str]:
    """Lower-case tokens with text-speak expanded ("wat do u do" -> what do you do)."""
    speak = textspeak()
    out: list[str] = []
    for tok in _TOKEN.findall(normalise(text)):
        out.extend(speak.get(tok, tok).split())
    return out


def _grams(text: str, cfg: FeatureConfig) -> list[str]:
    toks = tokens(text)
    grams = [f"w:{t}" for t in toks]
    grams += [f"b:{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
    grams += [f"s:{t}" for t in toks[:2]]  # the opening words say a lot about what a sentence does
    if toks:
        grams.append(f"s2:{' '.join(toks[:2])}")
    norm = normalise(text)
    grams.append(f"q:{int(asks(norm))}")
    grams.append(f"p:{int(first_person(norm))}{int(second_person(norm))}")
    for t in toks:
        padded = f"<{t}>"
        for n in range(cfg.char_min, cfg.char_max + 1):
            grams += [f"c:{padded[i : i + n]}" for i in range(max(1, len(padded) - n + 1))]
    return grams


def sparse_row(text: str, cfg: FeatureConfig) -> tuple[np.ndarray, np.ndarray]:
    """Hashed n-gram indices and their weights (binary, scaled to unit length times `sparse_weight`)."""
    idx = sorted({zlib.crc32(g.encode("utf-8")) & (cfg.size - 1) for g in _grams(text, cfg)})
    if not idx:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    vals = np.full(len(idx), cfg.sparse_weight / np.sqrt(len(idx)), dtype=np.float32)
    return np.asarray(idx, dtype=np.int64), vals


def sparse_matrix(texts: Sequence[str], cfg: FeatureConfig):  # type: ignore[no-untyped-def]
    """The n-gram block for many texts as a SciPy CSR matrix (training only: SciPy is not needed at run time)."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        i, v = sparse_row(text, cfg)
        rows.extend([r] * len(i))
        cols.extend(i.tolist())
        vals.extend(v.tolist())
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), cfg.size), dtype=np.float32)
