from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.collect.export import export_events
from warehouse.collect.loader import load_file, load_messages

MESSAGES: list[dict[str, Any]] = [
    {"type": "identify", "userId": "u1", "anonymousId": "a1", "messageId": "i1", "timestamp": "2024-05-01T09:00:00Z",
     "traits": {"email": "a@x.io", "country": "US", "marketing_opt_in": True, "signup_at": "2024-05-01T09:00:00Z"},
     "context": {"library": {"name": "rudder-ios", "version": "1.0"}, "os": {"name": "iOS"}, "device": {"id": "d1"}}},
    {"type": "track", "event": "Workout Completed", "userId": "u1", "messageId": "t1",
     "originalTimestamp": "2024-05-01T10:00:00Z", "sentAt": "2024-05-01T10:00:02Z",
     "properties": {"workout_type": "yoga", "duration_min": 31.5}, "context": {"ip": "10.0.0.1"}},
    {"type": "track", "event": "plan_selected", "anonymousId": "a2", "messageId": "t2",
     "timestamp": "2024-05-01T11:00:00Z", "properties": {"plan_name": "monthly", "price": 9.99}},
    {"type": "track", "event": "message_clicked", "userId": "u1", "messageId": "t3", "timestamp": "2024-05-01T12:00:00Z",
     "properties": {"channel": "email", "rule_id": "r1", "message_id": "m1"}},
    {"type": "track", "event": "support_ticket_resolved", "userId": "u1", "messageId": "t4",
     "timestamp": "2024-05-01T12:30:00Z", "properties": {"ticket_id": "k1", "csat_score": 4}},
    {"type": "page", "anonymousId": "a2", "messageId": "p1", "timestamp": "2024-05-01T10:30:00Z", "name": "Pricing",
     "category": "Marketing", "properties": {"path": "/pricing", "depth": 2}, "context": {"campaign": {"source": "google"}}},
    {"type": "screen", "userId": "u1", "messageId": "s1", "timestamp": "2024-05-01T10:45:00Z", "name": "Compare Plans"},
    {"type": "alias", "userId": "u1", "previousId": "a2", "messageId": "al1", "timestamp": "2024-05-01T13:00:00Z"},
    {"type": "group", "userId": "u1", "groupId": "acme", "messageId": "g1", "timestamp": "2024-05-01T13:30:00Z",
     "traits": {"name": "Acme Gym", "seats": 12, "plan": {"tier": "team"}}},
]
TABLES = ["identifies", "users", "tracks", "workout_completed", "checkout_started", "message_clicked",
          "support_ticket_resolved", "pages", "screens", "aliases", "groups"]


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for name in TABLES:
        columns = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema='raw' AND table_name=? "
            "AND column_name <> 'uuid_ts' ORDER BY column_name", [name]).fetchall()]
        out[name] = con.execute(f'SELECT {", ".join(columns)} FROM raw."{name}" ORDER BY ALL').fetchall()
    return out


def test_export_then_load_reproduces_the_raw_layer(tmp_path: Path) -> None:
    source = duckdb.connect(str(tmp_path / "a.duckdb"))
    received = datetime(2024, 5, 1, 10, 0, 5)
    assert load_messages(source, MESSAGES, source="seed", received_at=received).loaded == len(MESSAGES)
    out = tmp_path / "events.jsonl"
    assert export_events(source, out) == len(MESSAGES)
    payloads = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["messageId"] for p in payloads] == ["i1", "t1", "p1", "s1", "t2", "t3", "t4", "al1", "g1"]
    assert payloads[1]["context"] == {"ip": "10.0.0.1"}
    assert payloads[0]["context"]["library"] == {"name": "rudder-ios", "version": "1.0"}
    assert (payloads[-1]["groupId"], payloads[-1]["traits"]) == ("acme", {"name": "Acme Gym", "seats": 12, "plan_tier": "team"})
    target = duckdb.connect(str(tmp_path / "b.duckdb"))
    report = load_file(target, out)
    assert (report.loaded, report.quarantined) == (len(MESSAGES), 0)
    before, after = snapshot(source), snapshot(target)
    assert all(before[name] for name in TABLES)
    assert before == after


def test_export_limits_and_filters_by_user(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "a.duckdb"))
    load_messages(con, MESSAGES, source="seed")
    out = tmp_path / "events.jsonl"
    assert export_events(con, out, limit=3) == 3
    assert export_events(con, out, user_ids=["u1"]) == 7
    assert {json.loads(line)["userId"] for line in out.read_text().splitlines()} == {"u1"}


def test_export_needs_a_raw_layer(tmp_path: Path) -> None:
    from warehouse.errors import DatabaseError

    with pytest.raises(DatabaseError, match="no raw layer"):
        export_events(duckdb.connect(), tmp_path / "x.jsonl")
