"""Step 4a: among the rules still open for a user, the highest priority wins; the others lose to it.

Held-out users left their rule in step 3, so they compete for the others: a rule's lift is measured
against what the rest of the policy would have done without it. Ties in priority go to the smaller rule id.
"""

from __future__ import annotations

from orchestrator.executor.context import RunContext
from orchestrator.executor.decide import DECISION_COLUMNS

OPEN_SO_FAR = "_mcc_before_arbitration"


def arbitrate(ctx: RunContext) -> None:
    """Mark the winner of each user's open rules `send` (caps may still change it) and the rest `lost`."""
    # Materialised once here because the winners (a hash aggregate) and the rows both read it.
    ctx.con.execute(
        f"CREATE OR REPLACE TEMP TABLE {OPEN_SO_FAR} AS SELECT {DECISION_COLUMNS} FROM {ctx.current}"
    )
    ctx.advance(
        "arbitrate",
        f"""WITH winners AS (
            SELECT user_id, arg_min(rule_id, (priority, rule_id)) AS winner, min(priority) AS winner_priority
            FROM {OPEN_SO_FAR} WHERE outcome IS NULL GROUP BY user_id)
        SELECT c.* REPLACE (
            CASE WHEN c.outcome IS NOT NULL THEN c.outcome
                 WHEN c.rule_id = w.winner THEN 'send' ELSE 'lost' END AS outcome,
            CASE WHEN c.outcome IS NOT NULL THEN c.reason
                 WHEN c.rule_id = w.winner THEN printf('won arbitration (priority %d)', c.priority)
                 ELSE printf('lost to rule %s (priority %d)', w.winner, w.winner_priority) END AS reason,
            CASE WHEN c.outcome IS NULL AND c.rule_id <> w.winner THEN w.winner END AS lost_to)
        FROM {OPEN_SO_FAR} c LEFT JOIN winners w USING (user_id)""",
    )
