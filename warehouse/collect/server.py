"""A RudderStack-compatible collector: the HTTP API (`/v1/batch` and the single-call routes) on top of the
same loader as `mcc collect load`."""

from __future__ import annotations

import base64
import binascii
import gzip
import hmac
import json
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb

from warehouse.collect.envelopes import malformed
from warehouse.collect.loader import LoadReport, load_envelopes, load_messages
from warehouse.collect.tracking_plan import TrackingPlan, load_tracking_plan
from warehouse.connection import connect
from warehouse.errors import InputError, MccError

ROUTES: dict[str, str | None] = {
    "/v1/batch": None,
    "/v1/track": "track",
    "/v1/identify": "identify",
    "/v1/page": "page",
    "/v1/screen": "screen",
    "/v1/group": "group",
    "/v1/alias": "alias",
}
MAX_BODY_BYTES = 4 * 1024 * 1024  # RudderStack's gateway limit for one request


@dataclass
class Reply:
    """The HTTP answer to one request, and what the load did (None when nothing reached the loader)."""

    status: int
    body: str
    report: LoadReport | None = None


class Collector:
    """Authenticate, decode and load requests; one DuckDB connection, used by one thread at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, write_key: str, plan: TrackingPlan | None = None,
                 source: str = "http") -> None:
        if not write_key:
            raise InputError("the write key is empty", accepted="a non-empty --write-key")
        self.con, self.write_key, self.source = con, write_key, source
        self.plan = plan or load_tracking_plan()
        self.lock = threading.Lock()

    def authorized(self, header: str | None) -> bool:
        """Check Basic auth: the write key as user, an empty password."""
        if not header or not header.startswith("Basic "):
            return False
        try:
            user, _, _ = base64.b64decode(header[6:], validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(user.encode(), self.write_key.encode())

    def handle(self, path: str, headers: dict[str, str], body: bytes, client_ip: str | None = None) -> Reply:
        """Answer one POST; the body is loaded only when the write key is right."""
        route = path.split("?", 1)[0].rstrip("/")
        if route not in ROUTES:
            return Reply(404, f"Not Found: {route} (accepted: {', '.join(ROUTES)})")
        if not self.authorized(headers.get("authorization")):
            return Reply(401, "Invalid Authorization Header: use Basic auth with the write key as user")
        if len(body) > MAX_BODY_BYTES:
            return Reply(413, f"Request body is {len(body)} bytes (limit {MAX_BODY_BYTES})")
        if headers.get("content-encoding", "").lower() == "gzip":
            try:
                body = gzip.decompress(body)
            except (OSError, EOFError, zlib.error):
                return self._refuse(_opaque(body), "body is not valid gzip")
        try:
            text = body.decode("utf-8")
            payload = json.loads(text)
        except UnicodeDecodeError:
            return self._refuse(_opaque(body), "body is not UTF-8")
        except json.JSONDecodeError as exc:
            return self._refuse(text, f"Invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        kind = ROUTES[route]
        if kind is None and not (isinstance(payload, dict) and isinstance(payload.get("batch"), list)):
            return self._refuse(text, 'a /v1/batch body must be {"batch": [message, ...]}')
        if kind is not None and not isinstance(payload, dict):
            return self._refuse(text, f"a /v1/{kind} body must be one message object")
        messages = payload["batch"] if kind is None else [{**payload, "type": kind}]
        body_sent_at = payload.get("sentAt") if kind is None else None
        stamped = [_server_side(m, client_ip, body_sent_at) for m in messages]
        with self.lock:
            report = load_messages(self.con, stamped, source=self.source, plan=self.plan)
        return Reply(200, "OK", report)

    def _refuse(self, raw: str, why: str) -> Reply:
        with self.lock:
            report = load_envelopes(self.con, [malformed(1, raw, why)], source=self.source, plan=self.plan)
        return Reply(400, why, report)


def _opaque(body: bytes) -> str:
    """Keep bytes that are not text in the quarantine losslessly."""
    return "base64:" + base64.b64encode(body).decode("ascii")


def _server_side(message: Any, client_ip: str | None, sent_at: Any) -> Any:
    """Drop what only the server may set (receivedAt) and add what it knows (request_ip, the batch sentAt)."""
    if not isinstance(message, dict):
        return message
    out = {k: v for k, v in message.items() if k != "receivedAt"}
    if client_ip and not out.get("request_ip"):
        out["request_ip"] = client_ip
    if sent_at is not None and "sentAt" not in out:
        out["sentAt"] = sent_at
    return out


def make_server(collector: Collector, host: str, port: int,
                log: Callable[[str], None] | None = None) -> ThreadingHTTPServer:
    """Return an HTTP server (not started) that answers with `collector`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = self.headers.get("Content-Length") or "0"
            if not length.isdigit():
                reply = Reply(411, "Content-Length must be a number of bytes")
            else:
                body = self.rfile.read(min(int(length), MAX_BODY_BYTES + 1))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    reply = collector.handle(self.path, headers, body, self.client_address[0])
                except MccError as exc:  # the load was rolled back: the client should retry later
                    reply = Reply(500, str(exc))
            data = reply.body.encode("utf-8")
            self.send_response(reply.status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            if log is not None:
                counts = "" if reply.report is None else (
                    f" loaded {reply.report.loaded} quarantined {reply.report.quarantined}"
                    f" duplicates {reply.report.duplicates}")
                log(f"POST {self.path} {reply.status}{counts}")

        def log_message(self, format: str, *args: Any) -> None:  # the reply line above replaces it
            return

    try:
        return ThreadingHTTPServer((host, port), Handler)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}",
                         accepted="a free port and a local address") from exc


def serve_forever(db: str | Path, *, host: str, port: int, write_key: str,
                  echo: Callable[[str], None] = print) -> None:
    """Run the collector on `db` until interrupted."""
    con = connect(db, must_exist=False)
    try:
        server = make_server(Collector(con, write_key=write_key), host, port, log=echo)
        echo(f"collecting into {db} at http://{host}:{server.server_port}/v1/batch (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            echo("stopped")
        finally:
            server.server_close()
    finally:
        con.close()
