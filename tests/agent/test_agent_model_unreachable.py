"""A model call that fails (server down, key refused) ends the run with one line and exit 1, not a traceback."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


@pytest.fixture
def refusing_server() -> Iterator[str]:
    """An OpenAI-compatible server on 127.0.0.1 that answers every call with 401."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error",
                                         "code": "invalid_api_key"}}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens there once the socket is closed


def ask(db: Path, monkeypatch: pytest.MonkeyPatch, url: str, *flags: str) -> Any:
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("MCC_MODEL_MAX_RETRIES", "0")  # a refused connection is retried by default: keep the test quick
    return runner.invoke(app, ["--db", str(db), "ask", "email trial users who viewed pricing", "--model",
                               "openai:gpt-test", *flags])


def test_a_refused_key_is_one_json_object_with_the_status_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusing_server: str
) -> None:
    result = ask(tmp_path / "w.duckdb", monkeypatch, refusing_server, "--json")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    out = json.loads(result.stdout)
    assert "openai:gpt-test" in out["error"] and "HTTP 401" in out["error"] and "OPENAI_API_KEY" in out["error"]
    assert out["result"] is None and out["proposal_id"] is None


def test_a_server_that_is_down_is_named_for_a_person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = closed_port_url()
    result = ask(tmp_path / "w.duckdb", monkeypatch, url)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    out = " ".join(result.stdout.split())
    assert f"Stopped: --model: the call to openai:gpt-test at {url} failed (no answer)" in out
    assert "is the server up?" in out and "Intent:" not in out and "Traceback" not in out
