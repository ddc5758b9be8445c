"""Structure-aware chunking: heading paths, passage sizes, overlap, sentence boundaries, verbatim text."""

from __future__ import annotations

import re

from kb_fixtures import ARTICLE_COFFEE

from app.core.knowledge.chunking import MAX_WORDS, OVERLAP_MAX_WORDS, chunk_document, sentence_spans
from app.core.knowledge.loaders import parse_markdown, parse_text


def _sentence(i: int, topic: str) -> str:
    return (
        f"Sentence {i} explains one practical idea about {topic} and why members should care about it today."
    )


def _long_markdown() -> str:
    body = ["# Long Guide", "", "Opening words for the guide.", "", "## Part One", ""]
    for p in range(6):  # six paragraphs of eight 16-word sentences: about 770 words
        body.append(" ".join(_sentence(p * 10 + s, "referrals") for s in range(8)))
        body.append("")
    body += ["## Part Two", "", " ".join(_sentence(100 + s, "follow-ups") for s in range(3))]
    return "\n".join(body)


def test_heading_paths_follow_the_document_structure() -> None:
    doc = parse_markdown(ARTICLE_COFFEE, "fallback")
    headings = [c.heading for c in chunk_document(doc)]
    assert doc.title == "Planning a Coffee Meeting"
    assert headings[0] == "Planning a Coffee Meeting"  # the H1 equal to the title is not repeated
    assert "Planning a Coffee Meeting > Before the meeting" in headings
    assert "Planning a Coffee Meeting > During the meeting > Closing the meeting" in headings
    assert [c.position for c in chunk_document(doc)] == list(range(len(headings)))


def test_long_sections_are_packed_into_150_to_300_word_passages_with_overlap() -> None:
    doc = parse_markdown(_long_markdown(), "fallback")
    chunks = [c for c in chunk_document(doc) if c.heading.endswith("Part One")]
    assert len(chunks) >= 3
    for c in chunks:
        assert len(c.text.split()) <= MAX_WORDS + 60
    for c in chunks[:-1]:
        assert len(c.text.split()) >= 150
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        assert nxt.overlap > 0
        repeated = nxt.text[: nxt.overlap].strip()
        assert prev.text.rstrip().endswith(repeated)  # the previous passage's last sentence
        assert len(repeated.split()) <= OVERLAP_MAX_WORDS


def test_passages_end_on_sentence_boundaries_and_are_verbatim_slices() -> None:
    source = _long_markdown()
    doc = parse_markdown(source, "fallback")
    for c in chunk_document(doc):
        assert re.search(r"[.!?]$", c.text.strip()), c.text[-40:]
        for para in c.text.split("\n\n"):
            assert para in source


def test_sections_never_share_a_passage() -> None:
    doc = parse_markdown(_long_markdown(), "fallback")
    for c in chunk_document(doc):
        assert ("follow-ups" in c.text) == c.heading.endswith("Part Two")


def test_a_run_on_sentence_longer_than_a_passage_is_cut_between_words() -> None:
    words = " ".join(f"word{i}" for i in range(700))
    doc = parse_text(f"Title line\n\n{words}", "t")
    chunks = chunk_document(doc)
    assert len(chunks) >= 3
    assert all(len(c.text.split()) <= MAX_WORDS for c in chunks)
    rebuilt = " ".join(c.text[c.overlap :].strip() for c in chunks)
    assert rebuilt.split() == words.split()


def test_one_line_lead_in_joins_its_first_subsection() -> None:
    md = "# T\n\n## Stages\n\nThere are three stages.\n\n### First\n\n" + " ".join(
        _sentence(i, "trust") for i in range(4)
    )
    chunks = chunk_document(parse_markdown(md, "T"))
    assert len(chunks) == 1
    assert chunks[0].heading == "T > Stages > First"
    assert chunks[0].text.startswith("There are three stages.")


def test_sentence_spans_keep_closing_quotes_and_list_items() -> None:
    text = 'He said "Call me." Then he left! Next:\n- first item\n- second item'
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == ['He said "Call me."', "Then he left!", "Next:", "- first item", "- second item"]


def test_embed_text_carries_document_context_and_heading_path() -> None:
    chunk = chunk_document(parse_markdown(ARTICLE_COFFEE, "x"))[1]
    assert chunk.context == (
        "Planning a Coffee Meeting. How to prepare a short coffee meeting with another member. "
        "Tags: fixture, coffee"
    )
    assert chunk.embed_text() == f"{chunk.context}\n{chunk.heading}\n\n{chunk.text}"
    plain = chunk_document(parse_text("Notes\n\nJust one paragraph here.", "n"))[0]
    assert plain.context == "" and plain.embed_text() == "Notes\n\nJust one paragraph here."
