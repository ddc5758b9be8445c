"""Deterministic refer-me kit texts built from the profile. Empty profile fields are left out, never
replaced by blanks or said twice; the user's own sentences are quoted rather than rewritten, and a
fragment ('Plumbing for homes in Harrogate') gets a short lead-in instead of posing as a sentence."""

from __future__ import annotations

import re

from app.core.drafting.kit_advice import specific_ask, vague_client
from app.core.drafting.phrasing import business_words, embed, name_words, proper_words
from app.core.drafting.profile import Profile
from app.core.drafting.text import clean, fragment, shorten

PRESENTATION_WORDS = 90  # about 30 seconds spoken
# Said when the profile holds nothing but a name: a true, useful close for any networker.
OPEN_ASK = "I'd love a 1-2-1 with any of you this week, so we can learn how to refer each other."
_FIRST_PERSON = re.compile(r"(?i)^(?:i|i'm|i've|i'll|we|we're|we've|my|our|at|here at)\b")


def sentence(text: str) -> str:
    """The user's words as one sentence: capitalised, ending with a full stop (or the ellipsis of a cut)."""
    text = clean(text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?\u2026" else text + "."


def first_sentence(text: str) -> str:
    """Up to the first full stop."""
    text = clean(text)
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            return text[: i + 1]
    return sentence(text)


def join_names(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [fragment(i) for i in items if fragment(i)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def brief(text: str, chars: int = 220) -> str:
    """The first sentence of a profile field, cut at a clause break (or a word) if it is still long."""
    return shorten(first_sentence(text).rstrip("."), chars)


def _who(p: Profile) -> str:
    return f"{p.name} of {p.business}" if p.business else p.name


def _known(p: Profile) -> set[str]:
    """Words that keep their capital mid-sentence: the profile's names and its mid-sentence capitals."""
    return name_words([p.name]) | business_words(p.business) | proper_words(p.texts())


def _own_words(text: str, lead: str, p: Profile, chars: int) -> str:
    """'I keep the books ...' stays a sentence; 'Plumbing for homes' becomes 'What I do: plumbing for homes.'"""
    short = brief(text, chars)
    if _FIRST_PERSON.match(short):
        return sentence(short)
    return sentence(f"{lead}: {embed(short, _known(p))}")


def presentation(p: Profile) -> tuple[str, str]:
    """The 30-second weekly presentation: who you are, who you help, the story, and one specific ask last,
    trimmed to about 90 words; nothing is said twice."""
    known = _known(p)
    opener = f"Hi, I'm {p.name}" + (f" from {p.business}." if p.business else ".")
    parts: list[tuple[int, str]] = []
    if p.what_i_do:
        parts.append((0, _own_words(p.what_i_do, "What I do", p, 160)))
    if p.ideal_client and not vague_client(p.ideal_client):
        ideal = brief(p.ideal_client, 120)
        parts.append(
            (
                0,
                sentence(ideal)
                if _FIRST_PERSON.match(ideal)
                else f"Who is a great referral for me? {sentence(ideal)}",
            )
        )
    if p.story:
        # The story is what people remember and retell: it goes before the trimmable extras.
        parts.append((1, sentence(f"A recent example: {embed(shorten(p.story, 160), known)}")))
    if p.point_of_difference:
        parts.append((2, _own_words(p.point_of_difference, "What makes me different", p, 140)))
    if p.trigger_phrases and p.want_to_meet:
        parts.append((2, f'Listen out for anyone who says "{fragment(p.trigger_phrases[0])}".'))
    ask = specific_ask(p.want_to_meet, p.ideal_client, p.trigger_phrases) or OPEN_ASK
    if not parts:
        return "Your 30-second presentation", f"{opener} {ask}"
    # The name once more, then the one ask: the last thing the room hears is what to do for you.
    closing = (
        f"I'm {_who(p)}, and {ask[0].lower() + ask[1:]}"
        if ask.startswith(("This week", "If "))
        else f"I'm {_who(p)}. {ask}"
    )
    for keep in (2, 1, 0):
        body = " ".join([opener, *(t for prio, t in parts if prio <= keep), closing])
        if len(body.split()) <= PRESENTATION_WORDS:
            break
    return "Your 30-second presentation", body


def briefing(p: Profile) -> tuple[str, str]:
    """'How to refer me': who, the story, how to introduce me, how to get permission for me to call."""
    first = p.first_name
    sections: list[tuple[str, str]] = [
        ("Who I help", sentence(p.ideal_client)),
        ("What I do", sentence(p.what_i_do)),
        ("Why people choose me", sentence(p.point_of_difference)),
        ("A client story you can retell", sentence(p.story)),
        ("Phrases that mean someone needs me", "\n".join(f'- "{fragment(t)}"' for t in p.trigger_phrases)),
        ("People I would love to meet", "\n".join(f"- {fragment(w)}" for w in p.want_to_meet)),
        ("Not a fit for me", sentence(p.not_a_fit)),
        (
            "How to introduce me",
            f'Say something like: "You should talk to {_who(p)}. I know how {first} works and I think you '
            f'would get on."',
        ),
        (
            "Getting permission for me to call",
            f'Before passing on a name, ask: "Would you be happy for {first} to give you a call? I will let '
            f'{first} know to expect it." Then send me their name and the best time to reach them.',
        ),
    ]
    reach = [f"call me on {p.phone}" if p.phone else "", f"email me at {p.email}" if p.email else ""]
    if any(reach):
        sections.append(("Reaching me", sentence(" or ".join(r for r in reach if r))))
    body = "\n\n".join(f"{head}\n{text}" for head, text in sections if text)
    return f"How to refer {p.name}", body


def listen_for(p: Profile) -> tuple[str, str] | None:
    """A card of trigger phrases; None when the profile has none."""
    if not p.trigger_phrases:
        return None
    lines = ["When you hear someone say:"] + [f'- "{fragment(t)}"' for t in p.trigger_phrases]
    lines += [
        "",
        f'... think of {_who(p)}, and ask them: "Would it help to talk to someone who sorts '
        'this out for a living?"',
    ]
    return f"What to listen for on {first_name_or(p)}'s behalf", "\n".join(lines)


def first_name_or(p: Profile) -> str:
    """The first name, for titles."""
    return p.first_name or p.name


def intro_double_opt_in(p: Profile) -> tuple[str, str, str]:
    """For a referral partner to send a prospect first, asking permission: (title, subject, body)."""
    first = p.first_name
    lines = ["Hello,", "", f"Something you said when we spoke made me think of {_who(p)}."]
    # Quoted, because the profile speaks as 'I' and the sender is someone else.
    quote = " ".join(sentence(brief(t)) for t in (p.what_i_do, p.point_of_difference) if t)
    if quote:
        lines.append(f'In {first}\'s own words: "{quote}"')
    lines += [
        "",
        f"Would you like me to introduce you? If you are happy to, I will connect you both by email, "
        f"or {first} can give you a call at a time that suits you.",
        "",
        "Best wishes",
    ]
    return (
        "Introduction email: asking first (double opt-in)",
        f"Would an introduction to {first} help?",
        "\n".join(lines),
    )


def split_prospect(prospect: str) -> tuple[str, str]:
    """'Alex Brown, who needs help with VAT' -> ('Alex Brown', 'needs help with VAT')."""
    text = clean(prospect)
    m = re.match(r"^(.+?)(?:,\s*|\s+-\s+|\s+who\s+)(?:who\s+)?(.+)$", text)
    return (fragment(m.group(1)), fragment(m.group(2))) if m else (fragment(text), "")


def intro_direct(p: Profile, prospect: str = "") -> tuple[str, str, str]:
    """The direct 'A, meet B' email to both people, for when the prospect has already said yes. It names both
    sides: the profile's owner, and the prospect when one is given (otherwise by who they are)."""
    first = p.first_name
    name, need = split_prospect(prospect)
    them = name.split()[0] if name else ""
    greet = f"Hello {them} and {first}," if them else "Hello both,"
    lines = [greet, "", "As promised, I'm connecting you by email.", ""]
    lines.append(f"{them}, meet {_who(p)}." if them else f"Meet {_who(p)}.")
    if p.what_i_do:
        lines.append(f'In {first}\'s own words: "{sentence(brief(p.what_i_do))}"')
    if name:
        lines.append(f"{first}, meet {name}" + (f", who {need}." if need else "."))
    elif p.ideal_client and not vague_client(p.ideal_client):
        lines.append(
            sentence(
                f"{first}, this is the contact I mentioned: exactly the kind of "
                f"{embed(brief(p.ideal_client, 90), _known(p))} you work with"
            )
        )
    lines += [
        "",
        f"I thought you should talk because {'what ' + them + ' told me' if them else 'what you told me'} "
        f"sounded like exactly what {first} helps with.",
        "",
        f"I'll leave you to find a time. {first}, over to you.",
        "",
        "Best wishes",
    ]
    subject = (f"{name}, meet {p.name}" if name else f"Meet {p.name}") + (
        f" of {p.business}" if p.business else ""
    )
    return 'Introduction email: direct ("A, meet B")', subject, "\n".join(lines)


def gains(p: Profile) -> tuple[str, str] | None:
    """The GAINS sheet to send before a 1-2-1; None when no GAINS field is filled in."""
    fields = [
        ("Goals", p.goals),
        ("Accomplishments", p.accomplishments),
        ("Interests", p.interests),
        ("Networks", p.networks),
        ("Skills", p.skills),
    ]
    if not any(v for _, v in fields):
        return None
    lines = [f"{_who(p)}"]
    if p.what_i_do:
        lines.append(sentence(p.what_i_do))
    for head, value in fields:
        if value:
            lines += ["", head, sentence(value)]
    lines += [
        "",
        "I would love to see yours before we meet, so we can spend our hour on how to refer each other.",
    ]
    return f"GAINS sheet: {p.name}", "\n".join(lines)
