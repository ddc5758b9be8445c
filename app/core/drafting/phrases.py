"""The phrase banks (knowledge/drafting/phrases.yaml) and a fair way to pick from them.

`Variety` remembers which lines a batch has used, so fifty drafts in one batch open fifty different
ways while a single draft is still reproducible (the order is seeded by the contact, not random).
"""

from __future__ import annotations

import hashlib
import re
import string
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from app.core.datafile import load_mapping

PHRASES_FILE = Path(__file__).resolve().parents[3] / "knowledge" / "drafting" / "phrases.yaml"
_FORMATTER = string.Formatter()


@cache
def phrases() -> dict[str, Any]:
    """The whole phrase file."""
    return load_mapping(PHRASES_FILE)


def bank(*path: str) -> list[str]:
    """The lines at `path` (an empty list when there are none)."""
    node: Any = phrases()
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return []
        node = node[key]
    return [str(x) for x in node] if isinstance(node, list) else []


@cache
def word_set(key: str) -> frozenset[str]:
    """A top-level list as a set of lower-case words or phrases."""
    return frozenset(str(w).lower() for w in phrases().get(key) or [])


def fields(line: str) -> list[str]:
    """The placeholders a line uses."""
    return [f for _, f, _, _ in _FORMATTER.parse(line) if f]


def fill(line: str, values: Mapping[str, str]) -> str | None:
    """The line with its placeholders filled; None when one of them has no value.

    '{Clause}' is the value of 'clause' with a capital first letter (it starts the sentence)."""
    out: dict[str, str] = {}
    for name in fields(line):
        value = values.get(name)
        if value is None and name[:1].isupper():
            low = values.get(name[0].lower() + name[1:], "")
            value = low[:1].upper() + low[1:] if low else ""
        if value is None or (value == "" and name not in ("where", "when", "where_short")):
            return None
        out[name] = value
    return line.format(**out)


class Variety:
    """Picks lines so a batch repeats itself as little as possible (thread-safe; one per batch)."""

    def __init__(self) -> None:
        self.used: Counter[str] = Counter()
        self._chosen: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def pick(
        self, lines: Sequence[str], values: Mapping[str, str], seed: str, *, key: str = "", memo: str = ""
    ) -> str | None:
        """The least-used line (ties broken by a hash of `seed`) whose placeholders all have values.

        The same seed and key get the same line again (a message re-rendered shorter keeps its wording)."""
        with self._lock:
            remembered = self._chosen.get((seed, memo + key))
            if remembered is not None:
                text = fill(remembered, values)
                if text is not None:
                    return text
            usable = [(line, text) for line in lines if (text := fill(line, values)) is not None]
            if not usable:
                return None

            def order(item: tuple[str, str]) -> tuple[int, str]:
                return self.used[key + item[0]], hashlib.sha1(f"{seed}|{item[0]}".encode()).hexdigest()

            line, text = min(usable, key=order)
            self.used[key + line] += 1
            self._chosen[(seed, memo + key)] = line
            return text


def tidy(text: str) -> str:
    """Spaces and punctuation where two pieces meet: no ' ,', no '..', no doubled spaces."""
    text = re.sub(r"\s+([,.;!?])", r"\1", text)
    text = re.sub(r"([!?])\.", r"\1", text)
    text = re.sub(r"\.\.(?!\.)", ".", text)
    text = re.sub(r",\s*,", ",", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
