"""Builders of OpenAI-style HTTP responses for tests that drive the real SDK through httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

BASE_URL = "http://mock.invalid/v1"
PLANTED_KEY = "sk-planted-3f9c1e7a5b2d4c6e8f0a"


def sse(*events: dict[str, Any] | str) -> bytes:
    """Encode events as a text/event-stream body (strings are sent verbatim as data, e.g. '[DONE]')."""
    lines = [f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n" for e in events]
    return "".join(lines).encode()


def chunk(content: str | None = None, finish: str | None = None, role: str | None = None) -> dict[str, Any]:
    """One chat.completion.chunk event."""
    delta: dict[str, Any] = {}
    if role:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    return {
        "id": "chatcmpl-mock",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "mock-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def reply_events(pieces: list[str], *, finish: bool = True, done: bool = True) -> list[dict[str, Any] | str]:
    """The events of a streamed reply made of `pieces`, optionally without its ending."""
    events: list[dict[str, Any] | str] = [chunk("", role="assistant")] + [chunk(p) for p in pieces]
    if finish:
        events.append(chunk(finish="stop"))
    if done:
        events.append("[DONE]")
    return events


def stream_response(pieces: list[str], *, finish: bool = True, done: bool = True) -> httpx.Response:
    """A 200 SSE response carrying `pieces`."""
    body = sse(*reply_events(pieces, finish=finish, done=done))
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)


def error_response(
    status: int, headers: dict[str, str] | None = None, message: str = "injected"
) -> httpx.Response:
    """An OpenAI-style JSON error response."""
    return httpx.Response(status, headers=headers, json={"error": {"message": message, "type": "test"}})


class Recorder:
    """Wraps a handler: counts requests and keeps their JSON bodies and headers."""

    def __init__(self, handler: Callable[[httpx.Request, int], httpx.Response]):
        self.handler = handler
        self.requests: list[httpx.Request] = []
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(json.loads(request.content or b"{}"))
        return self.handler(request, len(self.requests))

    @property
    def count(self) -> int:
        """Requests seen so far."""
        return len(self.requests)


def sequence(*responses: httpx.Response | BaseException | Callable[[httpx.Request], httpx.Response]):
    """A handler answering request N with responses[N-1] (the last one repeats); exceptions are raised."""

    def handler(request: httpx.Request, n: int) -> httpx.Response:
        item = responses[min(n, len(responses)) - 1]
        if isinstance(item, BaseException):
            raise item
        if callable(item):
            return item(request)
        # A Response can be read only once: hand out a fresh copy each time.
        return httpx.Response(item.status_code, headers=item.headers, content=item.content)

    return handler
