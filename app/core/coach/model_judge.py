"""A generative model as the coach's judge, with the classifier as the guard and the fallback.

The model judges each check against a JSON schema and quotes the user's own words. A verdict stands only
when its quote is found verbatim in one of the user's turns (and, for a pass, is not a selling move or a
rude line by the classifier's reading); otherwise, or when the model fails, that check keeps the
classifier's verdict, and the report says which judge decided each check.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from app.core.coach.conversation import Conversation
from app.core.coach.judges import CheckResult
from app.core.coach.registry import BY_ID
from app.core.errors import ModelError
from app.core.language import SELLING_ACTS, is_meta, normalise
from app.core.llm.base import ChatModel
from app.core.prompts import load_prompt

MODEL = "model"
# Counted, not judged: the share of words and the number of questions are arithmetic.
_NOT_FOR_MODEL = frozenset({"balanced_talk"})
# Checks that pass when nothing happened: their quote proves a failure, not a pass.
_QUOTE_PROVES_FAILURE = frozenset({"avoided_selling"})
MAX_QUOTE_CHARS = 600
MAX_REASON_CHARS = 240
MAX_TRANSCRIPT_CHARS = 24000


def judge_schema(ids: Sequence[str]) -> dict[str, Any]:
    """The JSON schema the model must fill: one verdict per check id."""
    return {
        "type": "object",
        "properties": {
            "checks": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "enum": list(ids)},
                        "passed": {"type": "boolean"},
                        "quote": {"type": "string"},
                        "reason": {"type": "string"},
                    },
                    "required": ["id", "passed", "quote", "reason"],
                    "additionalProperties": False,
                },
            }
        },
        "required": ["checks"],
        "additionalProperties": False,
    }


def _definitions(ids: Sequence[str]) -> str:
    lines = []
    for i in ids:
        c = BY_ID[i]
        lines.append(f"- {i}: {c.label}. Passed when: {c.strength} Not passed: {c.text('missed')}")
    return "\n".join(lines)


def _transcript(conv: Conversation) -> str:
    """The conversation for the judge, without any line aimed at the coach (those never reach a model)."""
    lines = []
    for i, t in enumerate(conv.turns):
        said = " ".join(s.text for s in conv.in_turn(i))
        if said:
            lines.append(f"{'USER' if t.speaker == 'user' else 'PARTNER'}: {said}")
    text = "\n".join(lines)
    return text[-MAX_TRANSCRIPT_CHARS:]


def find_quote(conv: Conversation, quote: str) -> int | None:
    """The index of the user turn that holds `quote` verbatim (quote style and spacing aside), or None."""
    q = normalise(quote)
    if not q or len(quote) > MAX_QUOTE_CHARS:
        return None
    for i, t in enumerate(conv.turns):
        said = " ".join(s.text for s in conv.in_turn(i))
        if t.speaker == "user" and q in normalise(said) and not is_meta(q):
            return i
    return None


def _verbatim(conv: Conversation, turn: int, quote: str) -> str:
    """The quote as it is written in the turn (the model may have straightened quotes or spaces)."""
    text = conv.turns[turn].text
    if quote in text:
        return quote
    norm = normalise(text)
    q = normalise(quote)
    # Map the normalised match back onto the original by walking both strings word by word.
    start = norm.find(q)
    words_before = len(norm[:start].split())
    n = len(q.split())
    pieces = text.split()
    return " ".join(pieces[words_before : words_before + n])


def _guard_rejects(conv: Conversation, turn: int, quote: str, passed: bool, check_id: str) -> str | None:
    """Why the classifier will not let a verdict stand (None when it may)."""
    if not passed or check_id in _QUOTE_PROVES_FAILURE:
        return None
    q = normalise(quote)
    quoted = [s.unit for s in conv.in_turn(turn) if s.unit.norm in q or q in s.unit.norm]
    if any(u.act in SELLING_ACTS for u in quoted):
        return "the quoted words are a sales move"
    if BY_ID[check_id].rude_vetoes and any(u.rude for u in quoted):
        return "the quoted words were said rudely"
    return None


def _check_verdict(conv: Conversation, item: dict[str, Any]) -> tuple[CheckResult | None, str]:
    """A verified model verdict, or None and why it was not accepted."""
    cid = item.get("id")
    passed, quote, reason = item.get("passed"), item.get("quote", ""), item.get("reason", "")
    if not isinstance(passed, bool) or not isinstance(quote, str) or not isinstance(reason, str):
        return None, "its answer was incomplete"
    reason = " ".join(reason.split())[:MAX_REASON_CHARS] or ("Done." if passed else "Not done.")
    needs_quote = passed != (cid in _QUOTE_PROVES_FAILURE)
    if not needs_quote:
        return CheckResult(str(cid), passed, None, reason, None, MODEL), ""
    turn = find_quote(conv, quote)
    if turn is None:
        return None, "its quote was not found in your messages"
    why = _guard_rejects(conv, turn, quote, passed, str(cid))
    if why:
        return None, why
    return CheckResult(str(cid), passed, _verbatim(conv, turn, quote), reason, turn, MODEL), ""


def judge_with_model(
    model: ChatModel, conv: Conversation, fallback: Sequence[CheckResult]
) -> tuple[list[CheckResult], str]:
    """The model's verified verdicts, each check falling back to the classifier's; plus a note for the report."""
    ids = [c.id for c in fallback if c.id not in _NOT_FOR_MODEL]
    prompt = load_prompt("coach_judge")
    messages = prompt.format(checks=_definitions(ids), transcript=_transcript(conv))
    try:
        raw = model.complete(messages, json_schema=judge_schema(ids), max_tokens=1500, temperature=0.0)
    except ModelError as err:
        return list(
            fallback
        ), f"The model could not judge this conversation ({err}); the built-in coach decided every check."
    try:
        data = json.loads(raw.strip().removeprefix("```json").removeprefix("```").removesuffix("```"))
        items = data["checks"] if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return list(
            fallback
        ), "The model's verdicts were not valid JSON; the built-in coach decided every check."
    by_model: dict[str, tuple[CheckResult | None, str]] = {}
    for item in items:
        if isinstance(item, dict) and item.get("id") in ids and item["id"] not in by_model:
            by_model[item["id"]] = _check_verdict(conv, item)
    out, kept, dropped = [], 0, []
    for c in fallback:
        verdict, why = by_model.get(c.id, (None, "it gave no verdict"))
        if verdict is not None:
            out.append(verdict)
            kept += 1
        else:
            out.append(c)
            if c.id not in _NOT_FOR_MODEL:
                dropped.append(f"{BY_ID[c.id].label.lower()} ({why})")
    note = f"{model.info.label} judged {kept} of {len(ids)} checks"
    if dropped:
        note += "; the built-in coach decided " + "; ".join(dropped)
    return out, note + ". The conversation balance is always counted, not judged."
