"""Step 5a: materialise the chain of passes once, in the order the decisions are written."""

from __future__ import annotations

from orchestrator.executor.context import CANDIDATES, RunContext

DECISION_COLUMNS = (
    "user_id, rule_id, rule_version, priority, policy_id, outcome, reason, lost_to, bucket, control_bucket"
)


def decide(ctx: RunContext) -> None:
    """Create the decided candidates, sorted so equal runs write equal bytes (scans keep insertion order)."""
    ctx.con.execute(
        f"CREATE OR REPLACE TEMP TABLE {CANDIDATES} AS SELECT {DECISION_COLUMNS} FROM {ctx.current}"
        " ORDER BY user_id, priority, rule_id"
    )
