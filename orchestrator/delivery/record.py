"""Write delivery outcomes to `mcc.deliveries`, and delivered messages into fct_messages when it is a table.

Outcomes are written a batch at a time, in one transaction each, handed to DuckDB as numpy columns (a
thousand rows cost what one row costs through `executemany`). `mcc.deliveries` is the record of what
happened to a message; `mcc.outbox.status` is a copy of it for people reading the outbox, brought up to date
in one set-based statement (`sync_outbox_status`): the outbox has no key index, so updating it message by
message would scan it once per message.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np

from orchestrator.delivery.models import OutboxMessage
from orchestrator.executor.waiting import settle

BATCH_VIEW = "_mcc_delivery_batch"


@dataclass(frozen=True)
class Outcome:
    """What happened to one message in this call: delivered, parked or skipped."""

    message: OutboxMessage
    status: str
    attempts: int
    error: str | None = None


def delivery_id(idempotency_key: str) -> str:
    """Return the delivery id of a message: stable, so fct_messages rows never repeat."""
    return "dlv_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20]


def _columns(outcomes: Sequence[Outcome], destination: str) -> dict[str, np.ndarray]:
    """Return the batch as numpy columns in mcc.deliveries' shape."""

    def column(values: list[object]) -> np.ndarray:
        return np.array(values, dtype=object)

    messages = [o.message for o in outcomes]
    return {
        "delivery_id": column([delivery_id(m.idempotency_key) for m in messages]),
        "idempotency_key": column([m.idempotency_key for m in messages]),
        "run_id": column([m.run_id for m in messages]),
        "rule_id": column([m.rule_id for m in messages]),
        "user_id": column([m.user_id for m in messages]),
        "channel": column([m.channel for m in messages]),
        "step": np.array([m.step for m in messages], dtype=np.int32),
        "status": column([o.status for o in outcomes]),
        "attempts": np.array([o.attempts for o in outcomes], dtype=np.int32),
        "last_error": column([o.error for o in outcomes]),
        "delivered": np.array([o.status == "delivered" for o in outcomes], dtype=bool),
        "destination": column([destination] * len(outcomes)),
    }


def record_batch(con: duckdb.DuckDBPyConnection, outcomes: Sequence[Outcome], *, destination: str,
                 now: datetime) -> None:
    """Replace each message's delivery row with its outcome, take the messages out of mcc.outbox_waiting, and
    add the delivered ones to fct_messages."""
    if not outcomes:
        return
    con.register(BATCH_VIEW, _columns(outcomes, destination))
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(f"DELETE FROM mcc.deliveries WHERE idempotency_key IN (SELECT idempotency_key FROM {BATCH_VIEW})")
        con.execute(
            f"""INSERT INTO mcc.deliveries (delivery_id, idempotency_key, run_id, rule_id, user_id, channel, step,
                                            status, attempts, last_error, delivered_at, destination)
            SELECT delivery_id, idempotency_key, run_id, rule_id, user_id, channel, step, status, attempts,
                   last_error, CASE WHEN delivered THEN $now END, destination
            FROM {BATCH_VIEW}""",
            {"now": now},
        )
        settle(con, f"SELECT idempotency_key FROM {BATCH_VIEW}")  # every outcome recorded here is final
        if _fct_messages_is_table(con):
            # a view of fct_messages already unions mcc.deliveries
            con.execute(
                f"""INSERT INTO fct_messages (message_id, sent_at, user_id, rule_id, channel, status, delivered_at)
                SELECT delivery_id, $now, user_id, rule_id, channel, 'delivered', $now FROM {BATCH_VIEW} b
                WHERE b.delivered AND NOT EXISTS (SELECT 1 FROM fct_messages f WHERE f.message_id = b.delivery_id)""",
                {"now": now},
            )
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.TransactionException):
            con.execute("ROLLBACK")
        raise
    finally:
        con.unregister(BATCH_VIEW)


def sync_outbox_status(con: duckdb.DuckDBPyConnection) -> None:
    """Copy each message's delivery status onto its outbox row where they differ.

    A call that stopped part way left its deliveries recorded, so the next call's sync catches the outbox up.
    """
    con.execute(
        """UPDATE mcc.outbox o SET status = d.status FROM mcc.deliveries d
        WHERE o.idempotency_key = d.idempotency_key AND o.status IS DISTINCT FROM d.status"""
    )


def _fct_messages_is_table(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'fct_messages'"
    ).fetchone()
    return bool(row and row[0])
