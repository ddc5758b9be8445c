"""Turns of a 1-2-1 conversation and the transcript files `coach review` reads.

Two formats: JSON (`{"persona", "scenario", "turns": [{"speaker", "text"}]}`) and plain text, one
line per utterance - "Me: ..." / "Them: ..." or "Name: ..." (the user is the name that is not the
partner; when that is ambiguous the caller names the user with `me`). Lines without a speaker
continue the previous utterance.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core.errors import InputError

SPEAKERS = ("user", "partner")
MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024
ME_LABELS = frozenset({"me", "i", "myself"})
THEM_LABELS = frozenset({"them", "partner", "they"})
# "Name:" at the start of a line: up to four words of letters (any script), dots, hyphens, apostrophes.
# An optional chat-export prefix such as "[10:32]", "10:32" or "12/03/2024, 10:32 - " is skipped.
_PREFIX = (
    r"(?:\[[^\]\n]{1,30}\]\s*"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?\s*[-–]\s*"
    r"|\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?\s+)?"
)
_LABEL = re.compile(
    rf"^\s*{_PREFIX}(?P<name>[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){{0,3}})\s*:\s*(?P<text>.*)$"
)


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
        raise InputError(
            'A transcript must be a JSON object like {"persona": null, "scenario": null, "turns": [...]}.'
        )
    for key in ("persona", "scenario"):
        if data.get(key) is not None and not isinstance(data.get(key), str):
            raise InputError(f"Transcript field {key!r} must be a string id or null.")
    turns = data.get("turns")
    if not isinstance(turns, list) or not turns:
        raise InputError(
            'Transcript field \'turns\' must be a non-empty list of {"speaker", "text"} objects.'
        )
    parsed = []
    for i, t in enumerate(turns, start=1):
        if not isinstance(t, dict):
            raise InputError(f"Turn {i} must be an object with 'speaker' and 'text'.")
        speaker, text = t.get("speaker"), t.get("text")
        if speaker not in SPEAKERS:
            raise InputError(f'Turn {i}: \'speaker\' must be "user" or "partner", got {speaker!r}.')
        if not isinstance(text, str):
            raise InputError(f"Turn {i}: 'text' must be a string.")
        # A lone surrogate escape (\ud800) would break the tokenizer and the database: replace it.
        parsed.append(Turn(speaker, text.encode("utf-8", "replace").decode("utf-8")))
    if not any(t.speaker == "user" and t.text.strip() for t in parsed):
        raise InputError("The transcript has no words from the user to review.")
    return Transcript(data.get("persona"), data.get("scenario"), tuple(parsed))


def _speaker_lines(text: str) -> list[tuple[str | None, str]]:
    """(label or None, text) per non-empty line; None marks a continuation of the previous utterance."""
    out: list[tuple[str | None, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _LABEL.match(line)
        if m and m.group("text").strip() and not m.group("text").startswith("//"):  # not "https://..."
            out.append((" ".join(m.group("name").split()), m.group("text").strip()))
        else:
            out.append((None, line))
    return out


def _roles(names: list[str], me: str | None, partner_names: Iterable[str]) -> dict[str, str]:
    """Map each speaker label (case-folded) to 'user' or 'partner', or raise a clear InputError."""
    folded = {n.casefold(): n for n in names}
    if len(folded) > 2:
        raise InputError(
            f"The transcript has more than two speakers ({', '.join(folded.values())}); "
            "a 1-2-1 has you and one partner."
        )
    roles = {k: "user" for k in folded if k in ME_LABELS} | {k: "partner" for k in folded if k in THEM_LABELS}
    if me is not None:
        mine = " ".join(me.split()).casefold()
        if mine not in folded:
            raise InputError(
                f"--me {me!r} is not one of the speakers in the transcript ({', '.join(folded.values())})."
            )
        roles[mine] = "user"
    named = [k for k in folded if k not in roles]
    if not named:
        return roles
    if "user" in roles.values():  # "Me:" (or --me) is the user, so the other name is the partner
        return roles | {k: "partner" for k in named}
    if "partner" in roles.values():  # "Them:" plus one name: that name is the user
        return roles | {k: "user" for k in named}
    known = {p.strip().casefold() for p in partner_names if p.strip()}
    partners = [k for k in named if k in known or k.split()[0] in known]
    if len(named) == 2 and len(partners) == 1:
        return {partners[0]: "partner", next(k for k in named if k != partners[0]): "user"}
    shown = " or ".join(folded[k] for k in named)
    raise InputError(
        f'Which speaker is you, {shown}? Say so with --me NAME, or write your lines as "Me: ...".'
    )


def parse_plain_transcript(
    text: str, *, me: str | None = None, partner_names: Iterable[str] = ()
) -> Transcript:
    """Turn "Me:/Them:" or "Name:" lines into a Transcript; every problem is one InputError."""
    lines = _speaker_lines(text.replace("\x00", ""))
    if not lines:
        raise InputError("The transcript is empty.")
    if lines[0][0] is None:
        raise InputError(
            'The first line has no speaker: start each turn with "Me:" / "Them:" or a name and a colon, '
            'e.g. "Me: Thanks for meeting me."'
        )
    names = list(dict.fromkeys(label for label, _ in lines if label is not None))
    roles = _roles(names, me, partner_names)
    turns: list[Turn] = []
    for label, said in lines:
        said = said.encode("utf-8", "replace").decode("utf-8")
        if label is None:
            turns[-1] = Turn(turns[-1].speaker, f"{turns[-1].text} {said}")
            continue
        speaker = roles[label.casefold()]
        if turns and turns[-1].speaker == speaker:  # two lines in a row from one person are one utterance
            turns[-1] = Turn(speaker, f"{turns[-1].text} {said}")
        else:
            turns.append(Turn(speaker, said))
    if not any(t.speaker == "user" and t.text.strip() for t in turns):
        raise InputError("The transcript has no words from the user to review.")
    return Transcript(None, None, tuple(turns))


def load_transcript(path: Path, *, me: str | None = None, partner_names: Iterable[str] = ()) -> Transcript:
    """Read and validate a transcript file: JSON, or plain "Me:/Them:" or "Name:" lines."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No transcript file at {path.name!r}.")
    if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
        raise InputError(
            f"{path.name} is larger than {MAX_TRANSCRIPT_BYTES // (1024 * 1024)} MB; is it really a transcript?"
        )
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text; save it as UTF-8.") from None
    if path.suffix.lower() != ".json" and not text.lstrip().startswith(("{", "[")):
        return parse_plain_transcript(text, me=me, partner_names=partner_names)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    except RecursionError:
        raise InputError(f"{path.name} is nested too deeply to be a transcript.") from None
    return parse_transcript(data)
