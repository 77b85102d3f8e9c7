"""The two periods a comparison uses, and the dimension and segments checked against the catalog."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
from pydantic import BaseModel
from sqlglot import exp

from tools.context import ToolContext
from warehouse.catalog import Catalog
from warehouse.errors import CatalogError, InputError
from warehouse.meta import data_end


class Periods(BaseModel):
    """The current window ends at the analysis time; the previous one has the same length before it.

    Both are start-exclusive, end-inclusive: `start < t <= end`, so an event at the data end counts.
    """

    days: int
    current_start: datetime
    current_end: datetime
    previous_start: datetime
    previous_end: datetime
    bounds: str = "start < time <= end"


def periods_ending(end: datetime, days: int) -> Periods:
    """Return the current and previous windows of `days` days ending at `end`."""
    if not 1 <= days <= 90:
        raise InputError(f"window_days={days} is out of range", where="window_days", accepted="1 to 90")
    start = end - timedelta(days=days)
    return Periods(
        days=days, current_start=start, current_end=end, previous_start=start - timedelta(days=days), previous_end=start
    )


def analysis_end(ctx: ToolContext, con: duckdb.DuckDBPyConnection) -> datetime:
    """Return the context's as-of time, or the warehouse's data end."""
    if ctx.as_of is not None:
        return ctx.as_of
    return data_end(con)


def periods_cte() -> exp.Query:
    """Return the `periods(period, period_start, period_end)` rows as a query over placeholders."""
    rows = [
        exp.select(
            exp.Literal.string(name).as_("period"),
            exp.cast(exp.Placeholder(this=f"{name}_start"), "TIMESTAMP").as_("period_start"),
            exp.cast(exp.Placeholder(this=f"{name}_end"), "TIMESTAMP").as_("period_end"),
        )
        for name in ("previous", "current")
    ]
    return exp.union(rows[0], rows[1], distinct=False)


def bind_periods(query: exp.Expr, periods: Periods) -> exp.Expr:
    """Replace the period placeholders with timestamp literals built by sqlglot."""
    values = {
        "previous_start": periods.previous_start,
        "previous_end": periods.previous_end,
        "current_start": periods.current_start,
        "current_end": periods.current_end,
    }
    return exp.replace_placeholders(query, **{k: v.isoformat(sep=" ") for k, v in values.items()})


def check_dimension(catalog: Catalog, dimension: str, segments: list[str]) -> list[str]:
    """Return the segments in the catalog's spelling, or raise naming the accepted ones."""
    names = [d.name for d in catalog.dimensions]
    if dimension not in names:
        raise CatalogError(f"unknown dimension {dimension!r}", where="dimension", accepted=", ".join(names))
    values = catalog.trait(dimension).values if catalog.has_trait(dimension) else None
    chosen = segments
    if values is not None:
        by_lower = {v.lower(): v for v in values}
        unknown = [s for s in segments if s.lower() not in by_lower]
        if unknown:
            raise CatalogError(f"unknown {dimension} value(s) {unknown}", where="segments", accepted=", ".join(values))
        chosen = [by_lower[s.lower()] for s in segments]
    if len(chosen) < 2 or len(set(chosen)) != len(chosen):
        raise InputError(
            f"{len(segments)} segment(s) given: {segments}", where="segments", accepted="two or more distinct values"
        )
    return chosen


def comparison_setup(
    ctx: ToolContext, dimension: str, segments: list[str], window_days: int
) -> tuple[list[str], Periods]:
    """Check the segments against the catalog and lay the current and previous windows ending at the data's end."""
    chosen = check_dimension(ctx.catalog, dimension, segments)
    with ctx.warehouse.sandbox() as con:
        periods = periods_ending(analysis_end(ctx, con), window_days)
    return chosen, periods


def segment_users(dimension: str, segments: list[str]) -> exp.Select:
    """Return `users(user_id, segment)` for the chosen segments of a dim_users column."""
    column = exp.column(dimension, table="d")
    return (
        exp.select(exp.column("user_id", table="d"), column.copy().as_("segment"))
        .from_(exp.to_table("dim_users").as_("d"))
        .where(column.copy().isin(*[exp.Literal.string(s) for s in segments]))
    )
