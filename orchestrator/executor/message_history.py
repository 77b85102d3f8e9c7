"""Step 4b: the messages that count against caps: exposure in fct_messages plus earlier runs' sends."""

from __future__ import annotations

from datetime import timedelta

from orchestrator.executor.context import HISTORY, RunContext
from orchestrator.executor.tables import table_exists
from orchestrator.executor.waiting import waiting_source

NO_HISTORY = (
    "SELECT NULL::VARCHAR AS user_id, NULL::VARCHAR AS rule_id, NULL::VARCHAR AS channel, NULL::TIMESTAMP AS sent_at"
    " WHERE false"
)


def longest_cap_days(ctx: RunContext) -> int:
    """Return the widest cap window in the plan, 0 when nothing is capped."""
    days = [c.per_days for c in ctx.plan.global_caps]
    days += [p.rule.frequency_cap.per_days for p in ctx.plan.rules if p.rule.frequency_cap]
    days += [cap.per_days for _, cap in ctx.plan.channel_caps]
    return max(days, default=0)


def message_history(ctx: RunContext) -> None:
    """Create the history of messages inside the widest cap window ending at the run time.

    Earlier runs' outbox rows count while they wait for delivery, so a send queued but not yet delivered
    still uses up the cap; delivered ones are counted once, from fct_messages; parked and skipped ones (a
    failed delivery, a step whose condition failed, a message a later run withdrew) never reached the person.
    """
    con = ctx.con
    params: dict[str, object] = {
        "since": ctx.as_of - timedelta(days=longest_cap_days(ctx)),
        "as_of": ctx.as_of,
    }
    parts = [NO_HISTORY]
    if table_exists(con, "main", ctx.messages_table):
        parts.append(f"SELECT user_id, rule_id, channel, sent_at FROM {ctx.messages_table}")
    waiting = waiting_source(con)
    if waiting is not None:
        # still waiting: a delivered one is counted from fct_messages, a parked or skipped one never arrived
        parts.append(f"SELECT user_id, rule_id, channel, send_after AS sent_at FROM {waiting} w WHERE run_id <> $run_id")
        params["run_id"] = ctx.run_id
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {HISTORY} AS
        SELECT h.user_id, h.rule_id, h.channel, h.sent_at FROM ({" UNION ALL ".join(parts)}) h
        WHERE h.sent_at > $since AND h.sent_at <= $as_of""",
        params,
    )
