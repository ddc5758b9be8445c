"""The seam itself: fakes, the offline engine, engine labels, the call guard and the connection test."""

from __future__ import annotations

import httpx
import pytest
from mockapi import PLANTED_KEY, sequence, stream_response

from app.core.config import Secret, load_settings
from app.core.errors import ConfigError, ModelCallBlocked, ModelError
from app.core.llm import (
    AIMessage,
    ChatModel,
    EngineInfo,
    FakeChatModel,
    FunctionModel,
    HumanMessage,
    OfflineModel,
    SystemMessage,
    allow_model_requests,
    get_chat_model,
    model_calls_allowed,
)
from app.core.llm.base import to_openai
from app.core.llm.openai_engine import OpenAIChatModel
from app.core.llm.probe import test_connection as probe_connection
from app.core.prompts import load_prompt

MESSAGES = [SystemMessage("sys"), HumanMessage("hello")]


# -- fakes --------------------------------------------------------------------------------------
def test_fake_replies_in_order_and_records_history():
    fake = FakeChatModel(["first", "second"])
    assert fake.complete(MESSAGES, max_tokens=10) == "first"
    assert "".join(fake.stream(MESSAGES)) == "second"
    assert len(fake.history) == 2
    assert fake.history[0].kwargs == {"max_tokens": 10}
    assert fake.history[0].text == "sys\nhello"
    assert fake.history[1].messages == MESSAGES


def test_fake_stream_splits_into_several_pieces_that_join_back():
    fake = FakeChatModel(["one two three"])
    pieces = list(fake.stream(MESSAGES))
    assert pieces == ["one", " two", " three"]


def test_fake_raises_queued_exceptions_and_calls_functions():
    boom = ModelError("down", endpoint="x", cause="y")
    fake = FakeChatModel([boom, lambda msgs: f"{len(msgs)} messages"])
    with pytest.raises(ModelError):
        fake.complete(MESSAGES)
    assert fake.complete(MESSAGES) == "2 messages"


def test_fake_enqueue_default_and_empty_queue():
    fake = FakeChatModel()
    fake.enqueue("a")
    assert fake.complete(MESSAGES) == "a"
    with pytest.raises(AssertionError, match="no reply queued"):
        fake.complete(MESSAGES)
    with_default = FakeChatModel(default="same")
    assert [with_default.complete(MESSAGES) for _ in range(3)] == ["same"] * 3


def test_function_model_computes_each_reply():
    model = FunctionModel(lambda msgs: str(msgs[-1].content).upper())
    assert model.complete([HumanMessage("shout")]) == "SHOUT"
    assert model.complete([HumanMessage("again")]) == "AGAIN"
    assert model.info.engine == "fake"
    assert len(model.history) == 2


def test_fakes_and_engines_satisfy_the_protocol():
    for model in (FakeChatModel(), FunctionModel(str), OfflineModel()):
        assert isinstance(model, ChatModel)


# -- offline ------------------------------------------------------------------------------------
def test_offline_model_refuses_and_is_not_generative():
    model = OfflineModel()
    assert model.generative is False
    with pytest.raises(ModelError):
        model.complete(MESSAGES)
    with pytest.raises(ModelError):
        list(model.stream(MESSAGES))


# -- labels -------------------------------------------------------------------------------------
def test_engine_info_labels():
    assert EngineInfo("offline", "none").label.startswith("offline · no language model")
    assert EngineInfo("openai", "gpt-4o-mini", "http://127.0.0.1:11434/v1").label == (
        "openai · gpt-4o-mini @ http://127.0.0.1:11434/v1"
    )
    assert EngineInfo("local", "SmolLM2-135M-Instruct").label == "local · SmolLM2-135M-Instruct"
    assert EngineInfo("local", "SmolLM2-135M-Instruct").demo_grade is True
    assert EngineInfo("local", "qwen2.5-7b-instruct-q4").demo_grade is False
    assert EngineInfo("openai", "smollm2-135m", "http://x").demo_grade is False


def test_to_openai_maps_roles():
    out = to_openai([SystemMessage("s"), HumanMessage("h"), AIMessage("a")])
    assert out == [
        {"role": "system", "content": "s"},
        {"role": "user", "content": "h"},
        {"role": "assistant", "content": "a"},
    ]


