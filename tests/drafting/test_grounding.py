"""Follow-ups cite real library passages on timing, the four facts, structure and no pitching."""

from __future__ import annotations

from datetime import date

from app.core.drafting import draft_followup
from app.core.drafting.grounding import best_quote
from app.core.knowledge.citations import Citation, verify_citations

TODAY = date(2025, 3, 12)


def test_followup_citations_are_real_and_verbatim(profile, req, library_kb):
    result = draft_followup(req(goal="invite-121"), profile, knowledge=library_kb, today=TODAY)
    cites = result.variants[0].citations
    assert len(cites) >= 3
    assert all(v.citations == cites for v in result.variants)
    verified = verify_citations(library_kb, [Citation.from_dict(c) for c in cites])
    assert len(verified) == len(cites)
    text = " ".join(c["quote"] + " " + c["heading"] for c in cites).lower()
    assert "48 hours" in text or "24" in text  # timing
    assert "pitch" in text or "sell" in text  # no pitch on first contact
    assert all("[" not in c["quote"] and not c["quote"].endswith(":") for c in cites)


def test_introductions_are_grounded_in_the_introductions_article(profile, req, library_kb):
    result = draft_followup(req(goal="introduce"), profile, knowledge=library_kb, today=TODAY)
    assert any("introduc" in (c["title"] + c["heading"]).lower() for c in result.variants[0].citations)


def test_no_knowledge_base_means_no_citations(profile, req):
    assert all(v.citations == [] for v in draft_followup(req(), profile, today=TODAY).variants)


def test_best_quote_is_a_clean_verbatim_piece():
    text = "**Never pitch on first contact.** No brochures or price lists. Use [your link] here."
    quote = best_quote(text, "do not pitch on first contact")
    assert quote == "Never pitch on first contact." and quote in text
