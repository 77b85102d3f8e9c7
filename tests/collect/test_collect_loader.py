from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.collect import bulk_insert, table_batch
from warehouse.collect.loader import load_file, load_messages
from warehouse.errors import DatabaseError, InputError

RECEIVED = datetime(2024, 5, 1, 12, 0, 0)


def track(event: str, mid: str, **properties: Any) -> dict[str, Any]:
    return {"type": "track", "event": event, "userId": "u1", "messageId": mid, "properties": properties,
            "timestamp": "2024-05-01T10:00:00Z", "context": {"os": {"name": "iOS"}}}


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(tmp_path / "w.duckdb"))


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_violation_type_is_quarantined_with_payload_and_line(con: duckdb.DuckDBPyConnection,
                                                                   tmp_path: Path) -> None:
    good = json.dumps(track("workout_completed", "ok1", workout_type="yoga", duration_min=20))
    bad = {
        "Malformed-JSON": '{"type": "track", "event":',
        "Missing-Id": json.dumps({"type": "track", "event": "app_opened", "messageId": "x1"}),
        "Unplanned-Event": json.dumps(track("workout_teleported", "x2")),
        "Required-Missing": json.dumps(track("workout_completed", "x3", workout_type="yoga")),
        "Datatype-Mismatch": json.dumps(track("workout_completed", "x4", workout_type="yoga", duration_min="long")),
        "Additional-Properties": json.dumps(track("checkout_started", "x5", plan="annual", coupon="HALF")),
        "Oversize-Payload": json.dumps(track("app_opened", "x6") | {"context": {"blob": "x" * 33_000}}),
    }
    path = write_lines(tmp_path / "in.jsonl", [good, *bad.values()])
    report = load_file(con, path, received_at=RECEIVED)
    assert (report.input, report.loaded, report.quarantined, report.duplicates) == (8, 1, 7, 0)
    assert report.by_violation == dict.fromkeys(bad, 1)
    stored = {kind: (line, payload) for kind, line, payload in
              rows(con, "SELECT violation_type, line_no, raw_payload FROM mcc.quarantine")}
    for line_no, (kind, payload) in enumerate(bad.items(), start=2):
        assert stored[kind] == (line_no, payload)
    assert rows(con, "SELECT DISTINCT source FROM mcc.quarantine") == [("in.jsonl",)]


