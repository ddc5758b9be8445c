"""A fault-injecting OpenAI-compatible server on loopback, for tests of the `openai` engine, CLI and UI.

    with fault_server("recover") as srv:
        model = OpenAIChatModel("m", base_url=srv.base_url)
        ...
        srv.mode = "ok"          # switch behaviour at run time
        assert srv.requests == 3  # chat-completion requests seen so far

Modes (all apply to POST /v1/chat/completions; GET /v1/models always answers):
    ok         a normal reply (SSE when the request asks to stream, JSON otherwise)
    500        HTTP 500 with an OpenAI-style error body
    429        HTTP 429 with a Retry-After header (`retry_after`, seconds)
    400, 401   non-retryable client errors
    hang       reads the request and never answers (until the server stops)
    reset      reads the request and closes the socket abruptly (TCP RST)
    cut        streams `cut_after` content chunks (default 3; 0 = none), then ends the body without
               finish_reason and without [DONE]
    malformed  invalid JSON in an SSE data line (stream) or in the body (non-stream)
    empty      a completion whose content is empty, with finish_reason "stop"
    slow       a normal reply whose chunks arrive `chunk_delay` seconds apart
    recover    HTTP 500 for the first `fail_times` requests (default 2), then like `ok`
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODES = ("ok", "500", "429", "400", "401", "hang", "reset", "cut", "malformed", "empty", "slow", "recover")
REPLY = "Hello there, fellow networker, nice to meet you."
MODEL = "fault-model"


@dataclass
class _State:
    """Mutable server state shared with handler threads (guarded by `lock`)."""

    mode: str
    reply: str = REPLY
    retry_after: str = "1"
    chunk_delay: float = 0.15
    fail_times: int = 2
    cut_after: int = 3
    requests: int = 0
    since_switch: int = 0
    bodies: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up (timeouts, resets we caused) are expected here, not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class FaultServer:
    """A running fault server: its address, a request counter and a switchable mode."""

    def __init__(self, mode: str = "ok", **options: Any):
        _check_mode(mode)
        self._state = _State(mode=mode, **options)
        handler = type("Handler", (_Handler,), {"state": self._state})
        self._httpd = _QuietServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fault-server", daemon=True)

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL, e.g. http://127.0.0.1:PORT/v1."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __str__(self) -> str:
        return self.base_url

    @property
    def mode(self) -> str:
        """The current fault mode."""
        return self._state.mode

    @mode.setter
    def mode(self, value: str) -> None:
        _check_mode(value)
        with self._state.lock:
            self._state.mode = value
            self._state.since_switch = 0  # `recover` counts its failures from the switch

    @property
    def requests(self) -> int:
        """Chat-completion requests received since the server started."""
        with self._state.lock:
            return self._state.requests

    @property
    def bodies(self) -> list[dict[str, Any]]:
        """The JSON bodies of every chat-completion request, in order."""
        with self._state.lock:
            return list(self._state.bodies)

    @property
    def headers(self) -> list[dict[str, str]]:
        """The request headers of every chat-completion request, in order."""
        with self._state.lock:
            return list(self._state.headers)

    def configure(self, **options: Any) -> None:
        """Change `reply`, `retry_after`, `chunk_delay`, `fail_times` or `cut_after` while running."""
        with self._state.lock:
            for key, value in options.items():
                if not hasattr(self._state, key) or key in (
                    "lock",
                    "stopping",
                    "requests",
                    "since_switch",
                    "bodies",
                    "headers",
                ):
                    raise ValueError(f"unknown fault-server option {key!r}")
                setattr(self._state, key, value)

    def start(self) -> FaultServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging handlers, stop serving and close the socket."""
        self._state.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@contextmanager
def fault_server(mode: str = "ok", **options: Any) -> Iterator[FaultServer]:
    """Run a fault server for the duration of the block; `str(srv)` / `srv.base_url` is its address."""
    server = FaultServer(mode, **options).start()
    try:
        yield server
    finally:
        server.stop()


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown fault mode {mode!r}; choose one of {', '.join(MODES)}")


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10},
    }


