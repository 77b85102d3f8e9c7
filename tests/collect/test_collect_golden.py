"""Pin every raw table and the quarantine a varied set of loads writes, so a faster loader stays identical.

The expectations in `collect_golden.json` were written by the per-message loader as it was before it was
optimised (commit 36eb266); rewrite them only for an intended change of behaviour, with
`.venv/bin/python tests/collect/test_collect_golden.py`.
"""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.collect import loader
from warehouse.collect.loader import load_file, load_messages
from warehouse.collect.tracking_plan import TrackingPlan

GOLDEN = Path(__file__).with_name("collect_golden.json")
FIRST, SECOND, THIRD = datetime(2024, 5, 2, 12), datetime(2024, 5, 3, 12), datetime(2024, 5, 4, 12)

# A plan of its own, so an edit to the shipped tracking plan does not move these expectations.
PLAN = TrackingPlan.model_validate({
    "version": 1,
    "events": {
        "app_opened": {},
        "workout_completed": {"workout_type": {"type": "string", "required": True, "values": ["yoga", "hiit"]},
                              "duration_min": {"type": "number", "required": True}},
        "checkout_started": {"plan": {"type": "string", "required": True, "values": ["monthly", "annual"]}},
        "ticket_resolved": {"ticket_id": {"type": "string", "required": True}, "csat_score": {"type": "integer"},
                            "resolved_at": {"type": "datetime"}, "escalated": {"type": "boolean"}},
        "message_sent": {"channel": {"type": "string"}, "event": {"type": "string"}},
    },
    "aliases": {"plan_selected": {"event": "checkout_started", "properties": {"plan_name": "plan"},
                                  "values": {"plan": {"yearly": "annual"}}, "drop": ["price"]},
                "application_opened": {"event": "app_opened"}},
    "traits": {"email": {"type": "string"}, "age": {"type": "integer"}, "signup_at": {"type": "datetime"}},
})

CONTEXT = {"library": {"name": "rudder-ios", "version": "1.9.0"}, "os": {"name": "iOS", "version": "17"},
           "device": {"id": "dev-1", "type": "phone"}, "ip": "10.0.0.1", "campaign": {"source": "google"}}


def msg(kind: Any, mid: Any, **fields: Any) -> dict[str, Any]:
    """Return a message of `kind` from user u1 with a fixed timestamp; `fields` override or add."""
    base: dict[str, Any] = {"type": kind, "messageId": mid, "userId": "u1", "anonymousId": "a1",
                            "timestamp": "2024-05-01T10:00:00Z", "context": CONTEXT}
    return {k: v for k, v in {**base, **fields}.items() if v is not ...}