# -- factory ------------------------------------------------------------------------------------
def test_get_chat_model_builds_the_configured_engine(data_dir):
    base = {"data_dir": str(data_dir)}
    offline = get_chat_model(load_settings(cli=base, env={}, secrets={}, saved={}))
    assert isinstance(offline, OfflineModel)

    env = {
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1/",
        "OPENAI_API_KEY": PLANTED_KEY,
        "COACH_MAX_RETRIES": "2",
    }
    model = get_chat_model(load_settings(cli=base, env=env, secrets={}, saved={}))
    assert isinstance(model, OpenAIChatModel)
    assert model.info.endpoint == "http://127.0.0.1:9/v1"
    assert model.info.model == "gpt-4o-mini"
    assert model.policy.attempts == 3


def test_get_chat_model_local_with_missing_file_is_a_config_error(data_dir):
    settings = load_settings(
        cli={"data_dir": str(data_dir)},
        env={"COACH_LOCAL_MODEL": str(data_dir / "nope.gguf")},
        secrets={},
        saved={},
    )
    assert settings.engine == "local"
    with pytest.raises(ConfigError, match="nope.gguf"):
        get_chat_model(settings)


# -- guard --------------------------------------------------------------------------------------
def _counting_model() -> tuple[OpenAIChatModel, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    handler = sequence(stream_response(["hi"]))

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request, len(seen))

    client = httpx.Client(transport=httpx.MockTransport(record))
    return OpenAIChatModel("m", base_url="http://guard.invalid/v1", http_client=client), seen


def test_guard_blocks_real_calls_in_tests_by_default():
    assert model_calls_allowed() is False
    model, seen = _counting_model()
    with pytest.raises(ModelCallBlocked) as info:
        model.complete(MESSAGES)
    with pytest.raises(ModelCallBlocked):
        list(model.stream(MESSAGES))
    assert seen == []  # nothing left the process
    assert info.value.endpoint == "http://guard.invalid/v1"
    assert "COACH_BLOCK_MODEL_CALLS" in str(info.value)


def test_allow_model_requests_fixture_lifts_the_guard(allow_model_requests):
    model, seen = _counting_model()
    assert model.complete(MESSAGES) == "hi"
    assert len(seen) == 1


def test_allow_context_manager_restores_and_can_forbid(monkeypatch):
    with allow_model_requests():
        assert model_calls_allowed() is True
    assert model_calls_allowed() is False
    monkeypatch.delenv("COACH_BLOCK_MODEL_CALLS")
    assert model_calls_allowed() is True
    with allow_model_requests(False):
        assert model_calls_allowed() is False
        model, seen = _counting_model()
        with pytest.raises(ModelCallBlocked):
            model.complete(MESSAGES)
        assert seen == []


# -- connection test ----------------------------------------------------------------------------
def test_connection_ok_with_a_reply():
    fake = FakeChatModel(["  Hello, networker!  "], model="probe")
    result = probe_connection(fake)
    assert result["ok"] is True
    assert result["reply"] == "Hello, networker!"
    assert "fake · probe" in result["message"]
    # It sends the versioned connection-test prompt.
    sent = fake.history[0].messages
    assert [m.content for m in sent] == [m.content for m in load_prompt("connection_test").format()]


def test_connection_empty_reply_is_not_ok():
    result = probe_connection(FakeChatModel([""]))
    assert result["ok"] is False
    assert "empty" in result["message"]


def test_connection_error_is_reported_not_raised():
    err = ModelError("The model endpoint http://x/v1 failed: boom.", endpoint="http://x/v1", cause="boom")
    result = probe_connection(FakeChatModel([err]))
    assert result["ok"] is False
    assert result["message"] == str(err)
    assert result["reply"] == ""


def test_connection_offline_needs_no_model():
    result = probe_connection(OfflineModel())
    assert result["ok"] is True
    assert "Offline" in result["message"]


def test_openai_model_holds_no_readable_key_in_its_info():
    model = OpenAIChatModel("m", base_url="http://x.invalid/v1", api_key=PLANTED_KEY)
    assert PLANTED_KEY not in repr(model.info) and PLANTED_KEY not in model.info.label
    assert PLANTED_KEY not in str(Secret(PLANTED_KEY))
