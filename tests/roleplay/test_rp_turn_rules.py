"""General reading and dialogue rules: a clear question gets its topic from any persona, a time put to
the partner is a plan, an offer names a person rather than a place, and a turn with no known word is
unclear."""

from __future__ import annotations

import pytest

from app.core.roleplay.understanding import (
    SELF_REF,
    Signal,
    _asked_not_planned,
    _statement_offer,
    _topic_act,
    offer_target,
    proposes,
    understand,
    when_of,
)


def _reply_kind(partner, persona_id: str, text: str) -> str:
    return str(partner.reply(partner.start(persona_id), text)["meta"]["reply"])


@pytest.mark.parametrize(
    ("persona_id", "text", "topic"),
    [
        ("busy-sceptic", "Trigger phrases?", "trigger_phrases"),
        ("shy-specialist", "Ideal referral?", "ideal_referral"),
        ("impatient-hotelier", "Referrals - who's gold?", "ideal_referral"),
        ("sceptical-manufacturer", "Goals for next year?", "goals"),
    ],
)
def test_a_guarded_persona_answers_a_short_question_that_names_its_topic(partner, text, persona_id, topic):
    assert _reply_kind(partner, persona_id, text) == f"topic:{topic}"


def test_a_guarded_persona_still_deflects_a_vague_question(partner):
    assert _reply_kind(partner, "busy-sceptic", "Who can I send you?") == "deflect"


@pytest.mark.parametrize(
    "text",
    [
        "Who's the ideal sort of person for me to send over to you?",
        "What's the right kind of company for me to introduce you to?",
        "Which type of business should I point towards you?",
    ],
)
def test_the_kind_of_person_to_send_is_the_ideal_referral(text):
    assert understand(text).topic == "ideal_referral"


@pytest.mark.parametrize(
    "text",
    ["What kind of businesses would you like to partner with?", "Who would you like me to introduce you to?"],
)
def test_who_they_would_like_to_meet_stays_theirs(text):
    assert understand(text).topic == "want_to_meet"


def test_a_barely_made_out_guess_loses_to_the_one_topic_the_words_name():
    assert understand("If I needed advice, what would I come to you for?").topic == "skills"
    # A passing "client" in a question about a success does not make it a question about clients.
    assert understand("Tell me about a time a client was totally blown away.").topic == "accomplishments"


def test_a_who_question_with_a_time_in_it_is_still_a_question():
    read = understand("Who could I send you this week that would actually make a difference?")
    assert read.topic == "ideal_referral"


@pytest.mark.parametrize(
    ("text", "when"),
    [("Tomorrow at 3, any good?", "tomorrow"), ("How's 8am Friday for a bacon butty?", "friday")],
)
def test_a_time_put_to_them_is_confirmed(partner, text, when):
    turn = partner.reply(partner.start("generous-physio"), text)
    assert turn["meta"]["reply"] == "confirm_time" and when in turn["text"].lower()


@pytest.mark.parametrize(
    "text",
    [
        "Would you be open to another meeting down the line?",
        "Perhaps we could have lunch some time.",
        "Can we book another one of these?",
        "I'd like to see your showroom one of these days.",
        "We should get together with my business partner for a three-way sometime.",
    ],
)
def test_a_plan_to_meet_each_other_gets_asked_when(partner, text):
    assert _reply_kind(partner, "warm-connector", text) == "ask_time"


def test_who_they_would_meet_again_is_not_a_plan():
    assert understand("Who would you like to meet again?").topic == "want_to_meet"


@pytest.mark.parametrize(
    ("text", "kind", "what"),
    [
        (
            "I'll email you and Dan Kowalski tonight, he runs the garage on Fleet Street.",
            "person",
            "Dan Kowalski",
        ),
        ("I'll pass your card to Bev, the practice manager at Elm Surgery.", "person", "Bev"),
        (
            "There's a spare seat at the Law Society dinner if you'd like to come.",
            "invite",
            "the Law Society dinner",
        ),
        ("i'll whatsapp u the template we use", "thing", "the template we use"),
        ("I'll ping over the slide deck from my talk.", "thing", "the slide deck from my talk"),
        ("Let me see who I know that might suit you.", "unnamed", None),
        ("I know heaps of people, I'll see what I can do.", "open", None),
    ],
)
def test_an_offer_names_a_person_not_a_place(text, kind, what):
    assert offer_target(text) == (kind, what)


def test_a_day_keeps_the_month_that_follows_it():
    assert when_of("Shall we say a call on the 5th of June?") == "on the 5th of June"
    assert when_of("Let's pencil in lunch for the first Tuesday in April.") == "Tuesday in April"


