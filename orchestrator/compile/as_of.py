"""Turn the as-of time into a SQL expression: a timestamp literal, or the warehouse's `data_end`."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
from sqlglot import exp

from warehouse.errors import InputError

AsOf = datetime | str | None


def naive_utc(when: datetime) -> datetime:
    """Return the time as the warehouse keeps times: UTC without a zone (a time with an offset is converted to
    UTC; one without is taken as UTC already)."""
    return when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)


def parse_as_of(as_of: AsOf) -> datetime | None:
    """Return the as-of time as a naive UTC datetime (None stays None, meaning the warehouse's data_end)."""
    if as_of is None or isinstance(as_of, datetime):
        return naive_utc(as_of) if isinstance(as_of, datetime) else None
    try:
        return naive_utc(datetime.fromisoformat(as_of))
    except ValueError as exc:
        raise InputError(
            f"as-of time {as_of!r} is not an ISO timestamp", accepted="e.g. 2026-01-31 or 2026-01-31T12:00:00"
        ) from exc


def as_of_expression(as_of: AsOf) -> exp.Expr:
    """Return `CAST('<iso>' AS TIMESTAMP)`, or a scalar subquery on `mcc.meta` when no time is given.

    Without an explicit time the warehouse's own "now" (`data_end`) is used, never the wall clock, so the
    same SQL on the same data gives the same users.
    """
    moment = parse_as_of(as_of)
    if moment is None:
        subquery = (
            exp.select(exp.cast(exp.column("value"), exp.DataType.build("TIMESTAMP")))
            .from_(exp.table_("meta", db="mcc"))
            .where(exp.column("key").eq(exp.Literal.string("data_end")))
        )
        return exp.Subquery(this=subquery)
    return exp.cast(exp.Literal.string(moment.isoformat(sep=" ")), exp.DataType.build("TIMESTAMP"))


def resolve_as_of(con: duckdb.DuckDBPyConnection, as_of: AsOf) -> datetime | None:
    """Return the given time, else the warehouse's `data_end` from `mcc.meta`, else None."""
    moment = parse_as_of(as_of)
    if moment is not None:
        return moment
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mcc' AND table_name = 'meta'"
    ).fetchall()[0][0]
    if not exists:
        return None
    rows = con.execute("SELECT value FROM mcc.meta WHERE key = 'data_end'").fetchall()
    return datetime.fromisoformat(rows[0][0]) if rows and rows[0][0] else None
