"""What a user's turn is about: card topics and conversational intents, by keyword rules plus MiniLM.

Topic names are the persona card's field names (shared with the rehearsal memory and the drafting
hand-off). Example questions are embedded once per process; a turn is embedded once and compared with
all of them, so classification costs one small embedding call.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

# Card topics: what the partner can talk about from the card.
SURFACE_TOPICS = ("business", "ideal_client", "accomplishments", "interests", "networks", "skills", "not_a_fit")
# Deeper details: revealed only when the user asks a specific question about them.
DEEP_TOPICS = ("ideal_referral", "trigger_phrases", "how_to_refer", "want_to_meet", "goals")
TOPICS = (
    "business", "ideal_client", "ideal_referral", "trigger_phrases", "how_to_refer", "want_to_meet",
    "goals", "accomplishments", "interests", "networks", "skills", "not_a_fit",
)
GAINS = ("goals", "accomplishments", "interests", "networks", "skills")

# Example questions a member might ask about each topic (the user's side of the table).
TOPIC_EXAMPLES: dict[str, tuple[str, ...]] = {
    "business": (
        "What do you do?", "Tell me about your business.", "How does your business work?",
        "What services do you offer?", "How did you get started in this line of work?",
        "What does a normal week look like in your job?", "What does your company actually sell?",
    ),
    "ideal_client": (
        "Who are your clients?", "Who is your ideal client?", "What kind of customers do you work with?",
        "Who do you usually work for?", "What size of business do you normally help?",
        "Describe your best customer.",
    ),
    "ideal_referral": (
        "What does a good referral look like for you?", "Who would be a great referral for you?",
        "What is the best referral I could give you?", "If I referred someone to you, who would it be?",
        "What kind of introduction would help you most?", "Who should I be sending your way?",
    ),
    "trigger_phrases": (
        "What should I listen out for?", "What would someone say that tells me they need you?",
        "Which words signal that somebody needs your help?", "How would I spot a good lead for you?",
        "What situations should I look out for on your behalf?", "What do your clients say just before they call you?",
    ),
    "how_to_refer": (
        "How should I introduce you?", "What is the best way to refer someone to you?",
        "Should I give them your number or introduce you by email?", "What should I say when I pass your name on?",
    ),
    "want_to_meet": (
        "Who would you like to meet?", "Is there anyone specific you want to be introduced to?",
        "Which companies or people are you trying to get in front of?", "Who is on your wish list of contacts?",
    ),
    "not_a_fit": (
        "Who is not a good fit for you?", "What kind of work do you turn down?", "Who shouldn't I send to you?",
    ),
    "goals": (
        "What are your goals for this year?", "What are you working towards?",
        "Where do you want the business to be in five years?", "What are you hoping to achieve personally?",
        "What is your biggest challenge at the moment?", "What would make this a great year for you?",
    ),
    "accomplishments": (
        "What are you most proud of?", "What is a recent project that went really well?",
        "What achievements are you proudest of?", "What's the best piece of work you've done?",
    ),
    "interests": (
        "What do you do outside of work?", "Do you have any hobbies?", "What do you enjoy at the weekend?",
        "How do you spend your free time?", "Tell me about your family.",
    ),
    "networks": (
        "What other groups or associations do you belong to?", "Which networks are you part of?",
        "Are you a member of any clubs or communities?", "Where else do you network?",
    ),
    "skills": (
        "What are you particularly good at?", "What skills do you have that people might not know about?",
        "What is your special expertise?", "What are you known for being good at?",
    ),
}

# Conversational intents (not about a card topic).
INTENT_EXAMPLES: dict[str, tuple[str, ...]] = {
    "greeting": ("Hi there", "Hello, nice to meet you", "Good morning!", "Thanks for making the time to meet me"),
    "small_talk": (
        "How are you?", "How was your weekend?", "Lovely weather today, isn't it?",
        "Did you find the cafe all right?", "How is your week going?", "Busy week?",
    ),
    "thanks": ("Thank you, that's really helpful", "Thanks for sharing that", "Great, thanks", "That's useful, cheers"),
    "closing": (
        "It was great talking to you", "I'd better get going", "Let's wrap up here",
        "Goodbye, see you at the next meeting", "Thanks for your time today, take care",
    ),
    "offer_help": (
        "I could introduce you to someone I know", "I know someone you should meet",
        "Is there anything I can help you with?", "I'd be happy to pass your name on",
        "Let me connect you with a friend of mine", "I can send you an article that might help",
    ),
    "selling": (
        "I can offer you a discount on our services", "Shall I send you a quote?",
        "Our packages start at ninety pounds a month", "Would you like to buy our product?",
        "You should sign up for my service", "I'd love to do your bookkeeping for you",
    ),
    "about_user": (
        "I run a bookkeeping business for tradespeople", "My ideal client is a builder with ten staff",
        "Listen out for people saying they hate paperwork", "I help families plan their finances",
        "A good referral for me is a new restaurant owner", "We install solar panels for farms",
    ),
    "explains_purpose": (
        "The point of a 1-2-1 is to get to know each other so we can refer each other",
        "We are here to learn about each other's businesses, not to sell",
        "This meeting is so we can find out how to help each other",
        "A one-to-one is where we learn enough to send each other business",
    ),
    "vague": ("Tell me more", "Anything else?", "So, what's new?", "Go on", "Interesting", "And?"),
}

# Keyword rules: specific phrasings that settle a topic without the embedding model.
TOPIC_RULES: dict[str, re.Pattern[str]] = {
    "ideal_referral": re.compile(r"\b(ideal|perfect|good|great|best|typical|dream) (referral|introduction|intro)s?\b"
                                 r"|\brefer(ral)?s? (look|looks) like\b", re.I),
    "trigger_phrases": re.compile(r"\btrigger|\blisten (out )?for\b|\blook(ing)? out for\b|\bwhat (would|do|might) "
                                  r"(people|someone|clients?|they) say\b|\bwords?\b.*\b(signal|mean|tell)", re.I),
    "how_to_refer": re.compile(r"\bhow (should|do|would|can) i (introduce|refer|pass)\b|\bbest way to (refer|introduce)\b", re.I),
    "want_to_meet": re.compile(r"\bwho (would|do) you (like|want|love) to (meet|be introduced)|\bwish ?list\b"
                               r"|\bwho (are you|you're) trying to (meet|reach)\b", re.I),
    "goals": re.compile(r"\bgoals?\b|\bbiggest challenge\b|\bambitions?\b|\bhoping to achieve\b|\bworking towards\b|\bfive years\b", re.I),
    "ideal_client": re.compile(r"\b(ideal|best|typical|target) (client|customer)s?\b|\bwho are your (clients|customers)\b", re.I),
    "interests": re.compile(r"\bhobb(y|ies)\b|\boutside (of )?work\b|\bfree time\b|\bweekends?\b|\bfamily\b"
                           r"|\b(kids|children|grandchildren|pets?|married|partner at home)\b|\bfor fun\b", re.I),
    "networks": re.compile(r"\b(groups?|associations?|clubs?|networks?)\b.*\b(belong|member|part of|in)\b", re.I),
    "accomplishments": re.compile(r"\bproud(est)?\b|\bachievements?\b|\baccomplish", re.I),
    "business": re.compile(r"\bwhat (do|does) (you|your (company|business|firm)) do\b|\btell me about your (business|company|work)\b", re.I),
}
# A deep question must name what good looks like, not just gesture at it ("anyone I can send you?").
SPECIFIC = re.compile(r"\b(ideal|perfect|best|great|good|typical|specific|exactly|example|describe|look like|"
                      r"in particular|situation|what kind|which kind|what sort|who exactly|listen|say|goals?|"
                      r"introduce|meet|personally|this year|working towards)\b", re.I)
QUESTION_START = re.compile(
    r"^(what|who|whom|which|how|where|when|why|tell me|can you|could you|would you|will you|do you|did you|"
    r"are you|is there|is it|have you|describe|share|i'?d love to (hear|know)|i'?m curious|walk me through|any)\b",
    re.I,
)
THRESHOLD = 0.5  # cosine similarity a topic or intent must reach to count (MiniLM scores)


def split_sentences(text: str) -> list[str]:
    """Split a turn into sentences, keeping the question marks that say what each one is."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def is_question(sentence: str) -> bool:
    """True for a question or a request for information (including 'tell me about ...')."""
    s = sentence.strip()
    return s.endswith("?") or bool(QUESTION_START.match(s))


@lru_cache(maxsize=1)
def _example_matrix() -> tuple[list[str], np.ndarray]:
    """Labels and unit vectors of every example (computed once per process)."""
    from app.core.knowledge.embeddings import minilm

    labels: list[str] = []
    texts: list[str] = []
    for table in (TOPIC_EXAMPLES, INTENT_EXAMPLES):
        for label, examples in table.items():
            labels.extend([label] * len(examples))
            texts.extend(examples)
    return labels, minilm().embed(texts)


def similarities(sentences: list[str]) -> list[dict[str, float]]:
    """For each sentence, the best cosine similarity per label (topics and intents)."""
    if not sentences:
        return []
    from app.core.knowledge.embeddings import minilm

    labels, matrix = _example_matrix()
    sims = minilm().embed(sentences) @ matrix.T
    out = []
    for row in sims:
        best: dict[str, float] = {}
        for label, score in zip(labels, row, strict=True):
            if score > best.get(label, -1.0):
                best[label] = float(score)
        out.append(best)
    return out


def rule_topic(sentence: str) -> str | None:
    """The topic a keyword rule settles, if any (deep topics are checked first)."""
    for topic, pattern in TOPIC_RULES.items():
        if pattern.search(sentence):
            return topic
    return None