def test_malformed_line_in_the_middle_keeps_the_good_lines(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = [json.dumps(track("app_opened", f"m{i}")) for i in range(4)]
    lines.insert(2, "{not json")
    report = load_file(con, write_lines(tmp_path / "f.jsonl", lines))
    assert (report.loaded, report.quarantined) == (4, 1)
    assert rows(con, "SELECT count(*) FROM raw.app_opened") == [(4,)]
    assert rows(con, "SELECT line_no FROM mcc.quarantine") == [(3,)]


def test_reloading_the_same_messages_changes_nothing(con: duckdb.DuckDBPyConnection) -> None:
    messages: list[dict[str, Any] | str] = [track("app_opened", "a"), {"type": "identify", "userId": "u1", "traits": {"country": "US"}},
                "{broken", {"type": "track", "event": "app_opened"}]
    first = load_messages(con, messages, source="t", received_at=RECEIVED)
    snapshot = [rows(con, f"SELECT * FROM {t} ORDER BY ALL")
                for t in ("raw.tracks", "raw.identifies", "raw.users", "mcc.quarantine")]
    second = load_messages(con, messages, source="t")
    assert (first.loaded, first.quarantined, first.duplicates) == (2, 2, 0)
    assert (second.input, second.loaded, second.quarantined, second.duplicates) == (4, 0, 0, 4)
    assert snapshot == [rows(con, f"SELECT * FROM {t} ORDER BY ALL")
                        for t in ("raw.tracks", "raw.identifies", "raw.users", "mcc.quarantine")]


def test_duplicate_ids_inside_one_load_count_once(con: duckdb.DuckDBPyConnection) -> None:
    report = load_messages(con, [track("app_opened", "same"), track("app_opened", "same")], source="t")
    assert (report.loaded, report.duplicates) == (1, 1)


def test_clock_skew_is_corrected_when_the_client_sent_no_timestamp(con: duckdb.DuckDBPyConnection) -> None:
    message = {"type": "track", "event": "app_opened", "anonymousId": "a1", "messageId": "s1",
               "originalTimestamp": "2024-05-01T13:00:00+01:00", "sentAt": "2024-05-01T12:00:30Z"}
    load_messages(con, [message], source="t", received_at=RECEIVED)
    # the client's clock ran 30 s behind its send: the event happened 30 s before the server received it
    assert rows(con, "SELECT timestamp, original_timestamp, sent_at, received_at FROM raw.tracks") == [(
        datetime(2024, 5, 1, 11, 59, 30), datetime(2024, 5, 1, 12, 0), datetime(2024, 5, 1, 12, 0, 30), RECEIVED)]


def test_batch_sent_at_applies_to_its_messages(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    body = {"sentAt": "2024-05-01T10:00:10Z", "batch": [
        {"type": "track", "event": "app_opened", "userId": "u1", "messageId": "b1",
         "originalTimestamp": "2024-05-01T10:00:00Z"},
        {"type": "page", "userId": "u1", "messageId": "b2", "name": "Pricing", "properties": {"path": "/p"}}]}
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(body, indent=2))  # one pretty-printed body over many lines
    report = load_file(con, path, received_at=RECEIVED)
    assert (report.input, report.loaded) == (2, 2)
    assert rows(con, "SELECT timestamp FROM raw.tracks") == [(datetime(2024, 5, 1, 11, 59, 50),)]
    assert rows(con, "SELECT name, path FROM raw.pages") == [("Pricing", "/p")]


def test_empty_message_id_is_filled_with_a_stable_uuid(con: duckdb.DuckDBPyConnection) -> None:
    message = {"type": "track", "event": "app_opened", "userId": "u1", "messageId": "",
               "timestamp": "2024-05-01T10:00:00Z"}
    load_messages(con, [message], source="t")
    (filled,) = rows(con, "SELECT id FROM raw.tracks")[0]
    assert len(filled) == 36 and filled.count("-") == 4
    assert load_messages(con, [message], source="t").duplicates == 1


def test_alias_name_arrives_as_the_canonical_event(con: duckdb.DuckDBPyConnection) -> None:
    app = {"type": "track", "event": "plan_selected", "anonymousId": "a1", "messageId": "app",
           "properties": {"plan_name": "yearly", "price": 59.99}}
    web = {"type": "track", "event": "checkout_started", "anonymousId": "a2", "messageId": "web",
           "properties": {"plan": "monthly"}}
    report = load_messages(con, [app, web], source="t")
    assert report.loaded == 2
    assert rows(con, "SELECT id, event, event_text, plan FROM raw.checkout_started ORDER BY id") == [
        ("app", "checkout_started", "plan_selected", "annual"), ("web", "checkout_started", "checkout_started", "monthly")]
    assert rows(con, "SELECT DISTINCT event FROM raw.tracks") == [("checkout_started",)]
    tables = {t for (t,) in rows(con, "SELECT table_name FROM information_schema.tables WHERE table_schema='raw'")}
    assert "plan_selected" not in tables
    columns = {c for (c,) in rows(con, "SELECT column_name FROM information_schema.columns "
                                       "WHERE table_name='checkout_started'")}
    assert "plan_name" not in columns and "price" not in columns


def test_layout_flattens_context_adds_columns_and_skips_nulls(con: duckdb.DuckDBPyConnection) -> None:
    page = {"type": "screen", "userId": "u1", "messageId": "p1", "name": "Pricing",
            "properties": {"fromTab": "home", "variant": None, "layout": {"columns": 2}},
            "context": {"library": {"name": "rudder-ios", "version": "1.2"}, "os": {"name": "iOS"},
                        "campaign": {"source": "google"}, "screen": {"width": 390}}}
    msg = track("message_opened", "m1", channel="push", rule_id="r1", message_id="x")
    load_messages(con, [page, msg], source="t")
    assert rows(con, "SELECT context_library_name, context_os_name, context_campaign_source, context_screen_width,"
                     " from_tab, layout_columns FROM raw.screens") == [("rudder-ios", "iOS", "google", 390, "home", 2)]
    columns = {c for (c,) in rows(con, "SELECT column_name FROM information_schema.columns WHERE table_name='screens'")}
    assert "variant" not in columns
    assert rows(con, "SELECT channel, channel_name, rule_id FROM raw.message_opened") == [(None, "push", "r1")]
    types = dict(rows(con, "SELECT column_name, data_type FROM information_schema.columns "
                           "WHERE table_name='screens' AND column_name IN ('context_screen_width', 'timestamp')"))
    assert types == {"context_screen_width": "BIGINT", "timestamp": "TIMESTAMP"}


def test_a_property_named_like_a_column_does_not_overwrite_it(con: duckdb.DuckDBPyConnection) -> None:
    page = {"type": "page", "userId": "u1", "messageId": "p1", "name": "Home", "context": {"ip": "10.0.0.1"},
            "properties": {"context_ip": "spoofed", "user_id": "someone-else"}}
    load_messages(con, [page], source="t")
    assert rows(con, "SELECT context_ip, user_id, prop_context_ip, prop_user_id FROM raw.pages") == [
        ("10.0.0.1", "u1", "spoofed", "someone-else")]


def test_a_value_that_does_not_fit_its_column_is_quarantined(con: duckdb.DuckDBPyConnection) -> None:
    first = {"type": "page", "userId": "u1", "messageId": "p1", "name": "Home", "properties": {"depth": 3}}
    wider = {"type": "page", "userId": "u1", "messageId": "p2", "name": "Home", "properties": {"depth": 3.5}}
    wrong = {"type": "page", "userId": "u1", "messageId": "p3", "name": "Home", "properties": {"depth": "deep"}}
    load_messages(con, [first], source="t")
    report = load_messages(con, [wider, wrong], source="t")
    assert (report.loaded, report.by_violation) == (1, {"Datatype-Mismatch": 1})
    assert rows(con, "SELECT depth FROM raw.pages ORDER BY id") == [(3.0,), (3.5,)]


def test_identifies_and_users_keep_the_latest_trait_values(con: duckdb.DuckDBPyConnection) -> None:
    older = {"type": "identify", "userId": "u1", "anonymousId": "a1", "messageId": "i1",
             "timestamp": "2024-05-01T10:00:00Z",
             "traits": {"email": "a@x.io", "country": "US", "signupAt": "2024-04-01T00:00:00Z"}}
    newer = {"type": "identify", "userId": "u1", "messageId": "i2", "timestamp": "2024-05-02T10:00:00Z",
             "traits": {"country": "DE", "marketing_opt_in": False}}
    load_messages(con, [newer], source="t")
    load_messages(con, [older], source="t")
    assert rows(con, "SELECT id, email, country, marketing_opt_in, signup_at FROM raw.users") == [
        ("u1", "a@x.io", "DE", False, datetime(2024, 4, 1))]
    assert rows(con, "SELECT count(*) FROM raw.identifies") == [(2,)]


def test_alias_needs_previous_id_and_user_id(con: duckdb.DuckDBPyConnection) -> None:
    good = {"type": "alias", "userId": "u1", "previousId": "legacy", "messageId": "al1"}
    bad = {"type": "alias", "anonymousId": "a1", "previousId": "legacy", "messageId": "al2"}
    report = load_messages(con, [good, bad], source="t")
    assert (report.loaded, report.by_violation) == (1, {"Required-Missing": 1})
    assert rows(con, "SELECT user_id, previous_id FROM raw.aliases") == [("u1", "legacy")]


def test_group_needs_a_group_id_and_keeps_its_traits(con: duckdb.DuckDBPyConnection) -> None:
    good = {"type": "group", "userId": "u1", "groupId": 42, "messageId": "g1",
            "traits": {"name": "Acme", "employees": 120, "address": {"city": "Leeds"}}}
    missing = {"type": "group", "userId": "u1", "messageId": "g2", "traits": {"name": "Nobody"}}
    blank = {"type": "group", "userId": "u1", "groupId": "", "messageId": "g3"}
    report = load_messages(con, [good, missing, blank], source="t")
    assert (report.loaded, report.by_violation) == (1, {"Required-Missing": 2})
    assert rows(con, "SELECT user_id, group_id, name, employees, address_city FROM raw.groups") == [
        ("u1", "42", "Acme", 120, "Leeds")]
    assert rows(con, "SELECT DISTINCT message FROM mcc.quarantine") == [
        ("/groupId: a group message needs a groupId (a string or an integer)",)]


def test_data_end_moves_forward_only(con: duckdb.DuckDBPyConnection) -> None:
    late = track("app_opened", "late") | {"timestamp": "2024-06-01T00:00:00Z"}
    early = track("app_opened", "early") | {"timestamp": "2024-01-01T00:00:00Z"}
    assert load_messages(con, [late], source="t").data_end == datetime(2024, 6, 1)
    load_messages(con, [early], source="t")
    assert rows(con, "SELECT value FROM mcc.meta WHERE key = 'data_end'") == [("2024-06-01 00:00:00",)]


def test_a_crash_half_way_leaves_nothing(con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    load_messages(con, [track("app_opened", "before")], source="t")
    calls = {"n": 0}
    real = bulk_insert.insert_rows

    def crash_on_second_table(c: duckdb.DuckDBPyConnection, batch: table_batch.TableBatch) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise duckdb.IOException("disk full")
        return real(c, batch)

    monkeypatch.setattr("warehouse.collect.loader.insert_rows", crash_on_second_table)
    with pytest.raises(DatabaseError, match="rolled back"):
        load_messages(con, [track("app_opened", "after"), "{bad"], source="t")
    assert calls["n"] == 2  # tracks went in, then the event table failed
    assert rows(con, "SELECT id FROM raw.tracks") == [("before",)]
    assert rows(con, "SELECT count(*) FROM mcc.quarantine") == [(0,)]


def test_strict_refuses_the_whole_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "s.jsonl", [json.dumps(track("app_opened", "s1")), "{bad"])
    with pytest.raises(InputError, match="1 of 2 messages") as caught:
        load_file(con, path, strict=True)
    assert caught.value.details["quarantined"] == 1
    assert rows(con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw'") == [(0,)]


def test_empty_and_unreadable_files_are_input_errors(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n  \n")
    with pytest.raises(InputError, match="empty"):
        load_file(con, tmp_path / "empty.jsonl")
    with pytest.raises(InputError, match="cannot read"):
        load_file(con, tmp_path / "missing.jsonl")


def test_a_line_that_is_not_utf8_is_quarantined_alone(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(json.dumps(track("app_opened", "u8")).encode() + b"\n{\"name\": \"\xff\"}\n")
    report = load_file(con, path)
    assert (report.loaded, report.by_violation) == (1, {"Malformed-JSON": 1})


def test_a_trait_widened_to_float_is_widened_in_users_too(con: duckdb.DuckDBPyConnection) -> None:
    first = {"type": "identify", "userId": "u1", "messageId": "w1", "timestamp": "2024-05-01T10:00:00Z",
             "traits": {"height": 180}}
    later = {"type": "identify", "userId": "u1", "messageId": "w2", "timestamp": "2024-05-02T10:00:00Z",
             "traits": {"height": 180.5}}
    load_messages(con, [first], source="t")
    load_messages(con, [later], source="t")
    assert rows(con, "SELECT height FROM raw.users") == [(180.5,)]
