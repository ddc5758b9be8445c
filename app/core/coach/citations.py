"""Library passages that explain each missed check, with a short quote verified against the passage."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np

from app.core.coach.advice import ADVICE
from app.core.coach.judges import CheckResult
from app.core.errors import KnowledgeError
from app.core.knowledge.prose import quotable_sentences
from app.core.language.model import default_model

MAX_QUOTE = 240
MAX_PER_CHECK = 2
_MARKUP_EDGES = " \t*_#>-`"
_TITLE_REF = re.compile(r"[\"\u201c](?:[A-Z][\w'-]*[\s:,-]+){2,}")  # '"Trigger Phrases: What to ..."'
_LABEL = re.compile(r"^\*\*[^*]{1,40}\*\*\s*")  # "**Instead:** describe ..." -> "describe ..."


class Searchable(Protocol):
    """Anything with the KnowledgeBase search signature (returns Passage-like objects)."""

    def search(self, query: str, k: int = 4) -> Sequence[Any]:
        """Passages nearest to the query, best first."""
        ...


@dataclass(frozen=True)
class CoachCitation:
    """A passage cited for a failed check; `quote` is a verbatim substring of the passage text."""

    check: str
    passage_id: str
    source: str
    title: str
    heading: str
    quote: str

    def to_dict(self) -> dict[str, str]:
        """The JSON shape: check, passage_id, source, title, heading, quote."""
        return asdict(self)


def _quotable(piece: str) -> str | None:
    """A clean, self-contained sentence (markup labels trimmed), or None."""
    piece = _LABEL.sub("", piece.strip()).strip(_MARKUP_EDGES)
    n = len(piece.split())
    if not 6 <= n <= 45 or len(piece) > MAX_QUOTE or piece.endswith(":"):
        return None
    if (
        "*" in piece
        or "](" in piece
        or piece.count('"') % 2
        or piece.count("\u201c") != piece.count("\u201d")
    ):
        return None
    if _TITLE_REF.search(piece):
        return None  # a pointer to another article says nothing by itself
    return piece


def best_quote(text: str, query: str) -> str | None:
    """The passage sentence closest to the query, as a short verbatim substring of the passage."""
    # Only whole prose sentences: never a table row, a heading or a list label.
    pieces = [q for sentence in quotable_sentences(text) if (q := _quotable(sentence)) and q in text]
    if not pieces:
        return None
    # The act model's embedder keeps a cache, so the same library sentences are embedded once per process.
    vecs = default_model().embed(pieces + [query])
    best = pieces[int(np.argmax(vecs[:-1] @ vecs[-1]))]
    return best if best in text else None


def cite_failed(
    checks: Sequence[CheckResult], knowledge: Searchable | None, *, k: int = MAX_PER_CHECK
) -> tuple[list[CoachCitation], str | None]:
    """Citations for every failed check, and a note when the library could not be searched."""
    if knowledge is None:
        return [], None
    out: list[CoachCitation] = []
    for check in checks:
        if check.passed:
            continue
        query = ADVICE[check.id].query
        try:
            passages = list(knowledge.search(query, k=k))
        except KnowledgeError as err:
            return out, f"Library citations are missing because the library could not be searched: {err}"
        first = None
        for p in passages[:k]:
            # Relevance is the dense cosine (the fused rank's score is 1.0 for whatever comes first).
            score = float(getattr(p, "relevance", None) or getattr(p, "score", 0.0) or 0.0)
            first_score = (
                float(getattr(first, "relevance", None) or getattr(first, "score", 0.0) or 0.0)
                if first
                else 0.0
            )
            # A second passage only from another document and nearly as relevant as the first.
            if first is not None and (p.source == first.source or score < first_score - 0.05):
                continue
            quote = best_quote(str(p.text), query)
            if quote is None:
                continue
            first = first or p
            out.append(CoachCitation(check.id, str(p.id), str(p.source), str(p.title), str(p.heading), quote))
    return out, None
