"""Step 1a: materialise the traits as of the run time into a temp table."""

from __future__ import annotations

from orchestrator.executor.context import TRAITS, RunContext
from warehouse.errors import RunError


def snapshot_traits(ctx: RunContext) -> None:
    """Create the traits snapshot from `traits_query(as_of)`, or copy a given traits table."""
    if ctx.traits_source is not None:
        # A caller (tests, benchmark) that already holds traits as of this time names the table.
        source = f"SELECT * FROM {ctx.traits_source}"
    else:
        try:
            from warehouse.models.traits import traits_query
        except ImportError as exc:
            raise RunError(
                "the traits model is not available to compute traits as of the run time",
                where="warehouse.models.traits",
                accepted="a warehouse built with `mcc warehouse build`",
            ) from exc
        source = traits_query(ctx.as_of)
    ctx.con.execute(f"CREATE OR REPLACE TEMP TABLE {TRAITS} AS {source}")
