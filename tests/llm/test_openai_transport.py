"""The `openai` engine driven through the real openai SDK, with HTTP answered by an httpx MockTransport."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from mockapi import BASE_URL, PLANTED_KEY, chunk, error_response, sequence, sse, stream_response

from app.core.errors import ModelError
from app.core.llm import HumanMessage, SystemMessage

MESSAGES = [
    SystemMessage("You are a networking partner."),
    HumanMessage("What does your ideal client look like?"),
]
PIECES = ["Owners", " of", " small", " bakeries", "."]


def test_stream_yields_sse_pieces_in_order(mock_model):
    model, rec = mock_model(sequence(stream_response(PIECES)))
    got = list(model.stream(MESSAGES, max_tokens=50, temperature=0.2))
    assert got == PIECES
    assert rec.count == 1
    body = rec.bodies[0]
    assert body["stream"] is True
    assert body["model"] == "mock-model"
    assert body["max_tokens"] == 50 and body["temperature"] == 0.2
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] == MESSAGES[1].content
    assert str(rec.requests[0].url) == f"{BASE_URL}/chat/completions"


def test_complete_returns_the_whole_reply(mock_model):
    model, rec = mock_model(sequence(stream_response(PIECES)))
    assert model.complete(MESSAGES, stop=["\n\n"]) == "".join(PIECES)
    assert rec.count == 1
    assert rec.bodies[0]["stop"] == ["\n\n"]


def test_api_key_is_sent_as_bearer_token(mock_model):
    model, rec = mock_model(sequence(stream_response(PIECES)))
    model.complete(MESSAGES)
    assert rec.requests[0].headers["authorization"] == f"Bearer {PLANTED_KEY}"


def test_json_schema_is_sent_as_response_format(mock_model):
    schema = {
        "title": "followup",
        "type": "object",
        "properties": {"subject": {"type": "string"}},
        "required": ["subject"],
    }
    answer = json.dumps({"subject": "Great to meet you"})
    model, rec = mock_model(sequence(stream_response([answer[:10], answer[10:]])))
    out = model.complete(MESSAGES, json_schema=schema)
    assert json.loads(out) == {"subject": "Great to meet you"}
    fmt = rec.bodies[0]["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "followup"
    assert fmt["json_schema"]["schema"] == schema


def test_no_response_format_without_schema(mock_model):
    model, rec = mock_model(sequence(stream_response(PIECES)))
    model.complete(MESSAGES)
    assert "response_format" not in rec.bodies[0]


def test_429_honours_retry_after(mock_model):
    # base_delay is tiny, so only an honoured Retry-After can explain a wait of ~0.4 s.
    model, rec = mock_model(sequence(error_response(429, {"retry-after": "0.4"}), stream_response(PIECES)))
    started = time.monotonic()
    assert model.complete(MESSAGES) == "".join(PIECES)
    elapsed = time.monotonic() - started
    assert rec.count == 2
    assert 0.38 <= elapsed < 1.5


def test_429_honours_retry_after_ms(mock_model):
    model, rec = mock_model(sequence(error_response(429, {"retry-after-ms": "300"}), stream_response(PIECES)))
    started = time.monotonic()
    assert list(model.stream(MESSAGES)) == PIECES
    elapsed = time.monotonic() - started
    assert rec.count == 2
    assert 0.28 <= elapsed < 1.5


def test_retry_after_longer_than_the_budget_fails_fast(mock_model):
    model, rec = mock_model(
        sequence(error_response(429, {"retry-after": "30"})), total_timeout=1.0, attempts=5
    )
    started = time.monotonic()
    with pytest.raises(ModelError) as info:
        model.complete(MESSAGES)
    assert time.monotonic() - started < 1.5
    assert rec.count == 1
    assert "429" in info.value.cause


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_then_succeeds(mock_model, status):
    model, rec = mock_model(sequence(error_response(status), error_response(status), stream_response(PIECES)))
    assert list(model.stream(MESSAGES)) == PIECES
    assert rec.count == 3


@pytest.mark.parametrize(
    ("status", "words"), [(400, "HTTP 400"), (401, "401"), (403, "403"), (404, "404"), (422, "HTTP 422")]
)
def test_4xx_is_not_retried(mock_model, status, words):
    model, rec = mock_model(sequence(error_response(status), stream_response(PIECES)), attempts=4)
    with pytest.raises(ModelError) as info:
        model.complete(MESSAGES)
    assert rec.count == 1
    assert words in str(info.value)
    assert BASE_URL in str(info.value)
    assert info.value.attempts == 1


def test_timeout_is_retried_then_reported(mock_model):
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    model, rec = mock_model(sequence(hang), attempts=3)
    with pytest.raises(ModelError) as info:
        list(model.stream(MESSAGES))
    err = info.value
    assert rec.count == 3
    assert err.attempts == 3
    assert err.endpoint == BASE_URL
    assert "timed out" in err.cause
    assert BASE_URL in str(err) and "3 attempts" in str(err) and "timed out" in str(err)


def test_timeout_then_success(mock_model):
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    model, rec = mock_model(sequence(hang, stream_response(PIECES)))
    assert model.complete(MESSAGES) == "".join(PIECES)
    assert rec.count == 2


def test_connection_refused_names_the_cause(mock_model):
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    model, rec = mock_model(sequence(refuse), attempts=2)
    with pytest.raises(ModelError) as info:
        model.complete(MESSAGES)
    assert rec.count == 2
    assert "could not connect" in info.value.cause


def test_retries_exhausted_is_one_clear_error(mock_model):
    model, rec = mock_model(sequence(error_response(500)), attempts=4)
    with pytest.raises(ModelError) as info:
        model.complete(MESSAGES)
    err = info.value
    assert rec.count == 4
    assert err.attempts == 4
    assert (
        str(err)
        == f"The model endpoint {BASE_URL} failed after 4 attempts: the server answered with HTTP 500."
    )
    assert err.__cause__ is None  # the SDK's exception chain is not shown to the user


def test_total_time_bound_is_respected(mock_model):
    # Each attempt costs 0.3 s; 100 attempts would take 30 s, the budget is 1 s.
    def slow_500(request: httpx.Request) -> httpx.Response:
        time.sleep(0.3)
        return error_response(500)

    model, rec = mock_model(sequence(slow_500), attempts=100, total_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(ModelError):
        model.complete(MESSAGES)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0 + 0.5
    assert 2 <= rec.count <= 4


def test_cut_stream_before_any_token_is_retried(mock_model):
    cut = stream_response([], finish=False, done=False)
    model, rec = mock_model(sequence(cut, stream_response(PIECES)))
    assert list(model.stream(MESSAGES)) == PIECES
    assert rec.count == 2


def test_cut_stream_after_tokens_is_an_error_not_a_short_answer(mock_model):
    cut = stream_response(PIECES[:2], finish=False, done=False)
    model, rec = mock_model(sequence(cut, stream_response(PIECES)))
    got: list[str] = []
    with pytest.raises(ModelError) as info:
        for piece in model.stream(MESSAGES):
            got.append(piece)
    assert got == PIECES[:2]  # what the user saw, and no duplicate after a silent retry
    assert rec.count == 1
    assert "cut off" in info.value.cause
    assert BASE_URL in str(info.value)


def test_transport_error_after_tokens_is_an_error(mock_model):
    def dropping(request: httpx.Request) -> httpx.Response:
        def body():
            yield sse(chunk("", role="assistant"), chunk("Hello"))
            raise httpx.ReadError("connection reset by peer", request=request)

        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body())

    model, rec = mock_model(sequence(dropping, stream_response(PIECES)))
    got: list[str] = []
    with pytest.raises(ModelError) as info:
        for piece in model.stream(MESSAGES):
            got.append(piece)
    assert got == ["Hello"]
    assert rec.count == 1
    assert "dropped" in info.value.cause


def test_complete_with_cut_stream_is_retried_whole(mock_model):
    cut = stream_response(PIECES[:3], finish=False, done=False)
    model, rec = mock_model(sequence(cut, stream_response(PIECES)))
    assert model.complete(MESSAGES) == "".join(PIECES)  # never the 3-piece prefix, never duplicated
    assert rec.count == 2


def test_complete_never_returns_a_short_answer(mock_model):
    cut = stream_response(PIECES[:3], finish=False, done=False)
    model, rec = mock_model(sequence(cut), attempts=3)
    with pytest.raises(ModelError) as info:
        model.complete(MESSAGES)
    assert rec.count == 3
    assert info.value.cause == "the reply stream was cut off before it finished"


def test_finish_reason_without_done_line_is_complete(mock_model):
    # Some servers (older llama.cpp, proxies) close after the finish chunk without [DONE].
    model, rec = mock_model(sequence(stream_response(PIECES, done=False)))
    assert model.complete(MESSAGES) == "".join(PIECES)
    assert rec.count == 1


def test_malformed_sse_is_retried_then_reported(mock_model):
    bad = httpx.Response(
        200, headers={"content-type": "text/event-stream"}, content=b'data: {"choices": [\n\n'
    )
    model, rec = mock_model(sequence(bad), attempts=2)
    with pytest.raises(ModelError) as info:
        model.complete(MESSAGES)
    assert rec.count == 2
    assert "malformed" in info.value.cause


def test_empty_completion_is_returned_as_empty(mock_model):
    model, rec = mock_model(sequence(stream_response([])))
    assert model.complete(MESSAGES) == ""
    assert list(model.stream(MESSAGES)) == []
    assert rec.count == 2  # a clean empty answer is not retried; features validate it


def test_error_message_never_contains_the_api_key(mock_model):
    # Real servers echo part of a rejected key in the body; it must not reach the user.
    echo = error_response(401, message=f"Incorrect API key provided: {PLANTED_KEY}")
    model, _ = mock_model(sequence(echo))
    with pytest.raises(ModelError) as info:
        model.complete(MESSAGES)
    err = info.value
    for text in (str(err), repr(err), err.cause, err.endpoint):
        assert PLANTED_KEY not in text
        assert "planted" not in text


def test_sdk_retries_are_off(mock_model):
    # With the SDK's own retries on, one tenacity attempt would hide several HTTP requests.
    model, rec = mock_model(sequence(error_response(500)), attempts=1)
    with pytest.raises(ModelError):
        model.complete(MESSAGES)
    assert rec.count == 1


SCHEMA = {"title": "reply", "type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}


def test_json_schema_falls_back_to_json_object_when_the_server_rejects_it(mock_model):
    # llama-cpp-python's server answers the standard form with HTTP 500 and a validation message.
    rejected = error_response(
        500, message="validation error: ('body', 'response_format', 'type') 'json_schema'"
    )
    model, rec = mock_model(sequence(rejected, stream_response(['{"a": "x"}'])), attempts=1)
    assert json.loads(model.complete(MESSAGES, json_schema=SCHEMA)) == {"a": "x"}
    assert rec.count == 2
    assert rec.bodies[0]["response_format"]["type"] == "json_schema"
    assert rec.bodies[1]["response_format"] == {"type": "json_object", "schema": SCHEMA}


def test_unrelated_errors_do_not_trigger_the_json_fallback(mock_model):
    model, rec = mock_model(sequence(error_response(400, message="context length exceeded")), attempts=3)
    with pytest.raises(ModelError):
        model.complete(MESSAGES, json_schema=SCHEMA)
    assert rec.count == 1
    assert rec.bodies[0]["response_format"]["type"] == "json_schema"


def test_error_event_inside_the_stream_is_a_clear_error(mock_model):
    body = sse(
        chunk("", role="assistant"), {"error": {"message": "model overloaded", "type": "server_error"}}
    )
    bad = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)
    model, rec = mock_model(sequence(bad))
    with pytest.raises(ModelError) as info:
        model.complete(MESSAGES)
    assert info.value.cause == "the server reported an error in its reply"
    assert BASE_URL in str(info.value)
