"""Hold the last day(s) of raw events back and load them again later: a day of new data on demand.

Used by the refresh test and the benchmark: `hold_back` moves raw rows with a timestamp in the last `days`
into schema `pending` and moves data_end back; `release` inserts them into the raw layer again, as a
loader would, and restores data_end. The models are not touched: remodel or refresh afterwards. Each is one
transaction, as the collect loader's batches are: a failure leaves the raw layer as it was, and the rows
reach the file in one commit instead of one per table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

import duckdb

from warehouse.errors import InputError
from warehouse.meta import data_end, get_meta, set_data_end, set_meta
from warehouse.models.sql import quote, ts
from warehouse.sqlutil import rows, scalar

HELD_KEY = "held_back_end"
T = TypeVar("T")


def _atomically(con: duckdb.DuckDBPyConnection, work: Callable[[], T]) -> T:
    """Run `work` in one transaction: all of it lands, or none."""
    con.execute("BEGIN TRANSACTION")
    try:
        result = work()
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return result


def _event_tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    return [r[0] for r in rows(con, "SELECT table_name FROM information_schema.columns WHERE table_schema = ? "
                                    "AND column_name = 'timestamp' ORDER BY table_name", [schema])]


def hold_back(con: duckdb.DuckDBPyConnection, days: int = 1, late_every: int = 0) -> int:
    """Move the raw rows of the last `days` into schema `pending`; return the rows moved.

    With `late_every` = n, one older row in about n (by a hash of its id) is held back too: rows that
    arrive late, with an event time before the models' as-of time.
    """
    if get_meta(con, HELD_KEY):
        raise InputError("rows are already held back", accepted="release them first")
    return _atomically(con, lambda: _hold_back(con, days, late_every))


def _hold_back(con: duckdb.DuckDBPyConnection, days: int, late_every: int) -> int:
    end = data_end(con)
    cut = ts(end - timedelta(days=days))
    held = f"\"timestamp\" >= {cut}" + (f" OR hash(id) % {int(late_every)} = 0" if late_every > 0 else "")
    con.execute("CREATE SCHEMA IF NOT EXISTS pending")
    moved = 0
    for table in _event_tables(con, "raw"):
        name = quote(table)
        con.execute(f"CREATE OR REPLACE TABLE pending.{name} AS SELECT * FROM raw.{name} WHERE {held}")
        con.execute(f"DELETE FROM raw.{name} WHERE {held}")
        moved += int(scalar(con, f"SELECT count(*) FROM pending.{name}"))
    set_meta(con, HELD_KEY, end.isoformat(sep=" "))
    set_data_end(con, end - timedelta(days=days))
    return moved


def release(con: duckdb.DuckDBPyConnection) -> datetime:
    """Insert the held-back rows into the raw layer again and restore data_end; return it.

    Rows written before the raw layer's latest `uuid_ts` get a `uuid_ts` just after it, as a loader
    stamps what it writes now (so a refresh sees late rows as new).
    """
    held = get_meta(con, HELD_KEY)
    if held is None:
        raise InputError("no rows are held back", accepted="hold_back first")
    return _atomically(con, lambda: _release(con, held))


def _release(con: duckdb.DuckDBPyConnection, held: str) -> datetime:
    tables = _event_tables(con, "pending")
    parts = " UNION ALL ".join(f"SELECT max(uuid_ts) AS m FROM raw.{quote(t)}" for t in tables)
    mark = scalar(con, f"SELECT max(m) FROM ({parts})") if tables else None
    stamp = (f"SELECT * REPLACE (CASE WHEN uuid_ts <= {ts(mark)} THEN {ts(mark + timedelta(microseconds=1))} "
             "ELSE uuid_ts END AS uuid_ts)") if isinstance(mark, datetime) else "SELECT *"
    for table in tables:
        name = quote(table)
        con.execute(f"INSERT INTO raw.{name} BY NAME {stamp} FROM pending.{name}")
    con.execute("DROP SCHEMA pending CASCADE")
    con.execute("DELETE FROM mcc.meta WHERE key = ?", [HELD_KEY])
    end = datetime.fromisoformat(held)
    set_data_end(con, end)
    return end
