"""Step 3: the global control group first, then each rule's holdout, by salted hash buckets.

Buckets are computed only for rules still open here (md5 is the run's most expensive expression): a user
gets `control_bucket` when some rule reaches this step, and `bucket:<rule>` for each rule that does; a
suppressed or stopped decision keeps NULL buckets, and `explain` recomputes them with `holdout.bucket`.
"""

from __future__ import annotations

from orchestrator.executor.apply_flags import still_open
from orchestrator.executor.context import RunContext, literal, rule_column
from orchestrator.holdout import GLOBAL_CONTROL_SALT, bucket_sql, rule_salt

CLOSED_BEFORE_HOLDOUTS = ["suppressed", "stopped"]


def assign_holdouts(ctx: RunContext) -> None:
    """Add the control bucket of users with an open rule and the rule bucket of each open rule."""
    reached = {p.rule.id: still_open(p.rule.id, CLOSED_BEFORE_HOLDOUTS) for p in ctx.plan.rules}
    any_reached = " OR ".join(f"({cond})" for cond in reached.values())
    columns = [f"CASE WHEN {any_reached} THEN {bucket_sql(literal(GLOBAL_CONTROL_SALT))} END AS control_bucket"]
    columns += [
        f"CASE WHEN {cond} THEN {bucket_sql(literal(rule_salt(rule_id)))} END AS {rule_column('bucket', rule_id)}"
        for rule_id, cond in reached.items()
    ]
    ctx.advance("assign_holdouts", f"SELECT *, {', '.join(columns)} FROM {ctx.current}")
