"""A switch that forbids real model calls, so a default test run can never reach a real model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from app.core.errors import ModelCallBlocked

_ENV = "COACH_BLOCK_MODEL_CALLS"
_override: bool | None = None


def model_calls_allowed() -> bool:
    """True unless COACH_BLOCK_MODEL_CALLS=1 is set (tests) and no test has allowed calls."""
    if _override is not None:
        return _override
    return os.environ.get(_ENV, "") not in ("1", "true", "yes")


def check_allowed(engine: str, endpoint: str) -> None:
    """Raise ModelCallBlocked when real model calls are forbidden."""
    if not model_calls_allowed():
        raise ModelCallBlocked(
            f"Real model calls are switched off ({_ENV}=1); the {engine} engine at {endpoint or 'in-process'} was not called.",
            endpoint=endpoint,
            cause="blocked",
        )


@contextmanager
def allow_model_requests(allowed: bool = True) -> Iterator[None]:
    """Temporarily allow (or forbid) real model calls, e.g. in a test that starts its own server."""
    global _override
    previous = _override
    _override = allowed
    try:
        yield
    finally:
        _override = previous
