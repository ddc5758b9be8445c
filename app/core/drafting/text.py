"""Small pure text helpers shared by templates and validators: names, key words, shortening, dates."""

from __future__ import annotations

import re
from datetime import date

STOPWORDS = frozenset(
    """a an the and or but if of to in on at for with from by about as into onto over under than then
    that this these those there here is are was were be been being am do does did done have has had
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    who whom which what when where why how all any some no not very just so too also really quite
    will would shall should can could may might must up out off again more most much many one
    get got getting go going went re s t ll ve d m let's""".split()
)
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"}
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)?")
_CLAUSE = re.compile(r"\s*(?:[.;:!?\n]|,\s|\s[-\u2013\u2014]\s)\s*")
_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
ELLIPSIS = "\u2026"
KEY_SLACK_WORDS = 3  # a cut may run this many words past the last key word to reach a natural break
# Sentence ends and clause punctuation; a cut ends just before the mark.
_BREAK = re.compile(r"[.!?](?=\s)|[;:,](?=\s)|\s[-\u2013\u2014](?=\s)|\s\(")
# 'and'/'or'/'but' count as a break only when a new clause or noun phrase follows ('large or anxious
# dogs' must stay whole; 'a dog owner ..., or a family ...' and '... puppy and doesn't know' may split).
_CONJ_BREAK = re.compile(
    r"\s(?:and|or|but|so|because|while|whereas|who|which|whose|where)\s(?=(?:a|an|the|my|your|his|her|their|"
    r"our|its|this|that|these|those|some|any|no|every|each|i|you|he|she|we|they|it|who|which|is|are|was|were|"
    r"has|have|had|does|doesn't|don't|did|didn't|will|won't|can|can't|could|would|should|wants?|needs?|"
    r"want|need|just|also|then|now|still)\b)", re.I)
# Inside a clause, a noun phrase or verb phrase is complete before 'and'/'or', a preposition, a relative
# pronoun or an -ing/-ed word: 'a facilities manager or building owner | planning a refurbishment'.
_PHRASE_END = re.compile(r"\s(?=(?:and|or|in|on|at|for|with|from|to|by|about|after|before|who|which|that|whose|"
                         r"when|where|while|[a-z]{3,}ing|[a-z]{3,}ed)\s)")
_DANGLING = {"a", "an", "the", "and", "or", "but", "of", "to", "with", "for", "in", "on", "at", "by", "from",
             "that", "which", "who", "whose", "my", "your", "his", "her", "their", "our", "its", "so", "as",
             "is", "are", "was", "were", "has", "have", "had", "not", "just", "very"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def clean(text: object) -> str:
    """Collapse whitespace and strip; None becomes ''."""
    return re.sub(r"\s+", " ", str(text or "")).strip()


def fragment(text: str) -> str:
    """A user phrase ready to sit inside a sentence: trimmed, no trailing full stop."""
    return clean(text).rstrip(" .;:,!")


def first_name(name: str) -> str:
    """The name to greet someone by: the first word that is not a title ('Dr Sam Patel' -> 'Sam')."""
    words = clean(name).split()
    for w in words:
        if w.lower().rstrip(".") not in _TITLES:
            return w
    return words[0] if words else ""


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text or "")]


def stem(word: str) -> str:
    """A crude stem so 'daughters' matches 'daughter', 'sailing' 'sail' and 'runs' 'run'."""
    w = word.lower().split("'")[0]
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    # Short verbs turned to address the contact ('she runs' -> 'you run', 'goes' -> 'go') still match.
    if len(w) == 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-2] if w.endswith("oes") else w[:-1]
    return w


def content_words(text: str) -> list[str]:
    """Words that carry meaning (stopwords and one-letter words removed), in order, without repeats."""
    seen: list[str] = []
    for w in words(text):
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit()) and w not in seen:
            seen.append(w)
    return seen


def key_words(text: str, limit: int = 8) -> list[str]:
    """The words a reader must see for a phrase to count as mentioned: the first clause's content words."""
    clauses = [c for c in _CLAUSE.split(clean(text)) if c.strip()]
    first = content_words(clauses[0]) if clauses else []
    if len(first) < 2:
        first = content_words(text)
    return first[:limit]


def key_phrase(text: str, limit: int = 8) -> str:
    """The shortest leading part of `text` that still contains all of its key words, ending at a natural
    break when one is a few words away (otherwise cut there, marked with an ellipsis)."""
    text = fragment(text)
    keys = key_words(text, limit)
    pos = end = 0
    for key in keys:
        pattern = re.compile(rf"(?i)(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])")
        m = pattern.search(text, pos) or pattern.search(text)
        if m is None:  # e.g. curly apostrophes: keep the whole phrase rather than guess
            return text
        end = max(end, m.end())
        pos = max(pos, m.end())
    if not end or end >= len(text):
        return text
    # 'Let's meet again in three' reads broken; 'Let's meet again in three weeks' does not.
    stops = _boundaries(text) + [m.start() for m in _PHRASE_END.finditer(text)]
    stop = min((b for b in stops if b >= end), default=len(text))
    if len(text[end:stop].split()) <= KEY_SLACK_WORDS:
        return fragment(text[:stop])
    return fragment(text[:end]) + ELLIPSIS


