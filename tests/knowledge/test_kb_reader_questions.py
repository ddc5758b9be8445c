"""Reader questions: the data covers every section of every library article, and search uses a section's
questions to find passages whose own words are far from the query, without sinking user documents."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pytest

from app.core.knowledge.hash_embedder import HashEmbedder
from app.core.knowledge.index import DEFAULT_LIBRARY
from app.core.knowledge.lexical import LexicalCache
from app.core.knowledge.memory_store import MemoryStore
from app.core.knowledge.reader_questions import (
    INTRO,
    QuestionBank,
    load_reader_questions,
    section_of,
)
from app.core.knowledge.search import hybrid_search
from app.core.knowledge.vectors import Row

LIBRARY = "knowledge/articles/"


def _article_sections(path: Path) -> set[str]:
    """The introduction (when there is text before the first '## ') and every '## ' heading."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    headings = {m.strip() for m in re.findall(r"^## (.+)$", body, flags=re.M)}
    before = body.split("\n## ", 1)[0]
    intro_text = [line for line in before.splitlines() if line.strip() and not line.startswith("# ")]
    return headings | ({INTRO} if intro_text else set())


def test_every_section_of_every_library_article_has_its_own_reader_questions() -> None:
    questions = load_reader_questions()
    by_section: dict[tuple[str, str], list[str]] = {}
    for q in questions:
        by_section.setdefault((q.source, q.section), []).append(q.text)
    for article in sorted(DEFAULT_LIBRARY.glob("*.md")):
        source = LIBRARY + article.name
        expected = _article_sections(article)
        got = {section for src, section in by_section if src == source}
        assert got == expected, (
            f"{article.name}: questions for {sorted(got ^ expected)} do not match its sections"
        )
        for section in expected:
            assert len(by_section[(source, section)]) >= 4, (
                f"{article.name} / {section!r} has too few questions"
            )
    texts = [q.text.lower() for q in questions]
    assert len(texts) == len(set(texts)), "a question is listed twice"
    assert all(len(t.split()) <= 30 for t in texts), "reader questions are short, like a typed query"


def test_a_broken_question_file_is_skipped_with_a_warning(tmp_path: Path, caplog) -> None:
    (tmp_path / "good.yaml").write_text(
        'article: good\nsections:\n  - heading: ""\n    questions: ["Why meet one-to-one?", "  "]\n'
        '  - heading: "Agree a next step"\n    questions: ["What do we do after the coffee?"]\n',
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text("article: broken\nsections: 7\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        got = load_reader_questions(tmp_path)
    assert [(q.source, q.section, q.text) for q in got] == [
        (LIBRARY + "good.md", "", "Why meet one-to-one?"),
        (LIBRARY + "good.md", "Agree a next step", "What do we do after the coffee?"),
    ]
    assert "broken.yaml" in caplog.text


def test_a_passage_belongs_to_the_top_level_section_of_its_heading_path() -> None:
    meta = {"source": LIBRARY + "a.md"}
    assert section_of({**meta, "heading": "Title"}) == (LIBRARY + "a.md", INTRO)
    assert section_of({**meta, "heading": "Title > Section"}) == (LIBRARY + "a.md", "Section")
    assert section_of({**meta, "heading": "Title > Section > Detail"}) == (LIBRARY + "a.md", "Section")


def _fixture(tmp_path: Path) -> tuple[MemoryStore, HashEmbedder, QuestionBank]:
    """Two library sections whose text shares no word with the query, one with a matching reader question."""
    embedder = HashEmbedder(256)
    passages = [
        (
            "fees-1",
            "Commission arrangements between members need openness.",
            "Referral Fees > Being open",
            "fees",
        ),
        (
            "fees-2",
            "Disclose any arrangement to the client in advance.",
            "Referral Fees > Telling the client",
            "fees",
        ),
        (
            "intro-1",
            "Introductions work best with context for both sides.",
            "Introductions > Context",
            "intro",
        ),
    ]
    rows = [
        Row(
            pid,
            text,
            {"source": f"{LIBRARY}{src}.md", "heading": heading, "origin": "library", "position": i},
            vec,
        )
        for i, ((pid, text, heading, src), vec) in enumerate(
            zip(passages, embedder.embed([p[1] for p in passages]), strict=True)
        )
    ]
    store = MemoryStore()
    store.upsert(rows)
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "fees.yaml").write_text(
        'article: fees\nsections:\n  - heading: "Telling the client"\n'
        '    questions: ["should my customer know I get paid for sending them"]\n',
        encoding="utf-8",
    )
    return store, embedder, QuestionBank(folder)


def test_a_section_is_found_by_its_reader_question(tmp_path: Path) -> None:
    store, embedder, bank = _fixture(tmp_path)
    query = "should my customer know I get paid for sending them"
    without = hybrid_search(store, embedder, LexicalCache(), query, 3)
    assert "fees-2" not in [p.id for p in without[:1]]
    found = hybrid_search(store, embedder, LexicalCache(), query, 3, questions=bank)
    assert found[0].id == "fees-2"
    # The relevance stays the passage's own cosine: the question only ranked it.
    assert found[0].relevance == pytest.approx(
        float(np.dot(store.get(["fees-2"], vectors=True)[0].vector, embedder.embed([query])[0])), abs=1e-3
    )


def test_reader_questions_lift_the_floor_only_for_the_library(tmp_path: Path) -> None:
    store, embedder, bank = _fixture(tmp_path)
    query = "should my customer know I get paid for sending them"
    # The passages alone are too far for this floor; the matching question (cosine 1.0) reaches it.
    assert hybrid_search(store, embedder, LexicalCache(), query, 3, floor=0.9) == []
    assert hybrid_search(store, embedder, LexicalCache(), query, 3, floor=0.9, questions=bank)
    # Asked about the user's documents only, the library's questions are no evidence.
    assert (
        hybrid_search(
            store, embedder, LexicalCache(), query, 3, {"origin": "user"}, floor=0.9, questions=bank
        )
        == []
    )


def test_a_user_document_is_not_outranked_by_the_library_questions(tmp_path: Path) -> None:
    store, embedder, bank = _fixture(tmp_path)
    query = "should my customer know I get paid for sending them"
    store.upsert(
        [
            Row(
                "note-1",
                "My customer should know I get paid for sending them, says our chapter rule.",
                {"source": "/home/me/rules.txt", "heading": "Rules", "origin": "user", "position": 0},
                embedder.embed(
                    ["My customer should know I get paid for sending them, says our chapter rule."]
                )[0],
            )
        ]
    )
    # Without its own cosine standing in for questions it lacks, the note would lose the question share
    # (0.6 of the score) to both library passages whose section has questions near the query.
    found = hybrid_search(store, embedder, LexicalCache(), query, 2, questions=bank)
    assert "note-1" in [p.id for p in found]
