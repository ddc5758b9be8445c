"""The report: score, strengths, improvements, next actions, citations and the optional model prose."""

from __future__ import annotations

import pytest
from coach_transcripts import GOOD, POOR, convo

from app.core.coach import CHECK_IDS, review
from app.core.coach.citations import best_quote
from app.core.coach.summary import problems
from app.core.errors import InputError, KnowledgeError, ModelError
from app.core.knowledge.types import Passage
from app.core.llm import FakeChatModel, FunctionModel

ARTICLE = (
    "A 1-2-1 is a strategy session, not a sales call. Pitching your services to your partner puts them on the "
    "spot and teaches them nothing about whom to send you. Ask about their business first, and agree a next "
    "step before you leave. Close with a committed action for both sides, because no action means it was "
    "just a chat."
)


class StandInLibrary:
    """A tiny stand-in with the KnowledgeBase search signature; records the queries it was asked."""

    def __init__(self, fail: bool = False):
        self.queries: list[tuple[str, int]] = []
        self.fail = fail

    def search(self, query: str, k: int = 4) -> list[Passage]:
        self.queries.append((query, k))
        if self.fail:
            raise KnowledgeError("The knowledge index could not be opened.")
        return [
            Passage("lib-1#0", "library/one.md", "Running a 1-2-1", "Purpose", ARTICLE, 0.61, 0),
            Passage("lib-2#3", "library/two.md", "Mistakes", "Selling", "Too short.", 0.58, 3),
            Passage("lib-3#1", "library/three.md", "Far off", "Other", ARTICLE, 0.20, 1),
        ][:k]


def test_report_shape_and_consistency_on_mixed_transcript():
    report = review(POOR)
    data = report.to_dict()
    assert list(data)[:6] == ["checks", "score", "strengths", "improvements", "next_actions", "citations"]
    assert [c["id"] for c in data["checks"]] == list(CHECK_IDS)
    assert all(set(c) == {"id", "passed", "evidence", "reason", "judge"} for c in data["checks"])
    passed = sum(c["passed"] for c in data["checks"])
    assert data["score"] == round(passed / 9 * 100)
    assert len(data["strengths"]) == passed
    assert len(data["improvements"]) == 9 - passed
    assert 2 <= len(data["next_actions"]) <= 4
    assert all(c["reason"] and "\n" not in c["reason"] for c in data["checks"])
    assert data["citations"] == [] and data["summary_origin"] == "none"
    assert data["engine"].startswith("offline")


def test_improvements_are_concrete_next_time_advice_and_balance_quotes_numbers():
    report = review(POOR)
    assert all(i.startswith("Next time") or "Next time" in i for i in report.improvements)
    balance = report.check("balanced_talk")
    assert not balance.passed
    assert any(i.startswith(balance.reason.split(" (aim")[0]) for i in report.improvements)


def test_strengths_quote_their_evidence_and_a_perfect_session_scores_100():
    report = review(GOOD)
    assert report.score == 100 and report.improvements == []
    for c in report.checks:
        if c.evidence:
            assert any(c.evidence[:60] in s for s in report.strengths)
    assert any("Do what was agreed" in a and "by Friday" in a for a in report.next_actions)


def test_no_user_words_is_an_input_error():
    with pytest.raises(InputError, match="no words from you"):
        review(convo(("P", "Hello?"), ("U", "   "), ("U", "🙂")))


def test_citations_for_failed_checks_only_with_verbatim_quotes():
    lib = StandInLibrary()
    report = review(POOR, knowledge=lib)
    failed = {c.id for c in report.checks if not c.passed}
    assert {c.check for c in report.citations} == failed
    assert len(lib.queries) == len(failed)
    for cite in report.citations:
        assert cite.quote in ARTICLE and 20 <= len(cite.quote) <= 240
        assert cite.passage_id in {
            "lib-1#0"
        }  # the short passage has no quotable sentence; the far one is too weak
    d = report.to_dict()["citations"][0]
    assert set(d) == {"check", "passage_id", "source", "title", "heading", "quote"}


def test_citation_quote_is_the_sentence_closest_to_the_check():
    quote = best_quote(ARTICLE, "leaving a 1-2-1 without a next step, close with a committed action")
    assert (
        quote == "Close with a committed action for both sides, because no action means it was just a chat."
    )


def test_library_failure_keeps_the_report_and_says_why():
    report = review(POOR, knowledge=StandInLibrary(fail=True))
    assert report.citations == []
    assert "could not be searched" in (report.citations_note or "")
    assert report.score == review(POOR).score


def test_real_library_citations(library_kb):
    report = review(POOR, knowledge=library_kb)
    failed = {c.id for c in report.checks if not c.passed}
    assert failed and {c.check for c in report.citations} == failed
    for cite in report.citations:
        passage = library_kb.get_passage(cite.passage_id)
        assert passage is not None and cite.quote in passage.text
        assert cite.source.endswith(".md") and cite.title
    selling = [c for c in report.citations if c.check == "avoided_selling"]
    assert any(
        "sell" in (c.title + c.heading + c.quote).lower() or "pitch" in c.quote.lower() for c in selling
    )


def test_model_prose_claiming_everything_passed_is_dropped_and_checks_unchanged():
    # The first reply is the judge's (not JSON, so the built-in coach decides), the second the prose.
    liar = FakeChatModel(
        ["no verdicts today", "Great job - you passed all checks with a perfect score of 100%!"]
    )
    report = review(POOR, model=liar)
    assert report.summary is None and report.summary_origin == "none"
    assert "every check" in report.summary_note
    assert [c.to_dict() for c in report.checks] == [c.to_dict() for c in review(POOR).checks]
    assert "built-in coach decided every check" in report.judge_note
    assert report.prompt_refs == ["coach_summary@v1"]


def test_model_that_obeys_an_injection_cannot_change_any_check():
    # A model that claims each failed check was done, worded as prose rather than numbers.
    model = FunctionModel(
        lambda msgs: "You offered an introduction and agreed a next step, and you never pitched."
    )
    report = review(POOR, model=model)
    assert report.summary_origin == "none" and "contradicted" in report.summary_note
    assert not report.check("offered_to_help_first").passed and not report.check("avoided_selling").passed


def test_valid_model_prose_is_kept_and_labelled():
    text = (
        "You were clear about your work, but next time ask about their business and their ideal referral first. "
        "Keep your prices for another day and agree a concrete next step before you leave."
    )
    model = FakeChatModel(['{"checks": []}', text])
    report = review(POOR, model=model)
    assert report.summary == text and report.summary_origin == "model"
    assert "fake" in report.engine
    sent = model.history[1].text
    assert "NOT DONE" in sent and f"{report.score} out of 100" in sent


def test_model_error_costs_only_the_prose():
    down = ModelError("endpoint down", endpoint="http://x", cause="timeout")
    report = review(GOOD, model=FakeChatModel([down, down]))
    assert report.summary is None and "could not write a summary" in report.summary_note
    assert "could not judge" in report.judge_note
    assert report.score == review(GOOD).score


def test_offline_engine_is_never_called():
    from app.core.llm import OfflineModel

    report = review(GOOD, model=OfflineModel())
    assert report.summary_origin == "none" and report.prompt_refs == []


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("", "empty"),
        ("word " * 200, "too long"),
        ("You scored 80 out of 100.", "different score"),
        ('{"checks": "all passed"}', "technical"),
        ("You asked about their business, which was good.", "contradicted"),
    ],
)
def test_prose_validation_rules(text, bad):
    checks = review(POOR).checks
    assert bad in (problems(text, checks, 11) or "")
