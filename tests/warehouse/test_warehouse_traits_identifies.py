"""The traits projection reads each person's latest country and opt-in from dim_users only when no identify
call is later than the as-of time; otherwise from the identify history up to it. Both give the traits that
aggregating everything from scratch (`traits_query`) gives."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import duckdb

from warehouse.meta import data_end
from warehouse.models.activity import build_activity
from warehouse.models.canonical import build_dim_users
from warehouse.models.traits import _every_identify_by, build_traits, traits_query


def _differing_rows(con: duckdb.DuckDBPyConnection, table: str, select: str) -> int:
    con.execute(f"CREATE OR REPLACE TEMP TABLE expected AS {select}")
    return int(con.execute(f"SELECT (SELECT count(*) FROM (FROM {table} EXCEPT ALL FROM expected))"
                           f" + (SELECT count(*) FROM (FROM expected EXCEPT ALL FROM {table}))").fetchall()[0][0])


def test_at_the_end_of_the_data_dim_users_answers_and_agrees(small_warehouse: Path, tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy(small_warehouse, path)
    con = duckdb.connect(str(path))
    end = data_end(con)
    assert _every_identify_by(con, end)
    build_traits(con, end, table="traits_end")
    assert _differing_rows(con, "traits_end", traits_query(end)) == 0


def test_before_a_later_identify_the_history_answers(small_warehouse: Path, tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy(small_warehouse, path)
    con = duckdb.connect(str(path))
    earlier = data_end(con) - timedelta(days=3)
    # a person moves country and opts out after the as-of time: the traits as of then must not see it
    user = con.execute("SELECT user_id FROM dim_users WHERE country IS NOT NULL ORDER BY user_id LIMIT 1").fetchall()[0][0]
    con.execute("""INSERT INTO raw.identifies BY NAME SELECT 'late-identify' AS id, user_id, 'ZZ' AS country,
                   false AS marketing_opt_in, ? AS "timestamp" FROM dim_users WHERE user_id = ?""",
                [data_end(con) - timedelta(hours=1), user])
    build_dim_users(con)  # as a refresh would: dim_users now holds the later values
    assert con.execute("SELECT country FROM dim_users WHERE user_id = ?", [user]).fetchall()[0][0] == "ZZ"
    assert not _every_identify_by(con, earlier)
    build_activity(con, earlier)
    build_traits(con, earlier, table="traits_earlier")
    assert _differing_rows(con, "traits_earlier", traits_query(earlier)) == 0
    country = con.execute("SELECT country FROM traits_earlier WHERE user_id = ?", [user]).fetchall()[0][0]
    assert country != "ZZ"
