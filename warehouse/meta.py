"""The warehouse's own clock and facts: `mcc.meta(key, value)`, read instead of the wall clock."""

from __future__ import annotations

from datetime import datetime

import duckdb

from warehouse.errors import DatabaseError
from warehouse.sqlutil import scalar, table_exists

META_DDL = "CREATE TABLE IF NOT EXISTS mcc.meta (key VARCHAR PRIMARY KEY, value VARCHAR)"


def ensure_meta(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema `mcc` and the meta table when missing."""
    con.execute("CREATE SCHEMA IF NOT EXISTS mcc")
    con.execute(META_DDL)


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Store one meta value, replacing the previous one."""
    ensure_meta(con)
    con.execute("INSERT OR REPLACE INTO mcc.meta VALUES (?, ?)", [key, value])


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """Return one meta value, or None when it (or the table) is missing."""
    if not table_exists(con, "mcc", "meta"):
        return None
    value = scalar(con, "SELECT value FROM mcc.meta WHERE key = ?", [key])
    return None if value is None else str(value)


def set_data_end(con: duckdb.DuckDBPyConnection, ts: datetime) -> None:
    """Record the end of the data (the warehouse's "now")."""
    set_meta(con, "data_end", ts.replace(microsecond=0).isoformat(sep=" "))


def data_end(con: duckdb.DuckDBPyConnection) -> datetime:
    """Return the end of the data, the default "as of" time for traits and runs."""
    value = get_meta(con, "data_end")
    if value is None:
        raise DatabaseError(
            "the warehouse has no data_end in mcc.meta",
            accepted="a warehouse made by `mcc warehouse build` or loaded with `mcc collect load`",
        )
    return datetime.fromisoformat(value)
