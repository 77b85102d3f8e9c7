"""Keep `raw.users` as RudderStack does: one row per userId with the latest value of each trait."""

from __future__ import annotations

import duckdb
import numpy as np
from sqlglot import exp

from warehouse.collect.raw_tables import apply_schema_changes, table
from warehouse.collect.rows import COMMON_COLUMNS, USER_COLUMNS
from warehouse.collect.table_batch import TableBatch


def trait_columns(identifies: TableBatch) -> list[str]:
    """Return the identifies columns that are traits (not common or context columns)."""
    return [c for c in identifies.columns if c not in COMMON_COLUMNS and not c.startswith("context_")]


def refresh_users(con: duckdb.DuckDBPyConnection, identifies: TableBatch, users: TableBatch,
                  user_ids: set[str]) -> None:
    """Rebuild the users rows of `user_ids` from every identify they have, latest non-null value per trait."""
    if not user_ids:
        return
    traits = trait_columns(identifies)
    for trait in traits:
        kind, have = identifies.columns[trait], users.columns.get(trait)
        if have is None:
            users.columns[trait] = kind
        elif have == "int" and kind == "float":  # follow a widened identifies column, or values get truncated
            users.columns[trait] = "float"
            users.widened.add(trait)
    apply_schema_changes(con, users)
    con.register("collect_user_ids", {"user_id": np.array(sorted(user_ids), dtype=object)})
    try:
        touched = exp.select("user_id").from_("collect_user_ids")
        delete = exp.delete(table("users")).where(exp.column("id").isin(query=touched))
        latest = [
            exp.alias_(
                exp.Filter(this=exp.func("arg_max", exp.column(t, quoted=True), exp.column("timestamp")),
                           expression=exp.Where(this=exp.column(t, quoted=True).is_(exp.null()).not_())),
                t, quoted=True)
            for t in traits
        ]
        select = (
            exp.select(exp.alias_(exp.column("user_id"), "id"), exp.func("max", exp.column("received_at")),
                       exp.func("max", exp.column("uuid_ts")), *latest)
            .from_(table("identifies"))
            .where(exp.column("user_id").isin(query=touched))
            .group_by(exp.column("user_id"))
        )
        columns = [exp.to_identifier(c, quoted=True) for c in [*USER_COLUMNS, *traits]]
        con.execute(delete.sql("duckdb"))
        con.execute(exp.insert(select, table("users"), columns=columns).sql("duckdb"))
    finally:
        con.unregister("collect_user_ids")
