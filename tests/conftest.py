"""Shared fixtures. Every test runs on the offline engine with real model calls switched off and
its own data dir, so nothing touches the user's data or a real model unless a test says so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Set before any app module reads them.
os.environ["COACH_BLOCK_MODEL_CALLS"] = "1"
for _name in (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "COACH_ENGINE",
    "COACH_MODEL",
    "COACH_LOCAL_MODEL",
    "CHROMA_HOST",
    "CHROMA_PORT",
    "COACH_EMBEDDING",
):
    os.environ.pop(_name, None)


REAL_INDEX_MARKERS = ("minilm", "chroma")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Workers for `-n auto` (scripts/test): two for the quick run, whose tests mostly wait on
    subprocesses, sockets and timeouts; none (one process) when slow tests run, because the browser
    and server tests time real pages and processes and must not compete for the two cores."""
    return 2 if "not slow" in (config.option.markexpr or "") else 0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of the real embedding model or Chroma are slow ones: the quick run (-m "not slow") uses fakes."""
    for item in items:
        if any(item.get_closest_marker(name) for name in REAL_INDEX_MARKERS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every test its own default data dir and an empty secrets/home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data dir for one test."""
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def settings(data_dir: Path):
    """Offline settings rooted in a fresh data dir."""
    from app.core.config import load_settings

    return load_settings(cli={"data_dir": str(data_dir)}, env={}, secrets={}, saved={})


@pytest.fixture
def fake_model():
    """A scripted model: enqueue replies, inspect `.history`."""
    from app.core.llm import FakeChatModel

    return FakeChatModel()


@pytest.fixture
def allow_model_requests():
    """Allow real model calls for one test (it must start its own loopback server or local model)."""
    from app.core.llm.guard import allow_model_requests as allow

    with allow():
        yield


@pytest.fixture(scope="session")
def shared_kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose built-in library index is built once per test run and reused read-only."""
    return tmp_path_factory.mktemp("shared-kb")


@pytest.fixture(scope="session")
def library_kb(shared_kb_dir: Path):
    """The built-in library indexed once per run with the real MiniLM and Chroma (its vectors are shipped,
    so building it embeds nothing); tests must not ingest into it: use their own KB."""
    from app.core.config import load_settings
    from app.core.knowledge.index import KnowledgeBase

    kb = KnowledgeBase(load_settings(cli={"data_dir": str(shared_kb_dir)}, env={}, secrets={}, saved={}))
    kb.ensure_library()
    return kb
