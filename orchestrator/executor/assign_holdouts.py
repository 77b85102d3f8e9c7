"""Step 3: the global control group first, then each rule's holdout, by salted hash buckets.

Buckets are computed only for decisions still open here (md5 is the run's most expensive expression);
a suppressed or stopped decision keeps NULL buckets, and `explain` recomputes them with `holdout.bucket`.
"""

from __future__ import annotations

from orchestrator.executor.context import RULES, RunContext
from orchestrator.holdout import GLOBAL_CONTROL_SALT, RULE_SALT_PREFIX, bucket_sql, threshold


def assign_holdouts(ctx: RunContext) -> None:
    """Close open candidates whose control bucket or rule bucket falls below the held-out threshold."""
    control = threshold(ctx.plan.control_share)
    rule_bucket = bucket_sql(f"'{RULE_SALT_PREFIX}' || rule_id")
    control_bucket = bucket_sql(f"'{GLOBAL_CONTROL_SALT}'")
    ctx.advance(
        "assign_holdouts",
        f"""SELECT c.* EXCLUDE (holdout_threshold) REPLACE (
            CASE WHEN c.outcome IS NOT NULL THEN c.outcome
                 WHEN c.control_bucket < {control} THEN 'control'
                 WHEN c.bucket < c.holdout_threshold THEN 'holdout' END AS outcome,
            CASE WHEN c.outcome IS NOT NULL THEN c.reason
                 WHEN c.control_bucket < {control} THEN
                      printf('global control group (bucket %d < %d)', c.control_bucket, {control})
                 WHEN c.bucket < c.holdout_threshold THEN
                      printf('rule holdout (bucket %d < %d)', c.bucket, c.holdout_threshold) END AS reason)
        FROM (
            SELECT o.* REPLACE (CASE WHEN o.outcome IS NULL THEN {rule_bucket} END AS bucket,
                                CASE WHEN o.outcome IS NULL THEN {control_bucket} END AS control_bucket),
                   r.holdout_threshold
            FROM {ctx.current} o JOIN {RULES} r USING (rule_id)
        ) c""",
    )
