"""The shared services one process needs (settings, database, model, knowledge), built lazily.

Importing this module is cheap: the model seam (langchain-core) and the knowledge index (chromadb,
onnxruntime) are imported only when a command or page first asks for them.
"""

from __future__ import annotations

import logging
import threading
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
        # Pages run in several threads and the warm-up in another: one knowledge base for all of them.
        self._knowledge_lock = threading.Lock()
        self._warm: threading.Thread | None = None

    @cached_property
    def store(self) -> Store:
        """The SQLite database in the data dir."""
        return Store(self.settings.data_dir)

    @cached_property
    def model(self) -> ChatModel:
        """The chat model of the configured engine (no weights are loaded until the first call)."""
        from app.core.llm import get_chat_model

        return get_chat_model(self.settings)

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge library and its Chroma index (the built-in library is indexed on first use)."""
        with self._knowledge_lock:
            if "knowledge" not in self.__dict__:  # tests may have put their own here
                from app.core.knowledge.index import KnowledgeBase

                self.__dict__["knowledge"] = KnowledgeBase(self.settings)
            kb: KnowledgeBase = self.__dict__["knowledge"]
            return kb

    def prewarm_knowledge(self) -> threading.Thread:
        """Open the index, load the embedding model and bring the library up to date in the background.

        Call it when the app starts: by the time a user ends their first rehearsal the coach's
        citations are a search away. Started once per Services; a failure is only logged here,
        since the first real use opens the library again and reports the problem to the user.
        """
        with self._knowledge_lock:
            if self._warm is None:
                self._warm = threading.Thread(
                    target=self._warm_knowledge, name="coach-knowledge-warmup", daemon=True
                )
                self._warm.start()
            return self._warm

    def _warm_knowledge(self) -> None:
        try:
            kb = self.knowledge
            kb.ensure_library()
            kb.search("how do I ask for a 1-2-1", k=1)  # loads the model and builds the keyword index
        except Exception:  # only a warm-up (see prewarm_knowledge)
            logging.getLogger("coach").warning("Warming up the knowledge library failed", exc_info=True)
