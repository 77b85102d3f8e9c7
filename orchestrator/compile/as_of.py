"""Turn the as-of time into a SQL expression: a timestamp literal, or the warehouse's `data_end`."""

from __future__ import annotations

from datetime import datetime

from sqlglot import exp

from warehouse.errors import InputError

AsOf = datetime | str | None


def parse_as_of(as_of: AsOf) -> datetime | None:
    """Return the as-of time as a naive datetime (None stays None, meaning the warehouse's data_end)."""
    if as_of is None or isinstance(as_of, datetime):
        return as_of.replace(tzinfo=None) if isinstance(as_of, datetime) else None
    try:
        return datetime.fromisoformat(as_of).replace(tzinfo=None)
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
