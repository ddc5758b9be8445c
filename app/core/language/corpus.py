"""The labelled utterances the act classifier learns from (knowledge/language/train/*.yaml)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core.datafile import load_mapping, parse_yaml
from app.core.language.lexicon import LANGUAGE_DIR

TRAIN_DIR = LANGUAGE_DIR / "train"
ACTS_FILE = LANGUAGE_DIR / "acts.yaml"


@dataclass(frozen=True)
class Example:
    """One labelled utterance: its text, its act, and whether it carries a rude add-on."""

    text: str
    act: str
    rude: bool = False
    source: str = ""


@cache
def act_ids() -> tuple[str, ...]:
    """Every act id, in the order of acts.yaml."""
    return tuple(load_mapping(ACTS_FILE)["acts"])


@cache
def act_labels() -> dict[str, str]:
    """Plain-words label of every act ("asks about their business")."""
    acts = load_mapping(ACTS_FILE)["acts"]
    return {k: str(v["label"]) for k, v in acts.items()}


def _entries(path: Path) -> Iterable[Example]:
    data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    act = data.get("act", path.stem)
    for text in data.get("examples") or []:
        yield Example(str(text), act, False, path.name)
    for text in data.get("rude") or []:
        yield Example(str(text), act, True, path.name)
    for item in data.get("also") or []:
        yield Example(str(item["text"]), str(item["act"]), bool(item.get("rude", False)), path.name)


def load_examples(directory: Path = TRAIN_DIR) -> list[Example]:
    """Every training example, validated against the act list (unknown acts raise ValueError)."""
    known = set(act_ids())
    out: list[Example] = []
    for path in sorted(directory.glob("*.yaml")):
        for ex in _entries(path):
            if ex.act not in known:
                raise ValueError(f"{path.name}: unknown act {ex.act!r} for {ex.text!r}")
            if ex.text.strip():
                out.append(ex)
    return out


def corpus_hash(directory: Path = TRAIN_DIR) -> str:
    """A hash of the training files and the act list: a trained model is stale when it differs."""
    h = hashlib.sha256(ACTS_FILE.read_bytes())
    for path in sorted(directory.glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
