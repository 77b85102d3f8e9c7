"""Small query helpers that always drain the result (DuckDB 2 refuses new work while one is open)."""

from __future__ import annotations

from typing import Any

import duckdb


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """Return the first column of the first row, or None when there is no row."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Return every row."""
    return con.execute(sql, params or []).fetchall()


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Say whether schema.table exists."""
    return bool(scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                       [schema, table]))


def columns_of(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    """Return a table's column names in order."""
    return [r[0] for r in rows(con, "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
                                    "AND table_name = ? ORDER BY ordinal_position", [schema, table])]
