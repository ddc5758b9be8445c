"""Optional coaching prose from a generative model, validated against the checks or dropped.

The model only ever writes prose around results it is given; nothing it says is read back as a
check result. Prose that contradicts the checks, runs long or is empty is dropped, and the report
says why (`summary_origin` "none" with a note).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.coach.judges import CheckResult
from app.core.coach.registry import BY_ID
from app.core.errors import ModelError
from app.core.language import words
from app.core.llm.base import ChatModel
from app.core.prompts import load_prompt

MAX_WORDS = 120
MAX_CHARS = 900
_PROMPT = "coach_summary"

_NEGATIVE = re.compile(
    r"\b(?:not|never|no|didn't|did not|don't|forgot|missed|without|next time|could|should|try|lacked|lacking|"
    r"avoid|avoided|instead|yet|missing|consider|would help|work on)\b"
)
# Advice is phrased as an imperative ("ask about ...", "agree a next step"): it claims nothing was done.
_IMPERATIVE = re.compile(
    r"^\W*(?:(?:and|then|also|so|now|just)\s+)?(?:ask|agree|offer|give|describe|tell|keep|try|book|send|make|"
    r"share|listen|let|be|spend|find|aim|remember|say|close|name|hold|leave|focus|follow|use|plan|get|learn|"
    r"practise|practice|bring|start|set|explain|save)\b"
)
_CLAUSES = re.compile(r"[.!?;]+|,?\s\b(?:but|however|although|though|while|whereas)\b")
_ALL_PASSED = re.compile(
    r"\b(?:all|every|each) (?:(?:nine|ten|eleven|twelve|\d{1,2}|of the) )?(?:checks?|criteria|boxes|items)\b|\bperfect (?:score|1-2-1|meeting|"
    r"job|session)\b|\bflawless\b|\bnothing to improve\b|\bno improvements?\b|\bfull marks\b"
)
_NONE_PASSED = re.compile(r"\b(?:none|no checks?|zero) (?:of the checks )?(?:passed|were met|succeeded)\b")
_NUMBER_WORDS = {"nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUMBERS = re.compile(
    r"\b(\d{1,3})\s?(?:%|/\s?100|out of 100|points|percent)|\b(\d{1,2})\s?(?:/|out of|of)\s?(\d{1,2}|nine|ten|eleven|twelve)\b"
)
_META = re.compile(
    r"\b(?:as an ai|language model|system prompt|i cannot|i can't help|json|check id)\b|[{}\[\]]|_"
)


@dataclass(frozen=True)
class Summary:
    """The prose (or None), where it came from, why it is missing, and the prompt used."""

    text: str | None
    origin: str  # "model" | "none"
    note: str
    prompt_ref: str | None = None


def _results_block(checks: Sequence[CheckResult]) -> str:
    lines = []
    for c in checks:
        mark = "PASSED" if c.passed else "NOT DONE"
        lines.append(f"- {BY_ID[c.id].label}: {mark}. {c.reason}")
    return "\n".join(lines)


def problems(text: str, checks: Sequence[CheckResult], score: int) -> str | None:
    """Why the prose cannot be shown (None when it is fine)."""
    if not text.strip():
        return "it was empty"
    if len(words(text)) > MAX_WORDS or len(text) > MAX_CHARS:
        return "it was too long"
    low = text.lower().translate(str.maketrans("\u2019", "'"))
    if _META.search(low):
        return "it contained instructions, data or technical text rather than coaching"
    passed = sum(c.passed for c in checks)
    if passed < len(checks) and _ALL_PASSED.search(low):
        return "it claimed that every check was passed"
    if passed and _NONE_PASSED.search(low):
        return "it claimed that no check was passed"
    for m in _NUMBERS.finditer(low):
        if m.group(1) and int(m.group(1)) != score:
            return "it stated a different score"
        if m.group(2):
            total = m.group(3)
            of = int(total) if total.isdigit() else _NUMBER_WORDS[total]
            if of == len(checks) and int(m.group(2)) != passed:
                return "it stated a different score"
    by_id = {c.id: c for c in checks}
    for clause in _CLAUSES.split(low):
        negative = bool(_NEGATIVE.search(clause) or _IMPERATIVE.search(clause))
        for check_id in by_id:
            if not BY_ID[check_id].topic_pattern.search(clause):
                continue
            claims_done = not negative
            if check_id == "avoided_selling":
                claims_done = negative  # "you didn't pitch" claims the check passed
            if claims_done != by_id[check_id].passed:
                return f"it contradicted the check '{BY_ID[check_id].label}'"
    return None


def summarise(model: ChatModel | None, checks: Sequence[CheckResult], score: int) -> Summary:
    """Ask a generative model for 2-4 sentences of coaching around the fixed results, then validate them."""
    if model is None or not getattr(model, "generative", False):
        return Summary(None, "none", "No language model is in use, so the report has no written summary.")
    prompt = load_prompt(_PROMPT)
    passed = sum(c.passed for c in checks)
    messages = prompt.format(results=_results_block(checks), score=score, passed=passed, total=len(checks))
    try:
        text = model.complete(messages, max_tokens=220, temperature=0.3).strip()
    except ModelError as err:
        # The checks never depend on the model, so a failed call costs only the prose.
        return Summary(
            None,
            "none",
            f"The model could not write a summary ({err}); the checks do not depend on it.",
            prompt.ref,
        )
    reason = problems(text, checks, score)
    if reason:
        return Summary(None, "none", f"The model's summary was left out because {reason}.", prompt.ref)
    return Summary(
        text,
        "model",
        f"Written by {model.info.label}; the checks themselves are judged separately.",
        prompt.ref,
    )
