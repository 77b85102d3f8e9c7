"""Run one already-checked query on the sandboxed connection, with a wall-clock limit and a row cap."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import duckdb

from tools.context import ToolContext
from warehouse.errors import GuardError, InputError


@dataclass
class Fetched:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool

    def records(self) -> list[dict[str, Any]]:
        """Return the rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def fetch(ctx: ToolContext, sql: str, *, max_rows: int | None = None) -> Fetched:
    """Execute `sql` in the sandbox and return at most `max_rows` rows (and whether more existed)."""
    with ctx.warehouse.sandbox() as con:
        # The sandbox's own max_execution_time is the backstop; this timer enforces the tool's limit.
        timer = threading.Timer(ctx.timeout_s, con.interrupt)
        timer.start()
        try:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall() if max_rows is None else cursor.fetchmany(max_rows + 1)
        except duckdb.InterruptException as exc:
            raise GuardError(
                f"the query was stopped after the {ctx.timeout_s:g} s time limit",
                where="run_sql",
                accepted="a narrower query: filter by time or segment, aggregate before joining, avoid cross joins",
            ) from exc
        except duckdb.PermissionException as exc:
            raise GuardError(
                f"the sandbox refused the query ({str(exc).splitlines()[0]})",
                where="run_sql",
                accepted="a read-only SELECT over the canonical tables",
            ) from exc
        except duckdb.Error as exc:
            # The SQL came from the model: a binder or conversion error is its to fix, not our bug.
            raise InputError(
                f"DuckDB could not run the query: {str(exc).splitlines()[0]}",
                where="run_sql",
                accepted="column and table names from describe_catalog and the canonical tables",
            ) from exc
        finally:
            timer.cancel()
    truncated = max_rows is not None and len(rows) > max_rows
    return Fetched(columns=columns, rows=rows[:max_rows] if truncated else rows, truncated=truncated)
