"""The language layer: one reading of what people say, shared by the coach, the partner, hints and drafting.

- text: normalising, words, sentence spans and units (exact offsets, for verbatim evidence)
- grammar: person, questions, negation scope, counterfactuals, person swap
- timex: time expressions
- lexicon: the phrase banks (knowledge/language/lexicon.yaml)
- model / features / corpus: the dialogue-act classifier (knowledge/language/acts.yaml, train/*.yaml)
- acts: the Act enum, generated from acts.yaml by scripts/gen_acts.py
- reading: `read(text)` -> a Reading of units, each with its act, rudeness, negation, times
"""

from app.core.language.acts import Act
from app.core.language.grammar import asks, first_person, is_question, negated, second_person, swap_person
from app.core.language.reading import (
    ASK_ACTS,
    GAINS_ACTS,
    SELLING_ACTS,
    TELL_ACTS,
    Reader,
    Reading,
    Unit,
    is_meta,
    read,
    read_many,
)
from app.core.language.text import Span, normalise, sentence_spans, sentences, units, words
from app.core.language.timex import TimeMention, has_time, time_mentions, when_phrase

__all__ = [
    "ASK_ACTS",
    "Act",
    "GAINS_ACTS",
    "SELLING_ACTS",
    "TELL_ACTS",
    "Reader",
    "Reading",
    "Span",
    "TimeMention",
    "Unit",
    "asks",
    "first_person",
    "has_time",
    "is_meta",
    "is_question",
    "negated",
    "normalise",
    "read",
    "read_many",
    "second_person",
    "sentence_spans",
    "sentences",
    "swap_person",
    "time_mentions",
    "units",
    "when_phrase",
    "words",
]
