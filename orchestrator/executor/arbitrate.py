"""Step 4a: among the rules still open for a user, the highest priority wins; the others lose to it.

Held-out users left their rule in step 3, so they compete for the others: a rule's lift is measured
against what the rest of the policy would have done without it. Ties in priority go to the smaller rule id.
Per user in wide form, so the winner is a CASE over the rules in that order, with no aggregate or join.
"""

from __future__ import annotations

from orchestrator.executor.context import RunContext, literal, rule_column
from orchestrator.executor.plan import PlannedRule
from orchestrator.holdout import threshold


def control_threshold(ctx: RunContext) -> int:
    """Return the buckets of the global control group."""
    return threshold(ctx.plan.control_share)


def open_after_holdouts(ctx: RunContext, planned: PlannedRule) -> str:
    """Return SQL true when the rule reached the holdout step and neither control nor its holdout took it."""
    bucket = rule_column("bucket", planned.rule.id)
    return (
        f"{bucket} IS NOT NULL AND control_bucket >= {control_threshold(ctx)}"
        f" AND {bucket} >= {threshold(planned.rule.holdout_share)}"
    )


def lost_reason(winner: PlannedRule) -> str:
    """Return the reason of a decision that lost to `winner`."""
    return f"lost to rule {winner.rule.id} (priority {winner.rule.priority})"


def arbitrate(ctx: RunContext) -> None:
    """Add each user's `winner` among the rules still open and the `lost_reason` naming it (NULL when none)."""
    ordered = sorted(ctx.plan.rules, key=lambda p: (p.rule.priority, p.rule.id))
    winner = " ".join(f"WHEN {open_after_holdouts(ctx, p)} THEN {literal(p.rule.id)}" for p in ordered)
    reasons = " ".join(f"WHEN {literal(p.rule.id)} THEN {literal(lost_reason(p))}" for p in ordered)
    ctx.advance(
        "arbitrate",
        f"SELECT *, CASE winner {reasons} END AS lost_reason"
        f" FROM (SELECT *, CASE {winner} END AS winner FROM {ctx.current})",
    )