@pytest.mark.parametrize("text", ["blorp", "wibble", "lorem ipsum dolor", "flibbertigibbet"])
def test_a_turn_with_no_known_word_is_unclear(partner, text):
    assert understand(text).act == Signal.GIBBERISH
    assert _reply_kind(partner, "new-member", text) == "clarify"


@pytest.mark.parametrize(
    "text", ["cheers mate", "Pensions?", "thankyou!!", "G'day!", "hiya", "Kayaking?", "upholstery"]
)
def test_short_turns_in_known_words_are_read(text):
    assert understand(text).act != Signal.GIBBERISH


def test_good_day_said_first_is_a_hello_and_goodbye_is_not(partner):
    assert _reply_kind(partner, "busy-sceptic", "G'day!") == "greet"
    assert _reply_kind(partner, "busy-sceptic", "ok gotta run, speak soon") == "close"


@pytest.mark.parametrize("text", ["Let's wrap it up there.", "Well, I've taken up enough of your time."])
def test_a_closing_without_a_word_of_greeting_is_a_closing_even_first(partner, text):
    assert _reply_kind(partner, "warm-connector", text) == "close"


def test_whatcha_is_spelled_out():
    assert understand("whatcha do").topic == "business"


def test_a_fragment_after_a_question_spells_it_out_and_does_not_replace_it():
    read = understand("Who are your customers, mostly? Schools, or offices too?")
    assert read.topic == "ideal_client"
    # Two full questions: the last one asked is answered.
    assert understand("What do you do? Any hobbies?").topic == "interests"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("I'll be honest, I've never really understood what you guys do.", "business"),
        ("None of us could agree on what it is you actually make, so set us straight.", "business"),
    ],
)
def test_a_question_inside_a_statement_is_answered(text, topic):
    assert understand(text).topic == topic


def test_a_statement_without_a_wish_to_know_asks_nothing():
    assert understand("I'm not sure what you mean.").topic is None


@pytest.mark.parametrize(
    "text", ["I was going to ask you about the", "so my point is that our", "Right, and because"]
)
def test_a_turn_cut_off_mid_sentence_is_unclear(partner, text):
    assert understand(text).act == Signal.GIBBERISH
    assert _reply_kind(partner, "warm-connector", text) == "clarify"


@pytest.mark.parametrize(
    "text", ["What are you up to?", "Who do you work with?", "Tell me about your business."]
)
def test_a_finished_sentence_is_not_cut_off(text):
    assert understand(text).act != Signal.GIBBERISH


@pytest.mark.parametrize("text", ["Sorry?", "wha?", "come again?", "um what"])
def test_not_following_is_met_with_a_clarify(partner, text):
    assert _reply_kind(partner, "generous-physio", text) == "clarify"


@pytest.mark.parametrize("text", ["hmm", "Sorry!", "mm"])
def test_a_listening_noise_or_an_apology_is_not_unclear(text):
    assert understand(text).act != Signal.GIBBERISH


@pytest.mark.parametrize("text", ["giraffe", "walrus banjo", "i thnk mybe"])
def test_a_stray_word_the_corpus_never_uses_is_unclear(text):
    assert understand(text).act == Signal.GIBBERISH


def test_a_day_keeps_a_month_written_straight_after_it():
    assert when_of("Can we meet on 7 June?") == "on 7 June"
    # "may" as a verb is no month.
    assert when_of("Friday may be better for me.") == "Friday"


def test_an_offer_names_the_person_said_first_or_in_another_sentence():
    assert offer_target("Tendai from my gym runs a security firm, I'll connect you two.") == (
        "person",
        "Tendai",
    )
    read = understand("Have you met Olu Adeyemi? He's hiring, and I can introduce you.")
    assert read.offer == ("person", "Olu Adeyemi")


def test_a_word_written_in_lower_case_is_no_name_even_first():
    assert "Honestly" not in offer_target("Honestly is the best policy, I'll introduce you.")[1:]
    assert offer_target("Ja, I'll ask around for you.")[0] != "person"


def test_an_invitation_to_come_along_with_them_names_the_event():
    assert offer_target("Come along with me to the Rotary quiz night.") == ("invite", "the Rotary quiz night")


def test_passing_their_card_to_someone_is_an_offer_not_a_request():
    assert understand("Shall I pass your details on to Yusuf at the depot?").offer == ("person", "Yusuf")


@pytest.mark.parametrize("text", ["How may we support you?", "Is there anything that I can do for you?"])
def test_offering_help_in_other_words_asks_who(partner, text):
    assert _reply_kind(partner, "new-member", text) == "ask_who"


def test_coming_to_a_person_is_no_invitation():
    assert offer_target("When would a landlord come to you for help?")[0] != "invite"
    assert offer_target("Come with us to the harvest supper.") == ("invite", "the harvest supper")


