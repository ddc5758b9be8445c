"""Reading the product's own YAML data files (lexicon, phrases, acts, checks, personas, prompts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def parse_yaml(text: str) -> Any:
    """Safely parse YAML text the product ships (plain data only, never objects), with libyaml when
    it is there. Users' files keep yaml.safe_load: its error marks point at the line to fix."""
    import yaml  # here, not at the top: the CLI's start-up imports this module's callers

    # libyaml's loader parses about 15 times faster than the pure-Python one (15 persona cards:
    # 10 ms instead of 140 ms, paid on every rehearsal start); PyYAML's wheels ship it, but a build
    # without it still works.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - both loaders are the safe ones


def load_mapping(path: Path) -> dict[str, Any]:
    """The YAML mapping in a shipped data file; anything else is a packaging bug, so a ValueError."""
    data = parse_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} must hold a mapping, not {type(data).__name__}")
    return data
