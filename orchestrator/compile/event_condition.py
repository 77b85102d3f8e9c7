"""Compile an event condition: a per-user count CTE over `fct_events`, compared with the count.

The window ends at the as-of time: `event_time > as_of - within_days` and `event_time <= as_of`. The CTE is
LEFT JOINed to `user_traits` and its count read through COALESCE, so a user with no such event counts 0
and `eq 0` / `lt N` include them.
"""

from __future__ import annotations

from sqlglot import exp

from orchestrator.compile.comparison import BINARY_OPS, compare
from orchestrator.compile.context import COUNT_COLUMN, CompileContext
from orchestrator.compile.values import value_type
from orchestrator.spec import EventCondition, PropertyFilter


def property_value(name: str, value: object) -> exp.Expr:
    """Return `properties ->> '$.<name>'`, cast when the compared value is a number or boolean."""
    path = exp.JSONPath(expressions=[exp.JSONPathRoot(), exp.JSONPathKey(this=name)])
    # only_json_types: Postgres gets the `->>` operator, which reads json and jsonb columns alike, instead of
    # JSON_EXTRACT_PATH_TEXT, which has no jsonb overload (the other dialects render the same either way)
    extracted: exp.Expr = exp.JSONExtractScalar(this=exp.column("properties"), expression=path, only_json_types=True)
    sql_type = value_type(value)
    return exp.cast(extracted, exp.DataType.build(sql_type)) if sql_type else extracted


def property_predicate(flt: PropertyFilter, *, where: str) -> exp.Expr:
    """Return the predicate one property filter puts on an event row."""
    return compare(property_value(flt.property, flt.value), flt.op, flt.value, where=where)


def event_counts(cond: EventCondition, ctx: CompileContext, *, where: str) -> exp.Select:
    """Return `SELECT user_id, COUNT(*) AS n FROM fct_events WHERE <event, window, filters> GROUP BY user_id`."""
    event_time = exp.column("event_time")
    filters: list[exp.Expr] = [exp.column("event_name").eq(exp.Literal.string(cond.event))]
    if cond.within_days is not None:
        start = exp.TimestampSub(
            this=ctx.as_of.copy(), expression=exp.Literal.number(cond.within_days), unit=exp.Var(this="DAY")
        )
        filters.append(exp.GT(this=event_time.copy(), expression=start))
    filters.append(exp.LTE(this=event_time.copy(), expression=ctx.as_of.copy()))
    filters += [property_predicate(f, where=f"{where}.where[{i}]") for i, f in enumerate(cond.where)]
    return (
        exp.select("user_id", exp.alias_(exp.Count(this=exp.Star()), COUNT_COLUMN))
        .from_(ctx.table(ctx.events_table), copy=False)
        .where(exp.and_(*filters, copy=False), copy=False)
        .group_by("user_id", copy=False)
    )


def event_predicate(cond: EventCondition, ctx: CompileContext, *, where: str) -> exp.Expr:
    """Register the count CTE and return `COALESCE(ev_k.n, 0) <op> <count>`."""
    key = cond.model_dump(mode="json", exclude={"op", "count"})
    alias = ctx.register_cte(key, event_counts(cond, ctx, where=where))
    count = exp.Coalesce(this=exp.column(COUNT_COLUMN, table=alias), expressions=[exp.Literal.number(0)])
    return BINARY_OPS[cond.op](this=count, expression=exp.Literal.number(cond.count))
