"""What the coach says about each check: its label, praise, advice, live hint and library query."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Advice:
    """The fixed texts of one check."""

    label: str  # short title shown next to the tick or cross
    strength: str  # said when the check passed
    improvement: str  # "next time ..." advice when it failed
    hint: str  # a live hint during the rehearsal
    query: str  # what to look up in the knowledge library when it failed


ADVICE: dict[str, Advice] = {
    "asked_about_their_business": Advice(
        "Asked about their business",
        "You found out about their business instead of only talking about yours.",
        'Next time, ask what they do and who their best clients are, e.g. "What does a good day look like '
        'in your business?"',
        "Ask what a good day looks like in their business.",
        "Mistake: not asking about their business, or their personal side",
    ),
    "asked_about_ideal_referral": Advice(
        "Asked about their ideal referral",
        "You asked what a good referral looks like for them, so you can actually send them one.",
        'Next time, ask "Who would you love me to introduce you to?" and "How should I introduce you?"',
        "Ask who their ideal client is, or whom they would love to be introduced to.",
        "questions that uncover who they want to meet: their ideal client, best customer types, how they want to be "
        "introduced",
    ),
    "explained_own_ideal_client": Advice(
        "Explained your own ideal client",
        "You described your ideal client specifically enough for them to picture one.",
        'Next time, describe your ideal client by who and situation, e.g. "owner-managed builders with '
        '5-20 staff who are buying their first premises" - never "anyone".',
        "Tell them who your ideal client is - a specific type of client and the situation they are in.",
        "Mistake: saying anyone - describe a specific type of client and their situation",
    ),
    "gave_trigger_phrases": Advice(
        "Gave trigger phrases",
        "You gave them words to listen for, which makes you easy to remember at the right moment.",
        "Next time, give one or two phrases your clients actually say, e.g. \"If you hear 'our spreadsheets "
        "are a nightmare', think of me.\"",
        "Give them a phrase to listen for: what your clients say just before they need you.",
        "trigger phrases: the words prospects actually say when they need you",
    ),
    "learned_personal_side": Advice(
        "Learned their personal side",
        "You asked about them as a person, which is what builds know, like and trust.",
        'Next time, ask about their goals, interests or the groups they belong to, e.g. "What are you '
        'working towards this year?"',
        "Ask about them as a person: their goals, interests or the groups they belong to.",
        "GAINS: ask about their goals, interests and networks",
    ),
    "offered_to_help_first": Advice(
        "Offered to help first",
        "You offered something first - an introduction or help - which is Givers Gain in practice.",
        "Next time, offer something before you ask: an introduction, a useful contact or a resource, e.g. "
        '"Would an introduction to my accountant be useful?"',
        "Offer something first: an introduction, a contact or a useful resource.",
        "Givers Gain: things you can give besides a referral, offer an introduction first",
    ),
    "agreed_next_step": Advice(
        "Agreed a next step",
        "You left with a concrete next step, so the meeting leads somewhere.",
        "Next time, close with a committed action and a date, e.g. \"I'll send you Sam's details by Friday "
        '- shall we meet again on the 14th?"',
        "Before you wrap up, agree one concrete next step with a date or an owner.",
        "Mistake: leaving without a next step, close with committed actions",
    ),
    "avoided_selling": Advice(
        "Avoided selling",
        "You treated them as a referral partner, not a prospect.",
        "Next time, keep your offer out of the 1-2-1: they are your sales force, not your buyer - teach "
        "them whom to send you instead.",
        "Hold the pitch: ask about their business instead - they are a referral partner, not a buyer.",
        "Mistake: turning it into a sales pitch",
    ),
    "balanced_talk": Advice(
        "Balanced the conversation",
        "You asked plenty of questions and let them talk.",
        "Next time, ask at least three open questions and let them do at least a quarter of the talking.",
        "Let them talk: ask an open question and listen.",
        "Mistake: talking the whole time, ask a question then listen",
    ),
}


def improvement_for(check_id: str, reason: str) -> str:
    """The advice for a failed check; the balance advice quotes the numbers from the reason."""
    advice = ADVICE[check_id].improvement
    if check_id == "balanced_talk":
        return f"{reason.split(' (aim')[0]}. {advice}"
    return advice
