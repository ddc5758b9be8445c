"""Card topics and how dialogue acts map onto them.

Topic names are the persona card's field names (shared with the rehearsal memory and the drafting
hand-off). Which topic a user's question is about comes from the language layer's act reading.
"""

from __future__ import annotations

# Card topics: what the partner can talk about from the card.
SURFACE_TOPICS = (
    "business",
    "ideal_client",
    "accomplishments",
    "interests",
    "networks",
    "skills",
    "not_a_fit",
)
# Deeper details: a guarded persona may want a second, clearer question before sharing them.
DEEP_TOPICS = ("ideal_referral", "trigger_phrases", "how_to_refer", "want_to_meet", "goals")
TOPICS = (
    "business",
    "ideal_client",
    "ideal_referral",
    "trigger_phrases",
    "how_to_refer",
    "want_to_meet",
    "goals",
    "accomplishments",
    "interests",
    "networks",
    "skills",
    "not_a_fit",
)
GAINS = ("goals", "accomplishments", "interests", "networks", "skills")
# Follow-up 1-2-1s also talk about the last referral the user passed them.
ALL_TOPICS = (*TOPICS, "last_referral")

# A question act asks about one topic.
ACT_TOPIC: dict[str, str] = {
    "ask_business": "business",
    "ask_ideal_client": "ideal_client",
    "ask_ideal_referral": "ideal_referral",
    "ask_triggers": "trigger_phrases",
    "ask_how_to_refer": "how_to_refer",
    "ask_want_to_meet": "want_to_meet",
    "ask_not_a_fit": "not_a_fit",
    "ask_goals": "goals",
    "ask_accomplishments": "accomplishments",
    "ask_interests": "interests",
    "ask_networks": "networks",
    "ask_skills": "skills",
    "ask_last_referral": "last_referral",
}
# A statement about the speaker's own business covers one topic of theirs.
TELL_TOPIC: dict[str, str] = {
    "tell_business": "business",
    "tell_ideal_client": "ideal_client",
    "tell_ideal_referral": "ideal_referral",
    "tell_triggers": "trigger_phrases",
    "tell_personal": "personal",
}
# When a reply answers a topic, the act the partner's own sentence should have (reply validation).
ANSWER_ACTS: dict[str, frozenset[str]] = {
    "business": frozenset({"tell_business", "tell_ideal_client"}),
    "ideal_client": frozenset({"tell_ideal_client", "tell_business", "tell_ideal_referral"}),
    "ideal_referral": frozenset({"tell_ideal_referral", "tell_ideal_client", "tell_triggers"}),
    "trigger_phrases": frozenset({"tell_triggers", "tell_ideal_referral", "tell_ideal_client"}),
    "how_to_refer": frozenset({"tell_ideal_referral", "tell_business"}),
    "want_to_meet": frozenset({"tell_ideal_referral", "request_introduction", "tell_personal"}),
    "not_a_fit": frozenset({"tell_ideal_referral", "tell_ideal_client", "tell_business"}),
    "goals": frozenset({"tell_personal", "tell_business"}),
    "accomplishments": frozenset({"tell_personal", "tell_business"}),
    "interests": frozenset({"tell_personal"}),
    "networks": frozenset({"tell_personal", "tell_business"}),
    "skills": frozenset({"tell_personal", "tell_business"}),
}
