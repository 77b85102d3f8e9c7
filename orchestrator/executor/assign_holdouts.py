"""Step 3: the global control group first, then each rule's holdout, by salted hash buckets."""

from __future__ import annotations

from orchestrator.executor.context import RULES, RunContext
from orchestrator.holdout import threshold


def assign_holdouts(ctx: RunContext) -> None:
    """Close open candidates whose control bucket or rule bucket falls below the held-out threshold."""
    control = threshold(ctx.plan.control_share)
    ctx.advance(
        "assign_holdouts",
        f"""SELECT c.* REPLACE (
            CASE WHEN c.outcome IS NOT NULL THEN c.outcome
                 WHEN c.control_bucket < {control} THEN 'control'
                 WHEN c.bucket < r.holdout_threshold THEN 'holdout' END AS outcome,
            CASE WHEN c.outcome IS NOT NULL THEN c.reason
                 WHEN c.control_bucket < {control} THEN
                      printf('global control group (bucket %d < %d)', c.control_bucket, {control})
                 WHEN c.bucket < r.holdout_threshold THEN
                      printf('rule holdout (bucket %d < %d)', c.bucket, r.holdout_threshold) END AS reason)
        FROM {ctx.current} c JOIN {RULES} r USING (rule_id)""",
    )
