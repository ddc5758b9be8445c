"""Citations quote wording, never structure: no table rows or headers, headings, labels or fragments."""

from __future__ import annotations

import pytest

from app.core.knowledge.chunking import chunk_document
from app.core.knowledge.citations import cite, verify_citations
from app.core.knowledge.index import DEFAULT_LIBRARY, KnowledgeBase
from app.core.knowledge.loaders import load_bytes
from app.core.knowledge.prose import is_prose, is_structure, quotable_sentences
from app.core.knowledge.sources import library_files

TABLE_PASSAGE = """Use the time like this.

| Time | What happens |
|---|---|
| 0-5 min | Welcome, agree how long you have, restate the two-sided purpose |

**Instead:** describe the people you help and the problem you solve for them.
- Ask who their best client was last year and why.
See [the GAINS article](gains.md) for a fuller list."""


def test_quotable_sentences_are_whole_plain_sentences_found_verbatim() -> None:
    quotes = quotable_sentences(TABLE_PASSAGE)
    # Left out: a five-word lead-in, the table, a label's lower-case remainder, a sentence with a link.
    assert quotes == ["Ask who their best client was last year and why."]
    assert all(q in TABLE_PASSAGE for q in quotes)


@pytest.mark.parametrize(
    "fragment",
    [
        "| Business | What the prospect might say |",
        "|---|---|",
        "## Before the meeting",
        "One detail:",
        "direct introduction email",
        "that is exactly what the double opt-in does.",
        "See [the article](x.md) first.",
        "**Write a one-page GAINS sheet**",
        "---",
    ],
)
def test_structure_and_fragments_are_not_prose(fragment: str) -> None:
    assert not is_prose(fragment)


def test_a_plain_sentence_is_prose() -> None:
    assert is_prose("Suggest two specific times, or share a scheduling link.")
    assert is_prose('"It was a great chat," she said, "and we agreed a date."')
    assert (
        is_structure("| a | b |") and is_structure("Goals:") and not is_structure("Agree one next step each.")
    )


def test_no_library_passage_offers_a_table_row_or_heading_as_a_quote() -> None:
    offered = 0
    for path in library_files(DEFAULT_LIBRARY):
        for chunk in chunk_document(load_bytes(path.name, path.read_bytes())):
            for quote in quotable_sentences(chunk.text):
                offered += 1
                assert "|" not in quote and not quote.startswith("#") and quote in chunk.text
    assert offered > 100


def test_verify_citations_drops_a_quoted_table_header(kb: KnowledgeBase, tmp_path) -> None:
    doc = tmp_path / "agenda.md"
    doc.write_text(
        "# Agenda\n\nPlan the hour before you meet.\n\n| Time | What happens |\n|---|---|\n"
        "| 0-5 min | Welcome and agree the purpose |\n",
        encoding="utf-8",
    )
    kb.ingest([doc])
    hit = kb.search("agenda what happens in the hour", k=1, filters={"source": str(doc)})[0]
    assert verify_citations(kb, [cite(hit, "| Time | What happens |")]) == []
    assert verify_citations(kb, [cite(hit, "Plan the hour before you meet.")]) == [
        cite(hit, "Plan the hour before you meet.")
    ]
