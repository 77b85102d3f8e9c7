"""Step 7: withdraw what earlier runs queued and this run no longer stands behind.

An earlier run may have queued a channel plan whose later steps are still waiting ("push now, email in 24
hours if not opened"). When this run finds the person has met the rule's stop condition, is suppressed from
it (an opened ticket, an opt-out), now gets a higher-priority rule, or has left its audience (or the rule no
longer runs), their waiting messages of that rule must not go out: each is recorded in mcc.deliveries as
`skipped`, with the reason, so delivery never sends it (skipped is final). Capped, held-out and control
decisions withdraw nothing: the waiting messages were queued under the same cap, and buckets do not move.
The outbox rows stay as the record of what was queued; their status copy catches up at the next delivery.
The waiting messages are read from mcc.outbox_waiting (executor.waiting), and the withdrawn leave it, in the
run's transaction: a run reads the queue, not every message ever queued.
"""

from __future__ import annotations

from orchestrator.control_schema import delivery_id_sql
from orchestrator.executor.context import RunContext, literal
from orchestrator.executor.waiting import WAITING, settle

# the outcomes of this run that end a person's waiting messages of the rule decided
ENDING = ("stopped", "suppressed", "lost")
WITHDRAWN = "_mcc_withdrawn"


def withdraw_pending(ctx: RunContext) -> None:
    """Mark earlier runs' undelivered outbox rows skipped where this run stopped, suppressed or re-routed the
    person, or no longer holds them in the rule's audience."""
    con = ctx.con
    rules = ", ".join(literal(rule_id) for rule_id in ctx.plan.rule_ids()) or "NULL"
    params = {"run_id": ctx.run_id, "as_of": ctx.as_of}
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {WITHDRAWN} AS
        SELECT o.idempotency_key, o.run_id, o.rule_id, o.user_id, o.channel, o.step,
               'withdrawn by ' || $run_id || ': ' || CASE
                   WHEN d.outcome IS NOT NULL THEN d.reason
                   WHEN o.rule_id IN ({rules}) THEN 'no longer in the audience of ' || o.rule_id
                   ELSE 'rule ' || o.rule_id || ' no longer runs' END AS why
        FROM {WAITING} o
        LEFT JOIN mcc.decisions d ON d.run_id = $run_id AND d.user_id = o.user_id AND d.rule_id = o.rule_id
        WHERE o.created_at < $as_of AND (d.outcome IS NULL OR d.outcome IN {ENDING})""",
        params,
    )
    # a message waiting on a retry has a delivery row already: the skip replaces it
    con.execute(f"DELETE FROM mcc.deliveries WHERE idempotency_key IN (SELECT idempotency_key FROM {WITHDRAWN})")
    con.execute(
        f"""INSERT INTO mcc.deliveries (delivery_id, idempotency_key, run_id, rule_id, user_id, channel, step,
                                        status, attempts, last_error, delivered_at, destination)
        SELECT {delivery_id_sql('idempotency_key')}, idempotency_key, run_id, rule_id, user_id, channel, step,
               'skipped', 0, why, NULL, NULL
        FROM {WITHDRAWN}"""
    )
    settle(con, f"SELECT idempotency_key FROM {WITHDRAWN}")
