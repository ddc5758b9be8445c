"""The offline engine: no language model. Features see `generative = False` and use their scripts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from app.core.errors import ModelError
from app.core.llm.base import BaseMessage, EngineInfo


class OfflineModel:
    """Stands in for a model when none is configured; any call is a programming error."""

    generative = False

    def __init__(self) -> None:
        self.info = EngineInfo(engine="offline", model="none")

    def complete(self, messages: Sequence[BaseMessage], **_: Any) -> str:
        """Refuse: callers must check `generative` first."""
        raise ModelError("The offline engine has no language model; the built-in path should have been used.")

    def stream(self, messages: Sequence[BaseMessage], **_: Any) -> Iterator[str]:
        """Refuse: callers must check `generative` first."""
        raise ModelError("The offline engine has no language model; the built-in path should have been used.")
