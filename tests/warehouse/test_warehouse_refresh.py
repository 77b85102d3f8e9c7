"""Incremental refresh: a day of new events gives the same models as a full rebuild."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.build import build_warehouse
from warehouse.holdback import hold_back, release
from warehouse.refresh import refresh, remodel

COMPARED = ("user_traits", "id_graph", "dim_users", "fct_events", "fct_messages", "fct_subscriptions", "fct_support",
            "user_activity")


def differences(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows in one table but not the other, both ways, against the attached full build."""
    return int(con.execute(f"SELECT (SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM full_.{table})) "
                           f"+ (SELECT count(*) FROM (SELECT * FROM full_.{table} EXCEPT ALL SELECT * FROM {table}))"
                           ).fetchall()[0][0])


def test_incremental_refresh_equals_full_rebuild(tmp_path: Path) -> None:
    full, inc = tmp_path / "full.duckdb", tmp_path / "inc.duckdb"
    build_warehouse(full, users=800, days=21, seed=5)
    build_warehouse(inc, users=800, days=21, seed=5)
    con = duckdb.connect(str(inc))
    moved = hold_back(con, days=1)
    remodel(con)
    before = con.execute("SELECT sum(workouts_completed) FROM user_traits").fetchall()[0][0]
    release(con)
    report = refresh(con)
    assert moved > 0 and report.mode == "incremental" and report.new_events > 0
    assert con.execute("SELECT sum(workouts_completed) FROM user_traits").fetchall()[0][0] > before
    con.execute(f"ATTACH '{full}' AS full_ (READ_ONLY)")
    assert {t: differences(con, t) for t in COMPARED} == dict.fromkeys(COMPARED, 0)


def test_refresh_with_late_rows_equals_full_rebuild(tmp_path: Path) -> None:
    full, inc = tmp_path / "full.duckdb", tmp_path / "inc.duckdb"
    build_warehouse(full, users=500, days=21, seed=8)
    build_warehouse(inc, users=500, days=21, seed=8)
    con = duckdb.connect(str(inc))
    hold_back(con, days=1, late_every=40)  # plus about one older row in 40: events, identifies, aliases
    remodel(con)
    cut = con.execute("SELECT value FROM mcc.meta WHERE key = 'data_end'").fetchall()[0][0]
    late = con.execute(f"SELECT count(*) FROM pending.tracks WHERE \"timestamp\" < TIMESTAMP '{cut}'").fetchall()[0][0]
    release(con)
    report = refresh(con)
    assert late > 0 and report.mode == "incremental" and report.restitched > 0
    con.execute(f"ATTACH '{full}' AS full_ (READ_ONLY)")
    assert {t: differences(con, t) for t in COMPARED} == dict.fromkeys(COMPARED, 0)


def test_refresh_without_new_rows_keeps_traits(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    build_warehouse(path, users=300, days=14, seed=2)
    con = duckdb.connect(str(path))
    before = con.execute("SELECT * FROM user_traits ORDER BY user_id").fetchall()
    report = refresh(con)
    assert report.new_events == 0 and report.restitched == 0
    assert con.execute("SELECT * FROM user_traits ORDER BY user_id").fetchall() == before
