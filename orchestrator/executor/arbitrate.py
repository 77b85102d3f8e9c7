"""Step 4a: among the rules still open for a user, the highest priority wins; the others lose to it.

Held-out users left their rule in step 3, so they compete for the others: a rule's lift is measured
against what the rest of the policy would have done without it. Ties in priority go to the smaller rule id.
"""

from __future__ import annotations

from orchestrator.executor.context import RunContext


def arbitrate(ctx: RunContext) -> None:
    """Mark the winner of each user's open rules `send` (caps may still change it) and the rest `lost`."""
    # A window over (user, still open) ranks the open rules among themselves in one pass.
    ctx.advance(
        "arbitrate",
        f"""SELECT c.* EXCLUDE (winner, winner_priority) REPLACE (
            CASE WHEN c.outcome IS NOT NULL THEN c.outcome
                 WHEN c.rule_id = c.winner THEN 'send' ELSE 'lost' END AS outcome,
            CASE WHEN c.outcome IS NOT NULL THEN c.reason
                 WHEN c.rule_id = c.winner THEN printf('won arbitration (priority %d)', c.priority)
                 ELSE printf('lost to rule %s (priority %d)', c.winner, c.winner_priority) END AS reason,
            CASE WHEN c.outcome IS NULL AND c.rule_id <> c.winner THEN c.winner END AS lost_to)
        FROM (
            SELECT *, first_value(rule_id) OVER w AS winner, first_value(priority) OVER w AS winner_priority
            FROM {ctx.current}
            WINDOW w AS (PARTITION BY user_id, outcome IS NULL ORDER BY priority, rule_id)
        ) c""",
    )
