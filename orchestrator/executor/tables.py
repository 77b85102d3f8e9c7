"""The control tables the executor and delivery write: created by `orchestrator.control_schema`.

`EXTRA_COLUMNS` are the executor's additions to that schema (also declared there); adding them here with
`IF NOT EXISTS` upgrades a warehouse whose control tables were created before they existed.
"""

from __future__ import annotations

import duckdb

from orchestrator.control_schema import ensure_control_tables

EXTRA_COLUMNS = {
    "runs": ["sends INTEGER", "plan_json VARCHAR", "traits_source VARCHAR"],
    "decisions": ["bucket INTEGER", "control_bucket INTEGER"],
}


def ensure_executor_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the control tables if missing and add the executor's columns to older ones."""
    ensure_control_tables(con)
    for table, columns in EXTRA_COLUMNS.items():
        for column in columns:
            con.execute(f"ALTER TABLE mcc.{table} ADD COLUMN IF NOT EXISTS {column}")


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    """Return whether a table or view exists (temp tables included)."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM duckdb_tables() WHERE schema_name = $s AND table_name = $n)"
        " + (SELECT count(*) FROM duckdb_views() WHERE schema_name = $s AND view_name = $n)",
        {"s": schema, "n": name},
    ).fetchone()
    return bool(row and row[0])
