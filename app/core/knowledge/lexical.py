"""An in-process BM25 index over the indexed passages: the exact-word signal fused with the dense one.

Chroma's local mode has no sparse index, and a small embedding model blurs rare exact words (a
name, "double opt-in", "GAINS") into their general topic. Okapi BM25 over the same passages puts
them back. The index is built from the collection's own documents on the first search, kept in
memory, and rebuilt when the collection changes, so it never needs a file of its own.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from app.core.knowledge.vectors import VectorStore

K1 = 1.2  # the usual Okapi BM25 defaults: term-frequency saturation ...
B = 0.75  # ... and length normalisation
RECHECK_S = 10.0  # how often to look for changes made by another process (see LexicalCache.get)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each either else etc even ever every few for from further get gets getting got
    had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
    himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just
    let's may me might more most much must mustn't my myself no nor not now of off on once only or
    other ought our ours ourselves out over own quite rather really same shall shan't she she'd
    she'll she's should shouldn't so some such than that that's the their theirs them themselves then
    there there's these they they'd they'll they're they've this those though through to too under
    until up upon us very via was wasn't we we'd we'll we're we've were weren't what what's when
    when's where where's whether which while who who's whom whose why why's will with won't would
    wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_VOWEL = re.compile(r"[aeiouy]")
_UNDOUBLE = re.compile(r"([bcdfghjkmnpqrtvwx])\1$")  # "referr" -> "refer", but "call", "pass" stay


@lru_cache(maxsize=65536)  # a library's vocabulary is small: most words are stemmed once per build
def stem(word: str) -> str:
    """A light English suffix stripper: plurals, -ing, -ed and a final -e, applied the same way to
    passages and queries so that "meetings", "meeting" and "meet" (or "referred" and "refer") match.

    Deliberately conservative: merging unrelated words costs more precision than it gains recall.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and _VOWEL.search(base):
            word = _UNDOUBLE.sub(r"\1", base)
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed content words (stop words, possessives and single characters dropped)."""
    out = []
    for token in _WORD.findall(text.lower().replace("\u2019", "'")):
        if token.endswith("'s"):
            token = token[:-2]
        if token in STOPWORDS or len(token) < 2:
            continue
        out.append(stem(token.replace("'", "")))
    return out


class LexicalIndex:
    """BM25 statistics of a fixed set of passages, with per-term weights precomputed for fast queries."""

    def __init__(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        metas: Sequence[Mapping[str, Any]],
        fingerprint: Hashable = None,
    ):
        self.ids = list(ids)
        self.metas = [dict(m or {}) for m in metas]
        self.fingerprint = fingerprint
        self._masks: dict[Hashable, np.ndarray] = {}
        self._rows: dict[str, int] | None = None  # id -> row, built on the first `scores_of`
        vocab: dict[str, int] = {}
        rows: list[int] = []
        terms: list[int] = []
        for row, text in enumerate(texts):
            for token in tokenize(text):
                rows.append(row)
                terms.append(vocab.setdefault(token, len(vocab)))
        n = len(self.ids)
        # One (row, term) pair per token: sorting them gives term frequencies and postings in one pass.
        pairs = np.unique(
            np.array(rows, dtype=np.int64) * max(len(vocab), 1) + np.array(terms, dtype=np.int64),
            return_counts=True,
        )
        prow, pterm = np.divmod(pairs[0], max(len(vocab), 1))
        tf = pairs[1].astype(np.float32)
        lengths = np.bincount(np.array(rows, dtype=np.int64), minlength=n).astype(np.float32)
        avg = float(lengths.mean()) if n and lengths.sum() > 0 else 1.0
        df = np.bincount(pterm, minlength=len(vocab)).astype(np.float32)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))  # Lucene's form: never negative
        weight = idf[pterm] * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * lengths[prow] / avg))
        # Each term keeps (rows, BM25 weight in those rows): a query is then a few vector additions.
        order = np.argsort(pterm, kind="stable")
        bounds = np.searchsorted(pterm[order], np.arange(len(vocab) + 1))
        self._terms: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, t in vocab.items():
            sel = order[bounds[t] : bounds[t + 1]]
            self._terms[term] = (prow[sel], weight[sel].astype(np.float32))

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, key: Hashable, keep: Callable[[Mapping[str, Any]], bool]) -> np.ndarray:
        """Which passages satisfy a filter (cached per filter key for the life of this index)."""
        got = self._masks.get(key)
        if got is None:
            got = np.fromiter((bool(keep(m)) for m in self.metas), dtype=bool, count=len(self.metas))
            if len(self._masks) < 64:  # filters come from a handful of call sites; do not grow unbounded
                self._masks[key] = got
        return got

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every passage for a query (0.0 where no query word occurs)."""
        out = np.zeros(len(self.ids), dtype=np.float32)
        for term in set(tokenize(query)):
            hit = self._terms.get(term)
            if hit is not None:
                out[hit[0]] += hit[1]
        return out

    def scores_of(self, query: str, ids: Sequence[str]) -> dict[str, float]:
        """The BM25 score of each of these passages that is indexed (0.0 where no query word occurs)."""
        if self._rows is None:
            self._rows = {pid: i for i, pid in enumerate(self.ids)}
        rows = self._rows
        known = [pid for pid in ids if pid in rows]
        if not known:
            return {}
        scores = self.scores(query)
        return {pid: float(scores[rows[pid]]) for pid in known}

    def search(self, query: str, n: int, allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Up to n (id, score) pairs, best first, among passages sharing at least one word with the query."""
        if n <= 0 or not self.ids:
            return []
        scores = self.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        hits = np.flatnonzero(scores > 0.0)
        if hits.size > n:
            hits = hits[np.argpartition(-scores[hits], n - 1)[:n]]
        # Ties keep index order (stable sort), so equal scores rank the same way on every run.
        order = hits[np.argsort(-scores[hits], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in order]


def passage_text(text: str, meta: Mapping[str, Any]) -> str:
    """What is indexed for a passage: its heading path (which starts with the title) and its text."""
    heading = str(meta.get("heading") or meta.get("title") or "")
    return f"{heading}\n{text or ''}"


def manifest_fingerprint(metas: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, str, str], ...]:
    """What identifies the indexed version of every document: source, content hash, indexing time."""
    rows = {
        (str(m.get("source", "")), str(m.get("hash", "")), str(m.get("indexed_at", "")))
        for m in metas
        if m and int(m.get("position", -1)) == 0
    }
    return tuple(sorted(rows))


class LexicalCache:
    """The lexical index of one collection: built on first use, rebuilt whenever the collection changes.

    Changes made through this process call `invalidate()`. A change is also noticed without that:
    a different collection (rebuilt index) or passage count is checked on every search, and every
    RECHECK_S seconds the document manifest is compared too, which catches another process (the CLI,
    a teammate on a shared Chroma server) replacing a document with one of the same length. Passages
    are always read back from Chroma before they are returned, so a stale index can at worst rank
    slightly differently for those few seconds; it never returns text that is no longer indexed.
    """

    def __init__(self, recheck_s: float = RECHECK_S, clock: Callable[[], float] = time.monotonic):
        self._lock = threading.Lock()
        self._index: LexicalIndex | None = None
        self._key: tuple[str, int] | None = None
        self._checked = 0.0
        self._recheck_s = recheck_s
        self._clock = clock
        self.builds = 0  # how many times the index was built (observable in tests and benchmarks)

    def invalidate(self) -> None:
        """Forget the index: the next search rebuilds it from the collection."""
        with self._lock:
            self._index = None
            self._key = None

    def get(self, store: VectorStore, count: int | None = None) -> LexicalIndex:
        """The index for this store as it is now (`count`: the passage count, if already known)."""
        total = int(store.count()) if count is None else int(count)
        key = (store.key, total)
        with self._lock:
            now = self._clock()
            if self._index is not None and self._key == key:
                if now - self._checked < self._recheck_s:
                    return self._index
                self._checked = now
                manifest = [r.meta for r in store.get(where={"position": 0})]
                if manifest_fingerprint(manifest) == self._index.fingerprint:
                    return self._index
            rows = store.get()
            metas = [r.meta for r in rows]
            texts = [passage_text(r.text, r.meta) for r in rows]
            self._index = LexicalIndex(
                [r.id for r in rows], texts, metas, fingerprint=manifest_fingerprint(metas)
            )
            self._key = (key[0], len(rows))
            self._checked = now
            self.builds += 1
            return self._index
