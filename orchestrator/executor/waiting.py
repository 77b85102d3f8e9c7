"""`mcc.outbox_waiting`: the outbox rows that may still go out, so a run reads them without the whole history.

A run needs earlier runs' waiting messages (no final delivery status yet) twice: to withdraw the ones it no
longer stands behind and to count them against caps. Found in the outbox, that meant reading every row ever
queued and every delivery ever recorded, on every run. This table holds exactly those rows (the outbox's
columns less its status copy), kept in the same transaction as each write that changes whether a message
waits: the executor's outbox insert (rows in) and withdrawals (rows out), delivery's recorded outcomes (rows
out: every recorded status is final) and `--retry-parked` (rows back in). Its size is the queue's, not the
history's. A warehouse from before it existed gets it filled from the outbox and deliveries, once.
"""

from __future__ import annotations

import duckdb

from orchestrator.control_schema import FINAL_DELIVERY_STATUSES as FINAL
from orchestrator.control_schema import TABLES

WAITING = "mcc.outbox_waiting"
# the outbox's own column definitions (control_schema), less its status copy, and their names in order
_DEFINITIONS = [c.strip() for c in TABLES["outbox"].split(",") if not c.strip().startswith("status ")]
COLUMNS = ", ".join(d.split()[0] for d in _DEFINITIONS)
# the same rows found the slow way, from every outbox row and delivery (the table's one-time fill)
WAITING_IN_OUTBOX = f"""(SELECT {COLUMNS} FROM mcc.outbox
    WHERE idempotency_key NOT IN (SELECT idempotency_key FROM mcc.deliveries WHERE status IN {FINAL}))"""
DDL = f"CREATE TABLE {WAITING} ({', '.join(_DEFINITIONS)})"


def ensure_waiting_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create the table if it is missing, filled with the outbox rows that have no final delivery, atomically."""
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'mcc' AND table_name = 'outbox_waiting'"
    ).fetchone()
    if row and row[0]:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(DDL)
        con.execute(f"INSERT INTO {WAITING} SELECT * FROM {WAITING_IN_OUTBOX}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def waiting_source(con: duckdb.DuckDBPyConnection) -> str | None:
    """Return SQL to read the waiting outbox rows from (the table; derived from the outbox on a warehouse that
    predates it, as a dry run, which writes nothing, may find it), or None when nothing was ever queued."""
    found = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mcc' AND table_name IN ('outbox', 'outbox_waiting')"
    ).fetchall()}
    if "outbox_waiting" in found:
        return WAITING
    return WAITING_IN_OUTBOX if "outbox" in found else None


def add_waiting(con: duckdb.DuckDBPyConnection, rows_sql: str) -> None:
    """Add the outbox rows `rows_sql` selects (in the outbox's shape) as waiting; call inside the write's transaction."""
    con.execute(f"INSERT INTO {WAITING} SELECT {COLUMNS} FROM ({rows_sql})")


def settle(con: duckdb.DuckDBPyConnection, keys_sql: str) -> None:
    """Drop the messages whose idempotency keys `keys_sql` selects: they got a final status in this transaction."""
    con.execute(f"DELETE FROM {WAITING} WHERE idempotency_key IN ({keys_sql})")
