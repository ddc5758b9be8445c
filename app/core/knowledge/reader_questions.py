"""Reader questions: what a networker would ask that each section of a library article answers.

A small embedding model reads only the first 256 tokens of a passage, so a long section is known by its
opening, and a question in a member's own words ("my partner keeps cancelling our coffee") can sit far
from the article's wording. Each library article has a file of questions per section
(knowledge/questions/<article>.yaml: the doc2query idea, written by hand as data). At search time the
best cosine between the query and a section's questions is that section's question signal; every
passage of the section carries it. User documents have no questions: they are ranked as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.core.datafile import parse_yaml
from app.core.knowledge.embeddings import Embedder
from app.core.knowledge.shipped import ShippedVectors, embed_texts

log = logging.getLogger(__name__)
QUESTIONS_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "questions"
LIBRARY_PREFIX = "knowledge/articles/"  # how the library's sources are named (see KnowledgeBase)
INTRO = ""  # the section before an article's first '## ' heading

SectionKey = tuple[str, str]  # (source, top-level section heading or INTRO)


@dataclass(frozen=True)
class ReaderQuestion:
    """One question and the section of a library article that answers it."""

    source: str
    section: str
    text: str


def load_reader_questions(folder: Path = QUESTIONS_DIR) -> list[ReaderQuestion]:
    """Every question in the folder's YAML files, in a stable order; an unreadable file is skipped with
    a warning (search then simply lacks that article's questions)."""
    out: list[ReaderQuestion] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            data = parse_yaml(path.read_text(encoding="utf-8"))
            article = str(data["article"])
            for section in data["sections"]:
                heading = str(section.get("heading") or INTRO).strip()
                for text in section["questions"]:
                    if str(text).strip():
                        out.append(
                            ReaderQuestion(f"{LIBRARY_PREFIX}{article}.md", heading, str(text).strip())
                        )
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("Ignoring the reader questions in %s (%s: %s).", path.name, type(exc).__name__, exc)
    return out


def section_of(meta: Mapping[str, Any]) -> SectionKey:
    """The section a passage belongs to: its source and the second part of its heading path
    ('Title > Section > Subsection' -> 'Section'; a passage under the title alone -> INTRO)."""
    parts = str(meta.get("heading") or "").split(" > ")
    return str(meta.get("source", "")), parts[1].strip() if len(parts) > 1 else INTRO


class QuestionBank:
    """The reader questions and their vectors under one embedder, loaded on first use."""

    def __init__(self, folder: Path = QUESTIONS_DIR, shipped: ShippedVectors | None = None):
        self.folder = Path(folder)
        self._shipped = shipped
        self._lock = threading.Lock()
        self._questions: list[ReaderQuestion] | None = None
        self._model: str | None = None
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._sections: list[SectionKey] = []
        self._rows: np.ndarray = np.zeros(0, dtype=np.int64)  # question -> index into _sections

    @property
    def questions(self) -> list[ReaderQuestion]:
        """The questions, read from their files on first use."""
        if self._questions is None:
            self._questions = load_reader_questions(self.folder)
        return self._questions

    def _vectors(self, embedder: Embedder) -> np.ndarray:
        with self._lock:
            if self._model != embedder.name:
                questions = self.questions
                texts = [q.text for q in questions]
                self._matrix = (
                    embed_texts(embedder, texts, self._shipped)
                    if texts
                    else np.zeros((0, int(embedder.dim)), dtype=np.float32)
                )
                index: dict[SectionKey, int] = {}
                self._rows = np.array(
                    [index.setdefault((q.source, q.section), len(index)) for q in questions], dtype=np.int64
                )
                self._sections = list(index)
                self._model = embedder.name
            return self._matrix

    def section_scores(self, embedder: Embedder, qvec: np.ndarray) -> dict[SectionKey, float]:
        """The best cosine between the query vector and each section's questions."""
        matrix = self._vectors(embedder)
        if not len(matrix):
            return {}
        cos = matrix @ np.asarray(qvec, dtype=np.float32)
        best = np.full(len(self._sections), -1.0, dtype=np.float32)
        np.maximum.at(best, self._rows, cos)
        return {key: float(v) for key, v in zip(self._sections, best, strict=True)}
