"""Demo mode: the product plays both sides to show a good 1-2-1 with a chosen persona.

The "model networker" follows a script that covers what the coach checks for - their business, ideal
client and referral, trigger phrases, GAINS, describing your own ideal client, giving first, and a
concrete next step. The partner answers through the normal pipeline (model or scripted), so a demo
shows exactly how the chosen engine behaves. It is saved as a session with mode "demo".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from app.core.records import TurnRecord
from app.core.roleplay.memory import Memory
from app.core.roleplay.partner import Partner
from app.core.roleplay.personas import Persona
from app.core.roleplay.session import RehearsalSession

Line = Callable[[Persona, Memory], str]


@dataclass(frozen=True)
class DemoUser:
    """Who the demo networker is (the user's saved profile when there is one)."""

    name: str = "Alex Morgan"
    business: str = "Morgan Books, bookkeeping and payroll for trades businesses"
    ideal_client: str = (
        "builders, electricians and plumbers with five to twenty staff who are still doing "
        "their own books late at night"
    )
    trigger: str = "I spend every Sunday doing invoices"
    wish: str = "the finance director at Hollis Construction"


def demo_user(profile: dict[str, Any] | None) -> DemoUser:
    """The demo networker, taking name, business, ideal client and a trigger phrase from a profile if present."""
    if not isinstance(profile, dict):
        return DemoUser()
    base = DemoUser()
    triggers = profile.get("trigger_phrases")
    trigger = (
        triggers[0]
        if isinstance(triggers, list) and triggers and isinstance(triggers[0], str)
        else base.trigger
    )
    return DemoUser(
        name=str(profile.get("name") or base.name),
        business=str(profile.get("business") or base.business),
        ideal_client=str(profile.get("ideal_client") or base.ideal_client),
        trigger=trigger,
    )


def _named(wish: str) -> str | None:
    """The person's name in a wish-list entry ("Ruth Okafor, the practice manager at ..." -> "Ruth Okafor")."""
    m = re.match(r"([A-Z][\w'-]+(?: [A-Z][\w'-]+)+)\b", wish)
    return m.group(1) if m else None


def _offer(p: Persona, memory: Memory) -> str:
    if "want_to_meet" in memory.revealed:
        wish = next((w for w in p.want_to_meet if _named(w)), p.want_to_meet[0])
        name = _named(wish)
        if name:
            return f"I know {name} a little - I'd be happy to introduce you two by email this week."
        who = wish[0].lower() + wish[1:] if wish[1:2].islower() else wish
        return f"You mentioned {who} - I know one, and I'd be happy to introduce you this week."
    return "My accountant, Sam Reid, works with a lot of firms like yours - I'd be happy to introduce you this week."


def script(scenario_opening: str, user: DemoUser) -> list[Line]:
    """The model networker's lines, in order (functions of the persona and the memory so far)."""
    opener: list[Line] = {
        "pitch_opening": [
            lambda p, m: (
                "Thanks, but I'm all set for that at the moment. I'd rather use this hour to learn how I can refer you - "
                "the people in our group are your sales force, not your customers."
            )
        ],
        "followup_opening": [
            lambda p, m: (
                f"Great to see you again, {p.first_name}. Last time we swapped notes on our businesses and I promised "
                "to keep an ear out for you - I have. Shall we recap and then go a bit deeper?"
            ),
            lambda p, m: "How did the last referral I passed you go?",
        ],
    }.get(
        scenario_opening,
        [lambda p, m: f"Thanks for making the time, {p.first_name} - I've been looking forward to this."],
    )
    return [
        *opener,
        lambda p, m: "So tell me about your business - what do you do, and how did you get started?",
        lambda p, m: "Who are your best clients - what kind of business or person, and what size?",
        lambda p, m: "What does a great referral look like for you - who, and in what situation?",
        lambda p, m: "And what should I listen out for? What do people actually say when they need you?",
        lambda p, m: (
            f"That's really clear. Let me tell you about mine: I'm {user.name} and I run {user.business}. "
            f"My ideal client is {user.ideal_client}."
        ),
        lambda p, m: f'If you ever hear someone say "{user.trigger}", that is usually my cue.',
        lambda p, m: "On the personal side - what are your goals for this year?",
        lambda p, m: "And what do you enjoy outside work?",
        lambda p, m: "Which other groups or associations are you part of?",
        lambda p, m: "Who would you most like to meet? I might know someone.",
        _offer,
        lambda p, m: "How should I introduce you when I do?",
        *(
            [
                lambda p, m: (
                    f"One introduction I'd really value: could you introduce me to {user.wish}? "
                    "I think we could help each other."
                )
            ]
            if user.wish
            else []
        ),
        lambda p, m: (
            "Let's meet again in three weeks - how about Thursday at 9am, here? I'll send the invitation today."
        ),
        lambda p, m: f"Thanks, {p.first_name} - this was really useful. I'll be listening out for you.",
    ]


def play_demo(
    partner: Partner, session: RehearsalSession, *, user: DemoUser | None = None
) -> Iterator[TurnRecord]:
    """Play the script in a demo session, yielding each saved turn (user line, then the partner's reply)."""
    user = user or demo_user(partner.store.get_profile())
    for line in script(session.scenario.opening, user):
        partner.reply(session, line(session.persona, session.memory), origin="scripted")
        yield session.turns[-2]
        yield session.turns[-1]


def run_demo(partner: Partner, persona_id: str, scenario_id: str | None = None) -> RehearsalSession:
    """Start a demo session and play it to the end."""
    session = partner.start(persona_id, scenario_id, mode="demo")
    for _ in play_demo(partner, session):
        pass
    return session