def test_people_for_them_to_meet_are_asked_about_and_meeting_again_gets_a_time(partner):
    assert _reply_kind(
        partner, "warm-connector", "A couple of lads at my rugby club would be worth you meeting."
    ) == ("ask_who")
    assert _reply_kind(partner, "warm-connector", "Keen to grab a coffee again whenever.") == "ask_time"


def test_a_favour_for_nothing_is_thanked_not_met_with_who(partner):
    text = "I could go through your tax return with you, no charge, as a thank you."
    assert understand(text).offer == ("favour", None)
    assert _reply_kind(partner, "generous-physio", text) == "accept_offer"


class _SurePlan:
    """A unit the classifier read, surely, as a plan to meet, with a topic question as runner-up."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.question = True
        self.scores = self

    confidence = 0.8

    def ranked(self, n: int) -> list[tuple[str, float]]:
        return [("propose_next_step", 0.8), ("ask_ideal_referral", 0.15)][:n]


def test_a_who_question_is_no_plan_even_when_read_surely_unless_it_puts_a_time_to_them():
    text = "who could i line up for you this week?"
    assert _asked_not_planned(_SurePlan(text), "propose_next_step", text) == "ask_ideal_referral"
    timed = "what do you say to friday, does it suit?"
    assert _asked_not_planned(_SurePlan(timed), "propose_next_step", timed) is None


def test_a_question_offering_no_help_asks_about_the_topic_it_names():
    assert understand("If I needed some advice, what would I ring you for?").topic == "skills"
    # An offer of help stays an offer.
    assert understand("What can I do to help you?").act == "offer_vague"


def test_tysm_is_thanks(partner):
    assert _reply_kind(partner, "shy-specialist", "tysm!") == "thanks_back"


class _Read:
    """A unit the classifier read as `act`, with `runner` close behind."""

    def __init__(self, act: str, runner: str, p: float, question: bool = False) -> None:
        self.question = question
        self.scores = self
        self._ranked = [(act, 1 - p), (runner, p)]
        self.labels = [act, runner]
        self.confidence = 1 - p

    def ranked(self, n: int) -> list[tuple[str, float]]:
        return self._ranked[:n]

    def prob(self, act: str) -> float:
        return dict(self._ranked).get(act, 0.0)


def test_a_statement_that_gives_work_is_an_offer_when_an_offer_is_a_close_runner_up():
    text = "i reckon i can dig you out a few leads and send them over."
    assert _statement_offer(_Read("ask_ideal_referral", "offer_vague", 0.35), "ask_ideal_referral", text) == (
        "offer_vague"
    )
    # About the speaker's own work, or with no offer close behind, it stays what it was read as.
    own = "a good referral for me is anyone who'd send me their tenants."
    assert (
        _statement_offer(_Read("tell_ideal_referral", "offer_vague", 0.35), "tell_ideal_referral", own)
        is None
    )
    assert (
        _statement_offer(_Read("ask_ideal_referral", "offer_vague", 0.1), "ask_ideal_referral", text) is None
    )


def test_a_recurring_meeting_is_a_plan():
    assert proposes("shall we make it a weekly catch-up?")


def test_asking_back_what_we_do_is_a_recall_and_if_we_met_is_not(partner):
    session = partner.start("warm-connector")
    partner.reply(session, "We roast coffee beans for independent cafés.")
    turn = partner.reply(session, "Go on, can you say back what we do?")
    assert turn["meta"]["reply"] == "recall" and "coffee" in turn["text"].lower()
    assert SELF_REF.search("if we met again next year, what would you tell me?") is None


@pytest.mark.parametrize("text", ["Drinks on Saturday evening?", "Coffees Monday at 8?"])
def test_a_plural_gathering_with_a_time_is_a_plan(partner, text):
    assert _reply_kind(partner, "over-talker", text) == "confirm_time"


@pytest.mark.parametrize("text", ["Splendid!", "Terrific", "Marvellous."])
def test_a_word_of_approval_is_not_a_stray_word(text):
    assert understand(text).act != Signal.GIBBERISH


def test_a_question_in_the_negative_is_about_who_is_not_a_fit():
    text = "which clients would you rather avoid?"
    assert _topic_act(
        _Read("ask_ideal_client", "ask_not_a_fit", 0.45, question=True), "ask_ideal_client", text
    ) == ("ask_not_a_fit")
    # Not thought possible at all by the classifier: its reading stands.
    assert (
        _topic_act(_Read("ask_ideal_client", "ask_not_a_fit", 0.01, question=True), "ask_ideal_client", text)
        is None
    )
