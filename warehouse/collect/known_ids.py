"""Find which message ids a warehouse already holds, set-based, for dedupe on messageId."""

from __future__ import annotations

import duckdb
import numpy as np
from sqlglot import exp

from warehouse.collect.raw_tables import table

# Every message lands in exactly one of these (a track also lands in its event's table).
MESSAGE_TABLES = ("tracks", "identifies", "pages", "screens", "groups", "aliases")


def known_ids(con: duckdb.DuckDBPyConnection, ids: list[str], tables: list[exp.Table]) -> set[str]:
    """Return the ids among `ids` that are already in any of `tables`."""
    if not ids or not tables:
        return set()
    con.register("collect_incoming_ids", {"id": np.array(ids, dtype=object)})
    try:
        incoming = exp.select("id").from_("collect_incoming_ids")
        parts = [exp.select("id").from_(t).where(exp.column("id").isin(query=incoming)) for t in tables]
        union: exp.Query = parts[0]
        for part in parts[1:]:
            union = exp.union(union, part, distinct=False)
        return {row[0] for row in con.execute(union.sql("duckdb")).fetchall()}
    finally:
        con.unregister("collect_incoming_ids")


def raw_message_tables(existing: set[str]) -> list[exp.Table]:
    """Return the raw message tables that exist."""
    return [table(name) for name in MESSAGE_TABLES if name in existing]
