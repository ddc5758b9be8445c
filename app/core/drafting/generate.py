"""The model path shared by follow-ups and the refer-me kit: ask, parse, validate, repair once, else fall back.

Model output is never trusted: every reply is parsed defensively and checked by the same validators
as templates. A failing reply is regenerated once with the failures named; if it still fails, the
caller's deterministic template is used and labelled `template`, with the reason kept in `notes`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.drafting.validators import Check, Failure, check_echo
from app.core.language.wording import overlap
from app.core.llm.base import BaseMessage, ChatModel

SCHEMA: dict[str, Any] = {
    "title": "draft",
    "type": "object",
    "properties": {"subject": {"type": "string"}, "body": {"type": "string"}},
    "required": ["subject", "body"],
    "additionalProperties": False,
}
_GREETING = re.compile(r"(?i)^(?:hi|hello|hey|dear|good (?:morning|afternoon))\b[^\n]{0,60}[,!.]?\s*$")
_SIGNOFF = re.compile(
    r"(?i)^(?:best(?: wishes| regards)?|kind regards|regards|warm(?:est)? (?:wishes|regards)|thanks|thank you|"
    r"many thanks|cheers|all the best|speak soon|sincerely|yours(?: sincerely| truly)?)\s*[,!.]?\s*$"
)


@dataclass
class Attempt:
    """What the model path produced: the final pieces, its origin, and why it fell back (if it did)."""

    subject: str = ""
    text: str = ""
    body: str = ""
    origin: str = "template"
    failures: list[str] = field(default_factory=list)


def parse_reply(raw: str) -> tuple[str, str]:
    """(subject, body) from a JSON reply, a fenced JSON block, or plain text with an optional 'Subject:' line."""
    text = (raw or "").strip()
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text)
    match = re.search(r"\{.*\}", text, re.S)
    if match:
        try:
            data = json.loads(match.group(0))
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            return str(data.get("subject") or "").strip(), str(data.get("body") or "").strip()
    subject = ""
    m = re.match(r"(?i)\s*subject\s*:\s*(.+)\n", text)
    if m:
        subject, text = m.group(1).strip(), text[m.end() :]
    return subject, text.strip()


def tidy_body(body: str, names: Sequence[str]) -> str:
    """Drop a greeting line and trailing sign-off/name lines the model added (we add our own)."""
    lines = [line.rstrip() for line in body.replace("\r", "").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and _GREETING.match(lines[0].strip()):
        lines.pop(0)
    lowered = {n.lower() for n in names if n}
    while lines and (
        not lines[-1].strip()
        or _SIGNOFF.match(lines[-1].strip())
        or lines[-1].strip().lower().lstrip("-\u2013 ") in lowered
    ):
        lines.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def similar(a: str, b: str) -> float:
    """Share of distinct words two texts have in common (Jaccard)."""
    return overlap(a, b)


def generate_checked(
    model: ChatModel,
    build_messages: Callable[[str], list[BaseMessage]],
    finish: Callable[[str, str], tuple[str, str, str]],
    check: Check,
    *,
    max_tokens: int = 400,
    allowed: Sequence[str] = (),
) -> Attempt:
    """Ask once; on failure ask again with the failures named; return the passing draft or the failures.

    Besides `check`, a reply that repeats the prompt (instructions, library quotes, earlier feedback)
    rather than writing a message fails; `allowed` are the user's own words, which may be repeated.
    """
    feedback = ""
    failures: list[Failure] = []
    for origin in ("model", "repaired"):
        messages = build_messages(feedback)
        raw = model.complete(
            messages, max_tokens=max_tokens, temperature=0.7 if origin == "model" else 0.4, json_schema=SCHEMA
        )
        subject, body = parse_reply(raw)
        subject, text, body = finish(subject, body)
        failures = check(subject, text, body)
        echo = check_echo(f"{subject}\n{body}", [str(m.content) for m in messages], allowed)
        failures += [echo] if echo else []
        if not failures:
            return Attempt(subject, text, body, origin)
        feedback = "Your previous draft failed these checks. Write it again and fix every one:\n" + "\n".join(
            f"- {f.message}" for f in failures
        )
    return Attempt(failures=[f.name for f in failures])
