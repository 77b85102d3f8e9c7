"""A local HTTP server on 127.0.0.1 that records requests and injects failures per idempotency key."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    action: str


@dataclass
class Script:
    """Per idempotency key, the actions for successive attempts (`ok` once the list runs out)."""

    actions: dict[str, list[str]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    accepted: Counter[str] = field(default_factory=Counter)
    slow_seconds: float = 0.5
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_action(self, key: str) -> str:
        with self.lock:
            queue = self.actions.get(key, [])
            return queue.pop(0) if queue else "ok"


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            key = self.headers.get("Idempotency-Key", "")
            action = script.next_action(key)
            with script.lock:
                script.requests.append(Recorded(self.path, dict(self.headers), body, action))
            if action == "reset":
                # SO_LINGER 0 makes close() send RST: the client sees a connection reset.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                return
            if action == "timeout":
                time.sleep(script.slow_seconds)  # the client gave up; this answer is never read
            code = {"ok": 200, "timeout": 200, "500": 500, "400": 400}[action]
            if action == "ok":
                with script.lock:
                    script.accepted[key] += 1
            payload = b'{"message": "success"}'
            try:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and closed first

    return Handler


@contextmanager
def serve(script: Script) -> Iterator[str]:
    """Run the server in a thread; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
