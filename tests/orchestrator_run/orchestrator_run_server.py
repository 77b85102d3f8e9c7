"""A local HTTP server on 127.0.0.1 that records requests and injects failures per idempotency key.

A request that goes through gets the answer its vendor documents for success (by path), unless the test
scripted the next answers for that path in `Script.replies` (a mixed 207, a body that is not JSON, ...).
"""

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


Reply = tuple[int, Any]  # status and body: JSON-able, or bytes sent as they are


def documented_success(path: str, body: dict[str, Any]) -> Reply:
    """Return the answer a vendor documents for a request it took whole (a webhook gets Braze's wording)."""
    if path == "/users/track":
        return 201, {"message": "success", "events_processed": len(body.get("events", []))}
    if path.endswith("/trigger/send"):
        return 201, {"dispatch_id": "dispatch-1", "message": "success"}
    if path == "/api/v2/batch":
        return 200, {}
    if path == "/api/events/trackBulk":
        return 200, {"successCount": len(body["events"]), "failCount": 0, "disallowedEventNames": [],
                     "failedUpdates": {"invalidUserIds": [], "notFoundUserIds": []}}
    if path == "/api/workflows/triggerWorkflow":
        return 200, {"msg": "", "code": "Success", "params": None}
    return 200, {"message": "success"}


@dataclass
class Script:
    """Per idempotency key, the actions for successive attempts (`ok` once the list runs out); per path, the
    answers successive `ok` requests get (the vendor's documented success once the list runs out)."""

    actions: dict[str, list[str]] = field(default_factory=dict)
    replies: dict[str, list[Reply]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    accepted: Counter[str] = field(default_factory=Counter)
    slow_seconds: float = 0.5
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_action(self, key: str) -> str:
        with self.lock:
            queue = self.actions.get(key, [])
            return queue.pop(0) if queue else "ok"

    def next_reply(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        with self.lock:
            queue = self.replies.get(path, [])
            status, payload = queue.pop(0) if queue else documented_success(path, body)
        return status, payload if isinstance(payload, bytes) else json.dumps(payload).encode()


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
            if action in ("500", "400"):
                code, payload = int(action), b"{}"
            elif action == "timeout":
                code, payload = 200, b"{}"  # never read
            else:
                code, payload = script.next_reply(self.path, body)
            if action == "ok":
                with script.lock:
                    script.accepted[key] += 1
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
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
