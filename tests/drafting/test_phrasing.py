"""How the user's own phrases read once they sit inside a template: capitals, pronouns, shortening,
where you met, and the refer-me kit with a thin profile."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.core.drafting import CHANNELS, GOALS, Profile, build_referkit, draft_followup, followup_from_session
from app.core.drafting.lint import colon_paste
from app.core.drafting.phrasing import address, as_statement, embed, event_parts, name_words, verb_led_to_you
from app.core.drafting.referkit import missing_fields
from app.core.drafting.text import shorten, tidy_punctuation
from app.core.drafting.validators import LIMITS

TODAY = date(2025, 3, 12)
DOGS = "Busy dog owners with large or anxious dogs are her best clients"
REFERRAL = (
    "A dog owner whose dog gets stressed at the salon, or a family that has just got a long-haired puppy "
    "and doesn't know where to start"
)
# Doubled punctuation where a phrase meets its sentence, and a user phrase pasted with its capital.
DOUBLED = re.compile(r"\u2026\.|\.\u2026|\?\.|(?<!\.)\.\.(?!\.)|,\.")


def _texts(result) -> list[str]:
    return [f"{v.subject}\n{v.body}" for v in result.variants]


# -- 1. capitals and grammar of embedded phrases --------------------------------------------------------
@pytest.mark.parametrize(
    "phrase,expected",
    [
        (DOGS, "busy dog owners with large or anxious dogs are her best clients"),
        ("Her daughter just started university", "her daughter just started university"),
        ("I run half-marathons", "I run half-marathons"),
        ("BNI members get a discount", "BNI members get a discount"),
        ("EV chargers for the car park", "EV chargers for the car park"),
        ("Leeds University starts in September", "Leeds University starts in September"),
        ("March is their busiest month", "March is their busiest month"),
        ("Tom's moving office", "Tom's moving office"),
        ("Patel Print is expanding", "Patel Print is expanding"),
        ("Daughter's wedding is in June", "daughter's wedding is in June"),
        ("The cash-flow checklist.", "the cash-flow checklist"),
    ],
)
def test_embedded_phrases_lose_their_capital_unless_a_name_or_acronym(phrase, expected):
    assert embed(phrase, name_words(["Sam Patel", "Patel Print"])) == expected


def test_a_name_from_the_contact_fields_keeps_its_capital():
    assert embed("Sam is hiring", name_words(["Sam Patel"])) == "Sam is hiring"
    assert embed("Biscuit won a rosette", {"biscuit"}) == "Biscuit won a rosette"
    assert embed("Biscuit won a rosette") == "biscuit won a rosette"


@pytest.mark.parametrize(
    "note,expected",
    [
        ("her daughter just started university", "your daughter just started university"),
        (DOGS, "Busy dog owners with large or anxious dogs are your best clients"),
        # 'they' in a note about a firm is the firm: the message speaks to it.
        ("they are moving to a bigger unit in March", "you are moving to a bigger unit in March"),
        ("She runs half-marathons and goes sailing", "You run half-marathons and go sailing"),
        # The daughter's 'she' is not the contact's.
        (
            "her daughter just started university and she loves it",
            "your daughter just started university and she loves it",
        ),
        (
            "his wife runs a bakery and she wants help with payroll",
            "your wife runs a bakery and she wants help with payroll",
        ),
    ],
)
def test_notes_about_the_contact_are_turned_to_address_them(note, expected):
    assert address(note) == expected


@pytest.mark.parametrize(
    "note,expected",
    [
        ("loves sailing", "you love sailing"),
        ("runs a bakery in Leeds", "you run a bakery in Leeds"),
        (
            "Coaches his daughter's team and fishes on the canal",
            "you coach your daughter's team and fish on the canal",
        ),
        ("Dogs on the beach are her thing", "Dogs on the beach are your thing"),
        ("Based in Leeds", "you're based in Leeds"),
    ],
)
def test_a_note_that_starts_with_a_verb_gets_its_subject_back(note, expected):
    assert verb_led_to_you(note) == expected


@pytest.mark.parametrize(
    "detail,must,must_not",
    [
        (DOGS, "busy dog owners with large or anxious dogs are your best clients", "Busy dog"),
        ("her daughter just started university", "your daughter just started university", "her daughter"),
        ("they are moving to a bigger unit in March", "you're moving to a bigger unit in March", "they are"),
        ("BNI members are her best source of work", "BNI members are your best source of work", "bNI"),
    ],
)
@pytest.mark.parametrize("goal", GOALS)
def test_details_read_as_part_of_the_sentence_in_every_goal(profile, req, goal, detail, must, must_not):
    result = draft_followup(
        req(goal=goal, detail=detail, nudges=1 if goal == "nudge" else 0), profile, today=TODAY, n_variants=3
    )
    for text in _texts(result):
        assert must in text and must_not not in text, text
        assert not colon_paste(text, detail), text  # worked into a sentence, never pasted after a colon
    assert all(v.notes == [] for v in result.variants)


# -- 2. shortening ----------------------------------------------------------------------------------
def test_shortening_cuts_at_a_clause_break_without_an_ellipsis():
    assert shorten(REFERRAL, 60) == "A dog owner whose dog gets stressed at the salon"
    assert shorten(REFERRAL, 110) == (
        "A dog owner whose dog gets stressed at the salon, or a family that has just got a long-haired puppy"
    )
    two = "A roofer came to me three months behind on his VAT returns. We caught up in six weeks."
    assert shorten(two, 70) == "A roofer came to me three months behind on his VAT returns"
    # 'large or anxious dogs' is one noun phrase, not a place to cut.
    assert "with large\u2026" in shorten(DOGS, 30) or not shorten(DOGS, 30).endswith("large")


def test_an_ellipsis_only_when_words_were_cut_and_never_doubled():
    cut = shorten("Supercalifragilistic expialidocious marvellously wonderful things", 30)
    assert cut.endswith("\u2026") and not cut.endswith((".\u2026", ",\u2026", " \u2026"))
    assert shorten("Short enough.", 30) == "Short enough"
    # A cut never leaves a dangling 'and' or 'the' before the ellipsis.
    assert not re.search(r"\b(?:and|the|a|or)\u2026", shorten(REFERRAL.replace(",", ""), 100))
    assert tidy_punctuation("doesn't know\u2026. Next: here?.") == "doesn't know\u2026 Next: here?"


def test_a_long_ideal_referral_from_a_rehearsal_is_never_cut_mid_clause(store, profile):
    sid = store.create_session(
        "jordan",
        "first-121",
        persona={"name": "Jordan Reyes", "business": "Reyes Grooming"},
        engine="offline",
        prompt_refs=[],
    )
    store.update_session(
        sid,
        memory={
            "facts": {"ideal_referral": REFERRAL, "interests": "Agility with a collie"},
            "next_step": "Let's meet again in three weeks - how about Thursday at 9am?",
        },
    )
    request = followup_from_session(store.get_session(sid))
    assert request.learned == (
        "A dog owner whose dog gets stressed at the salon, or a family that has just got a long-haired puppy"
    )
    assert request.next_step == "meet again in three weeks"
    for goal in GOALS:
        for channel in CHANNELS:
            variant_request = request.replace(goal=goal, channel=channel, promised="the checklist")
            result = draft_followup(variant_request, profile, today=TODAY)
            for v in result.variants:
                assert not DOUBLED.search(v.body), v.body
                assert v.notes == [], v.notes
                if channel in LIMITS:
                    assert len(v.body) <= LIMITS[channel]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("goal", GOALS)
def test_no_doubled_punctuation_with_phrases_that_end_in_punctuation(profile, req, goal, channel):
    request = req(
        goal=goal,
        channel=channel,
        detail="Asked whether anyone knows a good plumber?",
        stage="after-121",
        learned=REFERRAL + "…",
        next_step="Shall we meet again in April?",
    )
    for v in draft_followup(request, profile, today=TODAY).variants:
        assert not DOUBLED.search(v.body), v.body
        assert v.notes == [], v.notes


# -- 3. where you met -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "met_at,expected",
    [
        ("our 1-2-1", ("at", "our 1-2-1")),
        ("1-2-1", ("at", "our 1-2-1")),
        ("BNI breakfast", ("at", "the BNI breakfast")),
        ("the BNI breakfast", ("at", "the BNI breakfast")),
        ("at the BNI breakfast", ("at", "the BNI breakfast")),
        ("Chamber lunch on Tuesday", ("at", "the Chamber lunch on Tuesday")),
        ("Networking lunch at the Queens Hotel", ("at", "the networking lunch at the Queens Hotel")),
        ("Birmingham Tech Week", ("at", "Birmingham Tech Week")),  # a name that takes no article
        ("birmingham tech week", ("at", "Birmingham Tech Week")),  # typed in lower case, written as a name
        ("Leeds Business Expo", ("at", "the Leeds Business Expo")),
        ("bni breakfast", ("at", "the BNI breakfast")),
        ("Costa on Briggate", ("at", "Costa on Briggate")),
        ("LinkedIn", ("on", "LinkedIn")),
    ],
)
def test_where_you_met_gets_the_right_article_and_preposition(met_at, expected):
    assert event_parts(met_at) == expected


def test_our_121_is_thanked_for_not_met(profile, req):
    for stage in ("new", "after-121"):
        result = draft_followup(req(met_at="our 1-2-1", stage=stage), profile, today=TODAY, n_variants=3)
        texts = _texts(result)
        assert "1-2-1" in result.variants[0].subject
        assert any("1-2-1 yesterday" in t for t in texts)
        for text in texts:
            assert "meet you" not in text and "the our" not in text and "after our 1-2-1?" not in text


def test_phrased_events_are_not_doubled(profile, req):
    checks = {
        "the BNI breakfast": ["the the", "at at"],
        "at the BNI breakfast": ["at at", "the at"],
        "Chamber lunch on Tuesday": ["Tuesday yesterday", "the the"],
    }
    for met_at, bad in checks.items():
        for goal in GOALS:
            for text in _texts(
                draft_followup(req(met_at=met_at, goal=goal), profile, today=TODAY, n_variants=3)
            ):
                assert not any(re.search(rf"\b{b}\b", text) for b in bad), text
    texts = _texts(draft_followup(req(met_at="Chamber lunch on Tuesday"), profile, today=TODAY))
    assert any("at the Chamber lunch on Tuesday" in t for t in texts)
    assert not any("on Tuesday yesterday" in t for t in texts)


def test_someone_you_already_know_is_not_greeted_as_new(profile, req):
    result = draft_followup(
        req(met_at="BNI breakfast", stage="met-before"), profile, today=TODAY, n_variants=3
    )
    assert result.variants[0].subject in (
        "Good to see you again",
        "Thanks for the catch-up",
        "Great to catch up, Sam",
    )
    assert all("meet you" not in t.lower() and "meeting you" not in t.lower() for t in _texts(result))


def test_a_long_event_is_dropped_rather_than_cut_mid_sentence(profile, req):
    met_at = "Yorkshire Regional Chamber of Commerce Annual Summer Networking Garden Party and Awards"
    for goal in GOALS:
        for v in draft_followup(req(met_at=met_at, goal=goal, channel="sms"), profile, today=TODAY).variants:
            assert "\u2026" not in v.body and v.notes == []


def test_a_question_agreed_as_next_step_is_stated():
    assert (
        as_statement("Let's meet again in three weeks - how about Thursday at 9am, here?")
        == "meet again in three weeks"
    )
    assert as_statement("Shall we meet in April?") == "meet in April"
    assert as_statement("meet again in April with our diaries") == "meet again in April with our diaries"


# -- 4. the refer-me kit with a thin profile ----------------------------------------------------------
def test_name_only_presentation_does_not_repeat_itself():
    kit = build_referkit(Profile(name="Jane Smith"))
    body = {i.id: i for i in kit.items}["presentation"].body
    assert body.count("Jane Smith") == 1 and "Once more" not in body
    assert {i.id: i for i in kit.items}["presentation"].notes == []
    business_only = build_referkit(Profile(name="Jane Smith", business="Smith & Co")).items[0].body
    assert business_only.count("Jane Smith") == 1 and "Once more" not in business_only


def test_missing_says_which_fields_improve_which_items():
    kit = build_referkit(Profile(name="Al Green", what_i_do="Plumbing and heating for homes in Harrogate"))
    by_id = {i.id: i for i in kit.items}
    assert "ideal_client" in by_id["presentation"].missing and "story" in by_id["presentation"].missing
    assert "what_i_do" not in by_id["presentation"].missing
    assert kit.missing_fields["listen_for"] == ["trigger_phrases"]
    ideal = next(m for m in kit.missing if "(ideal_client)" in m)
    assert "presentation" in ideal and "briefing" in ideal and "direct introduction email" in ideal
    triggers = next(m for m in kit.missing if "(trigger_phrases)" in m)
    assert "give you the 'what to listen for' card" in triggers
    assert not any("(what_i_do)" in m for m in kit.missing)
    # A fragment is introduced, not passed off as a sentence.
    assert "What I do: plumbing and heating for homes in Harrogate." in by_id["presentation"].body


def test_full_profile_has_nothing_missing(profile):
    assert missing_fields(profile) == {}
    kit = build_referkit(profile)
    assert all(i.missing == [] for i in kit.items)
    presentation = kit.items[0].body
    assert "Who is a great referral for me? Owner-run building" in presentation
    # One specific ask, last: the room hears what to do for you.
    assert presentation.endswith("I'd love an introduction to a commercial insurance broker.")
    assert "A recent example: a roofer" in presentation


def test_kit_texts_never_double_punctuation(profile):
    profile.ideal_client = REFERRAL * 3
    profile.story = "A roofer came to me three months behind on his VAT returns, " * 6
    kit = build_referkit(profile)
    for item in kit.items:
        assert not DOUBLED.search(item.body), item.body
        assert item.notes == []


# -- found reading the drafts -----------------------------------------------------------------------------
@pytest.mark.parametrize("goal", ["thank", "invite-121", "nudge"])
@pytest.mark.parametrize("channel", CHANNELS)
def test_a_promise_is_still_mentioned_when_the_goal_is_not_to_send_it(profile, req, goal, channel):
    result = draft_followup(
        req(
            goal=goal, channel=channel, promised="the cash-flow checklist", nudges=1 if goal == "nudge" else 0
        ),
        profile,
        today=TODAY,
    )
    for v in result.variants:
        # A free LinkedIn note (200 characters) may leave it to the longer version for paid accounts.
        kept = v.long_body if channel == "linkedin-note" and v.long_body else v.body
        assert "cash-flow checklist" in kept and v.notes == [], v.notes


def test_a_rehearsal_note_that_starts_with_a_verb_reads_as_a_sentence(store, profile):
    sid = store.create_session(
        "graham", "first-121", persona={"name": "Graham Pike"}, engine="offline", prompt_refs=[]
    )
    store.update_session(
        sid,
        memory={
            "facts": {
                "interests": "Coaches his daughter's under-12 rugby team and fishes on the canal when he can",
                "goals": "Win two maintenance contracts so his team has steady work",
            }
        },
    )
    request = followup_from_session(store.get_session(sid))
    assert (
        request.detail == "you coach your daughter's under-12 rugby team and fish on the canal when you can"
    )
    body = draft_followup(request, profile, today=TODAY).variants[0].body
    assert "you coach your daughter's under-12 rugby team" in body and not colon_paste(body, request.detail)
    goals_only = {"facts": {"goals": "Win two maintenance contracts so his team has steady work"}}
    store.update_session(sid, memory=goals_only)
    assert (
        followup_from_session(store.get_session(sid)).detail
        == "you want to win two maintenance contracts so your team has steady work"
    )
