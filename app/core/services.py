"""The shared services one process needs (settings, database, model, knowledge), built lazily.

Importing this module is cheap: the model seam (langchain-core) and the knowledge index (chromadb,
onnxruntime) are imported only when a command or page first asks for them.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.core.config import Settings
from app.core.store import Store

if TYPE_CHECKING:
    from app.core.knowledge.index import KnowledgeBase
    from app.core.llm import ChatModel


class Services:
    """Everything a command or a page works with; nothing heavy is created until first used."""

    def __init__(self, settings: Settings, *, model: ChatModel | None = None):
        self.settings = settings
        if model is not None:
            self.__dict__["model"] = model  # tests inject a fake model here

    @cached_property
    def store(self) -> Store:
        """The SQLite database in the data dir."""
        return Store(self.settings.data_dir)

    @cached_property
    def model(self) -> ChatModel:
        """The chat model of the configured engine (no weights are loaded until the first call)."""
        from app.core.llm import get_chat_model

        return get_chat_model(self.settings)

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge library and its Chroma index (the built-in library is indexed on first use)."""
        from app.core.knowledge.index import KnowledgeBase

        return KnowledgeBase(self.settings)