def first_lines() -> list[str]:
    """Return the first file: every message type and outcome, written as JSON lines."""
    messages: list[Any] = [
        msg("track", "t1", event="workout_completed", properties={"workout_type": "yoga", "duration_min": 20}),
        msg("track", "t2", event="Workout Completed", properties={"workout_type": "hiit", "duration_min": 12.5},
            timestamp=..., originalTimestamp="2024-05-01T09:00:00.250Z", sentAt="2024-05-01T09:00:10Z"),
        msg("track", "t3", event="plan_selected", properties={"plan_name": "yearly", "price": 59.99}),
        msg("track", "t4", event="Application Opened", properties={}, channel="mobile", request_ip="1.2.3.4"),
        msg("track", "t5", event="ticket_resolved", properties={"ticket_id": "k1", "csat_score": 4.0,
                                                                 "resolved_at": "2024-05-01T11:00:00+02:00",
                                                                 "escalated": False}),
        msg("track", "t6", event="message_sent", properties={"channel": "push", "event": "x"}),
        msg("track", 12345, event="app_opened", userId=987, anonymousId=..., timestamp="2024-05-01 10:00:00"),
        msg("track", "", event="app_opened", receivedAt="2024-04-30T23:59:59-01:00"),
        msg("track", 12345678901234567890123, event="app_opened", userId=2**64, properties={"n": -(2**63) - 1}),
        msg("track", ..., event="app_opened", timestamp="2024-05-01T10:00:00.123456"),
        msg("identify", "i1", traits={"email": "a@x.io", "age": 30, "signup_at": "2024-01-01T00:00:00Z",
                                      "favouriteColor": "blue", "Plan Tier": 2, "tags": ["a", "b"],
                                      "address": {"city": "Oslo", "zip": None}}),
        msg("identify", "i2", userId="u2", context={**CONTEXT, "traits": {"email": "b@x.io", "age": 41.0}}),
        msg("identify", "i3", userId="u1", timestamp="2024-05-01T11:00:00Z", traits={"favouriteColor": "red"}),
        msg("page", "p1", name="Pricing", properties={"path": "/pricing", "count": 3, "fromTab": "home",
                                                      "big": 2**70, "ratio": 1, "nested": {"deep": {"x": 1}}}),
        msg("page", "p2", properties={"name": "Home", "category": 7, "count": 2.5, "ratio": 0.5,
                                      "when": "2024-05-01T08:00:00Z", "day": "2024-05-01", "event": "e",
                                      "context_x": 1, "id": "shadow", "2fa": True}),
        msg("screen", "s1", name="Settings", properties={"tab": "plans", "flag": True}),
        msg("screen", "s2", name="Settings", properties={"flag": 5}),
        msg("group", "g1", groupId=42, traits={"plan": "team", "seats": 10}),
        msg("group", "g2", groupId="", traits={}),
        msg("alias", "al1", previousId="a1"),
        msg("alias", "al2", previousId=None),
        msg("track", "v1", event="teleported"),
        msg("track", "v2", event="workout_completed", properties={"workout_type": "yoga"}),
        msg("track", "v3", event="workout_completed", properties={"workout_type": "swim", "duration_min": "x"}),
        msg("track", "v4", event="checkout_started", properties={"plan": "monthly", "coupon": "HALF"}),
        msg("track", "v5", event="app_opened", userId=..., anonymousId=...),
        msg("track", "v6", event="app_opened", properties={"blob": "x" * 33_000}),
        msg("track", "v7", event="", properties={}),
        msg("track", "v8", event="app_opened", sentAt="yesterday"),
        msg("track", "v9", event="app_opened", userId=True),
        msg("identify", "v10", traits={"age": "old", "email": 5}),
        msg("identify", "v11", traits="not an object"),
        msg("launch", "v12"),
        msg(..., "v13"),
        msg("track", "t1", event="app_opened"),  # a duplicate inside the file, with other content
        msg("track", "v1", event="teleported"),  # a quarantined message sent twice
    ]
    lines = [json.dumps(m) for m in messages]
    lines += [
        '{"type": "track", "event":',  # malformed JSON
        "[1, 2]",  # a list of non-messages
        '"just a string"',
        '{"batch": "nope"}',
        json.dumps({"sentAt": "2024-05-01T10:00:05Z", "batch": [
            msg("track", "b1", event="app_opened", timestamp=..., originalTimestamp="2024-05-01T10:00:00Z"),
            msg("page", "b2", name="Home", properties={"count": 7, "huge": 10**25}), 5]}),
        json.dumps([msg("track", "l1", event="app_opened"), msg("alias", "l2", previousId="a9")]),
        '{"type": "track", "event": "app_opened", "userId": "u1", "messageId": "nan", "properties": {}, '
        '"context": {"score": NaN}}',
        "   ",
    ]
    return lines + [json.dumps(m) for m in varied_messages(random.Random(11), 150, 140, "r")]


def varied_messages(rng: random.Random, n: int, ids: int, prefix: str) -> list[dict[str, Any]]:
    """Return messages whose properties change type from one to the next (int, float, text, bool, ...)."""
    values: list[Any] = [1, 2, 2.5, -3, True, "text", "2024-05-01T10:00:00Z", None, [1], {"a": 1}, 10**20]
    keys = ["score", "level", "mode", "Nested Key", "camelCase"]
    out = []
    for i in range(n):
        kind = rng.choice(["page", "screen", "group", "track", "identify"])
        props = {key: rng.choice(values) for key in rng.sample(keys, rng.randint(0, 4))}
        context = {**CONTEXT, "device": {"id": f"dev-{i % 7}"}, "screen": {"width": rng.choice([390, 390.5])}}
        fields: dict[str, Any] = {"context": context, "userId": f"u{i % 9}",
                                  "timestamp": f"2024-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z"}
        if kind == "track":
            fields |= {"event": rng.choice(["workout_completed", "app_opened", "plan_selected"]),
                       "properties": rng.choice([{"workout_type": "yoga", "duration_min": rng.choice([5, 5.5])},
                                                 {}, {"plan_name": "monthly", "price": 1}])}
        elif kind == "identify":
            fields["traits"] = {**props, "age": rng.choice([20, 21.0, "x"])}
        elif kind == "group":
            fields |= {"groupId": f"g{i % 3}", "traits": props}
        else:
            fields |= {"name": rng.choice(["Home", "Pricing", None]), "properties": props}
        out.append(msg(kind, f"{prefix}{i % ids}", **fields))  # ids repeat: some of these are duplicates
    return out


def second_lines() -> list[str]:
    """Return the second file: duplicates of the first, widened and new columns, new quarantine."""
    messages = [
        msg("track", "t1", event="workout_completed", properties={"workout_type": "yoga", "duration_min": 20}),
        msg("track", "v2", event="workout_completed", properties={"workout_type": "yoga"}),
        msg("page", "p3", properties={"count": 4.25, "ratio": 2, "fresh": "new column"},
            context={**CONTEXT, "locale": "nb-NO"}),
        msg("group", "g3", groupId="acme", traits={"seats": 10.5}),
        msg("identify", "i4", userId="u2", traits={"age": 42, "Plan Tier": 2.5}),
        msg("track", "t7", event="app_opened", timestamp="2024-06-01T00:00:00Z"),
    ]
    return [json.dumps(m) for m in messages] + [json.dumps(m) for m in varied_messages(random.Random(12), 40, 30, "q")]


