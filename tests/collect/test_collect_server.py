from __future__ import annotations

import base64
import gzip
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.collect.server import Collector, make_server

WRITE_KEY = "wk-test"


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(tmp_path / "w.duckdb"))


@pytest.fixture
def url(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    server = make_server(Collector(con, write_key=WRITE_KEY), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def post(url: str, body: bytes, *, key: str | None = WRITE_KEY, gzipped: bool = False) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    if gzipped:
        headers["Content-Encoding"] = "gzip"
        body = gzip.compress(body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def count(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    return con.execute(sql).fetchone()[0]  # type: ignore[index]


def test_the_rudderstack_python_sdk_lands_events(con: duckdb.DuckDBPyConnection, url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import rudderstack.analytics as rudder_analytics

    monkeypatch.setattr(rudder_analytics, "write_key", WRITE_KEY)
    monkeypatch.setattr(rudder_analytics, "dataPlaneUrl", url)
    monkeypatch.setattr(rudder_analytics, "sync_mode", True)
    monkeypatch.setattr(rudder_analytics, "default_client", None)
    rudder_analytics.identify("u-sdk", {"email": "sdk@example.com", "country": "GB"}, anonymous_id="anon-sdk")
    rudder_analytics.track("u-sdk", "Workout Completed", {"workout_type": "hiit", "duration_min": 25},
                           context={"os": {"name": "Android"}})
    rudder_analytics.track("u-sdk", "Plan Selected", {"plan_name": "monthly", "price": 9.99})
    rudder_analytics.page("u-sdk", "Marketing", "Pricing", {"path": "/pricing"})
    rudder_analytics.group("u-sdk", "team-7", {"name": "Team Seven", "seats": 5})
    rudder_analytics.flush()
    assert con.execute("SELECT user_id, workout_type, duration_min, context_os_name, context_library_name, "
                       "channel FROM raw.workout_completed").fetchall() == [
        ("u-sdk", "hiit", 25.0, "Android", "analytics-python", "server")]
    assert con.execute("SELECT event, event_text, plan FROM raw.checkout_started").fetchall() == [
        ("checkout_started", "Plan Selected", "monthly")]
    assert con.execute("SELECT id, email, country FROM raw.users").fetchall() == [
        ("u-sdk", "sdk@example.com", "GB")]
    assert con.execute("SELECT name, category, context_request_ip FROM raw.pages").fetchall() == [
        ("Pricing", "Marketing", "127.0.0.1")]
    assert con.execute("SELECT user_id, group_id, name, seats FROM raw.groups").fetchall() == [
        ("u-sdk", "team-7", "Team Seven", 5)]
    assert count(con, "SELECT count(*) FROM mcc.quarantine") == 0


def test_a_wrong_or_missing_write_key_is_401_and_loads_nothing(con: duckdb.DuckDBPyConnection, url: str) -> None:
    body = json.dumps({"batch": [{"type": "track", "event": "app_opened", "userId": "u1"}]}).encode()
    assert post(url + "/v1/batch", body, key="not-the-key")[0] == 401
    assert post(url + "/v1/batch", body, key=None)[0] == 401
    tables = count(con, "SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('raw', 'mcc')")
    assert tables == 0


def test_gzip_batch_and_single_routes_answer_ok(con: duckdb.DuckDBPyConnection, url: str) -> None:
    batch = {"sentAt": "2024-05-01T10:00:00Z",
             "batch": [{"type": "track", "event": "app_opened", "userId": "u1", "messageId": "g1",
                        "receivedAt": "1999-01-01T00:00:00Z"}]}
    assert post(url + "/v1/batch", json.dumps(batch).encode(), gzipped=True) == (200, "OK")
    single = {"userId": "u1", "messageId": "s1", "event": "trial_started"}
    assert post(url + "/v1/track", json.dumps(single).encode()) == (200, "OK")
    alias = {"userId": "u1", "previousId": "old", "messageId": "al1"}
    assert post(url + "/v1/alias", json.dumps(alias).encode()) == (200, "OK")
    assert count(con, "SELECT count(*) FROM raw.tracks") == 2
    assert count(con, "SELECT count(*) FROM raw.aliases") == 1
    # the server stamps receivedAt itself: a client cannot set it
    assert count(con, "SELECT min(received_at) FROM raw.tracks").year > 1999


def test_a_malformed_body_is_400_and_quarantined(con: duckdb.DuckDBPyConnection, url: str) -> None:
    status, text = post(url + "/v1/batch", b'{"batch": [', gzipped=True)
    assert status == 400 and "Invalid JSON" in text
    status, text = post(url + "/v1/batch", b'{"messages": []}')
    assert status == 400 and "batch" in text
    assert con.execute("SELECT violation_type, raw_payload FROM mcc.quarantine ORDER BY raw_payload").fetchall() == [
        ("Malformed-JSON", '{"batch": ['), ("Malformed-JSON", '{"messages": []}')]


def test_unknown_route_is_404(url: str) -> None:
    assert post(url + "/v1/merge", b"{}")[0] == 404


def test_a_failed_load_is_500_and_the_client_can_retry(con: duckdb.DuckDBPyConnection, url: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from warehouse.errors import DatabaseError

    def fail(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("loading http failed and was rolled back: disk full")

    monkeypatch.setattr("warehouse.collect.server.load_messages", fail)
    body = json.dumps({"batch": [{"type": "track", "event": "app_opened", "userId": "u1"}]}).encode()
    status, text = post(url + "/v1/batch", body)
    assert status == 500 and "rolled back" in text
