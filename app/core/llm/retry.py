"""Which failures are worth retrying, and how long to wait: shared by every networked engine."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import openai
from tenacity import RetryCallState


class StreamIncomplete(Exception):
    """The server closed a stream without a finish reason: a fault, never a short answer."""


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries: at most `attempts` tries and `total_timeout` seconds in all."""

    attempts: int = 4
    total_timeout: float = 180.0
    base_delay: float = 0.5
    max_delay: float = 8.0


def is_retryable(exc: BaseException) -> bool:
    """Connection errors, timeouts, 429, 5xx, malformed or cut-off responses are retried; 4xx are not."""
    if isinstance(exc, openai.APIConnectionError | StreamIncomplete | json.JSONDecodeError):
        return True  # APITimeoutError is a subclass of APIConnectionError
    if isinstance(exc, openai.APIResponseValidationError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException) -> float | None:
    """The server's Retry-After (seconds or retry-after-ms) on a 429/503, if it sent one."""
    response = getattr(exc, "response", None)
    if response is None:
        return None
    headers = response.headers
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(raw).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def make_wait(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    """A tenacity wait function: honour Retry-After, else exponential backoff with jitter."""

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = retry_after_seconds(exc) if exc else None
        if hinted is not None:
            return hinted
        delay = min(policy.max_delay, policy.base_delay * 2.0 ** (state.attempt_number - 1))
        return delay * (0.5 + random.random() / 2)

    return wait


def describe(exc: BaseException) -> str:
    """A short cause for the user, without secrets (never the request or its headers)."""
    if isinstance(exc, openai.APITimeoutError):
        return "the request timed out"
    if isinstance(exc, openai.APIConnectionError):
        if _caused_by(exc, "ConnectError", "ConnectTimeout"):
            return "could not connect (is the server running and the address right?)"
        # The connection was made, then dropped (reset, closed mid-body): a different fix for the user.
        return "the connection was dropped before the reply finished"
    if isinstance(exc, StreamIncomplete):
        return "the reply stream was cut off before it finished"
    if isinstance(exc, json.JSONDecodeError | openai.APIResponseValidationError):
        return "the server sent a malformed response"
    if isinstance(exc, openai.AuthenticationError):
        return "the API key was rejected (HTTP 401)"
    if isinstance(exc, openai.PermissionDeniedError):
        return "access was denied (HTTP 403)"
    if isinstance(exc, openai.NotFoundError):
        return "the model or address was not found (HTTP 404)"
    if isinstance(exc, openai.RateLimitError):
        return "the server is rate limiting requests (HTTP 429)"
    if isinstance(exc, openai.APIStatusError):
        return f"the server answered with HTTP {exc.status_code}"
    if isinstance(exc, openai.APIError):  # e.g. an {"error": ...} event inside a stream
        return "the server reported an error in its reply"
    return type(exc).__name__


def _caused_by(exc: BaseException, *names: str) -> bool:
    """True when the transport error under an SDK error is one of `names` (httpx or httpx2 alike)."""
    cause = exc.__cause__
    return cause is not None and any(c.__name__ in names for c in type(cause).__mro__)
