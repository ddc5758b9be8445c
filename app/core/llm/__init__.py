"""The model seam: `get_chat_model(settings)` returns the engine the settings choose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.llm.base import AIMessage, BaseMessage, ChatModel, EngineInfo, HumanMessage, SystemMessage
from app.core.llm.fake import FakeChatModel, FunctionModel
from app.core.llm.guard import allow_model_requests, model_calls_allowed
from app.core.llm.offline import OfflineModel

if TYPE_CHECKING:
    import httpx

    from app.core.config import Settings

__all__ = [
    "AIMessage",
    "BaseMessage",
    "ChatModel",
    "EngineInfo",
    "FakeChatModel",
    "FunctionModel",
    "HumanMessage",
    "OfflineModel",
    "SystemMessage",
    "allow_model_requests",
    "get_chat_model",
    "model_calls_allowed",
]


def get_chat_model(settings: Settings, *, http_client: httpx.Client | None = None) -> ChatModel:
    """Build the engine chosen by the settings (nothing heavy is loaded until the first call)."""
    if settings.engine == "openai":
        from app.core.llm.openai_engine import OpenAIChatModel
        from app.core.llm.retry import RetryPolicy

        return OpenAIChatModel(
            settings.effective_model,
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key.get(),
            request_timeout=settings.request_timeout,
            policy=RetryPolicy(attempts=settings.max_retries + 1, total_timeout=settings.total_timeout),
            http_client=http_client,
        )
    if settings.engine == "local":
        from app.core.llm.local_engine import LocalChatModel

        return LocalChatModel(settings.local_model, threads=settings.local_threads)
    return OfflineModel()
