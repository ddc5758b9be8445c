"""Word patterns behind the checks. Each function takes a normalised sentence (see text.normalise).

The patterns give high-precision evidence; the embedding model (semantic.py) catches other wordings
and the gates here (who is speaking about whom, negation, selling) keep both honest.
"""

from __future__ import annotations

import re

from app.core.coach.text import asks, counterfactual, first_person, negated, second_person, strip_filler


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts))


# -- asked_about_their_business ---------------------------------------------------------------------
# The definition's own three questions - what they do, how the business works, who the clients are - are
# the most direct evidence; the other patterns (how they started, how long, a typical day) rank below them.
_BUSINESS_CORE = _rx(
    r"\bwhat (?:is it |exactly )?(?:do|does) (?:you|your \w+)(?: \w+)? do\b",
    r"\bwhat is it (?:that )?you do\b",
    r"\byour (?:business|company|firm|agency|practice|clients?|customers?|services?|products?|trade|industry|"
    r"line of work|day job|work|team|shop|studio|niche|speciality|specialty|market)\b",
    r"\bthe (?:business|company|firm|agency|practice|shop|studio)\b",
    r"\bwho (?:are|do|does|would|tends to|usually|normally)\b.{0,25}\b(?:clients?|customers?|work with|work for|"
    r"serve|help|sell to|hire you|use you|buy from you|come to you)\b",
    r"\bwho (?:buys|uses|hires|books|pays|comes to|shops with|orders from|signs up with)\b.{0,10}\byou\b",
    r"\bhow does (?:it|that|the \w+(?: side)?(?: of it)?|your \w+) work\b",
    r"\bwhat (?:kind|sort|type)s? of (?:work|jobs?|projects?|clients?|customers?|services?)\b",
)
_BUSINESS = _rx(
    _BUSINESS_CORE.pattern,
    r"\bhow (?:did|do) you (?:get|got|end up|start|started|come to|come into|begin)\b.{0,20}\b(?:into|in|running|doing|"
    r"this|that|the|your|business|work)\b",
    r"\bhow long have you been (?:in business|doing|running|trading|in the|at)\b",
    r"\bwhat (?:made|led|got) you (?:to )?(?:start|set up|go into|get into|choose|into)\b",
    r"\bwhat does a (?:typical|normal|good|great|usual|bad) (?:day|week|month|job|project|client|customer)\b",
    r"\bhow(?:'s| is| has| was) (?:the )?(?:business|work|trade|trading)\b",
    r"\b(?:come to you|hire you|use you|buy from you|call you|ask you|pay you) for\b",
)
# Time away from the business, however it is named: "outside the bakery", "away from the salon", "besides
# work", "when you're not at the shop". The workplace word is only what they are away from, so it must not
# make the question a business one; a place ("outside the city") is not time off and is left out.
_OFF_WORK = _rx(
    r"\b(?:outside|away from)(?: of)? (?:work|the day job|office hours|business hours|working hours|hours|"
    r"(?:the|your) (?!(?:city|town|area|region|county|country|uk|village|borough|high street|centre|center|"
    r"m25|patch|north|south|east|west|core|main|usual|normal|standard|typical|services?|products?|clients?|"
    r"customers?|range|niche|speciality|specialty|expertise|comfort zone|box|office hours)\b)"
    r"(?:[\w'-]+ ){0,2}[\w'-]+)",
    r"\b(?:besides|apart from|other than|beyond|aside from) (?:work|the day job|the business|your business|"
    r"the job|your job|running (?:the|your) [\w'-]+)",
    r"\b(?:when|while|whenever) you(?:'re| are) not (?:working|at work|busy|at the [\w'-]+|in the [\w'-]+|"
    r"on (?:the )?(?:job|site|the tools)|[\w'-]+ing(?: [\w'-]+){0,4})",
    r"\b(?:after work|after hours|out of hours|off duty|days? off|time off|downtime|down time|evenings|"
    r"once you (?:clock|knock) off|when you (?:clock|knock) off)\b",
)
# Geography and business words left once the off-work phrase is removed mean the question is about the
# business after all ("What do you do for your clients outside the city?").
_WORK_CONTEXT = re.compile(
    r"\b(?:business|company|firm|clients?|customers?|work with|work for|do you work|trade|trading|sell|"
    r"services?|products?|jobs?|projects?|contracts?|staff|team|offices?)\b"
)
_HOBBY = (
    r"\b(?:football|golf|tennis|cycling|gym|sports?|music|reading|travelling|cooking|"
    r"gardening|fishing|rugby|cricket|fan)\b"
)
_PERSONAL = _rx(
    r"\b(?:outside (?:of )?work|spare time|free time|weekends?|for fun|hobby|hobbies|switch off|unwind|relax|"
    r"holidays?|vacation|interests?|passion|passionate|enjoy doing|when you're not working|not at work)\b",
    r"\b(?:family|kids|children|married|wife|husband|grandchildren|grandkids|son|daughter|dog|pets?)\b",
    r"\b(?:for you personally|you personally|personal (?:life|side|level|note|goals?|ambitions?)|what makes you tick|"
    r"what drives you)\b",
    r"\b(?:goals?|ambitions?|aims?|dreams?|achieve|working towards|aiming for|plans? for (?:the|this|next)|"
    r"next (?:year|five years|few years|ten years)|in (?:five|5|ten|10|three|3) years|a success for you|"
    r"bucket list|proud of|big goal)\b",
    r"\b(?:groups?|clubs?|associations?|networks?|networking|societ(?:y|ies)|communit(?:y|ies)|charit(?:y|ies)|"
    r"committees?|involved in|member of|belong to|part of any)\b",
    _HOBBY,
)

