"""The closed sets a follow-up is described by: goals, channels, tones, lengths, stages and origins.

Each is a StrEnum, so a member equals its text ("thank" == Goal.THANK) and is saved as that text; the
tuples of values are what forms, CSV columns and command-line choices offer.
"""

from __future__ import annotations

from enum import StrEnum


class Goal(StrEnum):
    """What a follow-up is for."""

    THANK = "thank"
    INVITE_121 = "invite-121"
    SEND_RESOURCE = "send-resource"
    INTRODUCE = "introduce"
    NUDGE = "nudge"


class Channel(StrEnum):
    """Where a follow-up is sent (each has its own length limit)."""

    EMAIL = "email"
    LINKEDIN_NOTE = "linkedin-note"
    LINKEDIN_MESSAGE = "linkedin-message"
    SMS = "sms"


class Tone(StrEnum):
    """How a follow-up sounds."""

    WARM = "warm"
    PROFESSIONAL = "professional"
    BRIEF = "brief"


class Length(StrEnum):
    """How long a follow-up may run."""

    SHORT = "short"
    MEDIUM = "medium"


class Stage(StrEnum):
    """How well you know the contact."""

    NEW = "new"  # met once at an event
    MET_BEFORE = "met-before"  # you already know each other
    AFTER_121 = "after-121"  # you have just had a 1-2-1


class Origin(StrEnum):
    """Who wrote a draft: a model, a model whose draft was repaired, or a template."""

    MODEL = "model"
    REPAIRED = "repaired"
    TEMPLATE = "template"


GOALS = tuple(g.value for g in Goal)
CHANNELS = tuple(c.value for c in Channel)
TONES = tuple(t.value for t in Tone)
LENGTHS = tuple(n.value for n in Length)
STAGES = tuple(s.value for s in Stage)
ORIGINS = tuple(o.value for o in Origin)
# Goals whose message asks for a meeting, so they must offer two times or the scheduling link.
ASKING_GOALS = (Goal.INVITE_121.value, Goal.NUDGE.value)
