"""Step 1d: unpivot the evaluation into candidates (one row per user and rule) and flag hits."""

from __future__ import annotations

from sqlglot import exp

from orchestrator.executor.context import CANDIDATES, EVAL, FLAG_DEFS, FLAG_HITS, RULES, RunContext
from orchestrator.executor.evaluate_conditions import AUDIENCE_PREFIX
from orchestrator.holdout import GLOBAL_CONTROL_SALT, RULE_SALT_PREFIX, bucket_sql


def _true_columns(ctx: RunContext, names: list[str], label: str) -> str:
    """Return SQL listing (user_id, <label>) for every true boolean column among `names`."""
    if not names:
        return f"SELECT NULL::VARCHAR AS user_id, NULL::VARCHAR AS {label} WHERE false"
    columns = ", ".join(exp.to_identifier(n, quoted=True).sql(dialect="duckdb") for n in names)
    return f"SELECT user_id, {label} FROM (UNPIVOT {EVAL} ON {columns} INTO NAME {label} VALUE hit) WHERE hit"


def evaluate_audiences(ctx: RunContext) -> None:
    """Create candidates with their holdout buckets (outcome still open) and the flag hits."""
    con = ctx.con
    audiences = [f"{AUDIENCE_PREFIX}{p.rule.id}" for p in ctx.plan.rules]
    rule_bucket = bucket_sql(f"'{RULE_SALT_PREFIX}' || r.rule_id", "a.user_id")
    control_bucket = bucket_sql(f"'{GLOBAL_CONTROL_SALT}'", "a.user_id")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {CANDIDATES} AS
        SELECT a.user_id, r.rule_id, r.rule_version, r.priority, r.policy_id,
               CAST(NULL AS VARCHAR) AS outcome, CAST(NULL AS VARCHAR) AS reason, CAST(NULL AS VARCHAR) AS lost_to,
               {rule_bucket} AS bucket, {control_bucket} AS control_bucket
        FROM ({_true_columns(ctx, audiences, "cond_key")}) a
        JOIN {RULES} r ON a.cond_key = '{AUDIENCE_PREFIX}' || r.rule_id"""
    )
    flag_keys = [
        row[0] for row in con.execute(f"SELECT DISTINCT cond_key FROM {FLAG_DEFS} ORDER BY 1").fetchall()
    ]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {FLAG_HITS} AS {_true_columns(ctx, flag_keys, 'cond_key')}")
