"""Word patterns behind the checks. Each function takes a normalised sentence (see text.normalise).

The patterns give high-precision evidence; the embedding model (semantic.py) catches other wordings
and the gates here (who is speaking about whom, negation, selling) keep both honest.
"""

from __future__ import annotations

import re

from app.core.coach.text import asks, counterfactual, first_person, negated, second_person


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts))


# -- asked_about_their_business ---------------------------------------------------------------------
_BUSINESS = _rx(
    r"\bwhat (?:is it |exactly )?(?:do|does) (?:you|your \w+)(?: \w+)? do\b",
    r"\bwhat is it (?:that )?you do\b",
    r"\byour (?:business|company|firm|agency|practice|clients?|customers?|services?|products?|trade|industry|"
    r"line of work|day job|work|team|shop|studio|niche|speciality|specialty|market)\b",
    r"\bthe (?:business|company|firm|agency|practice|shop|studio)\b",
    r"\bwho (?:are|do|does|would|tends to|usually|normally)\b.{0,25}\b(?:clients?|customers?|work with|work for|"
    r"serve|help|sell to|hire you|use you|buy from you|come to you)\b",
    r"\bhow (?:did|do) you (?:get|got|end up|start|started|come to|come into|begin)\b.{0,20}\b(?:into|in|running|doing|"
    r"this|that|the|your|business|work)\b",
    r"\bhow long have you been (?:in business|doing|running|trading|in the|at)\b",
    r"\bwhat (?:made|led|got) you (?:to )?(?:start|set up|go into|get into|choose|into)\b",
    r"\bwhat does a (?:typical|normal|good|great|usual|bad) (?:day|week|month|job|project|client|customer)\b",
    r"\bhow(?:'s| is| has| was) (?:the )?(?:business|work|trade|trading)\b",
    r"\b(?:come to you|hire you|use you|buy from you|call you|ask you|pay you) for\b",
    r"\bhow does (?:it|that|the \w+(?: side)?(?: of it)?|your \w+) work\b",
    r"\bwhat (?:kind|sort|type)s? of (?:work|jobs?|projects?|clients?|customers?|services?)\b",
)
_PERSONAL = _rx(
    r"\b(?:outside (?:of )?work|spare time|free time|weekends?|for fun|hobby|hobbies|switch off|unwind|relax|"
    r"holidays?|vacation|interests?|passion|passionate|enjoy doing|when you're not working|not at work)\b",
    r"\b(?:family|kids|children|married|wife|husband|grandchildren|grandkids|son|daughter|dog|pets?)\b",
    r"\b(?:goals?|ambitions?|aims?|dreams?|achieve|working towards|aiming for|plans? for (?:the|this|next)|"
    r"next (?:year|five years|few years|ten years)|in (?:five|5|ten|10|three|3) years|a success for you|"
    r"bucket list|proud of|big goal)\b",
    r"\b(?:groups?|clubs?|associations?|networks?|networking|societ(?:y|ies)|communit(?:y|ies)|charit(?:y|ies)|"
    r"committees?|involved in|member of|belong to|part of any)\b",
    r"\b(?:football|golf|tennis|cycling|gym|sports?|music|reading|travelling|cooking|"
    r"gardening|fishing|rugby|cricket|fan)\b",
)

