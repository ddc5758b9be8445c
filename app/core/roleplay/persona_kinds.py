"""The closed sets a persona card chooses from: how hard the partner is, their industry, their traits.

StrEnums, so a member equals its text and cards keep plain words; the tuples are what forms and
filters offer, in this order.
"""

from __future__ import annotations

from enum import StrEnum


class Difficulty(StrEnum):
    """How hard the partner is to talk to."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Industry(StrEnum):
    """The partner's line of business."""

    HOSPITALITY = "hospitality"
    HEALTH = "health"
    CREATIVE = "creative"
    MANUFACTURING = "manufacturing"
    CHARITY = "charity"
    PROPERTY = "property"
    TRADES = "trades"
    PROFESSIONAL_SERVICES = "professional-services"
    TECHNOLOGY = "technology"
    TELECOMS = "telecoms"
    RETAIL = "retail"
    EDUCATION = "education"
    FINANCE = "finance"
    OTHER = "other"


class Trait(StrEnum):
    """How the partner comes across."""

    WARM = "warm"
    ABRASIVE = "abrasive"
    SHY = "shy"
    CHATTY = "chatty"
    SCEPTICAL = "sceptical"
    SALESY = "salesy"
    NEW = "new"
    SEASONED = "seasoned"
    BLUNT = "blunt"
    IMPATIENT = "impatient"
    GENEROUS = "generous"
    CURIOUS = "curious"
    NERVOUS = "nervous"
    CONFIDENT = "confident"
    GUARDED = "guarded"


DIFFICULTIES = tuple(d.value for d in Difficulty)
INDUSTRIES = tuple(i.value for i in Industry)
TRAITS = tuple(t.value for t in Trait)
