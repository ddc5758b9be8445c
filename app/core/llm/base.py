"""The one seam every feature uses to talk to a language model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

if TYPE_CHECKING:  # the SDK's message types only; importing openai here would slow every start-up
    from openai.types.chat import ChatCompletionMessageParam

__all__ = [
    "AIMessage",
    "BaseMessage",
    "ChatModel",
    "EngineInfo",
    "HumanMessage",
    "SystemMessage",
    "to_openai",
]


@dataclass(frozen=True)
class EngineInfo:
    """Which engine and model answer, shown to the user next to every generated result."""

    engine: str  # "offline" | "local" | "openai" | "fake"
    model: str
    endpoint: str = ""

    @property
    def label(self) -> str:
        """Human label such as 'openai · gpt-4o-mini @ http://127.0.0.1:11434/v1'."""
        if self.engine == "offline":
            return "offline · no language model (built-in scripts and templates)"
        where = f" @ {self.endpoint}" if self.endpoint else ""
        return f"{self.engine} · {self.model}{where}"

    @property
    def demo_grade(self) -> bool:
        """True for the tiny bundled model whose output is only good enough to demonstrate."""
        return self.engine == "local" and "smollm2-135m" in self.model.lower()


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: streaming and non-streaming, with optional JSON-schema constrained output."""

    info: EngineInfo
    #: False for the offline engine: features must take their deterministic path.
    generative: bool

    def complete(
        self,
        messages: Sequence[BaseMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.7,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> str:
        """Return the whole reply (raises ModelError when the engine fails for good)."""
        ...

    def stream(
        self,
        messages: Sequence[BaseMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.7,
        stop: Sequence[str] | None = None,
    ) -> Iterator[str]:
        """Yield the reply piece by piece (raises ModelError when the engine fails for good)."""
        ...


def to_openai(messages: Sequence[BaseMessage]) -> list[ChatCompletionMessageParam]:
    """Convert langchain-core messages into OpenAI chat-format dicts."""
    out: list[ChatCompletionMessageParam] = []
    for m in messages:
        content = str(m.content)
        if m.type == "system":
            out.append({"role": "system", "content": content})
        elif m.type == "human":
            out.append({"role": "user", "content": content})
        elif m.type == "ai":
            out.append({"role": "assistant", "content": content})
        else:
            raise ValueError(f"unsupported message type {m.type!r}")
    return out
