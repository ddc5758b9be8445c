"""The `openai` engine: the official SDK against any OpenAI-compatible endpoint, retried with tenacity."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import openai
from tenacity import RetryError, Retrying, retry_if_exception, stop_after_attempt, stop_before_delay

from app.core.errors import ModelError
from app.core.llm.base import BaseMessage, EngineInfo, to_openai
from app.core.llm.guard import check_allowed
from app.core.llm.retry import RetryPolicy, StreamIncomplete, describe, is_retryable, make_wait

if TYPE_CHECKING:
    import httpx
    from openai.types.chat import ChatCompletionMessageParam

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# An attempt started just before the deadline still gets this long, or it could never succeed.
MIN_ATTEMPT_TIMEOUT = 0.5


@dataclass
class _Request:
    """One chat request; `extra` holds the optional body fields, sent only when set."""

    messages: list[ChatCompletionMessageParam]
    max_tokens: int
    temperature: float
    # stop and response_format go in the SDK's extra_body: absent means absent in every SDK version, and
    # llama-cpp-python's older {"type": "json_object", "schema": ...} form is not in the SDK's types.
    extra: dict[str, Any] = field(default_factory=dict)


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
            timeout=openai.Timeout(request_timeout, connect=min(10.0, request_timeout)),
            # The SDK accepts an httpx.Client (tests pass one with a MockTransport) as well as its own
            # httpx2.Client at run time, but annotates only the latter.
            http_client=http_client,  # type: ignore[arg-type]
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
        request = _request(messages, max_tokens, temperature, stop, json_schema)

        def once(deadline: float) -> str:
            try:
                return "".join(self._stream_once(request, deadline))
            except openai.APIStatusError as exc:
                if json_schema is None or not _rejects_json_schema(exc, request.extra):
                    raise
                # llama-cpp-python's server only accepts the older {"type": "json_object", "schema": ...}
                # form (and answers the standard one with an HTTP 500): ask again in that form, once.
                request.extra["response_format"] = {"type": "json_object", "schema": json_schema}
                return "".join(self._stream_once(request, deadline))

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
        request = _request(messages, max_tokens, temperature, stop, None)
        pieces = self._retrying(lambda deadline: self._first_piece(request, deadline))
        first, rest = pieces
        if first:
            yield first
        try:
            yield from rest
        except Exception as exc:  # after the first token a retry would duplicate text: fail clearly
            raise self._error(exc, attempts=1) from None

    # -- internals ----------------------------------------------------------------------------
    def _attempt_timeout(self, deadline: float) -> openai.Timeout:
        """This attempt's timeout: never longer than what is left of the total budget."""
        # Without this cap a hanging server costs a full request_timeout per attempt, so the
        # last attempt could overrun total_timeout by up to one whole request_timeout.
        left = max(MIN_ATTEMPT_TIMEOUT, deadline - time.monotonic())
        timeout = min(self.request_timeout, left)
        return openai.Timeout(timeout, connect=min(10.0, timeout))

    def _stream_once(self, request: _Request, deadline: float) -> Iterator[str]:
        """One streamed request; raises StreamIncomplete when it ends without a finish reason."""
        check_allowed("openai", self.base_url)
        finished = False
        timeout = self._attempt_timeout(deadline)
        events_stream = self._client.chat.completions.create(
            model=self.info.model,
            messages=request.messages,
            max_tokens=request.max_tokens,
            temperature=request.temperature,
            stream=True,
            extra_body=dict(request.extra) or None,
            timeout=timeout,
        )
        with events_stream as events:
            for event in events:
                for choice in event.choices or []:
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        yield delta
                    if choice.finish_reason:
                        finished = True
        if not finished:
            raise StreamIncomplete()

    def _first_piece(self, request: _Request, deadline: float) -> tuple[str, Iterator[str]]:
        """Open the stream and wait for its first non-empty piece (or its clean end)."""
        it = self._stream_once(request, deadline)
        for piece in it:
            return piece, it
        return "", iter(())

    def _retrying(self, fn: Callable[[float], T]) -> T:
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


def _request(
    messages: Sequence[BaseMessage],
    max_tokens: int,
    temperature: float,
    stop: Sequence[str] | None,
    json_schema: dict[str, Any] | None,
) -> _Request:
    """The request for these messages, with stop sequences and the standard JSON-schema format when given."""
    request = _Request(to_openai(messages), max_tokens, temperature)
    if stop:
        request.extra["stop"] = list(stop)
    if json_schema is not None:
        request.extra["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": json_schema.get("title", "reply"), "schema": json_schema},
        }
    return request


def _rejects_json_schema(exc: openai.APIStatusError, extra: dict[str, Any]) -> bool:
    """True when a server refused the standard `json_schema` response_format it does not know."""
    fmt = extra.get("response_format") or {}
    if fmt.get("type") != "json_schema" or exc.status_code not in (400, 422, 500):
        return False
    text = f"{exc.message} {exc.body}"
    return "response_format" in text and "json_schema" in text