def _pieces(text: str) -> list[str]:
    """Split a reply into word-sized stream pieces that join back to the text."""
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # chunked streaming, like real servers
    state: _State

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    # -- routes -------------------------------------------------------------------------------
    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._json(
                200, {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "tests"}]}
            )
        else:
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._json(400, {"error": {"message": "invalid JSON body", "type": "invalid_request_error"}})
            return
        st = self.state
        with st.lock:
            st.requests += 1
            st.since_switch += 1
            st.bodies.append(body)
            st.headers.append({k.lower(): v for k, v in self.headers.items()})
            mode, count = st.mode, st.since_switch
        if mode == "recover":
            mode = "500" if count <= st.fail_times else "ok"
        getattr(self, f"_mode_{mode}")(bool(body.get("stream")))

    # -- modes --------------------------------------------------------------------------------
    def _mode_ok(self, stream: bool, delay: float = 0.0) -> None:
        if not stream:
            self._json(200, _completion(self.state.reply))
            return
        events = [_chunk({"role": "assistant", "content": ""})]
        events += [_chunk({"content": p}) for p in _pieces(self.state.reply)]
        events.append(_chunk({}, finish="stop"))
        self._sse(events, done=True, delay=delay)

    def _mode_slow(self, stream: bool) -> None:
        if not stream:
            time.sleep(self.state.chunk_delay * 3)
        self._mode_ok(stream, delay=self.state.chunk_delay)

    def _mode_500(self, stream: bool) -> None:
        self._json(500, {"error": {"message": "injected server error", "type": "server_error"}})

    def _mode_429(self, stream: bool) -> None:
        self._json(
            429,
            {"error": {"message": "injected rate limit", "type": "rate_limit_error"}},
            headers={"Retry-After": self.state.retry_after},
        )

    def _mode_400(self, stream: bool) -> None:
        self._json(400, {"error": {"message": "injected bad request", "type": "invalid_request_error"}})

    def _mode_401(self, stream: bool) -> None:
        self._json(401, {"error": {"message": "injected: invalid API key", "type": "invalid_request_error"}})

    def _mode_hang(self, stream: bool) -> None:
        # Hold the connection open without a byte of response until the server stops.
        self.state.stopping.wait(timeout=120)
        self.close_connection = True

    def _mode_reset(self, stream: bool) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of a graceful FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _mode_cut(self, stream: bool) -> None:
        if not stream:
            # A body shorter than its Content-Length, then the connection closes.
            data = json.dumps(_completion(self.state.reply)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
            return
        pieces = _pieces(self.state.reply)[: self.state.cut_after]
        events = [_chunk({"role": "assistant", "content": ""})] + [_chunk({"content": p}) for p in pieces]
        self._sse(events, done=False)

    def _mode_malformed(self, stream: bool) -> None:
        if not stream:
            self._raw(200, b'{"id": "chatcmpl-fault", "choices": [', "application/json")
            return
        self._sse(
            [_chunk({"role": "assistant", "content": ""})],
            done=True,
            extra_lines=[b'data: {"choices": [{"delta": '],
        )

    def _mode_empty(self, stream: bool) -> None:
        if not stream:
            self._json(200, _completion(""))
            return
        self._sse([_chunk({"role": "assistant", "content": ""}), _chunk({}, finish="stop")], done=True)

    # -- writing ------------------------------------------------------------------------------
    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        self._raw(status, json.dumps(data).encode(), "application/json", headers)

    def _raw(self, status: int, data: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _sse(
        self,
        events: list[dict[str, Any]],
        *,
        done: bool,
        delay: float = 0.0,
        extra_lines: list[bytes] | None = None,
    ) -> None:
        """Send events as a chunked text/event-stream; `done` adds the final [DONE] line."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        lines = [b"data: " + json.dumps(e).encode() for e in events] + list(extra_lines or [])
        if done:
            lines.append(b"data: [DONE]")
        try:
            for i, line in enumerate(lines):
                if delay and i:
                    time.sleep(delay)
                payload = line + b"\n\n"
                self.wfile.write(b"%x\r\n%s\r\n" % (len(payload), payload))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")  # a clean end of body: any fault is in the content
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. its own timeout): nothing to do
