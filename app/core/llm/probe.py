"""The "test connection" check used by the Settings page and `coach engine test`."""

from __future__ import annotations

import time
from typing import Any

from app.core.errors import CoachError
from app.core.llm.base import ChatModel
from app.core.prompts import load_prompt


def test_connection(model: ChatModel) -> dict[str, Any]:
    """Send one tiny request; return {ok, message, seconds, reply} and never raise for engine faults."""
    if not model.generative:
        return {
            "ok": True,
            "message": "Offline engine: no model to call; built-in scripts answer.",
            "seconds": 0.0,
            "reply": "",
        }
    prompt = load_prompt("connection_test")
    started = time.monotonic()
    try:
        reply = model.complete(prompt.format(), max_tokens=24, temperature=0.0).strip()
    except CoachError as err:
        return {
            "ok": False,
            "message": str(err),
            "seconds": round(time.monotonic() - started, 2),
            "reply": "",
        }
    seconds = round(time.monotonic() - started, 2)
    if not reply:
        return {
            "ok": False,
            "message": f"{model.info.label} answered with an empty reply.",
            "seconds": seconds,
            "reply": "",
        }
    return {
        "ok": True,
        "message": f"{model.info.label} answered in {seconds:.2f} s.",
        "seconds": seconds,
        "reply": reply[:200],
    }
