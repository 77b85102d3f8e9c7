"""Look one person up by any id they were seen with, and return their traits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from warehouse.errors import InputError
from warehouse.meta import data_end
from warehouse.sqlutil import rows, scalar, table_exists


def stitched_id(con: duckdb.DuckDBPyConnection, any_id: str) -> str | None:
    """Return the stitched user id for a user id, anonymous id or `email:ADDR`, or None."""
    if not table_exists(con, "main", "id_graph"):
        return None
    found = scalar(con, "SELECT user_id FROM id_graph WHERE node = ?", [any_id])
    return None if found is None else str(found)


def user_traits(con: duckdb.DuckDBPyConnection, any_id: str, as_of: datetime | None = None) -> dict[str, Any]:
    """Return {user_id, as_of, traits} for one person, at the end of the data or as of a time (computed from
    the events up to it, as a run then saw them); InputError when nobody has that id."""
    person = stitched_id(con, any_id)
    found = rows(con, "SELECT * FROM user_traits WHERE user_id = ?", [person]) if person else []
    if not found:
        raise InputError(f"no user {any_id!r} in the warehouse", where="USER_ID",
                         accepted="a user id, anonymous id or email:ADDR; list some with "
                                  "`mcc sql \"SELECT user_id FROM user_traits LIMIT 5\"`")
    source = "user_traits"
    if as_of is not None:
        from warehouse.models.traits import traits_query

        source = f"({traits_query(as_of)})"
        found = rows(con, f"SELECT * FROM {source} WHERE user_id = ?", [person])
        if not found:
            raise InputError(f"{person} has no traits as of {as_of:%Y-%m-%d %H:%M}: they appear later",
                             where="--as-of", accepted="a later time")
    cursor = con.execute(f"SELECT * FROM {source} LIMIT 0")
    columns = [d[0] for d in cursor.description or []]
    cursor.fetchall()
    return {"user_id": person, "as_of": as_of or data_end(con),
            "traits": dict(zip(columns, found[0], strict=True))}
