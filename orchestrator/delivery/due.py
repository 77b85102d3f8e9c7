"""Which outbox rows are due: scheduled by now, not final yet, and whether their channel-plan condition holds.

A later step of a channel plan (`step` k > 0) depends on step k - 1 of the same message: it waits until that
step has an outcome, is skipped when that step was not delivered, and is skipped when the person engaged
with it where the plan says `previous_not_opened` / `previous_not_clicked`. Everything is judged in one query
per step number, so `deliver` can record step k - 1 before it judges step k.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from orchestrator.control_schema import FINAL_DELIVERY_STATUSES
from orchestrator.delivery.models import OutboxMessage
from orchestrator.executor.tables import table_exists

FINAL = FINAL_DELIVERY_STATUSES
WAIT = "wait"  # the previous step has no outcome yet: not due in this call
PREVIOUS_STEP = "previous step "  # a later step skipped for its previous step's status: 'previous step parked'
# The key of step k - 1 of a message: keys end in `:<step>:<day>` (orchestrator.executor.write_outbox).
PREVIOUS_KEY = r"regexp_replace(o.idempotency_key, ':[0-9]+:([0-9]+)$', ':' || (o.step - 1) || ':\1')"
ENGAGED = {"previous_not_opened": ("opened_at", "opened"), "previous_not_clicked": ("clicked_at", "clicked")}


def due_steps(con: duckdb.DuckDBPyConnection, now: datetime) -> list[int]:
    """Return the step numbers that have a message due by `now` and not final yet, in order."""
    rows = con.execute(
        f"""SELECT DISTINCT step FROM mcc.outbox
        WHERE send_after <= ? AND idempotency_key NOT IN
              (SELECT idempotency_key FROM mcc.deliveries WHERE status IN {FINAL})
        ORDER BY step""",
        [now],
    ).fetchall()
    return [int(r[0]) for r in rows]


def _engagement_reason(con: duckdb.DuckDBPyConnection) -> str:
    """Return the SQL reason an engaged person skips a conditional step (NULL when fct_messages is missing)."""
    if not table_exists(con, "main", "fct_messages"):
        return "NULL"
    cases = " ".join(
        f"""WHEN o.only_if = '{only_if}' AND EXISTS (
                SELECT 1 FROM fct_messages f WHERE f.user_id = o.user_id AND f.rule_id = o.rule_id
                AND f.{column} IS NOT NULL AND f.{column} >= p.delivered_at) THEN '{PREVIOUS_STEP}{word}'"""
        for only_if, (column, word) in ENGAGED.items()
    )
    return f"CASE {cases} END"


RETIRED = "the rule no longer runs (retired, or dropped from its policy)"


def live_rule_ids(con: duckdb.DuckDBPyConnection) -> list[str] | None:
    """Return the rule ids the registry's active versions run, or None when none was ever approved here."""
    if not table_exists(con, "mcc", "rule_versions"):
        return None
    from orchestrator.registry import Registry  # the registry pulls in validation: only when delivering

    live = Registry(con, create=False).live_rule_ids()
    return None if live is None else sorted(live)


def due_with_reasons(
    con: duckdb.DuckDBPyConnection, now: datetime, step: int, live: list[str] | None = None
) -> list[tuple[OutboxMessage, str | None]]:
    """Return the due messages of one step number, oldest first, each with why it must not go out now
    (`WAIT`, `previous step <status>`, `previous step opened|clicked`, RETIRED when `live` rule ids are
    given and the message's rule is not among them) or None when it may."""
    cursor = con.execute(
        f"""SELECT o.idempotency_key, o.run_id, o.rule_id, o.rule_version, o.user_id, o.channel, o.step,
                  o.template_key, o.only_if, o.send_after,
                  CASE WHEN $live IS NOT NULL AND NOT list_contains($live, o.rule_id) THEN '{RETIRED}'
                       WHEN o.step = 0 THEN NULL
                       WHEN p.status IS NULL THEN '{WAIT}'
                       WHEN p.status <> 'delivered' THEN '{PREVIOUS_STEP}' || p.status
                       ELSE {_engagement_reason(con)} END AS reason
        FROM mcc.outbox o
        LEFT JOIN mcc.deliveries p ON o.step > 0 AND p.idempotency_key = {PREVIOUS_KEY}
        WHERE o.send_after <= $now AND o.step = $step AND o.idempotency_key NOT IN
              (SELECT idempotency_key FROM mcc.deliveries WHERE status IN {FINAL})
        ORDER BY o.send_after, o.idempotency_key""",
        {"now": now, "step": step, "live": live},
    )
    names = [d[0] for d in cursor.description][:-1]
    return [(OutboxMessage(**dict(zip(names, row[:-1], strict=True))), row[-1]) for row in cursor.fetchall()]
