"""The phrase banks of the language layer, loaded once from knowledge/language/lexicon.yaml."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from app.core.datafile import load_mapping

LANGUAGE_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "language"
LEXICON_FILE = LANGUAGE_DIR / "lexicon.yaml"


@cache
def lexicon() -> dict[str, Any]:
    """The whole lexicon file as a dict."""
    return load_mapping(LEXICON_FILE)


def _join(pattern: str) -> str:
    # Long patterns are written over several lines; the line breaks and indentation are not part of them.
    return re.sub(r"\n\s*", "", pattern)


@cache
def pattern(*path: str) -> re.Pattern[str]:
    """The compiled regular expression at `path` in the lexicon (e.g. pattern("guards", "injection"))."""
    node: Any = lexicon()
    for key in path:
        node = node[key]
    return re.compile(_join(str(node)))


@cache
def word_pattern(*path: str) -> re.Pattern[str]:
    """A regular expression matching any of the words or phrases listed at `path`, as whole words."""
    node: Any = lexicon()
    for key in path:
        node = node[key]
    alternatives = sorted((re.escape(str(w)) for w in node), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


@cache
def words_at(*path: str) -> frozenset[str]:
    """The words listed at `path`, as a set."""
    node: Any = lexicon()
    for key in path:
        node = node[key]
    return frozenset(str(w) for w in node)


@cache
def textspeak() -> dict[str, str]:
    """Text-speak and common misspellings with their expansions."""
    return {str(k): str(v) for k, v in lexicon()["textspeak"].items()}
