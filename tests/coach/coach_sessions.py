"""Whole-session cases from reviewing real and scripted rehearsals: the expected result and evidence per check.

Each case names the checks it is about; for those, both `passed` and the quoted evidence must match. Used by
tests/coach/test_session_review.py and by bench/bench_coach.py ("sessions").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach_transcripts import convo

from app.core.transcript import Turn

NEW_MEMBER_OPENING = (
    "Hi! Thanks for asking me. Sorry, I'm new to all this - what are we actually supposed to do in a 1-2-1? "
    "Is it like a sales meeting?"
)


@dataclass(frozen=True)
class SessionCase:
    """A transcript and, per check it is about, the expected (passed, evidence)."""

    name: str
    turns: list[Turn]
    expect: dict[str, tuple[bool, str | None]] = field(default_factory=dict)


REVIEWED: list[SessionCase] = [
    SessionCase(
        "new member asks what a 1-2-1 is; personal side outside the business",
        convo(
            ("P", NEW_MEMBER_OPENING),
            (
                "U",
                "Good question! It's not a sales meeting - it's a chance to learn how to refer each other.",
            ),
            ("P", "Oh! That's so much better than what I thought."),
            ("U", "So, what do you do?"),
            ("P", "I groom dogs - in a van that comes to your house."),
            ("U", "What do you do outside the bakery? Sorry, I mean outside the grooming!"),
            ("P", "Agility with my border collie, and I bake."),
        ),
        {
            "agreed_next_step": (False, None),
            "asked_about_their_business": (True, "So, what do you do?"),
            "learned_personal_side": (True, "What do you do outside the bakery?"),
        },
    ),
    SessionCase(
        "an explicit referral question beats a general business question",
        convo(
            ("U", "Hi! Thanks for meeting me. Tell me about your business - who are your best clients?"),
            ("P", "Mostly independent cafes and a couple of bakeries."),
            ("U", "What does a great referral look like for you, and what should I listen out for?"),
            ("P", "A cafe that's about to open a second site."),
        ),
        {
            "asked_about_their_business": (
                True,
                "Tell me about your business - who are your best clients?",
            ),
            "asked_about_ideal_referral": (
                True,
                "What does a great referral look like for you, and what should I listen out for?",
            ),
        },
    ),
    SessionCase(
        "a vague plan stays vague when the partner only asks when",
        convo(
            ("U", "Let's catch up sometime."),
            ("P", "Definitely - when's good for you? I'm flexible on Thursdays."),
        ),
        {"agreed_next_step": (False, "Let's catch up sometime.")},
    ),
    SessionCase(
        "the answer to 'when suits you?' names the time",
        convo(
            ("U", "Shall we meet again?"),
            ("P", "When suits you?"),
            ("U", "Next Tuesday at 10 works for me."),
            ("P", "Great."),
        ),
        {"agreed_next_step": (True, "Next Tuesday at 10 works for me.")},
    ),
    SessionCase(
        "a brisk 'Fine.' accepts a dated proposal",
        convo(
            ("U", "Shall we meet again on the 12th at 8am?"), ("P", "Fine. I'll put it in. Don't be late.")
        ),
        {"agreed_next_step": (True, "Shall we meet again on the 12th at 8am?")},
    ),
    SessionCase(
        "accepting the partner's sales quote is not a next step",
        convo(("P", "Shall I send you a quote for your phones?"), ("U", "Sure, go on then.")),
        {"agreed_next_step": (False, None)},
    ),
    SessionCase(
        "'market' and 'friend' are not dates",
        convo(("U", "Let's grab lunch at the market with my friend sometime."), ("P", "Yes, great idea.")),
        {"agreed_next_step": (False, "Let's grab lunch at the market with my friend sometime.")},
    ),
    SessionCase(
        "a dated proposal that fell through is the shortfall, not the vague one before it",
        convo(
            ("U", "Shall we catch up again?"),
            ("P", "Could we fix a date? I'm bad at following up otherwise."),
            ("U", "How about the 21st at 9?"),
            ("P", "I stopped an invoice fraud at a law firm the same morning it happened."),
        ),
        {"agreed_next_step": (False, "How about the 21st at 9?")},
    ),
    SessionCase(
        "a commitment turned down is not agreed",
        convo(
            ("P", "I'll introduce you to my accountant Mark next week."),
            ("U", "No need, thanks - I'm sorted."),
        ),
        {"agreed_next_step": (False, "I'll introduce you to my accountant Mark next week.")},
    ),
    SessionCase(
        "offer, referral and next step quote three different lines",
        convo(
            ("U", "Who specifically would you like me to introduce you to, by name if you can?"),
            ("P", "Tom at Rivers Property, ideally."),
            ("U", "How would you like me to introduce you?"),
            ("P", "A short email copying us both in."),
            ("U", "I'll email Tom at Rivers Property tomorrow and copy you in."),
            ("P", "Agreed. I'll send a calendar invitation this afternoon."),
        ),
        {
            "asked_about_ideal_referral": (True, "How would you like me to introduce you?"),
            "offered_to_help_first": (
                True,
                "Who specifically would you like me to introduce you to, by name if you can?",
            ),
            "agreed_next_step": (True, "I'll email Tom at Rivers Property tomorrow and copy you in."),
        },
    ),
    SessionCase(
        "a dated meeting is the next step; the introduction is the offer",
        convo(
            (
                "U",
                "You mentioned vets - I know someone who fits, and I'd be happy to introduce you this week.",
            ),
            ("P", "Really? That would be amazing. Who?"),
            (
                "U",
                "Let's meet again in three weeks - how about Thursday at 9am, here? I'll send the invitation today.",
            ),
            ("P", "Yes! I'll put it in my phone now."),
        ),
        {
            "offered_to_help_first": (
                True,
                "You mentioned vets - I know someone who fits, and I'd be happy to introduce you this week.",
            ),
            "agreed_next_step": (
                True,
                "Let's meet again in three weeks - how about Thursday at 9am, here?",
            ),
        },
    ),
    SessionCase(
        "one line may serve two checks when there is no other",
        convo(
            (
                "U",
                "I'd be happy to introduce you to my friend Dave who runs the call centre - "
                "I'll email you both tomorrow.",
            ),
            ("P", "Now you're talking!"),
        ),
        {
            "offered_to_help_first": (
                True,
                "I'd be happy to introduce you to my friend Dave who runs the call centre - "
                "I'll email you both tomorrow.",
            ),
            "agreed_next_step": (
                True,
                "I'd be happy to introduce you to my friend Dave who runs the call centre - "
                "I'll email you both tomorrow.",
            ),
        },
    ),
    SessionCase(
        "a statement with a tag is not a question about them",
        convo(("U", "I've got three kids, you know?"), ("P", "Lovely."), ("U", "What do you do?")),
        {"learned_personal_side": (False, None), "asked_about_their_business": (True, "What do you do?")},
    ),
    SessionCase(
        "a rhetorical 'My ideal client?' and its answer",
        convo(
            (
                "U",
                "My ideal client? Independent opticians with two or three branches who are about to change "
                "their booking system.",
            ),
            ("P", "That's clear."),
        ),
        {
            # The question and its answer are one thought, so both are quoted, verbatim.
            "explained_own_ideal_client": (
                True,
                "My ideal client? Independent opticians with two or three branches who are about to change "
                "their booking system.",
            )
        },
    ),
    SessionCase(
        "playing back the partner's triggers is not giving your own",
        convo(
            ("P", "If someone says the lights keep tripping, that's me."),
            ("U", "So your trigger is when someone says the lights keep tripping - got it."),
            ("P", "Right."),
            ("U", "I'll listen out for people who say their dog hates the groomer."),
            ("P", "Thanks."),
            ("U", "You said 'if anyone says my dog is matted, that's me' - noted."),
        ),
        {"gave_trigger_phrases": (False, None)},
    ),
    SessionCase(
        "a trigger given as a request",
        convo(
            ("U", "If anyone tells you their booking system keeps crashing, could you pass them my number?"),
            ("P", "Will do."),
        ),
        {
            "gave_trigger_phrases": (
                True,
                "If anyone tells you their booking system keeps crashing, could you pass them my number?",
            )
        },
    ),
    SessionCase(
        "a priced offer closed by 'Interested?'",
        convo(
            ("P", "I find these meetings a bit excruciating."),
            ("U", "I'll be quick - I do bookkeeping, and our package starts at £99 a month. Interested?"),
            ("P", "This is exactly why I dislike networking."),
        ),
        {
            "avoided_selling": (
                False,
                "I'll be quick - I do bookkeeping, and our package starts at £99 a month.",
            )
        },
    ),
    SessionCase(
        "turning down the partner's pitch is not selling",
        convo(
            ("P", "Want me to send you a quote?"), ("U", "No thanks, I don't need you to send me a quote.")
        ),
        {"avoided_selling": (True, None)},
    ),
    SessionCase(
        "a van and a brother are not clients",
        convo(("U", "I'm after a new van."), ("P", "Oh?"), ("U", "I work with my brother.")),
        {"explained_own_ideal_client": (False, None)},
    ),
]

# Written after the fixes and run once, not tuned on (bench/bench_coach.py reports them separately).
HELD_OUT: list[SessionCase] = [
    SessionCase(
        "held out: what is a 1-2-1 for",
        convo(
            (
                "P",
                "Hi - I've never done one of these. What's the point of a 1-2-1, really? Is it a sales meeting?",
            ),
            ("U", "Not at all - it's about learning who to refer to each other."),
            ("P", "Oh, that's much better."),
        ),
        {"agreed_next_step": (False, None)},
    ),
    SessionCase(
        "held out: the time comes in the second proposal",
        convo(
            ("U", "Shall we book another coffee?"),
            ("P", "Yes - when works for you?"),
            ("U", "Wednesday the 9th at 8.30?"),
            ("P", "Perfect."),
        ),
        {"agreed_next_step": (True, "Wednesday the 9th at 8.30?")},
    ),
    SessionCase(
        "held out: an introduction declined",
        convo(
            ("U", "I'll introduce you to my friend Priya next week."),
            ("P", "No need, honestly - I'm flat out."),
        ),
        {"agreed_next_step": (False, "I'll introduce you to my friend Priya next week.")},
    ),
    SessionCase(
        "held out: coffee at some point",
        convo(("U", "Let's grab a coffee at some point."), ("P", "Sure.")),
        {"agreed_next_step": (False, "Let's grab a coffee at some point.")},
    ),
    SessionCase(
        "held out: customers, then whom they want to meet",
        convo(
            ("U", "Who are your customers?"),
            ("P", "Mostly small manufacturers."),
            ("U", "And who would you most like to be introduced to?"),
            ("P", "Operations directors."),
        ),
        {
            "asked_about_their_business": (True, "Who are your customers?"),
            "asked_about_ideal_referral": (True, "And who would you most like to be introduced to?"),
        },
    ),
    SessionCase(
        "held out: an offer and a separate meeting",
        convo(
            ("U", "I know a great bookkeeper - I'll send you her details tomorrow."),
            ("P", "Thanks!"),
            ("U", "And shall we meet again on the 20th at 10?"),
            ("P", "Yes, that works."),
        ),
        {
            "offered_to_help_first": (
                True,
                "I know a great bookkeeper - I'll send you her details tomorrow.",
            ),
            "agreed_next_step": (True, "And shall we meet again on the 20th at 10?"),
        },
    ),
    SessionCase(
        "held out: a past meeting",
        convo(("P", "Did you get much out of the chapter meeting on Thursday?"), ("U", "Yes, loved it.")),
        {"agreed_next_step": (False, None)},
    ),
    SessionCase(
        "held out: what they do, and outside the shop",
        convo(
            ("U", "What do you do?"),
            ("P", "I'm a florist."),
            ("U", "And what do you do outside the shop?"),
            ("P", "Wild swimming."),
        ),
        {
            "asked_about_their_business": (True, "What do you do?"),
            "learned_personal_side": (True, "And what do you do outside the shop?"),
        },
    ),
]