# -- asked_about_ideal_referral ---------------------------------------------------------------------
_REFERRAL = _rx(
    r"\b(?:good|great|ideal|perfect|best|dream|right|typical|top)\b.{0,20}\b(?:referrals?|clients?|customers?|"
    r"introductions?|intros?|fit|contacts?|prospects?)\b",
    r"\bwho (?:would|do|are|will|is it) you\b.{0,30}\b(?:meet|introduc|connect|get in front|speak to|talk to|"
    r"work with|be referred|referred)",
    r"\bhow (?:can|could|should|would|do|best can|might) (?:i|we)\b.{0,10}\b(?:refer|introduce|recommend|"
    r"describe|help) you\b",
    r"\bhow (?:would|do|should) you (?:like|want|prefer) (?:me |us )?(?:to )?(?:introduce|refer|be introduced|"
    r"be referred|describe)",
    r"\bwho (?:is|are|isn't|aren't|would not|wouldn't) (?:not )?(?:a )?(?:good |great |right )?fit\b",
    r"\bwhat (?:should|could|do) i (?:be )?(?:listen|listening|look|looking|watch|keep an ear) (?:out )?for\b",
    r"\bwho (?:should|could) i (?:be )?(?:look|looking|listen|listening|keep an eye|send|introduce)\b",
    r"\b(?:which|what (?:kind|sort|type)s? of)\b.{0,25}\b(?:clients?|customers?|businesses|people|companies|"
    r"referrals?)\b.{0,30}\b(?:want|wish|love|like|looking for|more of|fit|are after|you're after|chasing|target)\b",
    r"\b(?:introduce|refer|connect|send) you to\b",
    r"\b(?:right|good|great|perfect|ideal|best) (?:fit |match )?for you\b",
    r"\bhow (?:do|would|will|can|could) i (?:know|recognise|recognize|spot|tell)\b",
    r"\b(?:trigger|phrases?|words|signs?)\b.{0,25}\b(?:listen|look|watch)\b",
)
# Asking for your own referrals ("who do you know who needs me?") is not learning how to refer them.
_SELF_REFERRAL = _rx(
    r"\b(?:my|our) (?:ideal|perfect|best|dream|good|great|typical)\b",
    r"\b(?:refer|introduce|recommend|connect|send) (?:me|us)\b",
    r"\b(?:my|our) (?:services?|business|company|products?|referrals?|clients?|customers?)\b",
    r"\bfor me\b|\bneeds? (?:me|us)\b|\buse (?:me|us)\b|\bwho do you know\b",
)

# -- explained_own_ideal_client ---------------------------------------------------------------------
_OWN_CLIENT = _rx(
    r"\b(?:my|our) (?:ideal|perfect|best|dream|typical|target|favourite|favorite|main|core|sweet spot|"
    r"usual|biggest|top)\b.{0,15}\b(?:clients?|customers?|referrals?|introductions?|intros?|market|buyers?|"
    r"prospects?|fit)\b",
    r"\b(?:a|an|the) (?:good|great|ideal|perfect|best|dream|typical|right)\b.{0,15}\b(?:clients?|customers?|"
    r"referrals?|introductions?|intros?|fit)\b.{0,20}\bfor (?:me|us)\b",
    r"\b(?:i|we|i'm|we're) (?:\w+ )?(?:help|helps|work with|work for|serve|look after|specialise in|specialize in|"
    r"focus on|looking for|look for|want to meet|love working with|target|am looking for|are looking for|after|am after|are after)\b",
    r"\b(?:the )?(?:people|clients|businesses|companies|customers|firms) (?:i|we) (?:\w+ )?(?:help|work with|serve|"
    r"look for|want|love|am after|are after)\b",
    r"\b(?:that's|that is|those are|they're) (?:exactly )?(?:who|the people|the clients) (?:i|we)\b",
)
_VAGUE = _rx(
    r"\b(?:anyone|anybody|everyone|everybody|whoever|any business|any company|any size|all businesses|"
    r"all sorts|all kinds|literally anyone|with a pulse|anything)\b",
)
_SITUATION = _rx(
    r"\b(?:who|that|which|where|whose|when|whenever|once|after|before|as soon as)\b(?: \S+){2,}",
    r"\b(?:buying|selling|moving|opening|starting|launching|expanding|growing|hiring|recruiting|retiring|"
    r"relocating|renovating|building|planning|struggling|looking to|about to|thinking of|going through|facing|"
    r"preparing|scaling|downsizing|exiting|inheriting|fed up|tired of|worried|outgrown|just had|just bought|"
    r"just started|first time|for the first time)\b",
)
_SIZE = _rx(
    r"\d",
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|dozen|several)\b.{0,15}\b(?:staff|"
    r"employees|people|sites|properties|flats|branches|locations|vans|years|units)\b",
    r"\b(?:owner-managed|owner managed|family-run|family run|family-owned|independent|owner-run|start-ups?|"
    r"startups?|local|regional|mid-sized|medium-sized)\b",
)