def needed(n_keys: int) -> int:
    """How many of n key words must appear: all of one or two, otherwise two thirds (light rephrasing passes)."""
    return n_keys if n_keys <= 2 else -(-2 * n_keys // 3)


def mentions(text: str, phrase: str, limit: int = 8) -> tuple[bool, list[str]]:
    """Whether enough key words of `phrase` occur in `text`; returns (ok, missing words)."""
    keys = key_words(phrase, limit)
    if not keys:
        return True, []
    have = {stem(w) for w in words(text)}
    missing = [k for k in keys if stem(k) not in have]
    return len(keys) - len(missing) >= needed(len(keys)), missing


def min_phrase(text: str, limit: int = 8) -> str:
    """The shortest leading part of `text` that still passes `mentions(..., limit)`."""
    return key_phrase(text, needed(len(key_words(text, limit))))


def _boundaries(text: str) -> list[int]:
    """Where a phrase can end without cutting a clause: sentence ends, clause punctuation, and before
    'and'/'or'/'but' or a relative pronoun that starts a new clause or noun phrase."""
    ends = {m.start() for m in _BREAK.finditer(text)}
    ends |= {m.start() for m in _CONJ_BREAK.finditer(text)}
    return sorted(e for e in ends if fragment(text[:e]))


def _trim_dangling(text: str) -> str:
    """Drop function words left hanging by a cut ('... a long-haired puppy and' -> '... a long-haired puppy')."""
    words_ = text.rstrip(" ,;:-\u2013\u2014").split(" ")
    while len(words_) > 1 and words_[-1].lower().strip(",;:") in _DANGLING:
        words_.pop()
    return " ".join(words_).rstrip(" ,;:-\u2013\u2014")


def shorten(text: str, max_chars: int) -> str:
    """At most `max_chars`: cut at the last sentence or clause break that fits; only when there is none
    cut at a word, and only then add an ellipsis (so the result never ends in doubled punctuation)."""
    text = fragment(text)
    if len(text) <= max_chars:
        return text
    if max_chars <= 1:
        return ""
    # A break too near the start would throw most of the phrase away: cutting words keeps more.
    floor = min(max_chars // 3, 40)
    fits = [fragment(text[:b]) for b in _boundaries(text) if len(fragment(text[:b])) <= max_chars]
    fits = [f for f in fits if len(f) >= floor and len(f.split()) >= 2]
    if fits:
        best = max(fits, key=len)
        # Never stop inside an aside ('a scare - a phishing email, a hacked mailbox'): cut before it.
        opened = max(best.rfind(" ("), *(best.rfind(d) for d in (" - ", " \u2013 ", " \u2014 ")))
        dashes = sum(best.count(d) for d in (" - ", " \u2013 ", " \u2014 "))
        if (best.count("(") > best.count(")") or dashes % 2) and len(fragment(best[:opened])) >= floor:
            return fragment(best[:opened])
        return best
    return cut_words(text, max_chars)


def cut_words(text: str, max_chars: int) -> str:
    """At most `max_chars`, cut at a word (no dangling 'and'/'the') and marked with an ellipsis."""
    text = fragment(text)
    if len(text) <= max_chars:
        return text
    if max_chars <= 1:
        return ""
    cut = text[: max_chars - 1]
    if " " in cut:
        cut = _trim_dangling(cut[: cut.rfind(" ")])
    return fragment(cut).rstrip(" ,;:-") + ELLIPSIS


def tidy_punctuation(text: str) -> str:
    """Remove doubled punctuation where a phrase meets its sentence: '….', '.…', '?.', ',.', '..'."""
    text = re.sub(r"\u2026\s*[.\u2026]+|\.\u2026", "\u2026", text)
    text = re.sub(r"([?!])\.(?!\.)", r"\1", text)
    text = re.sub(r"[,;:]\.(?!\.)", ".", text)
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)


def first_clause(text: str) -> str:
    """The part before the first clause break (full stop, semicolon, comma, dash)."""
    parts = [p for p in _CLAUSE.split(fragment(text)) if p.strip()]
    return fragment(parts[0]) if parts else ""


def without_urls(text: str) -> str:
    """Text with links replaced by a neutral token (so '?' in a URL is not read as a question)."""
    return _URL.sub("LINK", text or "")


def urls(text: str) -> list[str]:
    """Every link in the text, trailing punctuation removed."""
    return [u.rstrip(".,;:!?)") for u in _URL.findall(text or "")]


def sentences(text: str) -> list[str]:
    """Split into sentences on ., !, ? and a closing ellipsis followed by space or line end."""
    return [s.strip() for s in re.split(r"(?<=[.!?\u2026])\s+(?=\S)|\n+", text or "") if s.strip()]


def lower_first(sentence: str) -> str:
    """Lower-case a template sentence's first letter so it can follow 'Hi Sam, ' (keeps 'I' and names)."""
    if sentence.startswith(("I ", "I'")):
        return sentence
    if len(sentence) > 1 and sentence[0].isupper() and (sentence[1].islower() or sentence.startswith("A ")):
        return sentence[0].lower() + sentence[1:]
    return sentence


def when_phrase(met_on: date | None, today: date) -> str:
    """'today', 'yesterday', 'on Tuesday' (this week) or 'on 3 March'; '' when unknown or in the future."""
    if met_on is None or met_on > today:
        return ""
    days = (today - met_on).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"on {WEEKDAYS[met_on.weekday()]}"
    return f"on {met_on.day} {MONTHS[met_on.month - 1]}"


def long_date(d: date) -> str:
    """'Tuesday 9 December'."""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"


def short_date(d: date) -> str:
    """'Tue 9 Dec'."""
    return f"{WEEKDAYS[d.weekday()][:3]} {d.day} {MONTHS[d.month - 1][:3]}"
