"""Assemble audience queries: one condition's user ids, or many conditions as boolean columns in one scan."""

from __future__ import annotations

from collections.abc import Mapping

from sqlglot import exp

from orchestrator.compile.as_of import AsOf, as_of_expression
from orchestrator.compile.condition import condition_predicate
from orchestrator.compile.context import TRAITS_ALIAS, CompileContext
from orchestrator.spec import Condition
from warehouse.errors import InputError

DIALECTS = ("duckdb", "snowflake", "bigquery", "spark", "postgres")


def _from_traits(select: exp.Select, ctx: CompileContext) -> exp.Select:
    """Add `FROM user_traits AS t`, a LEFT JOIN per event CTE and the WITH clause."""
    # copy=False throughout: the parts are fresh, and sqlglot's defensive deep copies dominate compile time.
    select = select.from_(exp.alias_(ctx.table(ctx.traits_table), TRAITS_ALIAS, table=True), copy=False)
    for alias, _ in ctx.ctes.values():
        on = exp.column("user_id", table=alias).eq(exp.column("user_id", table=TRAITS_ALIAS))
        select = select.join(exp.to_table(alias), on=on, join_type="left", copy=False)
    for alias, cte in ctx.ctes.values():
        select = select.with_(alias, as_=cte, copy=False)
    return select


def audience_query(
    condition: Condition,
    as_of: AsOf = None,
    traits_table: str = "user_traits",
    events_table: str = "fct_events",
) -> exp.Select:
    """Return `SELECT t.user_id FROM user_traits AS t ... WHERE <condition>` as a sqlglot expression."""
    ctx = CompileContext(as_of_expression(as_of), traits_table=traits_table, events_table=events_table)
    predicate = condition_predicate(condition, ctx)
    return _from_traits(exp.select(exp.column("user_id", table=TRAITS_ALIAS)), ctx).where(predicate, copy=False)


def audiences_query(
    conditions: Mapping[str, Condition],
    as_of: AsOf = None,
    traits_table: str = "user_traits",
    events_table: str = "fct_events",
    within: Condition | None = None,
) -> exp.Select:
    """Return one query with `user_id` and a boolean column per named condition, over every user.

    This is the set-based form for the executor: all audiences (and stop conditions, suppressions)
    are evaluated in one scan of `user_traits`, and identical event counts share one CTE. `within`, when
    given, keeps only the users it selects (a trait-only `within` is filtered before the joins).
    """
    if not conditions:
        raise InputError("no conditions to evaluate", accepted="a mapping of name -> condition")
    ctx = CompileContext(as_of_expression(as_of), traits_table=traits_table, events_table=events_table)
    columns = [
        exp.alias_(condition_predicate(cond, ctx, where=name), name, quoted=True) for name, cond in conditions.items()
    ]
    restriction = condition_predicate(within, ctx, where="within") if within is not None else None
    query = _from_traits(exp.select(exp.column("user_id", table=TRAITS_ALIAS), *columns), ctx)
    return query.where(restriction, copy=False) if restriction is not None else query


def to_sql(query: exp.Expr, dialect: str = "duckdb", pretty: bool = False) -> str:
    """Render a compiled query in one of the supported dialects."""
    if dialect not in DIALECTS:
        raise InputError(f"unsupported dialect {dialect!r}", accepted=", ".join(DIALECTS))
    return query.sql(dialect=dialect, pretty=pretty)


def audience_sql(
    condition: Condition,
    dialect: str = "duckdb",
    as_of: AsOf = None,
    traits_table: str = "user_traits",
    events_table: str = "fct_events",
    pretty: bool = False,
) -> str:
    """Return the SQL selecting the audience's user ids in `dialect`."""
    return to_sql(audience_query(condition, as_of, traits_table, events_table), dialect, pretty)


def audiences_sql(
    conditions: Mapping[str, Condition],
    dialect: str = "duckdb",
    as_of: AsOf = None,
    traits_table: str = "user_traits",
    events_table: str = "fct_events",
    pretty: bool = False,
) -> str:
    """Return the SQL of `audiences_query` in `dialect`."""
    return to_sql(audiences_query(conditions, as_of, traits_table, events_table), dialect, pretty)
