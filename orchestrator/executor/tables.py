"""The control tables the executor and delivery write: created by `orchestrator.control_schema`.

`EXTRA_COLUMNS` are the executor's additions to that schema (also declared there); adding them here with
`IF NOT EXISTS` upgrades a warehouse whose control tables were created before they existed. An outbox
created before it lost its primary key is rebuilt once without it (DuckDB cannot drop a key in place):
every run would otherwise pay for indexing, and checkpointing, every key ever queued.
"""

from __future__ import annotations

import duckdb

from orchestrator.control_schema import TABLES, ensure_control_tables
from orchestrator.executor.waiting import ensure_waiting_table

EXTRA_COLUMNS = {
    "runs": ["sends INTEGER", "plan_json VARCHAR", "traits_source VARCHAR"],
    "decisions": ["bucket INTEGER", "control_bucket INTEGER"],
}


def ensure_executor_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the control tables if missing, add the executor's columns to older ones, drop the outbox key,
    and create (and fill) the table of waiting outbox rows."""
    ensure_control_tables(con)
    for table, columns in EXTRA_COLUMNS.items():
        for column in columns:
            con.execute(f"ALTER TABLE mcc.{table} ADD COLUMN IF NOT EXISTS {column}")
    if _has_primary_key(con, "outbox"):
        _rebuild_outbox(con)
    ensure_waiting_table(con)


def _has_primary_key(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_constraints()"
        " WHERE schema_name = 'mcc' AND table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchone()
    return bool(row and row[0])


def _rebuild_outbox(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the outbox into a table of the current shape and swap it in, all in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE TABLE mcc.outbox_rebuilt ({TABLES['outbox']}\n)")
        con.execute("INSERT INTO mcc.outbox_rebuilt BY NAME SELECT * FROM mcc.outbox")
        con.execute("DROP TABLE mcc.outbox")
        con.execute("ALTER TABLE mcc.outbox_rebuilt RENAME TO outbox")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    """Return whether a table or view exists (temp tables included)."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM duckdb_tables() WHERE schema_name = $s AND table_name = $n)"
        " + (SELECT count(*) FROM duckdb_views() WHERE schema_name = $s AND view_name = $n)",
        {"s": schema, "n": name},
    ).fetchone()
    return bool(row and row[0])
