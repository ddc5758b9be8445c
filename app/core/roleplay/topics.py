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

# Words that name what a topic question is about. The classifier decides; these only settle a question it
# was unsure of, when its best guess is not named and a close runner-up is ("What do people come to you
# for advice on?" is about skills, not triggers).
ASK_CUES: dict[str, str] = {
    "ask_business": r"\b(?:what (?:do|does) (?:you|your (?:firm|company|business)) (?:do|sell|make)|line of (?:work|business)"
    r"|your (?:business|company|firm|trade|job)|for a (?:living|crust)|day to day|typical (?:week|day))\b",
    "ask_ideal_client": r"\b(?:clients?|customers?|who (?:buys|hires|uses)|buys? from you)\b",
    "ask_ideal_referral": r"\b(?:referrals?|refer(?:ring)? (?:\w+ )?to you|leads?|send (?:\w+ )?your way|"
    r"(?:perfect|ideal|best|great|good) (?:introduction|intro)s?(?! to)|put (?:\w+ )?in front of you)\b",
    "ask_triggers": r"\b(?:listen(?:ing)? (?:out )?for|trigger|cue|tell-tale|moan(?:ing)?|complain\w*|grumbl\w*|"
    r"say (?:just )?before|ring a bell|phrases?|words)\b",
    "ask_how_to_refer": r"\b(?:how (?:should|do|would|can) i (?:introduce|refer|pass|describe|hand|recommend|put)|"
    r"what (?:should|do) i say|pass (?:your|you) (?:name |details )?on|email|phone|mobile|card|permission|"
    r"three-way|hand(?:ed|ing)? (?:\w+ )?over|(?:introductions?|intros?|referrals?) (?:done|handled|made|passed)|"
    r"best way (?:for me )?to (?:get|connect|send|pass|introduce|refer))\b",
    "ask_want_to_meet": r"\b(?:(?:like|love|want|wanna|dying) to meet|wish list|hit list|get in front of|"
    r"power (?:team|partners?)|partner with|team up|alongside|intro to|introduction to|connect you with|"
    r"(?:coffee|lunch|drink) with (?:anyone|anybody|someone)|trying to (?:reach|get into))\b",
    "ask_not_a_fit": r"\b(?:(?:not a|bad) (?:good )?fit|turn (?:down|away)|say no|rather avoid|waste of (?:your )?time|"
    r"too small|outside your|aren't right|isn't right|wouldn't want)\b",
    "ask_goals": r"\b(?:goals?|ambitions?|working towards|plans for|targets?|aiming|achieve|success look|"
    r"challenge|in (?:a|one|two|three|five) years?|plans? for|big plans|take the (?:business|company|firm)|"
    r"where (?:do )?you (?:want|hope|plan) to (?:take|go|be|get))\b",
    "ask_accomplishments": r"\b(?:proud(?:est)?|recent wins?|won|awards?|milestones?|biggest success|"
    r"best (?:piece of )?(?:work|job|project|result)|brag|chuffed|achievements?|blown away|nailed|pulled off|"
    r"success(?:es)?|gone (?:really )?well)\b",
    "ask_interests": r"\b(?:hobb(?:y|ies)|weekends?|family|kids|pets?|holidays?|sports?|for fun|switch off|"
    r"downtime|outside (?:of )?work|not working|passions?|spare time|free time)\b",
    "ask_networks": r"\b(?:groups?|clubs?|networks?|networking|associations?|committees?|chamber|societ(?:y|ies)|"
    r"boards?|trade bod(?:y|ies)|communit(?:y|ies)|circles|meet people|volunteer)\b",
    "ask_skills": r"\b(?:good at|expert|expertise|talents?|skills?|superpower|strengths?|brilliant at|"
    r"advice|come to you for|known for|best at)\b",
}
