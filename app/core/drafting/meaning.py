"""Does a message use a phrase's meaning, not just its words? Key words first; a sentence embedding
when a capable writer has paraphrased ('opening a second bakery' -> 'your new bakery')."""

from __future__ import annotations

import re
import threading
from typing import Any

import numpy as np

from app.core.drafting.text import sentences
from app.core.language.casing import ALWAYS
from app.core.language.wording import key_words, mentions, stem, stems

# A sentence this close to the phrase, sharing at least one key word, says the same thing in other words.
SIMILAR_WITH_WORD = 0.33
SIMILAR_ALONE = 0.6
_embedder: Any = None
_lock = threading.Lock()


def _embed(texts: list[str]) -> np.ndarray | None:
    global _embedder
    try:
        with _lock:
            if _embedder is None:
                from app.core.knowledge.embeddings import minilm

                _embedder = minilm()
        return np.asarray(_embedder.embed(texts), dtype=np.float32)
    except Exception:  # no embedder (broken install): key words alone decide
        return None


_NOT_NAMES = {"i", "i'd", "i'm", "i've", "i'll", "dr", "mr", "mrs", "ms", "miss", "prof", "sir"} | set(ALWAYS)


def names_in(phrase: str) -> list[str]:
    """Capitalised words inside a phrase that are names ('Dr Tom Lee, a broker' -> ['Tom', 'Lee'])."""
    found = re.findall(r"\b[A-Z][a-z'\u2019-]+", phrase.strip())
    return [w for w in found if w.lower().replace("\u2019", "'") not in _NOT_NAMES]


def uses(
    text: str,
    phrase: str,
    limit: int = 8,
    *,
    forms: tuple[str, ...] = (),
    exclude: set[str] | frozenset[str] = frozenset(),
) -> tuple[bool, list[str]]:
    """Whether `text` carries `phrase` (or one of its reworded `forms`): (ok, missing key words).

    A paraphrase counts when a sentence is close in meaning and shares a key word that is not one of
    `exclude` (stems of words the message has anyway, such as where you met)."""
    if not phrase.strip():
        return True, []
    ok, missing = mentions(text, phrase, limit)
    if ok or any(mentions(text, f, limit)[0] for f in forms if f):
        return True, []
    keys = key_words(phrase, limit)
    have = stems(text)
    shared = [k for k in keys if stem(k) in have and stem(k) not in exclude]
    parts = [s for s in sentences(text) if len(s.split()) >= 3]
    if not parts:
        return False, missing
    vecs = _embed([phrase, *parts])
    if vecs is None:
        return False, missing
    best = float(np.max(vecs[1:] @ vecs[0]))
    if best >= SIMILAR_ALONE or (shared and best >= SIMILAR_WITH_WORD):
        return True, []
    return False, missing