def run_loads(tmp: Path) -> dict[str, Any]:
    """Run every load against one fresh warehouse and return the reports and what is stored."""
    con = duckdb.connect(str(tmp / "golden.duckdb"))
    first, second = tmp / "first.jsonl", tmp / "second.jsonl"
    first.write_text("\n".join(first_lines()) + "\n", encoding="utf-8")
    second.write_text("\n".join(second_lines()) + "\r\n", encoding="utf-8")
    not_utf8 = tmp / "latin1.jsonl"
    not_utf8.write_bytes(json.dumps(msg("track", "u8a", event="app_opened")).encode() + b"\n"
                         + b'{"type": "track", "event": "caf\xe9"}\n'
                         + json.dumps(msg("track", "u8b", event="app_opened")).encode() + b"\n")
    pretty = tmp / "body.json"
    pretty.write_text(json.dumps({"batch": [msg("screen", "pb1", name="Pretty")]}, indent=2), encoding="utf-8")
    reports = [
        load_file(con, first, plan=PLAN, received_at=FIRST),
        load_file(con, second, plan=PLAN, received_at=SECOND),
        load_file(con, first, plan=PLAN, received_at=THIRD),
        load_file(con, not_utf8, plan=PLAN, received_at=THIRD),
        load_file(con, pretty, plan=PLAN, received_at=THIRD),
        load_messages(con, [msg("track", "d1", event="app_opened"), {"batch": [msg("alias", "d2", previousId="z")]},
                            '{"broken', msg("track", "t1", event="app_opened")],
                      source="dicts", plan=PLAN, received_at=THIRD),
    ]
    stored = {"reports": [r.model_dump(mode="json") for r in reports], "tables": dump_tables(con)}
    con.close()
    return stored


def _value(value: Any) -> Any:
    """Return a stored value in a JSON-safe form that keeps its type: 1, 1.0 and NaN stay distinct."""
    if isinstance(value, float):
        return f"float:{value!r}"
    if isinstance(value, datetime):
        return f"datetime:{value.isoformat()}"
    return value


def dump_tables(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Return every table of the raw and mcc schemas: columns with types in order, rows in insert order."""
    tables = con.execute("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                         "WHERE table_schema IN ('raw', 'mcc') ORDER BY ALL").fetchall()
    dumped: dict[str, Any] = {}
    for (name,) in tables:
        schema, table = name.split(".")
        columns = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? "
                              "AND table_name = ? ORDER BY ordinal_position", [schema, table]).fetchall()
        rows = con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
        if table == "users":  # rebuilt per user on every load: its order is the order of a GROUP BY
            rows.sort(key=lambda row: row[0])
        dumped[name] = {"columns": [f"{c} {t}" for c, t in columns],
                        "rows": [[_value(v) for v in row] for row in rows]}
    return dumped


@pytest.mark.parametrize("chunk", [loader.CHUNK_MESSAGES, 7])
def test_varied_loads_store_exactly_what_the_reference_loader_stored(tmp_path: Path, chunk: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", chunk)  # 7: duplicates, widening and columns span chunks
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(run_loads(tmp_path)))
    assert actual["reports"] == expected["reports"]
    assert sorted(actual["tables"]) == sorted(expected["tables"])
    for name, table in expected["tables"].items():
        assert actual["tables"][name]["columns"] == table["columns"], name
        assert actual["tables"][name]["rows"] == table["rows"], name


def test_the_fixture_reaches_every_outcome() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    first, second, reload = expected["reports"][:3]
    assert set(first["by_violation"]) == {"Unplanned-Event", "Required-Missing", "Datatype-Mismatch",
                                          "Additional-Properties", "Malformed-JSON", "Missing-Id", "Oversize-Payload"}
    assert first["duplicates"] > 0 and second["duplicates"] > 0
    assert reload["duplicates"] == reload["input"]
    columns = expected["tables"]["raw.pages"]["columns"]
    assert "count DOUBLE" in columns and "ratio DOUBLE" in columns  # int then float in one load
    assert "seats DOUBLE" in expected["tables"]["raw.groups"]["columns"]  # BIGINT widened by the second load
    assert "plan_tier DOUBLE" in expected["tables"]["raw.users"]["columns"]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        stored = run_loads(Path(directory))
    # One row a line, so a change of behaviour shows as a readable diff.
    tables = [f"{json.dumps(name)}: {{\"columns\": {json.dumps(table['columns'])}, \"rows\": [\n"
              + ",\n".join(json.dumps(row) for row in table["rows"]) + "]}"
              for name, table in stored["tables"].items()]
    body = f'{{"reports": {json.dumps(stored["reports"])},\n"tables": {{\n' + ",\n".join(tables) + "}}\n"
    GOLDEN.write_text(body, encoding="utf-8")
    print(f"wrote {GOLDEN} ({len(body):,} characters)")