# -- gave_trigger_phrases ---------------------------------------------------------------------------
_LISTEN_FOR = _rx(
    r"\b(?:listen|look|watch|keep an ear|keep your ears|keep an eye)(?: out)? for\b",
    r"\b(?:trigger|cue|clue|sign|signal|tell-tale|telltale|giveaway|phrase|words?)\b.{0,25}\b(?:is|are|to listen|"
    r"to look|to watch)\b.{0,15}\b(?:when|if|that|someone|people|anyone|\"|')",
    r"\b(?:the )?(?:phrase|words|trigger|cue)s? (?:to listen|to look|to watch|you'll hear|people use)\b",
)
_SAYS = _rx(
    r"\b(?:if|when|whenever|once|anytime|any time)\b.{0,40}\b(?:say|says|saying|said|mention|mentions|mentioning|"
    r"complain|complains|complaining|tell|tells|telling|talk about|talks about|talking about|moan|moans|moaning|"
    r"grumble|grumbles|ask about|asks about)\b",
    r"\b(?:anyone|someone|people|anybody|a business owner|clients?|friends?) (?:who|that) (?:says?|mentions?|"
    r"complains?|talks? about|tells? you|moans?|asks? about|is talking about)\b",
    r"\bhear\b.{0,20}[\"']",
)
_FOR_ME = _rx(
    r"\b(?:think of me|my way|for me|to me|mention me|my name|introduce (?:me|us)|my cue|my card|my number|"
    r"call me|tell (?:them|him|her) about (?:me|us)|that's me|where i come in|i can help|we can help|"
    r"need (?:me|us)|point (?:them|him|her) (?:to|towards|at) (?:me|us)|put (?:them|him|her) in touch|"
    r"pass (?:them|it) on|send (?:them|him|her) (?:over|to me|to us)|give (?:them|him|her) my|refer (?:them|him|her))\b",
)

# -- offered_to_help_first --------------------------------------------------------------------------
_OFFER = _rx(
    r"\b(?:i|i'd|i'll|i can|i could|i will|i would|let me|happy to|glad to|love to|shall i|should i|can i|could i|"
    r"may i|want me to|i'm going to|i am going to|i'm happy to)\b.{0,40}\b(?:introduc\w*|intros?|"
    r"connect\w* you|put you in touch|refer (?:you|people|them|clients|someone)|recommend you|pass (?:your|you|on)|"
    r"mention you|send (?:you|them|people|clients|work|business)|share|lend|help you|help out|set (?:it|that) up|"
    r"keep an (?:eye|ear) out|look out for|spread the word|your way|tell (?:people|them|my \w+) about you)\b",
    r"\bwould (?:an|a) (?:introduction|intro|connection|referral|contact)\b.{0,20}\b(?:useful|helpful|help|good)\b",
    r"\bwould it (?:be )?(?:help|useful|helpful|be good) if i\b",
    r"\b(?:anyone|anything|someone|anybody|who)(?: in particular| specific)? (?:i|we) (?:can|could|might|should) "
    r"(?:introduce|connect|help|do|refer|put)\b",
    r"\bhow can i (?:help|support)\b|\bis there anything i can do\b|\bwhat can i do (?:for|to help) you\b",
    r"\bi know (?:someone|somebody|a guy|a woman|a man|just the person|a couple|a few|people|the owner)\b.{0,60}\byou\b",
    r"\b(?:i'll|i will) (?:keep you in mind|think of you|bear you in mind)\b",
)
_OFFER_NEGATED = _rx(
    r"\bi (?:don't|do not|can't|cannot) (?:know|think of|help)\b",
    r"\bno one (?:comes|springs) to mind\b",
    # Wanting introductions for yourself is asking, not offering.
    r"\bi(?:'d| would) (?:love|like|welcome|appreciate) (?:more |some |any |an? )?(?:introduc|referr|intros?\b)",
    r"\bi(?:'m| am)? (?:need|needing|looking for|after|want|wanting) (?:more |some |any |an? )?(?:introduc|referr|intros?\b)",
    r"\b(?:introduce|refer|connect|recommend) (?:me|us)\b",
)

