"""Step 5a: unpivot the wide chain into one row per user and rule considered, materialised once, in order."""

from __future__ import annotations

from orchestrator.executor.arbitrate import control_threshold
from orchestrator.executor.context import CANDIDATES, RULES, RunContext, literal, quoted, rule_column
from orchestrator.executor.plan import PlannedRule
from orchestrator.holdout import threshold

DECISION_COLUMNS = (
    "user_id, rule_id, rule_version, priority, policy_id, outcome, reason, lost_to, bucket, control_bucket"
)
PER_RULE = ("outcome", "reason", "lost_to", "bucket", "control_bucket")


def _per_rule_columns(ctx: RunContext, planned: PlannedRule) -> list[str]:
    """Return the outcome, reason, lost_to, bucket and control bucket of one rule, for users in its audience."""
    rule_id = planned.rule.id
    audience, suppressed, stopped, bucket = (
        rule_column(kind, rule_id) for kind in ("audience", "suppressed", "stopped", "bucket")
    )
    control, held = control_threshold(ctx), threshold(planned.rule.holdout_share)
    me = literal(rule_id)
    # The branches in pass order: the first pass that closed the rule names the outcome and the reason.
    cases = [
        (f"{suppressed} IS NOT NULL", "'suppressed'", f"'suppressed by ' || {suppressed}"),
        (f"{stopped} IS NOT NULL", "'stopped'", f"'stopped by ' || {stopped}"),
        (
            f"control_bucket < {control}",
            "'control'",
            f"printf('global control group (bucket %d < %d)', control_bucket, {control})",
        ),
        (f"{bucket} < {held}", "'holdout'", f"printf('rule holdout (bucket %d < %d)', {bucket}, {held})"),
        (f"winner = {me} AND capped_why IS NOT NULL", "'capped'", "capped_why"),
        (f"winner = {me}", "'send'", f"printf('won arbitration (priority %d)', {planned.rule.priority})"),
    ]
    outcome = " ".join(f"WHEN {cond} THEN {value}" for cond, value, _ in cases)
    reason = " ".join(f"WHEN {cond} THEN {why}" for cond, _, why in cases)
    lost = "printf('lost to rule %s (priority %d)', winner, winner_priority)"
    names = [rule_column(f"d_{column}", rule_id) for column in PER_RULE]
    values = [
        f"CASE WHEN {audience} IS NOT TRUE THEN NULL {outcome} ELSE 'lost' END",
        f"CASE WHEN {audience} IS NOT TRUE THEN NULL {reason} ELSE {lost} END",
        f"CASE WHEN {bucket} IS NOT NULL AND control_bucket >= {control} AND {bucket} >= {held}"
        f" AND winner <> {me} THEN winner END",
        bucket,  # NULL unless the rule reached the holdout step
        f"CASE WHEN {bucket} IS NOT NULL THEN control_bucket END",
    ]
    return [f"{value} AS {name}" for value, name in zip(values, names, strict=True)]


def decide(ctx: RunContext) -> None:
    """Create the decided candidates, sorted so equal runs write equal bytes (scans keep insertion order)."""
    columns = [c for p in ctx.plan.rules for c in _per_rule_columns(ctx, p)]
    groups = ", ".join(
        "(" + ", ".join(rule_column(f"d_{c}", p.rule.id) for c in PER_RULE) + f") AS {quoted(p.rule.id)}"
        for p in ctx.plan.rules
    )
    ctx.con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {CANDIDATES} AS
        SELECT u.user_id, u.rule_id, r.rule_version, r.priority, r.policy_id, u.outcome, u.reason, u.lost_to,
               u.bucket, u.control_bucket
        FROM (SELECT user_id, {', '.join(columns)} FROM {ctx.current})
             UNPIVOT INCLUDE NULLS (({', '.join(PER_RULE)}) FOR rule_id IN ({groups})) u
        JOIN {RULES} r USING (rule_id)
        WHERE u.outcome IS NOT NULL
        ORDER BY u.user_id, r.priority, u.rule_id"""
    )
