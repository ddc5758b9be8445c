"""Fixtures for the model-seam tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from mockapi import BASE_URL, PLANTED_KEY, Recorder

from app.core.llm.openai_engine import OpenAIChatModel
from app.core.llm.retry import RetryPolicy


@pytest.fixture
def mock_model(allow_model_requests) -> Iterator[Callable[..., tuple[OpenAIChatModel, Recorder]]]:
    """Build an OpenAIChatModel whose HTTP goes to a handler; small, fast retry settings by default."""
    clients: list[httpx.Client] = []

    def make(
        handler: Callable[[httpx.Request, int], httpx.Response],
        *,
        attempts: int = 3,
        total_timeout: float = 10.0,
        base_delay: float = 0.01,
        max_delay: float = 0.05,
        request_timeout: float = 5.0,
        api_key: str = PLANTED_KEY,
    ) -> tuple[OpenAIChatModel, Recorder]:
        recorder = Recorder(handler)
        client = httpx.Client(transport=httpx.MockTransport(recorder))
        clients.append(client)
        model = OpenAIChatModel(
            "mock-model",
            base_url=BASE_URL,
            api_key=api_key,
            request_timeout=request_timeout,
            policy=RetryPolicy(
                attempts=attempts, total_timeout=total_timeout, base_delay=base_delay, max_delay=max_delay
            ),
            http_client=client,
        )
        return model, recorder

    yield make
    for c in clients:
        c.close()
