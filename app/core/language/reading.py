"""Read an utterance: its units (sentences), and for each what it does, whether it asks, is negated,
is rude, and which times it names. The coach, the partner, live hints and drafting all read through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.language.acts import Act
from app.core.language.grammar import asks, counterfactual, negated
from app.core.language.lexicon import pattern
from app.core.language.model import ActModel, Scores, default_model
from app.core.language.text import Span, normalise, units, words
from app.core.language.timex import TimeMention, time_mentions

# The rude flag alone is a weak signal (cross-validated F1 about 0.6), so on its own it must be sure; a
# sentence whose act is "rude" ("Quickly, I haven't got all day") counts when the act model is fairly sure.
RUDE_THRESHOLD = 0.85
RUDE_ACT_THRESHOLD = 0.7
# Below this the classifier is unsure; the unit still has its best act, but `sure` says to be careful.
SURE_THRESHOLD = 0.45

ASK_ACTS = frozenset(
    {
        Act.ASK_BUSINESS,
        Act.ASK_IDEAL_CLIENT,
        Act.ASK_IDEAL_REFERRAL,
        Act.ASK_TRIGGERS,
        Act.ASK_HOW_TO_REFER,
        Act.ASK_WANT_TO_MEET,
        Act.ASK_NOT_A_FIT,
        Act.ASK_GOALS,
        Act.ASK_ACCOMPLISHMENTS,
        Act.ASK_INTERESTS,
        Act.ASK_NETWORKS,
        Act.ASK_SKILLS,
        Act.ASK_LAST_REFERRAL,
        Act.ASK_OPEN,
    }
)
GAINS_ACTS = frozenset(
    {Act.ASK_GOALS, Act.ASK_ACCOMPLISHMENTS, Act.ASK_INTERESTS, Act.ASK_NETWORKS, Act.ASK_SKILLS}
)
TELL_ACTS = frozenset(
    {Act.TELL_BUSINESS, Act.TELL_IDEAL_CLIENT, Act.TELL_IDEAL_REFERRAL, Act.TELL_TRIGGERS, Act.TELL_PERSONAL}
)
SELLING_ACTS = frozenset({Act.PITCH, Act.OFFER_CONDITIONAL, Act.PROPOSE_SALES_MEETING})
# Acts that a price, quote or discount turns into a pitch.
_TURNED_BY_PRICE = frozenset(
    {Act.OFFER_CONCRETE, Act.OFFER_VAGUE, Act.PROPOSE_NEXT_STEP, Act.ASK_BUSINESS, Act.OTHER}
)


def commercial(norm: str) -> bool:
    """The sentence names a price, quote or discount, and not negated or only imagined."""
    m = pattern("selling", "markers").search(norm)
    return m is not None and not negated(norm, near=m.group(0)) and not counterfactual(norm)


@dataclass(frozen=True)
class Unit:
    """One unit of an utterance (a sentence, or a self-question with its answer), read."""

    span: Span
    scores: Scores
    question: bool
    negated: bool
    rude: bool
    meta: bool  # aimed at the coach or the system, not at the other member
    times: tuple[TimeMention, ...] = field(default=())
    commercial: bool = False  # carries a price, quote or discount (see lexicon "selling")

    @property
    def text(self) -> str:
        """The unit's exact text."""
        return self.span.text

    @property
    def norm(self) -> str:
        """The normalised text."""
        return self.span.norm

    @property
    def act(self) -> Act:
        """The most probable act; an offer or plan that names a price, quote or discount is a pitch."""
        act = self.scores.act
        if self.commercial and act in _TURNED_BY_PRICE:
            return Act.PITCH
        return act

    @property
    def sure(self) -> bool:
        """The classifier is reasonably sure of the act."""
        return self.scores.confidence >= SURE_THRESHOLD


@dataclass(frozen=True)
class Reading:
    """An utterance read unit by unit."""

    text: str
    units: tuple[Unit, ...]

    def acts(self) -> list[Act]:
        """The acts of the units, in order (meta units left out)."""
        return [u.act for u in self.units if not u.meta]

    def has(self, *acts: str) -> bool:
        """True when any unit does one of `acts`."""
        return any(u.act in acts for u in self.units if not u.meta)

    def first(self, *acts: str) -> Unit | None:
        """The first unit doing one of `acts`."""
        return next((u for u in self.units if u.act in acts and not u.meta), None)

    def last(self, *acts: str) -> Unit | None:
        """The last unit doing one of `acts`."""
        return next((u for u in reversed(self.units) if u.act in acts and not u.meta), None)

    @property
    def rude(self) -> bool:
        """Any unit is rude, or carries a rude add-on."""
        return any(u.rude for u in self.units if not u.meta)

    @property
    def meta(self) -> bool:
        """The whole utterance is aimed at the coach or the system."""
        return bool(self.units) and all(u.meta for u in self.units)

    @property
    def injection(self) -> bool:
        """The utterance tries to take the partner out of its role."""
        return bool(pattern("guards", "injection").search(normalise(self.text)))


def is_meta(norm: str) -> bool:
    """A line aimed at the coach, its rubric or its instructions rather than at the other member."""
    return bool(
        pattern("guards", "coach_address").search(norm) or pattern("guards", "manipulation").search(norm)
    )


class Reader:
    """Reads utterances with one act model (the shipped one unless another is given)."""

    def __init__(self, model: ActModel | None = None) -> None:
        self._model = model

    @property
    def model(self) -> ActModel:
        """The act model (loaded on first use)."""
        if self._model is None:
            self._model = default_model()
        return self._model

    def read(self, text: str) -> Reading:
        """Read one utterance."""
        return self.read_many([text])[0]

    def read_many(self, texts: Sequence[str]) -> list[Reading]:
        """Read several utterances with one batched call to the embedder."""
        spans = [units(t) for t in texts]
        flat = [s for group in spans for s in group if words(s.text)]
        scores = dict(zip((id(s) for s in flat), self.model.score([s.text for s in flat]), strict=True))
        out = []
        for text, group in zip(texts, spans, strict=True):
            opening_meta = bool(group) and bool(pattern("guards", "coach_address").search(group[0].norm))
            read: list[Unit] = []
            for s in group:
                if id(s) not in scores:
                    continue  # no words at all (emoji, punctuation): nothing to read
                sc = scores[id(s)]
                read.append(
                    Unit(
                        span=s,
                        scores=sc,
                        question=asks(s.norm),
                        negated=negated(s.norm),
                        rude=(sc.act == "rude" and sc.confidence >= RUDE_ACT_THRESHOLD)
                        or sc.rude >= RUDE_THRESHOLD,
                        # A turn that opens by addressing the coach is meta-talk from start to end.
                        meta=opening_meta or is_meta(s.norm),
                        times=tuple(time_mentions(s.text)),
                        commercial=commercial(s.norm),
                    )
                )
            out.append(Reading(text, tuple(read)))
        return out


_reader = Reader()


def read(text: str) -> Reading:
    """Read one utterance with the shipped model."""
    return _reader.read(text)


def read_many(texts: Sequence[str]) -> list[Reading]:
    """Read several utterances with the shipped model (one embedding batch)."""
    return _reader.read_many(texts)
