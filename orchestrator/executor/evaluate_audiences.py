"""Step 1d: unpivot the evaluation into candidates, one row per user and rule whose audience holds."""

from __future__ import annotations

from sqlglot import exp

from orchestrator.executor.context import EVAL, RULES, RunContext
from orchestrator.executor.evaluate_conditions import AUDIENCE_PREFIX


def evaluate_audiences(ctx: RunContext) -> None:
    """Start the candidates (outcome and buckets still open); the flag columns ride along."""
    columns = ", ".join(
        exp.to_identifier(f"{AUDIENCE_PREFIX}{p.rule.id}", quoted=True).sql(dialect="duckdb")
        for p in ctx.plan.rules
    )
    ctx.advance(
        "evaluate_audiences",
        f"""SELECT a.* EXCLUDE (cond_key, hit), r.rule_id, r.rule_version, r.priority, r.policy_id,
               CAST(NULL AS VARCHAR) AS outcome, CAST(NULL AS VARCHAR) AS reason, CAST(NULL AS VARCHAR) AS lost_to,
               CAST(NULL AS INTEGER) AS bucket, CAST(NULL AS INTEGER) AS control_bucket
        FROM (UNPIVOT {EVAL} ON {columns} INTO NAME cond_key VALUE hit) a
        JOIN {RULES} r ON a.cond_key = '{AUDIENCE_PREFIX}' || r.rule_id
        WHERE a.hit""",
    )
