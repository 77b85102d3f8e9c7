"""Step 5: one decision row per user and rule considered, and the first holdout assignment of each user."""

from __future__ import annotations

from orchestrator.executor.context import CANDIDATES, RunContext
from orchestrator.holdout import GLOBAL_CONTROL_SALT, RULE_SALT_PREFIX

CONTROL_RULE_ID = "__control__"


def write_decisions(ctx: RunContext) -> None:
    """Replace this run's decisions, ordered so equal runs write equal bytes; record new holdout users."""
    con = ctx.con
    con.execute("DELETE FROM mcc.decisions WHERE run_id = ?", [ctx.run_id])
    con.execute(
        f"""INSERT INTO mcc.decisions (run_id, user_id, rule_id, rule_version, policy_id, priority, outcome,
                                       reason, lost_to, as_of, bucket, control_bucket)
        SELECT $run_id, user_id, rule_id, rule_version, policy_id, priority, outcome, reason, lost_to, $as_of,
               bucket, control_bucket
        FROM {CANDIDATES}""",  # already sorted by `decide`; a table scan keeps that order
        {"run_id": ctx.run_id, "as_of": ctx.as_of},
    )
    # Buckets never change, so an assignment is written once, the first time a user is held out.
    con.execute(
        f"""INSERT INTO mcc.holdout_assignments (salt, user_id, rule_id, bucket, is_holdout, first_run_id)
        SELECT DISTINCT * FROM (
            SELECT CASE outcome WHEN 'control' THEN $control_salt ELSE $prefix || rule_id END AS salt, user_id,
                   CASE outcome WHEN 'control' THEN $control_rule ELSE rule_id END AS rule_id,
                   CASE outcome WHEN 'control' THEN control_bucket ELSE bucket END AS bucket, true, $run_id
            FROM {CANDIDATES} WHERE outcome IN ('control', 'holdout')) a
        WHERE NOT EXISTS (SELECT 1 FROM mcc.holdout_assignments h
                          WHERE h.salt = a.salt AND h.user_id = a.user_id AND h.rule_id = a.rule_id)
        ORDER BY salt, user_id""",
        {
            "run_id": ctx.run_id,
            "control_salt": GLOBAL_CONTROL_SALT,
            "prefix": RULE_SALT_PREFIX,
            "control_rule": CONTROL_RULE_ID,
        },
    )