# -- avoided_selling (a pitch FAILS it) -------------------------------------------------------------
_NOT_SELLING = _rx(
    r"\b(?:not|never|no intention|don't want|do not want|won't|wouldn't)\b.{0,20}\b(?:sell|selling|pitch|"
    r"pitching|sales)\b",
    r"\bno (?:pitch|sales|selling|hard sell)\b",
)
_REFERRAL_INCENTIVE = _rx(
    r"\b(?:your|their) (?:clients?|customers?|contacts?|members?|network|referrals?|friends?)\b",
    r"\banyone you (?:refer|send|introduce)\b|\b(?:them|him|her) (?:a )?(?:\d+ ?%|discount|ten percent|money off)\b",
)
_PITCH = _rx(
    r"\b(?:send|give|get|prepare|email|draw up|put together|pop over) (?:you|ya) (?:a |an |my |our |some )?"
    r"(?:free |quick |no-obligation )?(?:quote|quotation|proposal|estimate|price|pricing|price list|brochure|"
    r"rate card|discount|deal|offer|trial|demo|package)\b",
    r"\b(?:sign|book) you (?:up|in)\b|\bput you down for\b",
    r"\bwould you (?:like|want|fancy) (?:a |an |my |our |to )?(?:free |no-obligation )?(?:quote|demo|trial|"
    r"discount|consultation|buy|order|purchase|try our|try my|sign up|book (?:a|in))\b",
    r"\b(?:you should|you ought to|you need to|you'd be mad not to|you must)\b.{0,15}\b(?:buy|get|try|use|switch|"
    r"sign|let me|hire me|come to me|come to us|book|invest|upgrade)\b",
    r"\b(?:can i|could i|let me|may i) (?:interest you|sell you|show you (?:our|my) (?:products?|services?|range|"
    r"packages?|pricing|prices))\b",
    r"\blet me tell you about (?:our|my) (?:products?|services?|packages?|pricing|prices|offers?|range)\b",
    r"\b(?:you're|you are) (?:\w+ )?(?:paying|spending) (?:\w+ )?too much\b",
    r"\byou(?:'d| would| could|'ll| will) save\b.{0,40}\b(?:us|me|my|our)\b",
    r"\b(?:move|moved|moving|switch|switched|switching|bring|transfer)\b.{0,25}\bover to (?:us|me)\b",
    r"\bi (?:can|could|will|'ll) (?:\w+ )?(?:get|bring|cut|reduce|lower|halve|save) (?:you )?(?:on )?your\b.{0,25}\b(?:bills?|costs?|"
    r"premiums?|fees|rates|spend)\b",
    r"\b(?:have|did) you (?:thought|considered) (?:about )?(?:buying|using|switching|getting)\b.{0,30}\b(?:me|us|my|"
    r"our)\b",
)
_COMMERCIAL = _rx(
    r"[£$€]\s?\d",
    r"\b\d+\s?(?:pounds|dollars|euros|quid|a month|per month|an hour|per hour|a year)\b",
    r"\b(?:discount|% off|percent off|per cent off|money off|quote|quotation|proposal|special (?:offer|price|rate)|"
    r"deal|package|subscription|contract|free (?:consultation|review|audit|session|trial|assessment)|"
    r"half the price|cheaper|sign (?:you )?up|save you (?:a fortune|money|loads|thousands|hundreds|\d|£|\$))\b",
)


# Words a sentence must share with a check before the embedding model may count it: similarity alone
# confuses "my ideal client is a dental practice" with "I can introduce you to my dentist".
_OFFER_WORDS = re.compile(
    r"\b(?:introduc\w*|intros?|connect|touch|send|share|help|recommend|refer|pass|mention|lend|give|know (?:someone|a|"
    r"people|the)|your way|keep an (?:eye|ear)|look out|happy to|glad to)"
)
_TRIGGER_WORDS = re.compile(
    r"\b(?:hear|hears|say|says|saying|mention\w*|listen\w*|when|whenever|if|sign|clue|trigger|complain\w*|tell\w*|"
    r"words|phrase)\b"
)
_SALES_WORDS = re.compile(
    r"\b(?:buy|sell|price|pricing|cost|quote|offer|deal|discount|package|sign|book|switch|save|cheap|free|trial|"
    r"demo|consultation|service|services|product|products)\b|[£$€]"
)


