"""Modeled traits as they were when each user was decided, for measuring a rule within a segment.

A rule's message can move the very trait a segment is cut on: the second-workout nudge turns `new` users
into `activated` ones, so classing people by their state at the data end would put the treated successes
in one segment and the held-out users who stayed behind in another, and the lift would be biased.
Measurement classes each person by their traits as of the run that decided them, computed as that run did
(`traits_query(run time)`, orchestrator/executor/snapshot_traits.py). Dimensions (dim_users columns: the
platform, country, source) do not move with a message and keep their stored values.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
from sqlglot import exp

from tools.scope import Filters, dimension_columns, is_in
from warehouse.catalog import Catalog
from warehouse.models.traits import traits_query

SNAPSHOT = "_mcc_decision_traits"


def modeled_filters(catalog: Catalog, filters: Filters) -> Filters:
    """Return the filters on modeled traits (not dim_users columns): their values change over time."""
    dims = set(dimension_columns(catalog))
    return {name: values for name, values in filters.items() if name not in dims}


def run_times(con: duckdb.DuckDBPyConnection, as_of: datetime, decided: tuple[datetime, datetime] | None) -> list[datetime]:
    """Return the times of the runs that decided anyone up to `as_of` (within `decided` when given: a
    period's cohort is first decided in it, so no earlier run can class one of its people)."""
    where, params = "as_of <= $as_of", {"as_of": as_of}
    if decided is not None:
        where += " AND as_of >= $start AND as_of < $end"
        params |= {"start": decided[0], "end": decided[1]}
    return [t for (t,) in con.execute(f"SELECT DISTINCT as_of FROM mcc.decisions WHERE {where} ORDER BY 1", params).fetchall()]


def snapshot_decision_traits(con: duckdb.DuckDBPyConnection, names: list[str], times: list[datetime]) -> None:
    """Store (user_id, as_of, *names) of everyone each run decided, their traits as of that run, in a temp table."""
    columns = ", ".join(exp.column(n, table="t").sql(dialect="duckdb") for n in names)
    parts = []
    for when in times:
        then = exp.cast(exp.Literal.string(when.isoformat(sep=" ")), "TIMESTAMP").sql(dialect="duckdb")
        # traits_query is the project's own SQL (no user or model text); the names are checked catalog traits
        parts.append(f"SELECT t.user_id, {then} AS as_of, {columns} FROM ({traits_query(when)}) t "
                     f"WHERE t.user_id IN (SELECT user_id FROM mcc.decisions WHERE as_of = {then})")
    empty = f"SELECT t.user_id, NULL::TIMESTAMP AS as_of, {columns} FROM user_traits t WHERE false"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {SNAPSHOT} AS {' UNION ALL '.join(parts) or empty}")


def decided_in_segment(catalog: Catalog, filters: Filters) -> str:
    """Return the SELECT of (user_id, as_of): the decisions whose person matched every filter then."""
    query = exp.select("user_id", "as_of").from_(exp.to_table(SNAPSHOT).as_("t"))
    for name, values in filters.items():
        query = query.where(is_in(catalog, name, values, table="t"))
    return query.sql(dialect="duckdb")
