"""Trait definitions on fixed inputs with exact expected values, and the as-of cut."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.meta import data_end
from warehouse.models.activity import build_activity
from warehouse.models.canonical import DELIVERIES_DDL
from warehouse.models.traits import build_traits, traits_query

NOW = datetime(2026, 3, 10, 12, 0)


def at(days_ago: float) -> datetime:
    return NOW - timedelta(days=days_ago)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("CREATE SCHEMA raw")
    c.execute("CREATE SCHEMA mcc")
    c.execute(DELIVERIES_DDL)
    c.execute("CREATE TABLE fct_events (event_id VARCHAR, event_time TIMESTAMP, user_id VARCHAR, event_name VARCHAR, "
              "device_os VARCHAR, properties JSON)")
    c.execute("CREATE TABLE raw.identifies (anonymous_id VARCHAR, user_id VARCHAR, \"timestamp\" TIMESTAMP, "
              "country VARCHAR, marketing_opt_in BOOLEAN)")
    c.execute("CREATE TABLE id_graph AS SELECT 'u1' AS node, 'user_id' AS node_type, 'u1' AS user_id")
    c.execute("CREATE TABLE dim_users AS SELECT 'u1' AS user_id, 'ios' AS device_os, 'tiktok' AS utm_source, "
              f"'US' AS country, TRUE AS marketing_opt_in, 'a@b.c' AS email, TIMESTAMP '{at(40)}' AS first_seen_at, "
              f"TIMESTAMP '{at(40)}' AS signup_at")
    c.execute("CREATE TABLE fct_support (ticket_id VARCHAR, user_id VARCHAR, ticket_reason VARCHAR, ticket_text VARCHAR, "
              "created_at TIMESTAMP, resolved_at TIMESTAMP, csat_score INTEGER)")
    c.execute("CREATE TABLE fct_messages (message_id VARCHAR, sent_at TIMESTAMP, user_id VARCHAR, rule_id VARCHAR, "
              "channel VARCHAR, status VARCHAR, delivered_at TIMESTAMP, opened_at TIMESTAMP, clicked_at TIMESTAMP)")
    c.execute("INSERT INTO raw.identifies VALUES ('a1', 'u1', ?, 'US', TRUE), ('a1', 'u1', ?, NULL, FALSE)",
              [at(40), at(1)])
    return c


def event(con: duckdb.DuckDBPyConnection, name: str, when: datetime, **props: Any) -> None:
    n = con.execute("SELECT count(*) FROM fct_events").fetchall()[0][0]
    con.execute("INSERT INTO fct_events VALUES (?, ?, 'u1', ?, 'ios', ?)", [f"e{n}", when, name, json.dumps(props)])


def traits_of(con: duckdb.DuckDBPyConnection, as_of: datetime) -> dict[str, Any]:
    build_traits(con, as_of)
    cur = con.execute("SELECT * FROM user_traits")
    row = cur.fetchall()[0]
    return dict(zip([d[0] for d in cur.description or []], row, strict=True))


def test_workout_traits_streak_and_momentum(con: duckdb.DuckDBPyConnection) -> None:
    for days_ago in (0.1, 1, 2, 3, 9):  # today, the three days before, and one older workout
        event(con, "workout_completed", at(days_ago), workout_type="yoga", duration_min=30.0)
    event(con, "workout_saved", at(5), workout_type="hiit")
    event(con, "workout_saved", at(5), workout_type="hiit")
    event(con, "workout_completed", at(20), workout_type="hiit", duration_min=10.0)
    t = traits_of(con, NOW)
    assert t["workouts_completed"] == 6
    assert t["workouts_completed_7d"] == 4
    assert t["days_since_last_workout"] == 0
    assert t["current_streak_days"] == 4
    assert t["avg_workout_minutes"] == pytest.approx(26.7)
    assert t["preferred_workout_type"] == "yoga"  # 5 yoga against 1 hiit + 2 saves at half weight
    # 50 * 5/10 + 30 * 4/7 + 20 * 30/45
    assert t["momentum_score"] == pytest.approx(round(25 + 30 * 4 / 7 + 20 * 30 / 45, 1))
    assert t["activation_state"] == "activated"  # 6 workouts: not yet committed (8)


def test_as_of_sees_only_earlier_rows(con: duckdb.DuckDBPyConnection) -> None:
    event(con, "workout_completed", at(3), workout_type="yoga", duration_min=20.0)
    event(con, "workout_completed", at(0.1), workout_type="yoga", duration_min=20.0)
    event(con, "trial_started", at(2))
    t = traits_of(con, at(2.5))
    assert t["workouts_completed"] == 1 and t["subscription_status"] == "none"
    assert t["marketing_opt_in"] is True  # the opt-out identify came later
    t = traits_of(con, NOW)
    assert t["workouts_completed"] == 2 and t["subscription_status"] == "trial" and t["trial_days_left"] == 12
    assert t["marketing_opt_in"] is False


def test_intent_and_support_risk(con: duckdb.DuckDBPyConnection) -> None:
    for days_ago in (1, 2, 3):
        event(con, "pricing_viewed", at(days_ago))
    event(con, "plan_compared", at(1))
    event(con, "pricing_viewed", at(30))
    con.execute("INSERT INTO fct_support VALUES ('t1', 'u1', 'billing', 'x', ?, NULL, NULL), "
                "('t2', 'u1', 'bug', 'y', ?, ?, 4)", [at(3), at(20), at(19)])
    t = traits_of(con, NOW)
    assert (t["pricing_views"], t["plan_comparisons"], t["upgrade_intent"]) == (4, 1, "high")
    assert (t["open_tickets"], t["tickets_30d"], t["avg_csat"], t["support_risk"]) == (1, 2, 4.0, "high")
    t = traits_of(con, at(10))
    assert (t["upgrade_intent"], t["open_tickets"], t["support_risk"]) == ("none", 0, "low")


def test_projection_from_user_activity_equals_direct_query(small_warehouse: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.duckdb"
    shutil.copy(small_warehouse, path)
    con = duckdb.connect(str(path))
    end = data_end(con)
    for as_of in (end, end - timedelta(days=3, hours=5)):
        build_activity(con, as_of)
        build_traits(con, as_of, table="projected")  # user_activity was built for as_of: projects from it
        con.execute(f"CREATE OR REPLACE TABLE direct AS {traits_query(as_of)}")
        assert con.execute("SELECT count(*) FROM projected").fetchall()[0][0] > 0
        diff = con.execute("SELECT (SELECT count(*) FROM (FROM projected EXCEPT ALL FROM direct)) "
                           "+ (SELECT count(*) FROM (FROM direct EXCEPT ALL FROM projected))").fetchall()[0][0]
        assert diff == 0, as_of
