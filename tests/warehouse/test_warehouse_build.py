"""The build: deterministic by seed, RudderStack's raw layout, ground truth, traits that match the catalog."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.build import build_warehouse
from warehouse.catalog import load_catalog
from warehouse.errors import InputError

CHECKED_TABLES = ("raw.tracks", "raw.identifies", "raw.workout_completed", "raw.plan_selected", "id_graph",
                  "fct_events", "dim_users", "fct_messages", "user_traits")


def checksums(path: Path) -> dict[str, tuple[int, int]]:
    """Return (rows, order-independent content hash) per table."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*), sum(hash(x)) FROM {t} x").fetchall()[0] for t in CHECKED_TABLES}
    finally:
        con.close()


def test_same_seed_gives_same_tables_and_another_seed_differs(tmp_path: Path) -> None:
    a, b, c = (tmp_path / n for n in ("a.duckdb", "b.duckdb", "c.duckdb"))
    build_warehouse(a, users=300, days=21, seed=3)
    build_warehouse(b, users=300, days=21, seed=3)
    build_warehouse(c, users=300, days=21, seed=4)
    assert checksums(a) == checksums(b)
    assert checksums(a)["fct_events"] != checksums(c)["fct_events"]


def test_raw_layer_has_rudderstack_columns_and_shadow_tables(small_warehouse: Path) -> None:
    con = duckdb.connect(str(small_warehouse), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema='raw'").fetchall()}
    assert {"tracks", "identifies", "users", "pages", "screens", "aliases", "plan_selected", "checkout_started"} <= tables
    cols = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_schema='raw' "
                                       "AND table_name='message_sent'").fetchall()}
    assert {"id", "anonymous_id", "user_id", "sent_at", "timestamp", "received_at", "original_timestamp", "channel",
            "context_os_name", "uuid_ts", "event", "event_text", "channel_name", "rule_id"} <= cols
    assert con.execute("SELECT count(*) FROM raw.pages WHERE name = 'Pricing'").fetchall()[0][0] > 0
    assert con.execute("SELECT count(*) FROM raw.screens WHERE name = 'Pricing'").fetchall()[0][0] > 0
    # anonymous sessions before signup: rows with an anonymous id and no user id
    assert con.execute("SELECT count(*) FROM raw.tracks WHERE user_id IS NULL").fetchall()[0][0] > 0


def test_canonical_events_use_canonical_names_only(small_warehouse: Path) -> None:
    con = duckdb.connect(str(small_warehouse), read_only=True)
    names = {r[0] for r in con.execute("SELECT DISTINCT event_name FROM fct_events").fetchall()}
    assert names <= set(load_catalog().event_names)
    assert {"pricing_viewed", "checkout_started", "workout_completed", "message_delivered"} <= names
    # the app's plan_selected arrives as checkout_started with the canonical plan values
    plans = {r[0] for r in con.execute("SELECT DISTINCT properties->>'plan' FROM fct_events "
                                        "WHERE event_name = 'checkout_started'").fetchall()}
    assert plans <= {"monthly", "annual"} and plans
    assert con.execute("SELECT count(*) FROM fct_events WHERE user_id IS NULL").fetchall()[0][0] == 0


def test_traits_match_catalog_and_ground_truth_is_written(small_warehouse: Path) -> None:
    con = duckdb.connect(str(small_warehouse), read_only=True)
    cols = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                       "WHERE table_name = 'user_traits'").fetchall()]
    assert set(cols) == set(load_catalog().trait_names)
    assert con.execute("SELECT count(*) = count(DISTINCT user_id) FROM user_traits").fetchall()[0][0]
    truth = con.execute("SELECT scenario_id, dimension, segment, is_red_herring FROM mcc.scenarios").fetchall()
    assert ("ios_push_collapse", "device_os", "ios", False) in truth
    assert any(r[3] for r in truth)
    hostile = con.execute("SELECT count(*) FROM fct_support WHERE ticket_text ILIKE '%ignore previous instructions%' "
                          "OR ticket_text ILIKE '%drop table%'").fetchall()[0][0]
    assert hostile >= 1


@pytest.mark.parametrize(("users", "days"), [(0, 30), (5_000_001, 30), (100, 6), (100, 366)])
def test_out_of_range_sizes_are_refused(tmp_path: Path, users: int, days: int) -> None:
    with pytest.raises(InputError):
        build_warehouse(tmp_path / "x.duckdb", users=users, days=days)
