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
