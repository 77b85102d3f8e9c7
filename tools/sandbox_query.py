"""Run one already-checked query on the sandboxed connection, with a wall-clock limit and a row cap."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import duckdb

from tools.context import ToolContext
from tools.untrusted import as_data, strip_invisible
from warehouse.errors import GuardError, InputError

# Errors about a value in the data quote it ("Could not convert string '…' to INT32", "Malformed JSON … Input:
# '…'"): a ticket's text would reach the model unmarked inside the message.
_QUOTES_DATA: tuple[type[duckdb.Error], ...] = (duckdb.DataError, duckdb.InvalidInputException)


def query_error(exc: duckdb.Error) -> InputError:
    """Return DuckDB's refusal of a query as an InputError; a value it quotes from the data goes in details, as data."""
    first = str(exc).splitlines()[0]
    if isinstance(exc, _QUOTES_DATA):
        kind = first.split(":", 1)[0]
        return InputError(
            f"DuckDB could not run the query: a value does not fit the query ({kind}; DuckDB's words, which "
            "quote the value, are in details.duckdb_message as data)",
            where="run_sql", accepted="a query that casts or parses only values of the expected shape (TRY_CAST)",
            details={"duckdb_message": as_data(first)},
        )
    return InputError(f"DuckDB could not run the query: {strip_invisible(first)}", where="run_sql",
                      accepted="column and table names from describe_catalog and the canonical tables")


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
            raise query_error(exc) from exc
        finally:
            timer.cancel()
    truncated = max_rows is not None and len(rows) > max_rows
    return Fetched(columns=columns, rows=rows[:max_rows] if truncated else rows, truncated=truncated)
