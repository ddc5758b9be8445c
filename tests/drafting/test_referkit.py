"""The refer-me kit: every item from a full profile, nothing blank from a thin one, cited, model optional."""

from __future__ import annotations

import json

from app.core.drafting import Profile, build_referkit, kit_markdown
from app.core.drafting.referkit import kit_checks
from app.core.drafting.validators import find_placeholder
from app.core.knowledge.citations import Citation, verify_citations
from app.core.llm import FakeChatModel


def test_full_profile_gives_every_item_passing_the_checks(profile):
    kit = build_referkit(profile)
    ids = [i.id for i in kit.items]
    assert ids == ["presentation", "briefing", "listen_for", "intro_double_opt_in", "intro_direct", "gains"]
    for item in kit.items:
        assert item.origin == "template" and item.notes == []
        assert find_placeholder(item.subject + item.body) is None
        assert "Jane" in item.body or "Jane" in item.subject
    by_id = {i.id: i for i in kit.items}
    assert len(by_id["presentation"].body.split()) <= 90
    assert "Owner-run building" in by_id["presentation"].body
    briefing = by_id["briefing"].body
    for part in ("Who I help", "A client story", "How to introduce me", "give you a call", "Not a fit"):
        assert part in briefing
    assert '"I\'m drowning in paperwork"' in by_id["listen_for"].body
    assert by_id["intro_direct"].subject == "Meet Jane Smith of Smith & Co Bookkeeping"
    assert "Would you like me to introduce you?" in by_id["intro_double_opt_in"].body
    gains = by_id["gains"].body
    assert "Goals" in gains and "Interests" in gains and "Skills" not in gains  # empty sections omitted
    assert kit.missing == []


def test_thin_profile_omits_sections_and_says_what_to_add():
    kit = build_referkit(Profile(name="Al Green"))
    ids = [i.id for i in kit.items]
    assert "listen_for" not in ids and "gains" not in ids
    text = "\n".join(i.subject + "\n" + i.body for i in kit.items)
    assert find_placeholder(text) is None and "Who I help" not in text
    assert any("trigger phrases" in m for m in kit.missing) and any("GAINS" in m for m in kit.missing)
    assert any("ideal client" in m for m in kit.missing)


def test_very_long_profile_fields_still_fit_the_presentation(profile):
    profile.what_i_do = "I help small firms with their books and payroll and year-end accounts " * 12
    kit = build_referkit(profile)
    item = kit.items[0]
    assert len(item.body.split()) <= 90 and item.notes == []


def test_kit_is_cited_from_the_library_with_verbatim_quotes(profile, library_kb):
    kit = build_referkit(profile, knowledge=library_kb)
    cites = list({(c["passage_id"], c["quote"]): c for i in kit.items for c in i.citations}.values())
    assert all(i.citations for i in kit.items)
    verified = verify_citations(library_kb, [Citation.from_dict(c) for c in cites])
    assert len(verified) == len(cites)
    titles = {c["title"] for c in cites}
    assert any("presentation" in t.lower() for t in titles)
    assert "Sources" in kit_markdown(kit)


def test_model_items_are_checked_and_fall_back_labelled(profile):
    good = json.dumps(
        {
            "subject": "",
            "body": "I'm Jane Smith of Smith & Co Bookkeeping. I help owner-run "
            "building firms keep their books straight. Think of me when "
            "someone says they are drowning in paperwork. I'm Jane Smith.",
        }
    )
    pitch = json.dumps(
        {"subject": "Meet Jane", "body": "Jane Smith has a special offer: 20% off this month."}
    )
    model = FakeChatModel([good, pitch, pitch, pitch, pitch])
    kit = build_referkit(profile, model=model)
    by_id = {i.id: i for i in kit.items}
    assert by_id["presentation"].origin == "model" and "drowning" in by_id["presentation"].body
    for key in ("intro_double_opt_in", "intro_direct"):
        assert by_id[key].origin == "template"
        assert "pitch" in by_id[key].notes[0]
        assert "20%" not in by_id[key].body
    assert by_id["briefing"].origin == "template"  # structured items are always templates
    assert kit.prompt == "referkit_item@v1"
    assert len(model.history) == 5


def test_kit_checks_catch_an_invented_result(profile):
    fails = kit_checks(profile, "", "Jane Smith has saved clients 4000 hours.", 90)
    assert [f.name for f in fails] == ["invented_number"]


def test_presentation_uses_the_story_and_ends_with_one_specific_ask(profile):
    body = build_referkit(profile).items[0].body
    assert "A recent example: a roofer" in body
    last = body.rsplit(". ", 1)[-1]
    assert (
        last.endswith("I'd love an introduction to a commercial insurance broker.") and body.count("?") == 1
    )


def test_a_vague_ideal_client_is_flagged_with_how_to_narrow_it():
    for vague in ("anyone", "everyone who needs a website", "all small businesses"):
        kit = build_referkit(Profile(name="Al Green", what_i_do="Websites for trades", ideal_client=vague))
        tips = [t for i in kit.items for t in i.tips]
        assert any("too broad" in t and "what size" in t for t in tips), vague
        assert any("too broad" in n for n in kit.notes)
        assert vague not in kit.items[0].body  # 'anyone' is never presented as who to refer
    specific = build_referkit(Profile(name="Al Green", ideal_client="Plumbers in Leeds with 2 to 10 vans"))
    assert not any("too broad" in n for n in specific.notes)


def test_the_direct_introduction_email_names_both_sides(profile):
    kit = build_referkit(profile, prospect="Alex Brown, who needs help with VAT")
    item = {i.id: i for i in kit.items}["intro_direct"]
    assert item.subject == "Alex Brown, meet Jane Smith of Smith & Co Bookkeeping"
    assert item.body.startswith("Hello Alex and Jane,")
    assert (
        "Alex, meet Jane Smith" in item.body
        and "Jane, meet Alex Brown, who needs help with VAT." in item.body
    )
    assert item.notes == [] and item.tips == []
    unnamed = {i.id: i for i in build_referkit(profile).items}["intro_direct"]
    assert "Say who you are introducing" in unnamed.tips[0]
