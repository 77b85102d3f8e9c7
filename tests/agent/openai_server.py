"""A scripted OpenAI-compatible server on 127.0.0.1 for the agent's HTTP tests: replies (any status, headers and
body) in order, GET /models from a list, and every request kept. Never the network."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted HTTP answer."""

    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow server)


def completion(name: str | None = None, args: dict[str, Any] | None = None, *, content: str | None = None,
               calls: list[tuple[str, dict[str, Any]]] | None = None, finish_reason: str | None = None,
               usage: tuple[int, int] | None = (100, 20)) -> dict[str, Any]:
    """Return a chat.completions body: a message that calls tools (`name`/`args`, or several `calls`) or that
    holds `content`; `usage` None leaves token usage out, as some servers do."""
    pairs = calls if calls is not None else [(name, args or {})] if name else []
    tool_calls = [{"id": f"call_{i}_{n}", "type": "function", "function": {"name": n, "arguments": json.dumps(a)}}
                  for i, (n, a) in enumerate(pairs)]
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    body: dict[str, Any] = {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "scripted-model",
        "choices": [{"index": 0, "message": message,
                     "finish_reason": finish_reason or ("tool_calls" if tool_calls else "stop")}],
    }
    if usage is not None:
        body["usage"] = {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)}
    return body


def error(status: int, message: str, *, code: str | None = None, param: str | None = None,
          headers: dict[str, str] | None = None) -> Reply:
    """Return an OpenAI-shaped error reply."""
    return Reply({"error": {"message": message, "type": "invalid_request_error", "code": code, "param": param}},
                 status=status, headers=headers or {})


class ScriptedServer:
    """Serves POSTs from `replies` in order and GET .../models from `models` (404 when None)."""

    def __init__(self, replies: Sequence[dict[str, Any] | Reply], models: list[str] | None = None) -> None:
        self.replies = list(replies)
        self.models = models
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                       "api-key": self.headers.get("api-key"), **body})
                reply = outer.replies.pop(0) if outer.replies else Reply({"error": {"message": "script ran out"}}, 599)
                self.answer(reply if isinstance(reply, Reply) else Reply(reply))

            def do_GET(self) -> None:
                outer.requests.append({"path": self.path, "method": "GET"})
                if outer.models is None or not self.path.endswith("/models"):
                    self.answer(Reply({"error": {"message": "not found"}}, 404))
                else:
                    self.answer(Reply({"object": "list", "data": [{"id": m, "object": "model"} for m in outer.models]}))

            def answer(self, reply: Reply) -> None:
                time.sleep(reply.delay)
                payload = json.dumps(reply.body).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:  # a client that gave up waiting
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def root(self) -> str:
        """The server's address with no path, as a person may type it."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def url(self) -> str:
        return f"{self.root}/v1"

    @property
    def posts(self) -> list[dict[str, Any]]:
        """The chat requests (not the model listings)."""
        return [r for r in self.requests if r.get("method") != "GET"]

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
