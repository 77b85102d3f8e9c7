"""The sandboxed connection alone (guard bypassed) still refuses reads, writes, ATTACH and SET."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.connection import connect_sandboxed

REFUSED_BY_SANDBOX = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM '/etc/passwd'",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM read_parquet('https://example.com/x.parquet')",
    "COPY dim_users TO '{tmp}/out.csv'",
    "COPY (SELECT 1) TO '{tmp}/out.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{tmp}/dump'",
    "INSERT INTO dim_users (user_id) VALUES ('x')",
    "UPDATE dim_users SET device_os = 'web'",
    "DELETE FROM fct_events",
    "CREATE TABLE t AS SELECT 1",
    "DROP TABLE fct_events",
    "ATTACH '{tmp}/other.db' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "SET max_execution_time = 0",
    "SET threads = 8",
]


@pytest.fixture
def sandbox(fixture_db: Path):  # type: ignore[no-untyped-def]
    con = connect_sandboxed(fixture_db)
    yield con
    con.close()


@pytest.mark.parametrize("sql", REFUSED_BY_SANDBOX)
def test_sandbox_refuses_without_the_guard(sql: str, sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(duckdb.Error):
        sandbox.execute(sql.format(tmp=tmp_path))
    assert not any(tmp_path.iterdir()), "nothing may be written outside the warehouse"


def test_sandbox_still_reads_the_warehouse(sandbox) -> None:  # type: ignore[no-untyped-def]
    assert sandbox.execute("SELECT count(*) FROM dim_users").fetchone() == (43,)  # 42 funnel users and one old trial user
    assert sandbox.execute("SELECT current_setting('lock_configuration')").fetchone() == (True,)


def test_the_sandbox_stops_a_query_over_its_memory_limit(sandbox) -> None:  # type: ignore[no-untyped-def]
    # A gigabyte string: the guard refuses repeat(), so this is the second layer alone holding.
    with pytest.raises(duckdb.OutOfMemoryException):
        sandbox.execute("SELECT length(string_agg(repeat('x', 1000000), '')) FROM range(1000)").fetchall()
    assert sandbox.execute("SELECT count(*) FROM dim_users").fetchone() == (43,)  # and keeps serving
