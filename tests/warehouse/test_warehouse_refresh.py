"""Incremental refresh: a day of new events gives the same models as a full rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

import warehouse.refresh as refresh_module
from warehouse.build import build_warehouse
from warehouse.errors import DatabaseError
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


def refreshed_against_full(tmp_path: Path, days: int, late_every: int = 0) -> dict[str, int]:
    """Hold back `days` (and late rows), remodel, release, refresh; return the differences from a full build."""
    full, inc = tmp_path / "full.duckdb", tmp_path / "inc.duckdb"
    build_warehouse(full, users=400, days=21, seed=11)
    shutil.copy(full, inc)
    con = duckdb.connect(str(inc))
    hold_back(con, days=days, late_every=late_every)
    remodel(con)
    release(con)
    assert refresh(con).mode == "incremental"
    con.execute(f"ATTACH '{full}' AS full_ (READ_ONLY)")
    return {t: differences(con, t) for t in COMPARED}


def test_refresh_over_several_days_equals_full_rebuild(tmp_path: Path) -> None:
    # the windows' starts move three days: three days of old events leave each window
    assert refreshed_against_full(tmp_path, days=3) == dict.fromkeys(COMPARED, 0)


def test_refresh_of_late_rows_on_the_same_day_equals_full_rebuild(tmp_path: Path) -> None:
    # the as-of date does not move: no streak shift, nothing leaves a window, only late rows arrive
    assert refreshed_against_full(tmp_path, days=0, late_every=30) == dict.fromkeys(COMPARED, 0)


def test_failed_refresh_leaves_the_models_as_they_were(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.duckdb"
    build_warehouse(path, users=300, days=14, seed=3)
    con = duckdb.connect(str(path))
    hold_back(con, days=1)
    remodel(con)
    release(con)
    before = {t: con.execute(f"SELECT count(*), hash(list(COLUMNS(*) ORDER BY ALL)) FROM {t}").fetchall()
              for t in COMPARED}
    mark = con.execute("SELECT value FROM mcc.meta WHERE key = 'modeled_uuid_ts'").fetchall()

    def fail(*_: object, **__: object) -> int:
        raise DatabaseError("traits failed", accepted="nothing: this test fails them")

    monkeypatch.setattr(refresh_module, "build_traits", fail)
    with pytest.raises(DatabaseError):
        refresh(con)
    after = {t: con.execute(f"SELECT count(*), hash(list(COLUMNS(*) ORDER BY ALL)) FROM {t}").fetchall()
             for t in COMPARED}
    assert after == before
    assert con.execute("SELECT value FROM mcc.meta WHERE key = 'modeled_uuid_ts'").fetchall() == mark
