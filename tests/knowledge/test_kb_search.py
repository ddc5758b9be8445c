"""Pure search helpers: filters (and their Chroma form), near-duplicate collapse, plus upload-name safety."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.errors import InputError
from app.core.knowledge.chroma import chroma_where
from app.core.knowledge.search import check_filters, collapse
from app.core.knowledge.sources import passage_id, safe_upload_name
from app.core.knowledge.types import IngestReport, Passage


def _p(pid: str, text: str, score: float) -> Passage:
    return Passage(pid, "s.md", "T", "T > H", text, score, 0)


def _unit(v: list[float]) -> np.ndarray:
    a = np.array(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def test_filters_are_checked_then_translated_for_chroma() -> None:
    assert check_filters(None) is None and chroma_where(None) is None
    assert chroma_where(check_filters({"origin": "library"})) == {"origin": "library"}
    assert chroma_where(check_filters({"origin": "user", "source": ("a", "b")})) == {
        "$and": [{"origin": "user"}, {"source": {"$in": ["a", "b"]}}]
    }
    assert chroma_where({"position": 0}) == {"position": 0}  # internal filters keep their type
    with pytest.raises(InputError):
        check_filters({"source": []})
    with pytest.raises(InputError, match="Unknown search filter 'colour'"):
        check_filters({"colour": "red"})


def test_collapse_drops_vector_twins_and_text_copies_but_keeps_distinct_passages() -> None:
    base = "members who meet every week learn to trust each other and pass better referrals as a result"
    cands = [
        (_p("a", base, 0.9), _unit([1, 0, 0])),
        (_p("b", "something else entirely", 0.85), _unit([0.99, 0.05, 0])),  # vector twin of a
        (_p("c", base + " today", 0.8), _unit([0, 1, 0])),  # same words as a
        (_p("d", "a different idea about breakfast fees and visitors", 0.7), _unit([0, 0, 1])),
    ]
    assert [p.id for p in collapse(cands, 4)] == ["a", "d"]
    assert [p.id for p in collapse(cands, 1)] == ["a"]


def test_safe_upload_names() -> None:
    assert safe_upload_name("../../x.md") == "x.md"
    assert safe_upload_name("C:\\Users\\me\\notes.txt") == "notes.txt"
    assert safe_upload_name("we<ird>:na|me?.md") == "we_ird__na_me_.md"
    assert (
        safe_upload_name("a" * 300 + ".md").endswith(".md")
        and len(safe_upload_name("a" * 300 + ".md")) == 120
    )
    for bad in ("", "..", "../", "...."):
        with pytest.raises(InputError):
            safe_upload_name(bad)


def test_passage_ids_are_stable_and_readable() -> None:
    assert passage_id("knowledge/articles/giving-first.md", 3) == passage_id(
        "knowledge/articles/giving-first.md", 3
    )
    assert passage_id("knowledge/articles/giving-first.md", 3).startswith("giving-first-")
    assert passage_id("a/giving-first.md", 0) != passage_id("b/giving-first.md", 0)


def test_ingest_report_dict_shape() -> None:
    r = IngestReport(indexed=["a"], unchanged=["b"], skipped=[("c", "Why.")])
    assert r.to_dict() == {"indexed": ["a"], "unchanged": ["b"], "skipped": [{"path": "c", "reason": "Why."}]}
    assert not r.ok and IngestReport().ok
