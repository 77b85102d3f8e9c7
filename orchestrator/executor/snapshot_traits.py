"""Step 1a: the traits as of the run time, as a temp table (computed) or a temp view (given)."""

from __future__ import annotations

import duckdb

from orchestrator.executor.context import TRAITS, RunContext
from warehouse.models.traits import traits_query


def _drop_previous(con: duckdb.DuckDBPyConnection) -> None:
    """Drop a snapshot an earlier run on this connection left, whichever kind it was."""
    kinds = con.execute(
        "SELECT 'TABLE' FROM duckdb_tables() WHERE temporary AND table_name = $n"
        " UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE temporary AND view_name = $n",
        {"n": TRAITS},
    ).fetchall()
    for (kind,) in kinds:
        con.execute(f"DROP {kind} {TRAITS}")


def snapshot_traits(ctx: RunContext) -> None:
    """Compute the traits with `traits_query(as_of)`, or view a traits table the caller says is as of then."""
    _drop_previous(ctx.con)
    if ctx.traits_source is not None:
        ctx.con.execute(f"CREATE TEMP VIEW {TRAITS} AS SELECT * FROM {ctx.traits_source}")
    else:
        ctx.con.execute(f"CREATE TEMP TABLE {TRAITS} AS {traits_query(ctx.as_of)}")
