"""Ground drafts in the library: find the passages behind each rule and cite them with verbatim quotes."""

from __future__ import annotations

import re
from typing import Any, Protocol

from app.core.drafting.text import content_words, stem

QUOTE_CHARS = 240

# What each kind of draft leans on, as library searches.
FOLLOWUP_QUERIES = {
    "timing": "follow up within 24 to 48 hours after a networking event, then nudge, stop after two nudges",
    "four_facts": "capture the event, one distinctive detail, the channel and the next step after meeting someone",
    "structure": "short follow-up message: where you met, the detail, a small piece of value, a clear low-friction ask",
    "no_pitch": "do not pitch or sell on first contact after meeting someone",
}
GOAL_QUERIES = {
    "invite-121": "ask for a 1-2-1 with two specific times or a scheduling link and an easy out",
    "nudge": "one short nudge offering a time, stop after two nudges",
    "introduce": "make an introduction: get permission first, double opt-in or direct introduction email",
    "send-resource": "give first: send something useful you promised before asking for anything",
    "thank": "thank them and give first: offer help before asking for anything",
}
KIT_QUERIES = {
    "presentation": "weekly 30-second presentation: who you help and what a good referral sounds like",
    "briefing": "teach referral partners how to refer you: ideal client, story, how to introduce you, permission to call",
    "listen_for": "trigger phrases prospects say when they need you, what to listen for",
    "introductions": "introduction email double opt-in or direct 'A meet B' introduction",
    "gains": "GAINS sheet goals accomplishments interests networks skills before a 1-2-1",
}


class Searchable(Protocol):
    """What drafting needs from the knowledge base."""

    def search(self, query: str, k: int = 4, filters: Any = None) -> list[Any]:
        """Passages nearest to the query."""
        ...


def best_quote(text: str, query: str, limit: int = QUOTE_CHARS) -> str:
    """The passage sentence that shares most words with the query, verbatim (cut at a word if long).

    Markdown markers split a sentence into pieces so the quote never starts or ends inside '**bold**',
    and pieces with bracketed example blanks are skipped: a citation should read cleanly.
    """
    from app.core.knowledge.prose import quotable_sentences

    qwords = {stem(w) for w in content_words(query)}
    pieces: list[str] = []
    # Whole prose sentences only: a table row or a label ("direct introduction email") says nothing alone.
    for sentence in quotable_sentences(text) or re.split(r"(?<=[.!?])\s+|\n+", text):
        for piece in re.split(r"\*\*|__|^[-*#>\s]+|\s[-*]\s", sentence):
            piece = piece.strip().strip("*_#>").strip()
            # Skip labels ('One detail:'), fragments and example blanks ('[link]').
            if len(piece) > 20 and not piece.endswith(":") and "[" not in piece and "]" not in piece:
                pieces.append(piece)
    if not pieces:
        pieces = [text.strip()]
    # Most shared words wins; on a tie, a full sentence beats a short fragment.
    best = max(pieces, key=lambda p: (len(qwords & {stem(w) for w in content_words(p)}), len(p) >= 40))
    if len(best) > limit:
        cut = best[:limit]
        best = cut[: cut.rfind(" ")] if " " in cut else cut
    return best


def citation(passage: Any, query: str) -> dict[str, str]:
    """A citation dict for one passage: id, source, title, heading and a verbatim quote."""
    return {
        "passage_id": str(passage.id),
        "source": str(passage.source),
        "title": str(passage.title),
        "heading": str(passage.heading),
        "quote": best_quote(str(passage.text), query),
    }


def gather(
    knowledge: Searchable | None, queries: dict[str, str], *, per_query: int = 1, limit: int = 5
) -> tuple[list[dict[str, str]], list[Any]]:
    """Search once per rule and keep distinct passages: (citations, passages). No KB -> no citations."""
    if knowledge is None:
        return [], []
    cites: list[dict[str, str]] = []
    passages: list[Any] = []
    seen: set[str] = set()
    for query in queries.values():
        taken = 0
        for p in knowledge.search(query, k=per_query + 2):
            if str(p.id) in seen:
                continue
            seen.add(str(p.id))
            cites.append(citation(p, query))
            passages.append(p)
            taken += 1
            if taken >= per_query:
                break  # a few passages per rule keep the list short and varied
        if len(cites) >= limit:
            break
    return cites[:limit], passages[:limit]


def library_notes(citations: list[dict[str, str]]) -> str:
    """The cited quotes as quoted data for a prompt (the same delimiting as every other feature)."""
    if not citations:
        return "(no library passages available)"
    from app.core.knowledge.context import build_context
    from app.core.knowledge.types import Passage

    # build_context escapes delimiter-like text, so an uploaded document cannot break out of its quotes.
    return build_context(
        Passage(c["passage_id"], c["source"], c["title"], c["heading"], c["quote"], 0.0, 0) for c in citations
    )


def followup_queries(goal: str) -> dict[str, str]:
    """The searches for one follow-up goal."""
    queries = dict(FOLLOWUP_QUERIES)
    if goal in GOAL_QUERIES:
        queries["goal"] = GOAL_QUERIES[goal]
    return queries
