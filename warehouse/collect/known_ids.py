"""Find which message ids a warehouse already holds, set-based, for dedupe on messageId."""

from __future__ import annotations

import duckdb
import numpy as np
from sqlglot import exp

from warehouse.collect.array_scan import SCAN_TABLE, run_over_arrays
from warehouse.collect.raw_tables import table

# Every message lands in exactly one of these (a track also lands in its event's table).
MESSAGE_TABLES = ("tracks", "identifies", "pages", "screens", "groups", "aliases")


def known_ids(con: duckdb.DuckDBPyConnection, ids: list[str],
              groups: dict[str, list[exp.Table]]) -> dict[str, list[bool]]:
    """Return, per group of tables, whether each of `ids` (in order) is already in any of its tables.

    One statement answers every group, and it answers with positions, not ids: a reload, where every id
    is known, then costs no Python string per id.
    """
    found = {name: np.zeros(len(ids), dtype=bool) for name in groups}
    stored = [exp.select("id", exp.alias_(exp.Literal.number(number), "grp")).from_(t)
              for number, tables in enumerate(groups.values()) for t in tables]
    if ids and stored:
        union: exp.Query = stored[0]
        for part in stored[1:]:
            union = exp.union(union, part, distinct=False)
        query = (exp.select("pos", "grp").from_(exp.alias_(exp.to_identifier(SCAN_TABLE), "incoming"))
                 .join(exp.alias_(exp.Subquery(this=union), "stored"),
                       on=exp.column("id", "incoming").eq(exp.column("id", "stored"))))
        result = run_over_arrays(con, query, {"id": np.array(ids, dtype=object), "pos": np.arange(len(ids))})
        for number, name in enumerate(groups):
            found[name][result["pos"][result["grp"] == number]] = True
    return {name: mask.tolist() for name, mask in found.items()}


def raw_message_tables(existing: set[str]) -> list[exp.Table]:
    """Return the raw message tables that exist."""
    return [table(name) for name in MESSAGE_TABLES if name in existing]
