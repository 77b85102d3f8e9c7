"""The quarantine table `mcc.quarantine`: every message the loader refused, with its raw payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
from sqlglot import exp

from warehouse.collect.array_scan import SCAN_TABLE, run_over_arrays
from warehouse.collect.raw_tables import table

QUARANTINE_COLUMNS = {
    "id": "VARCHAR PRIMARY KEY",
    "received_at": "TIMESTAMP",
    "source": "VARCHAR",
    "line_no": "BIGINT",
    "violation_type": "VARCHAR",
    "message": "VARCHAR",
    "raw_payload": "VARCHAR",
}


@dataclass(slots=True)
class QuarantineRow:
    """One refused message: its violation (the first found) and every reason, joined."""

    id: str
    received_at: datetime
    source: str
    line_no: int
    violation_type: str
    message: str
    raw_payload: str


def ensure_quarantine(con: duckdb.DuckDBPyConnection) -> None:
    """Create `mcc.quarantine` if it is missing."""
    con.execute(exp.Create(this=exp.to_identifier("mcc", quoted=True), kind="SCHEMA", exists=True).sql("duckdb"))
    columns = [
        exp.ColumnDef(this=exp.to_identifier(name, quoted=True), kind=exp.DataType.build(kind.split()[0]),
                      constraints=[exp.ColumnConstraint(kind=exp.PrimaryKeyColumnConstraint())]
                      if "PRIMARY KEY" in kind else [])
        for name, kind in QUARANTINE_COLUMNS.items()
    ]
    con.execute(exp.Create(this=exp.Schema(this=table("quarantine", "mcc"), expressions=columns),
                           kind="TABLE", exists=True).sql("duckdb"))


def insert_quarantine(con: duckdb.DuckDBPyConnection, rows: list[QuarantineRow]) -> None:
    """Insert refused messages in one statement."""
    if not rows:
        return
    arrays = {name: np.array([getattr(row, name) for row in rows], dtype=object) for name in QUARANTINE_COLUMNS}
    select = exp.select(*(exp.cast(exp.column(name), kind.split()[0]) for name, kind in QUARANTINE_COLUMNS.items()))
    insert = exp.insert(select.from_(SCAN_TABLE), table("quarantine", "mcc"), columns=list(QUARANTINE_COLUMNS))
    run_over_arrays(con, insert, arrays)


QUARANTINE_SHOWN = ("received_at", "source", "line_no", "violation_type", "message")


def recent_quarantine(
    con: duckdb.DuckDBPyConnection, *, source: str | None = None, limit: int = 20
) -> list[dict[str, object]]:
    """Return the most recently refused messages (without their payloads), newest first; none without a table."""
    from warehouse.sqlutil import table_exists

    if not table_exists(con, "mcc", "quarantine"):
        return []
    query = exp.select(*(exp.column(name) for name in QUARANTINE_SHOWN)).from_(table("quarantine", "mcc"))
    if source is not None:  # a person's text: a literal built by sqlglot, never pasted into the SQL
        query = query.where(exp.column("source").eq(exp.Literal.string(source)))
    query = query.order_by(exp.Ordered(this=exp.column("received_at"), desc=True), "line_no").limit(limit)
    return [dict(zip(QUARANTINE_SHOWN, row, strict=True)) for row in con.execute(query.sql("duckdb")).fetchall()]


def quarantine_sources(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[str]:
    """Return the sources that have refused messages, most recently refused first; none without a table."""
    from warehouse.sqlutil import table_exists

    if not table_exists(con, "mcc", "quarantine"):
        return []
    latest = exp.func("max", exp.column("received_at"))
    query = (exp.select(exp.column("source")).from_(table("quarantine", "mcc")).group_by(exp.column("source"))
             .order_by(exp.Ordered(this=latest, desc=True), exp.column("source")).limit(limit))
    return [row[0] for row in con.execute(query.sql("duckdb")).fetchall()]
