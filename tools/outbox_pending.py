"""What each rule's messages still wait for delivery in the outbox (read-only): sent counts in `fct_messages` only
show a message once `mcc deliver` has delivered it."""

from __future__ import annotations

from datetime import datetime

import duckdb

from orchestrator.executor.tables import table_exists

PENDING_SQL = (
    "SELECT rule_id, count(*) FROM mcc.outbox WHERE status = 'pending' AND ($channel IS NULL OR channel = $channel) "
    "AND ($start IS NULL OR send_after > $start) AND ($end IS NULL OR send_after <= $end) GROUP BY rule_id"
)


def pending_by_rule(con: duckdb.DuckDBPyConnection, channel: str | None, start: datetime | None,
                    end: datetime | None) -> dict[str, int]:
    """Return each rule's outbox messages still waiting for delivery (due in `start < send_after <= end`, if given)."""
    if not table_exists(con, "mcc", "outbox"):
        return {}
    rows = con.execute(PENDING_SQL, {"channel": channel, "start": start, "end": end}).fetchall()
    return {str(rule_id): int(n) for rule_id, n in rows}
