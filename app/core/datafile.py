"""Reading the product's own YAML data files (lexicon, phrases, acts, checks), which must each hold a mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def load_mapping(path: Path) -> dict[str, Any]:
    """The YAML mapping in a shipped data file; anything else is a packaging bug, so a ValueError."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} must hold a mapping, not {type(data).__name__}")
    return data
