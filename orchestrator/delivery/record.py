"""Write delivery outcomes to `mcc.deliveries`, and delivered messages into fct_messages when it is a table.

`mcc.deliveries` is the record of what happened to a message; `mcc.outbox.status` is a copy of it for
people reading the outbox, brought up to date in one set-based statement per `deliver` call
(`sync_outbox_status`). The outbox has no key index (a run would pay for it), so updating it message by
message would scan it once per message.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import duckdb

from orchestrator.delivery.models import OutboxMessage


def delivery_id(idempotency_key: str) -> str:
    """Return the delivery id of a message: stable, so fct_messages rows never repeat."""
    return "dlv_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20]


def record(
    con: duckdb.DuckDBPyConnection,
    message: OutboxMessage,
    *,
    status: str,
    attempts: int,
    destination: str,
    now: datetime,
    error: str | None = None,
) -> None:
    """Replace the message's delivery row with its final status (delivered, parked or skipped)."""
    key = message.idempotency_key
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM mcc.deliveries WHERE idempotency_key = ?", [key])
    con.execute(
        """INSERT INTO mcc.deliveries (delivery_id, idempotency_key, run_id, rule_id, user_id, channel, step, status,
                                       attempts, last_error, delivered_at, destination)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            delivery_id(key),
            key,
            message.run_id,
            message.rule_id,
            message.user_id,
            message.channel,
            message.step,
            status,
            attempts,
            error,
            now if status == "delivered" else None,
            destination,
        ],
    )
    if status == "delivered":
        _refresh_messages(con, message, now)
    con.execute("COMMIT")


def _fct_messages_is_table(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'fct_messages'"
    ).fetchone()
    return bool(row and row[0])


def _refresh_messages(con: duckdb.DuckDBPyConnection, message: OutboxMessage, now: datetime) -> None:
    """Add the delivered message to fct_messages when that is a table (a view already unions deliveries)."""
    if not _fct_messages_is_table(con):
        return
    con.execute(
        """INSERT INTO fct_messages (message_id, sent_at, user_id, rule_id, channel, status, delivered_at)
        SELECT $id, $now, $user, $rule, $channel, 'delivered', $now
        WHERE NOT EXISTS (SELECT 1 FROM fct_messages WHERE message_id = $id)""",
        {
            "id": delivery_id(message.idempotency_key),
            "now": now,
            "user": message.user_id,
            "rule": message.rule_id,
            "channel": message.channel,
        },
    )


def sync_outbox_status(con: duckdb.DuckDBPyConnection) -> int:
    """Copy each message's delivery status onto its outbox row where they differ; return the rows changed.

    A call that stopped part way left its deliveries recorded, so the next call's sync catches the outbox up.
    """
    row = con.execute(
        """UPDATE mcc.outbox o SET status = d.status FROM mcc.deliveries d
        WHERE o.idempotency_key = d.idempotency_key AND o.status IS DISTINCT FROM d.status
        RETURNING 1"""
    ).fetchall()
    return len(row)