def semantic_gate(check_id: str, norm: str) -> bool:
    """Lexical minimum for a semantic match of this check (True when the check needs none)."""
    pattern = {
        "offered_to_help_first": _OFFER_WORDS,
        "gave_trigger_phrases": _TRIGGER_WORDS,
        "avoided_selling": _SALES_WORDS,
    }.get(check_id)
    if check_id == "avoided_selling" and not first_person(norm):
        return False  # "how do you price a job?" asks about their prices; a pitch offers yours
    return pattern is None or bool(pattern.search(norm))


def about_business(norm: str) -> bool:
    """A question about the partner's business, work or clients (not their private life)."""
    return bool(_BUSINESS.search(norm)) and not (_PERSONAL.search(norm) and not _has_business_noun(norm))


def _has_business_noun(norm: str) -> bool:
    return bool(re.search(r"\b(?:business|company|firm|clients?|customers?|work with)\b", norm))


def about_personal(norm: str) -> bool:
    """A question about the partner's goals, interests, family, hobbies or networks."""
    return bool(_PERSONAL.search(norm))


def about_referral(norm: str) -> bool:
    """A question about the partner's ideal referral, whom they want to meet or how to refer them."""
    return bool(_REFERRAL.search(norm)) and not _SELF_REFERRAL.search(norm)


def self_referral(norm: str) -> bool:
    """The line is about the speaker's own referrals or services, not the partner's."""
    return bool(_SELF_REFERRAL.search(norm))


def own_client_intro(norm: str) -> str | None:
    """The words that introduce the speaker's own ideal client, if the sentence has them."""
    m = _OWN_CLIENT.search(norm)
    return m.group(0) if m else None


def vague(norm: str) -> bool:
    """'Anyone', 'everyone', 'any business': a target nobody can picture."""
    return bool(_VAGUE.search(norm))


def specific_client(norm: str) -> bool:
    """The description says who AND in what situation (or gives both a size and a kind)."""
    if vague(norm) or len(norm.split()) < 6:
        return False
    has_size = bool(_SIZE.search(norm))
    return bool(_SITUATION.search(norm)) or (has_size and len(norm.split()) >= 9)


def trigger_line(norm: str) -> bool:
    """Tells the partner what to listen for that signals a referral for the speaker."""
    if asks(norm) or re.search(r"\bi (?:listen|look|watch)\w* (?:to|at)\b", norm):
        return False
    listen = _LISTEN_FOR.search(norm)
    if listen and not re.search(r"\bwhat (?:should|do|could) i\b", norm):
        # "I never told you what to listen for" names the idea without giving a phrase.
        return (
            not negated(" ".join(norm[: listen.start()].split()[-5:]))
            and len(norm[listen.end() :].split()) >= 3
        )
    says = _SAYS.search(norm)
    return bool(says and _FOR_ME.search(norm)) and not negated(" ".join(norm[: says.start()].split()[-5:]))


def offer_line(norm: str) -> bool:
    """Offers an introduction, referral, resource or help to the partner (not a sales offer)."""
    m = _OFFER.search(norm)
    if not m or pitch(norm) or counterfactual(norm) or _OFFER_NEGATED.search(norm):
        return False
    if re.search(r"\b(?:can|could|would|will) you (?:introduce|refer|connect|help|send)\b", norm):
        return False  # asking the partner for help is the opposite of offering it
    before = " ".join(norm[: m.start()].split()[-3:])
    return not (negated(m.group(0)) or negated(before))


def may_pitch(norm: str) -> bool:
    """False for lines that disclaim selling, offer a discount to the partner's clients, or only imagine a pitch."""
    imagined = counterfactual(norm) and not re.search(r"\bif i were you\b", norm)
    return not (_NOT_SELLING.search(norm) or _REFERRAL_INCENTIVE.search(norm) or imagined)


def pitch(norm: str) -> bool:
    """Sells the speaker's product or service to the listener as a buyer."""
    if not may_pitch(norm):
        return False
    if _PITCH.search(norm):
        return True
    return bool(_COMMERCIAL.search(norm) and second_person(norm) and first_person(norm))