# -- asked_about_ideal_referral ---------------------------------------------------------------------
# "Who are your best clients?" may mean the clients they have or the ones they want: it counts, but an
# explicit referral, introduction or ideal-client question is better evidence. "Typical" clients are who
# they serve now - a business question - so that word is not a referral question at all.
_REFERRAL_WEAK = _rx(r"\b(?:best|top|right|favourite|favorite|biggest)\b.{0,20}\b(?:clients?|customers?)\b")
_REFERRAL_STRONG = _rx(
    r"\b(?:good|great|ideal|perfect|best|dream|right|top)\b.{0,20}\b(?:referrals?|introductions?|intros?|fit)\b",
    r"\b(?:good|great|ideal|perfect|dream)\b.{0,20}\b(?:clients?|customers?|contacts?|prospects?)\b",
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
    r"\b(?:people|clients|customers|businesses|companies|firms|who)\b.{0,15}\byou(?:'d| would) (?:love|like|want|"
    r"prefer)(?: \w+)? to (?:work with|meet|be introduced|get in front of|talk to|speak to|win)\b",
    r"\b(?:anyone|anybody|someone|somebody)(?: in particular| specific)? (?:you'd|you would|you) (?:\w+ ){0,2}"
    r"(?:like|love|want|hope|need)(?: \w+)? to (?:meet|be introduced|get introduced|get in front of|connect with|"
    r"speak to|talk to|know)\b",
)
_REFERRAL = _rx(_REFERRAL_WEAK.pattern, _REFERRAL_STRONG.pattern)
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
    # A quote mark, not the apostrophe in "they're", opens the words heard.
    r"\bhear\b.{0,20}(?:\"|(?<!\w)')",
)
# "Ever hear people moaning that ...?": the question form of a trigger, answered by "That's who I help".
_HEAR_PEOPLE_SAY = re.compile(
    r"\b(?:hear|heard|come across|meet|know)\b.{0,25}\b(?:people|anyone|someone|anybody|clients?|friends?|"
    r"owners?|customers?)\b.{0,15}\b(?:say|says|saying|mention\w*|complain\w*|moan\w*|talk\w* about|tell\w*|"
    r"grumbl\w*|ask\w* about)\b"
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
    r"may i|want me to|like me to|i'm going to|i am going to|i'm happy to)\b.{0,40}\b(?:introduc\w*|intros?|"
    r"connect\w* you|put you in touch|refer (?:you|people|them|clients|someone)|recommend you|pass (?:your|you|on)|"
    r"mention you|send (?:you|them|people|clients|work|business)|share|lend|help you|help out|set (?:it|that) up|"
    r"keep an (?:eye|ear) out|look out for|spread the word|your way|tell (?:people|them|my \w+) about you|"
    r"copy you in|cc you)\b",
    r"\bwould (?:an|a) (?:introduction|intro|connection|referral|contact)\b.{0,20}\b(?:useful|helpful|help|good)\b",
    r"\bwould it (?:be )?(?:help|useful|helpful|be good) if i\b",
    r"\b(?:anyone|anything|someone|anybody|who)(?: in particular| specific)? (?:i|we) (?:can|could|might|should) "
    r"(?:introduce|connect|help|do|refer|put)\b",
    r"\bhow can i (?:help|support)\b|\bis there anything i can do\b|\bwhat can i do (?:for|to help) you\b",
    r"\bi know (?:someone|somebody|a guy|a woman|a man|just the person|a couple|a few|people|the owner)\b.{0,60}\byou\b",
    r"\b(?:i'll|i will) (?:keep you in mind|think of you|bear you in mind)\b",
    # "I know a great printer - want his number?": handing over someone else's details is an introduction.
    r"\b(?:want|would you like|do you want|shall i (?:give|send|pass) you|can i (?:give|send|pass) you) "
    r"(?:his|her|their|the) (?:number|details|contact|contact details|email|name)\b",
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
    # Setting an offer aside ("... but that's not what today is about") is the opposite of pitching it.
    r"\bnot what (?:this|today|the meeting|this meeting|a 1-2-1|the 1-2-1|we're here|i'm here)(?: is)? (?:about|for)\b",
    r"\bnot why (?:we're|we are|i'm|i am) here\b",
    # Turning down the partner's offer ("No thanks, I don't need you to send me a quote") is the user being
    # sold to, not selling.
    r"^(?:no thanks|no thank you|no,? (?:i'm|we're) (?:fine|good|ok|okay|all set)|thanks,? but)\b",
    r"\b(?:i|we) (?:don't|do not|won't|wouldn't) (?:need|want|be needing) (?:a|an|any|one|it|that|this|them|"
    r"to buy|to switch|to change|anything)\b",
    r"\b(?:don't|do not|no need to)(?: \w+){0,3} (?:send|give|quote|sell|offer|show) (?:me|us)\b",
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
    if off_work(norm):
        return False  # "What do you do away from the business?" names the business only to step out of it
    return bool(_BUSINESS.search(norm)) and not (_PERSONAL.search(norm) and not _has_business_noun(norm))


def business_strength(norm: str) -> int:
    """2 for what they do / how it works / who the clients are, 1 for other business questions, 0 for none."""
    if not about_business(norm):
        return 0
    return 2 if _BUSINESS_CORE.search(norm) else 1


def _has_business_noun(norm: str) -> bool:
    return bool(re.search(r"\b(?:business|company|firm|clients?|customers?|work with)\b", norm))


# "Family business" and "family-run" describe the firm, not the person's family.
_BUSINESS_MODIFIER = re.compile(
    r"\bfamily[- ](?:business|businesses|firm|company|run|owned|practice|shop|farm|trade|name)\b"
)


# "Do you do weddings at weekends?", "Are you open in the evenings?": the weekend qualifies their work, so it
# is a business question; "What do you do at weekends?" stays personal.
_WORK_TIME = re.compile(
    r"\b(?:do|are|can|will|would) you (?:\w+ ){0,2}?(?:work|open|trade|deliver|take (?:on )?(?:jobs|bookings|work)|"
    r"do (?!anything|much|something|what|for|at|on|in)[\w-]+s)\b.{0,20}?\b(?:weekends?|evenings|holidays?)\b"
)


def work_time(norm: str) -> bool:
    """Asks when they work ("Do you do weddings at weekends?"), not about their time off."""
    m = _WORK_TIME.search(norm)
    return bool(m) and not re.search(_HOBBY, m.group(0))


def off_work(norm: str) -> bool:
    """Asks about their time away from the business ("outside the bakery", "besides work")."""
    m = _OFF_WORK.search(norm)
    if not m or work_time(norm):
        return False  # "Are you open in the evenings?" asks about opening hours, not their evenings
    return not _WORK_CONTEXT.search(norm[: m.start()] + " " + norm[m.end() :])


def about_personal(norm: str) -> bool:
    """A question about the partner's goals, interests, family, hobbies or networks."""
    if work_time(norm):
        return False
    return bool(_PERSONAL.search(_BUSINESS_MODIFIER.sub(" ", norm))) or off_work(norm)


def about_referral(norm: str) -> bool:
    """A question about the partner's ideal referral, whom they want to meet or how to refer them."""
    return bool(_REFERRAL.search(norm)) and not _SELF_REFERRAL.search(norm)


def referral_strength(norm: str) -> int:
    """2 for an explicit referral / ideal-client / introduction question, 1 for "best clients", 0 for none."""
    if not about_referral(norm):
        return 0
    return 1 if _REFERRAL_WEAK.search(norm) and not _REFERRAL_STRONG.search(norm) else 2


def self_referral(norm: str) -> bool:
    """The line is about the speaker's own referrals or services, not the partner's."""
    return bool(_SELF_REFERRAL.search(norm))


# After a bare verb ("I help", "we're after", "I'm looking for") the object must be people or organisations:
# "I'm after a new van", "I work with my brother" and "I help out at the food bank" describe no client.
_CLIENT_VERB = re.compile(
    r"^(?:i|we|i'm|we're) (?:\w+ )?(?:help|helps|work with|work for|serve|look after|specialise in|specialize in|"
    r"focus on|looking for|look for|want to meet|love working with|target|am looking for|are looking for|after|"
    r"am after|are after)$"
)
_WHO_NOUN = re.compile(
    r"\b(?:who|whose|people|person|clients?|customers?|business(?:es)?|owners?|compan(?:y|ies)|firms?|famil(?:y|ies)|"
    r"couples?|parents?|landlords?|tenants?|homeowners?|households?|trades(?:people|men)?|practices?|clinics?|"
    r"charit(?:y|ies)|schools|start-?ups?|smes?|organi[sz]ations?|brands?|shops?|cafes?|restaurants?|pubs?|"
    r"hotels?|gyms?|salons?|farms?|agencies|teams|councils?|individuals|anyone|everyone|anybody|everybody|"
    r"someone|somebody|men|women|mums|dads|retirees|pensioners|students|graduates|executives|professionals|"
    r"founders?|entrepreneurs?|sole traders?|freelancers?|care homes?|sectors?|industr(?:y|ies))\b"
    r"|\b\w{3,}(?:ers|ors|ists|ians|ants|ents|ees)\b"
)
_NOT_CLIENT_OBJECT = re.compile(r"^(?:my|myself|our own|out|on|at|in|around|with)\b")


def own_client_intro(norm: str) -> str | None:
    """The words that introduce the speaker's own ideal client, if the sentence has them."""
    for m in _OWN_CLIENT.finditer(norm):
        if not _CLIENT_VERB.match(m.group(0)):
            return m.group(0)
        obj = norm[m.end() :].strip(" ,")
        if not _NOT_CLIENT_OBJECT.match(obj) and _WHO_NOUN.search(" ".join(obj.split()[:8])):
            return m.group(0)
    return None


# "Your ideal client is ...", "my wife's clients are ...": someone else's clients, not the speaker's.
_OTHERS_CLIENT = re.compile(
    r"\b(?:your|his|her|their|[a-z]+'s|[a-z]+s') (?:[\w-]+ ){0,2}(?:clients?|customers?|referrals?|market|buyers?)\b"
)


def others_client(norm: str) -> bool:
    """The client described belongs to the listener or a third party, not to the speaker."""
    m = _OTHERS_CLIENT.search(norm)
    intro = _OWN_CLIENT.search(norm)
    return bool(m) and (intro is None or m.start() < intro.start())


_MY_CLIENTS = re.compile(r"\b(?:my|our) (?:\w+ )?(?:clients?|customers?|referrals?|market|buyers?)\b")


def own_client_question(norm: str) -> bool:
    """A question the speaker puts to themselves about their own clients ("My ideal client?", "My clients?")."""
    return asks(norm) and not second_person(norm) and bool(_MY_CLIENTS.search(norm) or own_client_intro(norm))


def client_detail(norm: str) -> int:
    """How much a description pins the client down: 2 for both situation and size, 1 for one, 0 for none."""
    return int(bool(_SITUATION.search(norm))) + int(bool(_SIZE.search(norm)))


def vague(norm: str) -> bool:
    """'Anyone', 'everyone', 'any business': a target nobody can picture."""
    return bool(_VAGUE.search(norm))


def specific_client(norm: str) -> bool:
    """The description says who AND in what situation (or gives both a size and a kind)."""
    if vague(norm) or len(norm.split()) < 6:
        return False
    has_size = bool(_SIZE.search(norm))
    return bool(_SITUATION.search(norm)) or (has_size and len(norm.split()) >= 9)


# Playing the partner's words back ("You said if anyone says their dog is matted, that's you") is
# listening, not telling them what to listen for on your behalf.
_REPORTED = re.compile(
    r"^(?:so,? |and,? |right,? |ok,? |okay,? )?(?:you(?:'ve)? (?:said|mentioned|told me|were saying|described|"
    r"put it)|as you (?:said|put it|mentioned)|like you said|in your words)\b"
)
# "I'll listen out for people who ..." is the speaker promising to listen for the partner.
_I_LISTEN = re.compile(
    r"\b(?:i|we)(?:'ll|'m| will| am| can| could| shall|'d| would)?(?: (?:definitely|certainly|also|now|be|going to|"
    r"gonna|try to|always))* (?:listen|listening|look|looking|watch|watching|keep an (?:ear|eye)|keep my (?:ears?|eyes))"
    r"(?: out)? for\b"
)
# A request to the partner ("... could you send them my way?") still gives the trigger.
_ASK_PARTNER = re.compile(r"\b(?:could|would|can|will) you\b|^please\b|\bplease (?:send|pass|mention|think)")
# Quoted words ('that's me') belong to whoever is quoted, so they cannot show the referral is for the speaker.
_QUOTED = re.compile(r"\"[^\"]*\"|(?<!\w)'(?:[^']|\b'\b)*'(?!\w)")


# The referral goes to the listener ("I'll think of you", "your trigger is ..."), or the speaker is noting
# what to remember: the line is about the partner's triggers, not the speaker's.
_FOR_THEM = re.compile(
    r"\b(?:your (?:trigger|cue|phrase|sign|signal|words|clue|giveaway)s?|think of you|(?:send|pass|point|refer) "
    r"(?:them|him|her|it|people)(?: on| over)? (?:to you|your way)|(?:i'll|i will|i'd|i must|i need to) remember|"
    r"i'll (?:keep|bear) (?:that|it) in mind)\b"
)


def reported(norm: str) -> bool:
    """The line plays back what the partner said ("You said ...", "As you put it ...")."""
    return bool(_REPORTED.search(norm))


def about_their_triggers(norm: str) -> bool:
    """The line is about the partner's triggers: played back, noted, or promised to be listened for."""
    return bool(reported(norm) or _FOR_THEM.search(norm) or _I_LISTEN.search(norm))


def trigger_line(norm: str) -> bool:
    """Tells the partner what to listen for that signals a referral for the speaker."""
    if about_their_triggers(norm) or re.search(r"\bi (?:listen|look|watch)\w* (?:to|at)\b", norm):
        return False
    if asks(norm):
        # Only a request that carries the trigger itself: "If anyone says X, could you send them my way?"
        unquoted = _QUOTED.sub(" ", norm)
        return bool(_ASK_PARTNER.search(norm) and _SAYS.search(norm) and _FOR_ME.search(unquoted))
    listen = _LISTEN_FOR.search(norm)
    if listen and not re.search(r"\bwhat (?:should|do|could) i\b", norm):
        # "I never told you what to listen for" names the idea without giving a phrase.
        return (
            not negated(" ".join(norm[: listen.start()].split()[-5:]))
            and len(norm[listen.end() :].split()) >= 3
        )
    says = _SAYS.search(norm)
    return bool(says and _FOR_ME.search(_QUOTED.sub(" ", norm))) and not negated(
        " ".join(norm[: says.start()].split()[-5:])
    )


_WHO_I_HELP = re.compile(
    r"\b(?:that's|that is|those are|they're) (?:exactly |just )?(?:who|where|when|the people) (?:i|we)\b"
)


def trigger_question(norm: str, answer: str) -> bool:
    """A question that carries the trigger, answered by the speaker: "Ever hear people say X? That's who I help."."""
    return (
        asks(norm)
        and bool(_SAYS.search(norm) or _HEAR_PEOPLE_SAY.search(norm))
        and not asks(answer)
        and bool(_FOR_ME.search(_QUOTED.sub(" ", answer)) or _WHO_I_HELP.search(answer))
        and not _FOR_THEM.search(norm + " " + answer)
    )


def quoted_words(norm: str) -> bool:
    """The line gives the actual words to listen for, in quotes."""
    return any(len(m.group(0).split()) >= 2 for m in _QUOTED.finditer(norm))


_HOW_TO_REFER = re.compile(
    r"\bhow (?:should|would|do|could|can) (?:i|we) (?:best )?(?:introduce|refer|describe|recommend) you\b|"
    r"\bhow (?:would|do|should) you (?:like|want|prefer) (?:me|us) to (?:introduce|refer|describe|recommend)\b"
)


def offer_line(norm: str) -> bool:
    """Offers an introduction, referral, resource or help to the partner (not a sales offer)."""
    m = _OFFER.search(norm)
    if not m or pitch(norm) or counterfactual(norm) or _OFFER_NEGATED.search(norm):
        return False
    if re.search(r"\b(?:can|could|would|will) you (?:introduce|refer|connect|help|send)\b", norm):
        return False  # asking the partner for help is the opposite of offering it
    if _HOW_TO_REFER.search(norm):
        return False  # asks how they like to be referred (asked_about_ideal_referral), offers nothing yet
    before = " ".join(norm[: m.start()].split()[-3:])
    return not (negated(m.group(0)) or negated(before))


# A concrete offer (an introduction, a contact, something to send) is better evidence than a general
# "let me know if I can help".
_CONCRETE_OFFER = re.compile(
    r"\b(?:introduc\w*|intros?|connect\w*|put you in touch|send|share|lend|recommend|pass (?:on|your|you)|"
    r"mention you|refer|give you (?:the|a|his|her|their) (?:name|number|details|contact))\b"
)


def offer_strength(norm: str) -> int:
    """2 for a concrete introduction or resource, 1 for a general offer of help, 0 for no offer."""
    if not offer_line(norm):
        return 0
    return 2 if _CONCRETE_OFFER.search(norm) else 1


def may_pitch(norm: str) -> bool:
    """False for lines that disclaim selling, offer a discount to the partner's clients, or only imagine a pitch."""
    imagined = counterfactual(norm) and not re.search(r"\bif i were you\b", norm)
    return not (_NOT_SELLING.search(norm) or _REFERRAL_INCENTIVE.search(norm) or imagined)


# A short closing question after a priced offer ("Our package starts at £99 a month. Interested?") turns
# the statement before it into a pitch, even though the "you" is in the next sentence.
_CLOSE = re.compile(
    r"^(?:(?:are you |would you be |you )?interested|(?:do you )?want (?:one|it|in|some|to try)|fancy (?:it|one|that)|"
    r"shall i (?:sign|book|put|send)|want me to (?:sign|book|put|send)|(?:would|does) that (?:interest|suit) you|"
    r"how does that sound|sound good|tempted|deal)\b"
)


def priced_offer(norm: str) -> bool:
    """The speaker states their own price or offer ("our package starts at £99 a month")."""
    return first_person(norm) and bool(_COMMERCIAL.search(norm)) and may_pitch(norm)


def closes_sale(norm: str) -> bool:
    """A short question that asks the listener to buy what was just offered ("Interested?")."""
    return asks(norm) and len(norm.split()) <= 6 and bool(_CLOSE.match(strip_filler(norm)))


def pitch(norm: str) -> bool:
    """Sells the speaker's product or service to the listener as a buyer."""
    if not may_pitch(norm):
        return False
    if _PITCH.search(norm):
        return True
    return bool(_COMMERCIAL.search(norm) and second_person(norm) and first_person(norm))
