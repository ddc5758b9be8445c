"""A transcript read once by the language layer: every turn's units, who said them, and where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.language import Reader, Reading, Unit, words
from app.core.transcript import Turn


@dataclass(frozen=True)
class Said:
    """One unit of one turn: the turn's index, the speaker, and the unit as read."""

    turn: int
    speaker: str
    unit: Unit

    @property
    def text(self) -> str:
        """The unit's exact text."""
        return self.unit.text


@dataclass
class Conversation:
    """The turns, their readings, and the non-meta units in order."""

    turns: Sequence[Turn]
    readings: list[Reading]
    scenario: str | None = None

    @classmethod
    def read(
        cls, turns: Sequence[Turn], *, scenario: str | None = None, reader: Reader | None = None
    ) -> Conversation:
        """Read every turn with one batched embedding call."""
        readings = (reader or Reader()).read_many([t.text for t in turns])
        return cls(turns, readings, scenario)

    def units(self, speaker: str | None = None) -> list[Said]:
        """Every unit not aimed at the coach, optionally of one speaker only."""
        return [
            Said(i, t.speaker, u)
            for i, (t, r) in enumerate(zip(self.turns, self.readings, strict=True))
            if speaker is None or t.speaker == speaker
            for u in r.units
            if not u.meta
        ]

    def in_turn(self, turn: int) -> list[Said]:
        """The non-meta units of one turn."""
        t = self.turns[turn]
        return [Said(turn, t.speaker, u) for u in self.readings[turn].units if not u.meta]

    def reply_to(self, turn: int) -> list[Said]:
        """The units of the next turn, when it is by the other speaker."""
        nxt = turn + 1
        if nxt >= len(self.turns) or self.turns[nxt].speaker == self.turns[turn].speaker:
            return []
        return self.in_turn(nxt)

    def quote(self, first: Said, last: Said) -> str:
        """The exact text of one turn from the start of one unit to the end of another (in either order)."""
        a, b = sorted((first, last), key=lambda s: s.unit.span.start)
        return self.turns[first.turn].text[a.unit.span.start : b.unit.span.end]

    def message_number(self, turn: int) -> int:
        """Which of the user's own messages a turn is (1-based), as the user counts them."""
        return sum(1 for t in self.turns[: turn + 1] if t.speaker == "user")

    def user_words(self) -> int:
        """Words the user said (lines aimed at the coach left out)."""
        return sum(len(words(s.text)) for s in self.units("user"))

    def all_words(self) -> int:
        """Words said by both sides (lines aimed at the coach left out)."""
        return sum(len(words(s.text)) for s in self.units())
