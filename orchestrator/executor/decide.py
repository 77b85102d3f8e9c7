"""Step 5a: unpivot the wide chain into one row per user and rule considered, each with its outcome and reason.

A rule's state is one integer per user: the code of the flag that closed it (negative), else its holdout
bucket (0..9999, or NOT_HASHED when no share can hold the user out), and NULL outside its audience; so the
unpivot moves one column per rule and drops the users a rule does not consider on the way. The outcome is then one CASE per row, far cheaper than one CASE
per rule on every user, and reasons are literals prepared once (per flag, per winner, per rule): only the
few control and holdout rows format a string.

`CANDIDATES` is a view: `write_decisions` inserts it straight into `mcc.decisions`, so the whole run is one
query and one copy of its rows. It has no ORDER BY: the same inputs give the same set of rows, and every
reader of the decisions orders what it reads.
"""

from __future__ import annotations

from orchestrator.executor.arbitrate import control_threshold
from orchestrator.executor.assign_holdouts import NOT_HASHED
from orchestrator.executor.context import CANDIDATES, CLOSURES, RULES, RunContext, quoted, rule_column

PER_USER = ("user_id", "control_bucket", "winner", "lost_reason", "capped_why")


def rule_state(rule_id: str) -> str:
    """Return SQL for the rule's state: closing code, else bucket; NULL when the rule does not consider the user.

    Each of the three is NULL outside the audience, and inside it exactly one of them is set.
    """
    columns = ", ".join(rule_column(kind, rule_id) for kind in ("suppressed", "stopped", "bucket"))
    return f"coalesce({columns})"


def _unpivoted(ctx: RunContext) -> str:
    """Return SQL with one row per user and rule considered: the user's columns and the rule's `state`."""
    states = [f"{rule_state(p.rule.id)} AS {quoted(p.rule.id)}" for p in ctx.plan.rules]
    names = ", ".join(quoted(p.rule.id) for p in ctx.plan.rules)
    return (
        f"(SELECT {', '.join(PER_USER + tuple(states))} FROM {ctx.current})"
        f" UNPIVOT (state FOR rule_id IN ({names}))"
    )


def decide(ctx: RunContext) -> None:
    """Define the decided candidates: outcome, reason and buckets of every user and rule considered."""
    control = control_threshold(ctx)
    # The outcome follows the passes in order: the first that closed the rule names it.
    ctx.con.execute(
        f"""CREATE OR REPLACE TEMP VIEW {CANDIDATES} AS
        SELECT user_id, rule_id, rule_version, priority, policy_id, outcome,
               CASE outcome
                   WHEN 'control' THEN printf('global control group (bucket %d < %d)', control_bucket, {control})
                   WHEN 'holdout' THEN printf('rule holdout (bucket %d < %d)', bucket, holdout_threshold)
                   WHEN 'capped' THEN capped_why
                   WHEN 'send' THEN send_reason
                   WHEN 'lost' THEN lost_reason
                   ELSE closed_reason END AS reason,
               CASE WHEN outcome = 'lost' THEN winner END AS lost_to, bucket, control_bucket
        FROM (
            SELECT u.user_id, u.rule_id, r.rule_version, r.priority, r.policy_id, r.holdout_threshold,
                   r.send_reason, c.reason AS closed_reason, u.winner, u.lost_reason, u.capped_why,
                   CASE WHEN u.state >= 0 AND u.state < {NOT_HASHED} THEN u.state END AS bucket,
                   CASE WHEN u.state >= 0 AND u.control_bucket < {NOT_HASHED} THEN u.control_bucket END AS control_bucket,
                   CASE WHEN u.state < 0 THEN c.outcome
                        WHEN u.control_bucket < {control} THEN 'control'
                        WHEN u.state < r.holdout_threshold THEN 'holdout'
                        WHEN u.winner = u.rule_id AND u.capped_why IS NOT NULL THEN 'capped'
                        WHEN u.winner = u.rule_id THEN 'send'
                        ELSE 'lost' END AS outcome
            FROM {_unpivoted(ctx)} u
            JOIN {RULES} r USING (rule_id)
            LEFT JOIN {CLOSURES} c ON c.code = u.state)"""
    )
