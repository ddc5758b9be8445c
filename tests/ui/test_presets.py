"""Preset detection: a quick GET of /v1/models on loopback only; never raises."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from app.ui.presets import PRESETS, detect, is_loopback


class _Models(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        body = json.dumps({"data": [{"id": "llama3.1:8b"}, {"id": "qwen2.5:7b"}]}).encode()
        self.send_response(200 if self.path == "/v1/models" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_detects_a_running_server_and_its_models():
    server = HTTPServer(("127.0.0.1", 0), _Models)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        found = detect(f"http://127.0.0.1:{server.server_port}/v1")
    finally:
        server.shutdown()
    assert found.running and found.models == ("llama3.1:8b", "qwen2.5:7b")


def test_nothing_listening_is_reported_not_raised():
    server = HTTPServer(("127.0.0.1", 0), _Models)
    port = server.server_port
    server.server_close()  # the port is now closed
    found = detect(f"http://127.0.0.1:{port}/v1", timeout=0.3)
    assert not found.running and "nothing is listening" in found.detail


def test_remote_addresses_are_never_probed():
    assert not is_loopback("https://api.openai.com/v1")
    assert detect("https://api.openai.com/v1").detail == "not a local address"
    assert [p.base_url for p in PRESETS] == [
        "https://api.openai.com/v1",
        "http://127.0.0.1:11434/v1",
        "http://127.0.0.1:1234/v1",
    ]
