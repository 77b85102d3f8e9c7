"""Which outbox rows are due: scheduled by now, not final yet, and their channel-plan condition met."""

from __future__ import annotations

from datetime import datetime

import duckdb

from orchestrator.delivery.models import OutboxMessage
from orchestrator.executor.tables import table_exists


def due_messages(con: duckdb.DuckDBPyConnection, now: datetime) -> list[OutboxMessage]:
    """Return outbox rows with send_after <= now and no final delivery, oldest first."""
    cursor = con.execute(
        """SELECT o.idempotency_key, o.run_id, o.rule_id, o.rule_version, o.user_id, o.channel, o.step,
                  o.template_key, o.only_if, o.send_after
        FROM mcc.outbox o
        WHERE o.send_after <= ? AND o.idempotency_key NOT IN
              (SELECT idempotency_key FROM mcc.deliveries WHERE status IN ('delivered', 'parked', 'skipped'))
        ORDER BY o.send_after, o.idempotency_key""",
        [now],
    )
    names = [d[0] for d in cursor.description]
    return [OutboxMessage(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def previous_key(message: OutboxMessage) -> str:
    """Return the idempotency key of the step before this one (keys end in `:<step>:<day>`)."""
    head, _step, day = message.idempotency_key.rsplit(":", 2)
    return f"{head}:{message.step - 1}:{day}"


def skip_reason(con: duckdb.DuckDBPyConnection, message: OutboxMessage) -> str | None:
    """Return why a step must not go out now (`wait`: the previous step is not final yet), None when it may."""
    if message.step == 0:
        return None
    row = con.execute(
        "SELECT status, delivered_at FROM mcc.deliveries WHERE idempotency_key = ? ORDER BY delivered_at DESC LIMIT 1",
        [previous_key(message)],
    ).fetchone()
    if row is None:
        return "wait"  # the previous step has not been attempted yet
    status, delivered_at = row
    if status != "delivered":
        return f"previous step {status}"
    if message.only_if in (None, "always") or not table_exists(con, "main", "fct_messages"):
        return None
    column = "opened_at" if message.only_if == "previous_not_opened" else "clicked_at"
    engaged = con.execute(
        f"SELECT count(*) FROM fct_messages WHERE user_id = ? AND rule_id = ? AND {column} IS NOT NULL"
        f" AND {column} >= ?",
        [message.user_id, message.rule_id, delivered_at],
    ).fetchone()
    if engaged and engaged[0]:
        return f"previous step {column.removesuffix('_at')}"
    return None
