"""Planted scenarios are strong enough to find at 2,000 users, and red herrings do not move conversion."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.build import build_warehouse
from warehouse.errors import InputError
from warehouse.scenarios import resolve

RECENT = "e.event_time >= TIMESTAMP '2026-10-26'"
PRIOR = "e.event_time >= TIMESTAMP '2026-10-19' AND e.event_time < TIMESTAMP '2026-10-26'"


def conversion(con: duckdb.DuckDBPyConnection, dimension: str, segment: str, window: str) -> float:
    """Share of users who started a trial in the window and then subscribed."""
    return float(con.execute(f"""
        SELECT avg((s.started_at IS NOT NULL)::INTEGER) FROM fct_events e JOIN dim_users d USING (user_id)
        LEFT JOIN fct_subscriptions s USING (user_id)
        WHERE e.event_name = 'trial_started' AND d.{dimension} = ? AND {window}""", [segment]).fetchall()[0][0])


def drop(con: duckdb.DuckDBPyConnection, dimension: str, segment: str) -> float:
    return conversion(con, dimension, segment, PRIOR) - conversion(con, dimension, segment, RECENT)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("scen") / "w.duckdb"
    build_warehouse(path, users=2000, days=42, seed=21,
                    scenarios=["ios_push_collapse", "country_pricing_bug", "web_tracking_change",
                               "support_heavy_cohort"])
    return duckdb.connect(str(path), read_only=True)


def test_ios_conversion_drops_with_push_delivery(planted: duckdb.DuckDBPyConnection) -> None:
    assert drop(planted, "device_os", "ios") > 0.2
    assert drop(planted, "device_os", "ios") > drop(planted, "device_os", "android") + 0.1
    delivered = dict(planted.execute("""
        SELECT m.sent_at >= TIMESTAMP '2026-10-26' AS recent, avg((m.delivered_at IS NOT NULL)::INTEGER)
        FROM fct_messages m JOIN dim_users d USING (user_id)
        WHERE m.channel = 'push' AND d.device_os = 'ios' AND m.sent_at >= TIMESTAMP '2026-10-19' GROUP BY 1""").fetchall())
    assert delivered[False] - delivered[True] > 0.5


def test_pricing_bug_hits_one_country_without_a_channel(planted: duckdb.DuckDBPyConnection) -> None:
    assert drop(planted, "country", "BR") > 0.2
    retries = planted.execute("""SELECT count(*) FROM fct_events e JOIN dim_users d USING (user_id)
        WHERE e.event_name = 'checkout_started' AND d.country = 'BR' AND e.event_time >= TIMESTAMP '2026-10-26'
        """).fetchall()[0][0]
    assert retries > 10


def test_support_heavy_cohort_has_more_tickets_and_lower_csat(planted: duckdb.DuckDBPyConnection) -> None:
    rows = dict((r[0], r[1:]) for r in planted.execute("""
        SELECT d.utm_source = 'tiktok' AND d.signup_at >= TIMESTAMP '2026-10-05' AND d.signup_at < TIMESTAMP '2026-10-12',
               count(t.ticket_id) / count(DISTINCT d.user_id), avg(t.csat_score)
        FROM dim_users d LEFT JOIN fct_support t USING (user_id) GROUP BY 1""").fetchall())
    assert rows[True][0] > 4 * rows[False][0] and rows[True][1] < rows[False][1] - 1


def test_no_change_plants_nothing(tmp_path: Path) -> None:
    path = tmp_path / "calm.duckdb"
    build_warehouse(path, users=2000, days=28, seed=21, scenarios=["no_change"])
    con = duckdb.connect(str(path), read_only=True)
    assert abs(drop(con, "device_os", "ios") - drop(con, "device_os", "android")) < 0.15
    assert {r[0] for r in con.execute("SELECT kind FROM mcc.scenarios").fetchall()} == {"no_change", "tracking"}


def test_no_change_cannot_be_combined_with_a_cause() -> None:
    with pytest.raises(InputError):
        resolve(["no_change", "ios_push_collapse"])
