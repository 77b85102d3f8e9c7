"""Step 1d: unpivot the evaluation into candidates, one row per user and rule whose audience holds."""

from __future__ import annotations

from sqlglot import exp

from orchestrator.executor.context import EVAL, RULES, RunContext
from orchestrator.executor.evaluate_conditions import AUDIENCE_PREFIX
from orchestrator.holdout import GLOBAL_CONTROL_SALT, RULE_SALT_PREFIX, bucket_sql


def evaluate_audiences(ctx: RunContext) -> None:
    """Start the candidates (outcome still open) with both holdout buckets; flag columns ride along."""
    columns = ", ".join(
        exp.to_identifier(f"{AUDIENCE_PREFIX}{p.rule.id}", quoted=True).sql(dialect="duckdb")
        for p in ctx.plan.rules
    )
    rule_bucket = bucket_sql(f"'{RULE_SALT_PREFIX}' || r.rule_id", "a.user_id")
    control_bucket = bucket_sql(f"'{GLOBAL_CONTROL_SALT}'", "a.user_id")
    ctx.advance(
        "evaluate_audiences",
        f"""SELECT a.* EXCLUDE (cond_key, hit), r.rule_id, r.rule_version, r.priority, r.policy_id,
               CAST(NULL AS VARCHAR) AS outcome, CAST(NULL AS VARCHAR) AS reason, CAST(NULL AS VARCHAR) AS lost_to,
               {rule_bucket} AS bucket, {control_bucket} AS control_bucket
        FROM (UNPIVOT {EVAL} ON {columns} INTO NAME cond_key VALUE hit) a
        JOIN {RULES} r ON a.cond_key = '{AUDIENCE_PREFIX}' || r.rule_id
        WHERE a.hit""",
    )
