"""The two periods a comparison uses, and the setup that checks its segments and filters against the catalog."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
from sqlglot import exp

from tools.context import ToolContext
from tools.named_periods import Periods, PeriodSpec, resolve_periods
from tools.scope import Filters, check_dimension, check_filters, uses_traits
from warehouse.errors import InputError
from warehouse.meta import data_end, get_meta


def periods_ending(end: datetime, days: int) -> Periods:
    """Return the current and previous windows of `days` days ending at `end`."""
    if not 1 <= days <= 90:
        raise InputError(f"window_days={days} is out of range", where="window_days", accepted="1 to 90")
    start = end - timedelta(days=days)
    return Periods(
        days=days, current_start=start, current_end=end, previous_start=start - timedelta(days=days), previous_end=start
    )


def data_start(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """Return when the data begins: the build's record, else the first event; None for an empty warehouse."""
    recorded = get_meta(con, "data_start")
    if recorded is not None:
        return datetime.fromisoformat(recorded)
    first = con.execute("SELECT min(event_time) FROM fct_events").fetchone()
    return first[0] if first else None


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


def comparison_setup(
    ctx: ToolContext, dimension: str, segments: list[str], filters: Filters | None, window_days: int,
    window: PeriodSpec | None = None,
) -> tuple[list[str], Filters, Periods, datetime | None]:
    """Check the segments and filters against the catalog and lay the windows ending at the analysis time.

    A named `window` ("since Monday", "in October") is laid against the analysis time and must lie in the
    data; without one, the current window is the `window_days` days before the analysis time. The last
    item is when the traits read were computed (the data end) when a segment or filter reads user_traits,
    else None.
    """
    chosen = check_dimension(ctx.catalog, dimension, segments)
    kept = check_filters(ctx.catalog, dimension, filters)
    with ctx.warehouse.sandbox() as con:
        end = analysis_end(ctx, con)
        periods = periods_ending(end, window_days) if window is None else resolve_periods(window, end, data_start(con))
        traits_as_of = data_end(con) if uses_traits(ctx.catalog, dimension, kept) else None
    return chosen, kept, periods, traits_as_of
