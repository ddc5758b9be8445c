"""The dialogue manager: decide the partner's move from the act the user made and what both have said.

Answer the act that was made: a topic question gets that topic (the next line of it, so a second
question gets new detail), an offer is taken up by name or met with "who did you have in mind?", a
proposal is confirmed with its time or gets "when suits you?", a recall question is answered from
memory, a statement about the user's own business is played back with a follow-up question, and a sales
move is pushed back on in character. The decision is the same on every engine: the scripted partner
speaks it, and the model partner is told it and checked against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.language.lexicon import lexicon
from app.core.records import TurnRecord
from app.core.roleplay.memory import Memory
from app.core.roleplay.personas import Persona
from app.core.roleplay.topics import DEEP_TOPICS, SURFACE_TOPICS, TOPICS
from app.core.roleplay.understanding import MEETING_WORDS, VAGUE_PEOPLE, TurnRead, plain, proposes

SURFACE_ORDER = ("business", "ideal_client", "accomplishments", "skills", "networks", "interests")
# A guarded (hard) persona shares a deep topic only when the question is clearly about it or asked again.
GUARDED_CONFIDENCE = 0.75
MEETING = re.compile(
    r"\b(?:"
    + MEETING_WORDS
    + r"|do (?:this|it) again|keep in touch|sort something|book (?:in|something)|grab)\b",
    re.I,
)
# The user taking something on ("I'll email you her details"): thanked, no time needed.
COMMITMENT = re.compile(
    r"\b(?:i'll|i will|let me|i'm going to|i can)\b.{0,25}\b(?:send|email|introduce|forward|pass|"
    r"share|dig out|look|find|ask|check)\b",
    re.I,
)
# Words of leaving: without one, a first-turn "good day" greets.
LEAVING = re.compile(
    r"\b(?:bye|goodbye|go|going|gotta|run|off|leave|leaving|later|see you|speak soon|talk soon|catch you|"
    r"night|dash|head|cheers for|thanks for)\b",
    re.I,
)
# Words of greeting that the act model can take for a goodbye ("G'day", "good day to you").
HELLO = re.compile(
    r"\b(?:g'?day|good (?:day|morning|afternoon|evening)|hello|hi|hiya|hey|howdy|morning|evening)\b", re.I
)
SIMPLE_KINDS = {
    "purpose": "agree_purpose",
    "thanks": "thanks_back",
    "closing": "close",
    "small_talk": "small_talk",
    "request_introduction": "intro_requested",
    "recap_last_time": "recap",
    "decline": "decline_ack",
    "rude": "rude",
    "other": "off_topic",
    "injection": "off_script",
    "other_language": "other_language",
    "gibberish": "clarify",
    "backchannel": "continue",
}


@dataclass(frozen=True)
class Plan:
    """What the partner will do this turn."""

    read: TurnRead
    kind: str  # answer | deflect | recall | acknowledge | accept_offer | ask_who | confirm_time | ask_time | ...
    topic: str | None = None  # card topic answered (or deflected, or recalled)
    lead: str | None = None  # a short move before the main line ("offer_thanks", "pushback")
    ask_back: bool = False
    selling_mode: bool = False  # came-to-sell: the partner is still pitching

    @property
    def answer(self) -> str | None:
        """The card topic answered this turn, if any."""
        return self.topic if self.kind == "answer" else None

    @property
    def expect(self) -> str:
        """The plan as an evaluation label ("topic:business", "accept_offer", ...)."""
        return f"topic:{self.topic}" if self.kind == "answer" else self.kind


def recall_topic(text: str) -> str | None:
    """Which of the user's own topics a recall question is about."""
    low = text.lower()
    # The question itself says what it is about, not a lead-in ("Just checking you were listening: who ...?").
    asked = re.split(r":\s+|\s+-\s+", low)[-1]
    for part in (asked, low):
        for topic, rx in lexicon()["recall"]["topics"].items():
            if re.search(rx, part):
                return str(topic)
    return None


def _partner_turns_since_question(history: list[TurnRecord]) -> int:
    count = 0
    for turn in reversed(history):
        if turn["speaker"] != "partner":
            continue
        if "?" in turn["text"]:
            break
        count += 1
    return count


def _converted(read: TurnRead, memory: Memory) -> bool:
    """In the came-to-sell scenario: has the user shown what the meeting is for?"""
    if "purpose" in memory.moments or "purpose" in read.acts or "decline" in read.acts:
        return True
    return bool(
        {"ideal_referral", "trigger_phrases", "how_to_refer", "want_to_meet"} & set(memory.asked)
    ) or (read.topic in DEEP_TOPICS)


def _answer_or_deflect(read: TurnRead, persona: Persona, memory: Memory) -> tuple[str, str]:
    """Answer the topic; a guarded persona deflects a vague first question on a deep topic (once only)."""
    topic = read.topic or "business"
    if topic not in DEEP_TOPICS or topic in memory.deflected or persona.difficulty == "easy":
        return "answer", topic
    # Quirks stay, but a clear question always gets its topic: one whose words name it ("Trigger phrases?",
    # "Referral-wise, what's gold for you?") is clear however short it is.
    if read.named:
        return "answer", topic
    text = read.unit.norm if read.unit else read.user_text.lower()
    # Vague means short and general ("Who can I send you?"); a question that says what it wants is answered.
    specific = bool(re.search(lexicon()["questions"]["specific"], text)) or len(text.split()) > 6
    if persona.difficulty == "hard" and not specific:
        return "deflect", topic
    if read.confidence < 0.45:  # a medium persona only shrugs off a question it can barely make out
        return "deflect", topic
    return "answer", topic


