"""Test doubles at the model seam: a scripted queue of replies and a model driven by a function."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.llm.base import BaseMessage, EngineInfo

Reply = str | BaseException | Callable[[Sequence[BaseMessage]], str]


@dataclass
class Call:
    """One recorded call: the messages sent and the keyword arguments."""

    messages: list[BaseMessage]
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All message contents joined, for easy assertions."""
        return "\n".join(str(m.content) for m in self.messages)


class FakeChatModel:
    """Replies from a queue (strings, exceptions to raise, or functions of the messages); records history."""

    generative = True

    def __init__(
        self, replies: Sequence[Reply] = (), *, default: Reply | None = None, model: str = "scripted"
    ):
        self.info = EngineInfo(engine="fake", model=model)
        self._queue: list[Reply] = list(replies)
        self._default = default
        self.history: list[Call] = []

    def enqueue(self, *replies: Reply) -> None:
        """Add replies to the end of the queue."""
        self._queue.extend(replies)

    def _next(self, messages: Sequence[BaseMessage], kwargs: dict[str, Any]) -> str:
        self.history.append(Call(list(messages), kwargs))
        if self._queue:
            reply = self._queue.pop(0)
        elif self._default is not None:
            reply = self._default
        else:
            raise AssertionError("FakeChatModel: no reply queued")
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            return reply(messages)
        return reply

    def complete(self, messages: Sequence[BaseMessage], **kwargs: Any) -> str:
        """Return the next scripted reply."""
        return self._next(messages, kwargs)

    def stream(self, messages: Sequence[BaseMessage], **kwargs: Any) -> Iterator[str]:
        """Yield the next scripted reply word by word."""
        text = self._next(messages, kwargs)
        for i, word in enumerate(text.split(" ")):
            yield word if i == 0 else " " + word


class FunctionModel(FakeChatModel):
    """A fake whose every reply is computed by `fn(messages)` - e.g. one that obeys injected instructions."""

    def __init__(self, fn: Callable[[Sequence[BaseMessage]], str], model: str = "function"):
        super().__init__(default=fn, model=model)
