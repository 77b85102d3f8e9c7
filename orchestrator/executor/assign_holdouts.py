"""Step 3: the global control group first, then each rule's holdout, by salted hash buckets.

Buckets are computed only where they can decide something (md5 is the run's most expensive expression): a
user gets `control_bucket` when some rule reaches this step, and `bucket:<rule>` for each rule that does.
With no control group, or for a rule without a holdout, no bucket can hold anyone out, so the column gets
`NOT_HASHED` instead of a hash: above every bucket, so nobody is held out, and written as NULL. A suppressed
or stopped decision keeps NULL buckets too; `explain` recomputes any NULL bucket with `holdout.bucket`.
"""

from __future__ import annotations

from orchestrator.executor.apply_flags import still_open
from orchestrator.executor.context import RunContext, literal, rule_column
from orchestrator.holdout import BUCKETS, GLOBAL_CONTROL_SALT, bucket_sql, rule_salt, threshold

CLOSED_BEFORE_HOLDOUTS = ["suppressed", "stopped"]
NOT_HASHED = BUCKETS  # past the last bucket (0..9999): held out by no share


def _bucket_or_not_hashed(salt: str, share: float) -> str:
    """Return the SQL of the bucket for `salt`, or NOT_HASHED when a share of `share` holds nobody out."""
    return bucket_sql(literal(salt)) if threshold(share) > 0 else str(NOT_HASHED)


def assign_holdouts(ctx: RunContext) -> None:
    """Add the control bucket of users with an open rule and the rule bucket of each open rule."""
    reached = {p.rule.id: still_open(p.rule.id, CLOSED_BEFORE_HOLDOUTS) for p in ctx.plan.rules}
    any_reached = " OR ".join(f"({cond})" for cond in reached.values())
    control = _bucket_or_not_hashed(GLOBAL_CONTROL_SALT, ctx.plan.control_share)
    columns = [f"CASE WHEN {any_reached} THEN {control} END AS control_bucket"]
    columns += [
        f"CASE WHEN {reached[p.rule.id]} THEN {_bucket_or_not_hashed(rule_salt(p.rule.id), p.rule.holdout_share)}"
        f" END AS {rule_column('bucket', p.rule.id)}"
        for p in ctx.plan.rules
    ]
    ctx.advance("assign_holdouts", f"SELECT *, {', '.join(columns)} FROM {ctx.current}")
