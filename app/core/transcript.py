"""Turns of a 1-2-1 conversation and the transcript file format used by `coach review`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core.errors import InputError

SPEAKERS = ("user", "partner")
MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Turn:
    """One utterance: who spoke ('user' is the person practising, 'partner' the fellow member)."""

    speaker: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """Plain dict for JSON."""
        return asdict(self)


@dataclass(frozen=True)
class Transcript:
    """A conversation to review: optional persona and scenario ids, and the turns."""

    persona: str | None
    scenario: str | None
    turns: tuple[Turn, ...]


def parse_transcript(data: Any) -> Transcript:
    """Validate a decoded transcript object; every problem is one InputError naming the field."""
    if not isinstance(data, dict):
        raise InputError('A transcript must be a JSON object like {"persona": null, "scenario": null, "turns": [...]}.')
    for key in ("persona", "scenario"):
        if data.get(key) is not None and not isinstance(data.get(key), str):
            raise InputError(f"Transcript field {key!r} must be a string id or null.")
    turns = data.get("turns")
    if not isinstance(turns, list) or not turns:
        raise InputError("Transcript field 'turns' must be a non-empty list of {\"speaker\", \"text\"} objects.")
    parsed = []
    for i, t in enumerate(turns, start=1):
        if not isinstance(t, dict):
            raise InputError(f"Turn {i} must be an object with 'speaker' and 'text'.")
        speaker, text = t.get("speaker"), t.get("text")
        if speaker not in SPEAKERS:
            raise InputError(f"Turn {i}: 'speaker' must be \"user\" or \"partner\", got {speaker!r}.")
        if not isinstance(text, str):
            raise InputError(f"Turn {i}: 'text' must be a string.")
        # A lone surrogate escape (\ud800) would break the tokenizer and the database: replace it.
        parsed.append(Turn(speaker, text.encode("utf-8", "replace").decode("utf-8")))
    if not any(t.speaker == "user" and t.text.strip() for t in parsed):
        raise InputError("The transcript has no words from the user to review.")
    return Transcript(data.get("persona"), data.get("scenario"), tuple(parsed))


def load_transcript(path: Path) -> Transcript:
    """Read and validate a transcript JSON file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No transcript file at {path.name!r}.")
    if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
        raise InputError(f"{path.name} is larger than {MAX_TRANSCRIPT_BYTES // (1024 * 1024)} MB; is it really a transcript?")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text; save it as UTF-8 JSON.") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    except RecursionError:
        raise InputError(f"{path.name} is nested too deeply to be a transcript.") from None
    return parse_transcript(data)
