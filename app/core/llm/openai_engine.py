"""The `openai` engine: the official SDK against any OpenAI-compatible endpoint, retried with tenacity."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

import httpx
import openai
from tenacity import RetryError, Retrying, retry_if_exception, stop_after_attempt, stop_before_delay

from app.core.errors import ModelError
from app.core.llm.base import BaseMessage, EngineInfo, to_openai
from app.core.llm.guard import check_allowed
from app.core.llm.retry import RetryPolicy, StreamIncomplete, describe, is_retryable, make_wait

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# An attempt started just before the deadline still gets this long, or it could never succeed.
MIN_ATTEMPT_TIMEOUT = 0.5


class OpenAIChatModel:
    """Chat completions over any OpenAI-compatible server (OpenAI, Ollama, LM Studio, vLLM, llama.cpp)."""

    generative = True

    def __init__(
        self,
        model: str,
        *,
        base_url: str = "",
        api_key: str = "",
        request_timeout: float = 60.0,
        policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ):
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.request_timeout = request_timeout
        self.info = EngineInfo(engine="openai", model=model, endpoint=self.base_url)
        self.policy = policy or RetryPolicy()
        # Local servers ignore the key but the SDK insists on one; the SDK's own retries are off so
        # that tenacity alone decides (stacked retries would multiply the waiting time).
        self._client = openai.OpenAI(
            api_key=api_key or "no-key",
            base_url=self.base_url,
            max_retries=0,
            timeout=httpx.Timeout(request_timeout, connect=min(10.0, request_timeout)),
            http_client=http_client,
        )

    # -- public -------------------------------------------------------------------------------
    def complete(
        self,
        messages: Sequence[BaseMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.7,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> str:
        """Return the whole reply; the entire call is retried since nothing reached the user yet."""
        kwargs = self._kwargs(messages, max_tokens, temperature, stop, json_schema)

        def once(deadline: float) -> str:
            try:
                return "".join(self._stream_once(kwargs, deadline))
            except openai.APIStatusError as exc:
                if json_schema is None or not _rejects_json_schema(exc, kwargs):
                    raise
                # llama-cpp-python's server only accepts the older {"type": "json_object", "schema": ...}
                # form (and answers the standard one with an HTTP 500): ask again in that form, once.
                kwargs["response_format"] = {"type": "json_object", "schema": json_schema}
                return "".join(self._stream_once(kwargs, deadline))

        return self._retrying(once)

    def stream(
        self,
        messages: Sequence[BaseMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.7,
        stop: Sequence[str] | None = None,
    ) -> Iterator[str]:
        """Yield the reply as it arrives; retries happen only before the first token is yielded."""
        kwargs = self._kwargs(messages, max_tokens, temperature, stop, None)
        pieces = self._retrying(lambda deadline: self._first_piece(kwargs, deadline))
        first, rest = pieces
        if first:
            yield first
        try:
            yield from rest
        except Exception as exc:  # after the first token a retry would duplicate text: fail clearly
            raise self._error(exc, attempts=1) from None

    # -- internals ----------------------------------------------------------------------------
    def _kwargs(self, messages, max_tokens, temperature, stop, json_schema) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.info.model,
            "messages": to_openai(messages),
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        if stop:
            kwargs["stop"] = list(stop)
        if json_schema is not None:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": json_schema.get("title", "reply"), "schema": json_schema},
            }
        return kwargs

    def _attempt_timeout(self, deadline: float) -> httpx.Timeout:
        """This attempt's timeout: never longer than what is left of the total budget."""
        # Without this cap a hanging server costs a full request_timeout per attempt, so the
        # last attempt could overrun total_timeout by up to one whole request_timeout.
        left = max(MIN_ATTEMPT_TIMEOUT, deadline - time.monotonic())
        timeout = min(self.request_timeout, left)
        return httpx.Timeout(timeout, connect=min(10.0, timeout))

    def _stream_once(self, kwargs: dict[str, Any], deadline: float) -> Iterator[str]:
        """One streamed request; raises StreamIncomplete when it ends without a finish reason."""
        check_allowed("openai", self.base_url)
        finished = False
        timeout = self._attempt_timeout(deadline)
        with self._client.chat.completions.create(**kwargs, timeout=timeout) as events:
            for event in events:
                for choice in event.choices or []:
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        yield delta
                    if choice.finish_reason:
                        finished = True
        if not finished:
            raise StreamIncomplete()

    def _first_piece(self, kwargs: dict[str, Any], deadline: float) -> tuple[str, Iterator[str]]:
        """Open the stream and wait for its first non-empty piece (or its clean end)."""
        it = self._stream_once(kwargs, deadline)
        for piece in it:
            return piece, it
        return "", iter(())

    def _retrying(self, fn):
        policy = self.policy
        started = time.monotonic()
        deadline = started + policy.total_timeout
        retrying = Retrying(
            # stop_before_delay also stops when the next wait would cross the total budget.
            stop=stop_after_attempt(policy.attempts) | stop_before_delay(policy.total_timeout),
            wait=make_wait(policy),
            retry=retry_if_exception(is_retryable),
            reraise=False,
            # Never sleep past the total budget: a Retry-After of an hour must not hang the app.
            sleep=lambda s: time.sleep(max(0.0, min(s, policy.total_timeout - (time.monotonic() - started)))),
        )
        try:
            return retrying(fn, deadline)
        except RetryError as err:
            exc = err.last_attempt.exception()
            raise self._error(exc, attempts=err.last_attempt.attempt_number) from None
        except ModelError:
            raise
        except Exception as exc:
            raise self._error(exc, attempts=1) from None

    def _error(self, exc: BaseException | None, attempts: int) -> ModelError:
        cause = describe(exc) if exc else "unknown error"
        tries = f" after {attempts} attempt{'s' if attempts != 1 else ''}" if attempts > 1 else ""
        return ModelError(
            f"The model endpoint {self.base_url} failed{tries}: {cause}.",
            endpoint=self.base_url,
            cause=cause,
            attempts=attempts,
        )


def _rejects_json_schema(exc: openai.APIStatusError, kwargs: dict[str, Any]) -> bool:
    """True when a server refused the standard `json_schema` response_format it does not know."""
    fmt = kwargs.get("response_format") or {}
    if fmt.get("type") != "json_schema" or exc.status_code not in (400, 422, 500):
        return False
    text = f"{exc.message} {exc.body}"
    return "response_format" in text and "json_schema" in text
