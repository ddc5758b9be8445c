"""The `openai` engine and the `coach` CLI against a real loopback server that injects faults."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faultserver import MODES, REPLY, fault_server
from mockapi import PLANTED_KEY

from app.core.errors import ModelError
from app.core.llm import HumanMessage, SystemMessage
from app.core.llm.openai_engine import OpenAIChatModel
from app.core.llm.retry import RetryPolicy

MESSAGES = [SystemMessage("You are a networking partner."), HumanMessage("Hello!")]
REQUEST_TIMEOUT = 0.5
TOTAL_TIMEOUT = 3.0
ATTEMPTS = 3
# Worst case: every attempt times out, plus the short back-off waits, plus process scheduling.
BOUND = TOTAL_TIMEOUT + 0.75
REPO = Path(__file__).resolve().parents[2]

# mode -> (requests the engine should make, words the error cause must contain; None = success)
FAILING = {
    "500": (ATTEMPTS, "HTTP 500"),
    "429": (ATTEMPTS, "429"),
    "400": (1, "HTTP 400"),
    "401": (1, "401"),
    "hang": (ATTEMPTS, "timed out"),
    "reset": (ATTEMPTS, "dropped"),
    "malformed": (ATTEMPTS, "malformed"),
}


def make_model(base_url: str, **policy: float) -> OpenAIChatModel:
    """The engine with short timeouts and a small retry policy, as the fault tests need."""
    settings = {"attempts": ATTEMPTS, "total_timeout": TOTAL_TIMEOUT, "base_delay": 0.05, "max_delay": 0.1}
    settings.update(policy)
    return OpenAIChatModel(
        "fault-model",
        base_url=base_url,
        api_key=PLANTED_KEY,
        request_timeout=REQUEST_TIMEOUT,
        policy=RetryPolicy(**settings),
    )


def test_every_documented_mode_exists():
    for mode in ("ok", "500", "429", "hang", "reset", "cut", "malformed", "empty", "slow", "recover"):
        assert mode in MODES


@pytest.mark.parametrize("mode", sorted(FAILING))
@pytest.mark.parametrize("call", ["stream", "complete"])
def test_failing_modes_end_in_one_clear_error(allow_model_requests, mode, call):
    expected_requests, words = FAILING[mode]
    with fault_server(mode, retry_after="0.2") as srv:
        model = make_model(srv.base_url)
        started = time.monotonic()
        with pytest.raises(ModelError) as info:
            if call == "stream":
                list(model.stream(MESSAGES))
            else:
                model.complete(MESSAGES)
        elapsed = time.monotonic() - started
        requests = srv.requests
    err = info.value
    assert requests == expected_requests  # retried only what is retryable
    assert elapsed < BOUND
    assert err.endpoint == srv.base_url
    assert srv.base_url in str(err) and words in str(err)
    assert err.attempts == expected_requests
    assert PLANTED_KEY not in str(err)


def test_429_waits_for_retry_after(allow_model_requests):
    with fault_server("429", retry_after="1") as srv:
        model = make_model(srv.base_url, attempts=2, base_delay=0.01)
        started = time.monotonic()
        with pytest.raises(ModelError):
            model.complete(MESSAGES)
        elapsed = time.monotonic() - started
        assert srv.requests == 2
    assert 0.95 <= elapsed < 2.0


def test_an_attempt_never_outlasts_the_total_budget(allow_model_requests):
    # A 3 s request timeout but only 1 s in all: the hanging attempt must be cut at the budget.
    with fault_server("hang") as srv:
        model = OpenAIChatModel(
            "m",
            base_url=srv.base_url,
            request_timeout=3.0,
            policy=RetryPolicy(attempts=5, total_timeout=1.0, base_delay=0.05, max_delay=0.05),
        )
        started = time.monotonic()
        with pytest.raises(ModelError) as info:
            model.complete(MESSAGES)
        elapsed = time.monotonic() - started
        assert srv.requests == 1
    assert elapsed < 1.0 + 0.6
    assert "timed out" in info.value.cause


def test_cut_stream_after_tokens_is_a_fault_not_a_short_answer(allow_model_requests):
    with fault_server("cut", cut_after=3) as srv:
        model = make_model(srv.base_url)
        got: list[str] = []
        with pytest.raises(ModelError) as info:
            for piece in model.stream(MESSAGES):
                got.append(piece)
        assert srv.requests == 1  # a retry after visible text would duplicate it
    assert "".join(got) == " ".join(REPLY.split(" ")[:3])
    assert "cut off" in info.value.cause
    assert srv.base_url in str(info.value)


def test_cut_stream_before_tokens_is_retried_then_reported(allow_model_requests):
    with fault_server("cut", cut_after=0) as srv:
        model = make_model(srv.base_url)
        with pytest.raises(ModelError) as info:
            list(model.stream(MESSAGES))
        assert srv.requests == ATTEMPTS
    assert info.value.attempts == ATTEMPTS
    assert "cut off" in info.value.cause


def test_complete_retries_a_cut_stream_and_never_returns_it(allow_model_requests):
    with fault_server("cut", cut_after=3) as srv:
        model = make_model(srv.base_url)
        with pytest.raises(ModelError):
            model.complete(MESSAGES)
        assert srv.requests == ATTEMPTS


def test_cut_then_healthy_server_gives_the_full_reply(allow_model_requests):
    with fault_server("cut", cut_after=0) as srv:
        model = make_model(srv.base_url)
        with pytest.raises(ModelError):
            model.complete(MESSAGES)
        srv.mode = "ok"
        assert model.complete(MESSAGES) == REPLY


@pytest.mark.parametrize("call", ["stream", "complete"])
def test_recovering_server_succeeds(allow_model_requests, call):
    with fault_server("recover") as srv:
        model = make_model(srv.base_url)
        if call == "stream":
            pieces = list(model.stream(MESSAGES))
            assert len(pieces) > 3
            reply = "".join(pieces)
        else:
            reply = model.complete(MESSAGES)
        assert srv.requests == 3  # two failures, then the answer
    assert reply == REPLY


def test_slow_stream_succeeds_piece_by_piece(allow_model_requests):
    # Each gap (0.3 s) is below the read timeout (0.5 s); the whole reply takes far longer than one gap.
    with fault_server("slow", chunk_delay=0.3) as srv:
        model = make_model(srv.base_url)
        arrivals: list[float] = []
        started = time.monotonic()
        pieces = []
        for piece in model.stream(MESSAGES):
            pieces.append(piece)
            arrivals.append(time.monotonic() - started)
        assert srv.requests == 1
    assert "".join(pieces) == REPLY
    assert arrivals[-1] - arrivals[0] >= 0.3 * (len(pieces) - 1) * 0.8  # really streamed, not buffered


def test_empty_completion_is_not_retried(allow_model_requests):
    with fault_server("empty") as srv:
        model = make_model(srv.base_url)
        assert model.complete(MESSAGES) == ""
        assert srv.requests == 1


def test_fault_server_serves_models_and_non_streaming_json():
    import httpx

    with fault_server("ok") as srv:
        models = httpx.get(f"{srv.base_url}/models", timeout=5).json()
        assert models["data"][0]["id"] == "fault-model"
        body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        reply = httpx.post(f"{srv.base_url}/chat/completions", json=body, timeout=5).json()
        assert reply["choices"][0]["message"]["content"] == REPLY
        srv.mode = "malformed"
        raw = httpx.post(f"{srv.base_url}/chat/completions", json=body, timeout=5)
        with pytest.raises(ValueError):
            raw.json()
        assert srv.requests == 2
        assert srv.bodies[0]["messages"][0]["content"] == "hi"


# -- the CLI ------------------------------------------------------------------------------------
def run_cli(base_url: str, tmp_path: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """`coach --engine openai --base-url URL engine test` in a fresh process with real calls allowed."""
    env = {k: v for k, v in os.environ.items() if k != "COACH_BLOCK_MODEL_CALLS"}
    env.update(
        COACH_DATA_DIR=str(tmp_path / "data"),
        HOME=str(tmp_path / "home"),
        COACH_REQUEST_TIMEOUT=str(REQUEST_TIMEOUT),
        COACH_TOTAL_TIMEOUT=str(TOTAL_TIMEOUT),
        COACH_MAX_RETRIES=str(ATTEMPTS - 1),
        OPENAI_API_KEY=PLANTED_KEY,
    )
    env.update(extra_env)
    cmd = [sys.executable, "-m", "app.cli.main", "--engine", "openai", "--base-url", base_url, *args]
    return subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)


# mode -> chat requests the CLI should make (ATTEMPTS = COACH_MAX_RETRIES + 1)
CLI_FAILING = {"500": ATTEMPTS, "429": ATTEMPTS, "hang": ATTEMPTS, "reset": ATTEMPTS, "cut": ATTEMPTS}
CLI_FAILING.update({"malformed": ATTEMPTS, "empty": 1, "401": 1, "400": 1})


@pytest.mark.slow  # runs the CLI in its own process against the loopback fault server
@pytest.mark.parametrize("mode", sorted(CLI_FAILING))
def test_cli_engine_test_fails_with_one_line(tmp_path, mode):
    with fault_server(mode, retry_after="0.2", cut_after=0) as srv:
        result = run_cli(srv.base_url, tmp_path, "engine", "test")
        requests = srv.requests
    assert result.returncode == 1
    assert requests == CLI_FAILING[mode]  # retried only what is retryable, as configured
    err_lines = result.stderr.strip().splitlines()
    assert len(err_lines) == 1, result.stderr
    assert srv.base_url in err_lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert PLANTED_KEY not in result.stderr + result.stdout


@pytest.mark.slow  # runs the CLI in its own process against the loopback fault server
def test_cli_respects_the_total_budget_whatever_the_retry_count(tmp_path):
    # 50 retries of a 0.5 s timeout would take 25 s: only COACH_TOTAL_TIMEOUT can stop it early.
    with fault_server("hang") as srv:
        started = time.monotonic()
        result = run_cli(srv.base_url, tmp_path, "engine", "test", COACH_MAX_RETRIES="50")
        elapsed = time.monotonic() - started
        requests = srv.requests
    assert result.returncode == 1
    assert requests <= TOTAL_TIMEOUT / REQUEST_TIMEOUT + 1
    assert elapsed < TOTAL_TIMEOUT + 10  # the budget, plus starting Python on a busy machine


@pytest.mark.slow  # runs the CLI in its own process against the loopback fault server
@pytest.mark.parametrize("mode", ["recover", "slow"])
def test_cli_engine_test_succeeds(tmp_path, mode):
    with fault_server(mode, chunk_delay=0.05) as srv:
        result = run_cli(srv.base_url, tmp_path, "engine", "test", "--json")
    assert result.returncode == 0, result.stderr
    assert REPLY[:20] in result.stdout
    assert PLANTED_KEY not in result.stdout + result.stderr
    assert PLANTED_KEY[-4:] in result.stdout  # the masked form shows only the tail