def _meets_again(text: str) -> bool:
    """A vague offer that is a plan to meet each other ("Keen to catch up again"), not people for them to
    meet ("a few people at my gym worth you meeting")."""
    return proposes(text) or bool(MEETING.search(text) and not VAGUE_PEOPLE.search(text))


def _hello(read: TurnRead, user_turns: int) -> bool:
    """A 'closing' said first with a word of greeting and none of leaving is a hello ("G'day!",
    "Good day to you"); "Let's wrap it up there" stays a closing, whenever it is said."""
    text = read.user_text
    return read.act == "closing" and user_turns <= 1 and bool(HELLO.search(text)) and not LEAVING.search(text)


def plan_turn(
    read: TurnRead,
    persona: Persona,
    memory: Memory,
    history: list[TurnRecord],
    *,
    sell_scenario: bool = False,
) -> Plan:
    """Decide the partner's move: which act to answer, how, and whether to ask a question back."""
    act = read.act
    selling_mode = sell_scenario and not _converted(read, memory)
    topic: str | None = None
    lead: str | None = None
    user_turns = sum(1 for t in history if t["speaker"] == "user")
    if read.selling:
        kind = "decline_sales"
    elif act == "recall_question":
        kind, topic = "recall", recall_topic(read.unit.text if read.unit else read.user_text)
    elif act.startswith("ask_") and act != "ask_open":
        kind, topic = _answer_or_deflect(read, persona, memory)
        if "offer_concrete" in read.acts:
            lead = "offer_thanks"
    elif act == "ask_open":
        # "Tell me more" is about whatever they just heard, while there is more to tell; then the next topic.
        last = memory.last_topic
        if last and int(memory.depth.get(last, 0)) < len(persona.lines.get(last, ())):
            topic = last
        else:
            topic = next((t for t in SURFACE_ORDER if t not in memory.revealed), None)
        kind = "answer" if topic else "continue"
    elif (
        read.offer
        and read.offer[0] in ("person", "invite", "thing", "favour")
        and act in ("offer_concrete", "offer_vague", "propose_next_step")
    ):
        kind = "accept_offer"  # taken up by name, whether it came as an offer or as a plan
    elif act == "offer_vague" and read.when:
        kind = "confirm_time"
    elif act == "offer_vague" and read.unit is not None and _meets_again(plain(read.unit.text)):
        kind = "ask_time"  # "We should grab a coffee again soon": yes - and when?
    elif act in ("offer_concrete", "offer_vague"):
        kind = "ask_who"
    elif act == "propose_next_step":
        if read.when:
            kind = "confirm_time"
        elif (
            read.unit is not None and COMMITMENT.search(read.unit.text) and not MEETING.search(read.unit.text)
        ):
            kind = "accept_step"  # "I'll email you her details": thanks, no time needed
        else:
            kind = "ask_time"
    elif act == "accept":
        kind = "confirm_time" if read.when else "confirm_accept"
    elif act.startswith("tell_"):
        kind = "acknowledge"
    elif (
        act == "greeting"
        or (act == "thanks" and "greeting" in read.acts and user_turns <= 1)
        or _hello(read, user_turns)
    ):
        # A greeting mid-conversation is not a new hello: the partner just carries on. "Morning! Thanks for
        # coming" as the first thing said is a hello, not thanks for something the partner did.
        kind = "greet" if user_turns <= 1 else "continue"
    else:
        kind = SIMPLE_KINDS.get(act, "continue")
    if (
        kind in ("small_talk", "off_topic", "continue", "rude")
        and read.when
        and read.unit is not None
        and MEETING.search(read.user_text)
    ):
        kind = "confirm_time"  # "Are you free Thursday at 9 for a coffee?", however the act was read
    if kind in ("small_talk", "off_topic", "continue") and read.unit is not None:
        # The meeting itself and the group are talked about in character, off the card.
        norm = read.unit.norm
        if re.search(lexicon()["talk"]["group"], norm):
            kind = "group"
        elif re.search(lexicon()["talk"]["event"], norm):
            kind = "event"
    if kind == "answer" and topic not in (*TOPICS, "last_referral"):
        kind = "continue"
    quiet = _partner_turns_since_question(history)
    ask_back = kind not in (
        "close",
        "confirm_time",
        "off_script",
        "clarify",
        "other_language",
        "recall",
    ) and (
        kind
        in (
            "acknowledge",
            "greet",
            "agree_purpose",
            "continue",
            "small_talk",
            "thanks_back",
            "accept_offer",
            "decline_ack",
            "off_topic",
            "rude",
            "confirm_accept",
            "accept_step",
            "intro_requested",
            "recap",
            "group",
            "event",
        )
        or quiet + 1 >= persona.asks_back_every
        or selling_mode
    )
    if kind == "ask_who":
        ask_back = False  # the reply already ends on a question
    return Plan(read, kind, topic, lead, ask_back, selling_mode)


def surface_or_deep(topic: str) -> str:
    """'surface' or 'deep' (deep topics may be guarded by a hard persona)."""
    return "deep" if topic in DEEP_TOPICS else "surface" if topic in SURFACE_TOPICS else "other"
