"""Citations that can be trusted: the passage must exist, and any quote must be in it word for word and
be wording, not structure (a table row, a heading or a bare label is never kept as a quote).

To pick a quote, choose among `prose.quotable_sentences(passage.text)`: whole sentences only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from app.core.knowledge.prose import is_structure
from app.core.knowledge.types import Passage


class _PassageSource(Protocol):
    def get_passages(self, ids: Iterable[str]) -> dict[str, Passage]:
        """The passages that exist among these ids."""
        ...


@dataclass(frozen=True)
class Citation:
    """A pointer to one passage, optionally with a verbatim quote from it."""

    passage_id: str
    source: str
    title: str
    heading: str
    quote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        """Rebuild a citation saved with `to_dict` (unknown keys are ignored)."""
        return cls(
            passage_id=str(data.get("passage_id", "")),
            source=str(data.get("source", "")),
            title=str(data.get("title", "")),
            heading=str(data.get("heading", "")),
            quote=(str(data["quote"]) if data.get("quote") else None),
        )


def cite(passage: Passage, quote: str | None = None) -> Citation:
    """A citation of a passage (with an optional quote, checked later by `verify_citations`)."""
    return Citation(passage.id, passage.source, passage.title, passage.heading, quote or None)


def _norm(text: str) -> str:
    # Line breaks and repeated spaces are layout, not wording: a quote may reflow them.
    return re.sub(r"\s+", " ", text).strip()


def quote_in(quote: str, text: str) -> bool:
    """True when the quote appears verbatim in the text (whitespace runs count as one space)."""
    q = _norm(quote)
    if not q:
        return False
    body = _norm(text)
    # A quote copied from build_context may carry its escaping of tag-like text.
    return q in body or _norm(html.unescape(quote)) in body


def verify_citations(kb: _PassageSource, citations: Iterable[Citation]) -> list[Citation]:
    """Keep citations whose passage exists and whose quote (if any) is in it and is not mere structure;
    metadata comes from the index."""
    cites = list(citations)
    found = kb.get_passages([c.passage_id for c in cites])
    kept: list[Citation] = []
    seen: set[tuple[str, str | None]] = set()
    for c in cites:
        p = found.get(c.passage_id)
        if p is None or (c.quote and (not quote_in(c.quote, p.text) or is_structure(c.quote))):
            continue
        key = (c.passage_id, _norm(c.quote) if c.quote else None)
        if key in seen:
            continue
        seen.add(key)
        kept.append(Citation(p.id, p.source, p.title, p.heading, c.quote or None))
    return kept
