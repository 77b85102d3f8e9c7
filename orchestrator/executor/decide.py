"""Step 5a: unpivot the wide chain into one row per user and rule considered, materialised once, in order.

Only each rule's state is unpivoted (audience, the flag that closed it, its bucket); the outcome and the
reason are then one CASE per row, which is far cheaper than one CASE per rule on every user.
"""

from __future__ import annotations

from orchestrator.executor.arbitrate import control_threshold
from orchestrator.executor.context import CANDIDATES, RULES, RunContext, quoted, rule_column

PER_RULE = ("audience", "suppressed", "stopped", "bucket")
PER_USER = ("user_id", "control_bucket", "winner", "winner_priority", "capped_why")


def _unpivoted(ctx: RunContext) -> str:
    """Return SQL with one row per user and rule: the user's columns and the rule's state."""
    groups = ", ".join(
        "(" + ", ".join(rule_column(kind, p.rule.id) for kind in PER_RULE) + f") AS {quoted(p.rule.id)}"
        for p in ctx.plan.rules
    )
    needed = list(PER_USER) + [rule_column(kind, p.rule.id) for p in ctx.plan.rules for kind in PER_RULE]
    return (
        f"(SELECT {', '.join(needed)} FROM {ctx.current})"
        f" UNPIVOT INCLUDE NULLS (({', '.join(PER_RULE)}) FOR rule_id IN ({groups}))"
    )


def decide(ctx: RunContext) -> None:
    """Create the decided candidates, sorted so equal runs write equal bytes (scans keep insertion order)."""
    control = control_threshold(ctx)
    # The outcome follows the passes in order: the first that closed the rule names it.
    ctx.con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {CANDIDATES} AS
        SELECT user_id, rule_id, rule_version, priority, policy_id, outcome,
               CASE outcome
                   WHEN 'suppressed' THEN 'suppressed by ' || suppressed
                   WHEN 'stopped' THEN 'stopped by ' || stopped
                   WHEN 'control' THEN printf('global control group (bucket %d < %d)', control_bucket, {control})
                   WHEN 'holdout' THEN printf('rule holdout (bucket %d < %d)', bucket, holdout_threshold)
                   WHEN 'capped' THEN capped_why
                   WHEN 'send' THEN printf('won arbitration (priority %d)', priority)
                   ELSE printf('lost to rule %s (priority %d)', winner, winner_priority) END AS reason,
               CASE WHEN outcome = 'lost' THEN winner END AS lost_to, bucket, control_bucket
        FROM (
            SELECT u.user_id, u.rule_id, r.rule_version, r.priority, r.policy_id, r.holdout_threshold,
                   u.suppressed, u.stopped, u.bucket, u.winner, u.winner_priority, u.capped_why,
                   CASE WHEN u.bucket IS NOT NULL THEN u.control_bucket END AS control_bucket,
                   CASE WHEN u.suppressed IS NOT NULL THEN 'suppressed'
                        WHEN u.stopped IS NOT NULL THEN 'stopped'
                        WHEN u.control_bucket < {control} THEN 'control'
                        WHEN u.bucket < r.holdout_threshold THEN 'holdout'
                        WHEN u.winner = u.rule_id AND u.capped_why IS NOT NULL THEN 'capped'
                        WHEN u.winner = u.rule_id THEN 'send'
                        ELSE 'lost' END AS outcome
            FROM {_unpivoted(ctx)} u JOIN {RULES} r USING (rule_id)
            WHERE u.audience)
        ORDER BY user_id, priority, rule_id"""
    )
