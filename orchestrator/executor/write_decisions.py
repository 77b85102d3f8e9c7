"""Step 5: one decision row per user and rule considered, and the first holdout assignment of each user.

The insert runs the whole decision chain (`CANDIDATES` is a view), so this step is where the run's work
happens; everything after it reads this run's rows back from `mcc.decisions` by `run_id`. Rows are written
in no particular order: readers order what they read.
"""

from __future__ import annotations

from orchestrator.executor.context import CANDIDATES, RunContext
from orchestrator.holdout import GLOBAL_CONTROL_SALT, RULE_SALT_PREFIX

CONTROL_RULE_ID = "__control__"


def write_decisions(ctx: RunContext) -> None:
    """Replace this run's decisions; record the users held out for the first time."""
    con = ctx.con
    con.execute("DELETE FROM mcc.decisions WHERE run_id = ?", [ctx.run_id])
    con.execute(
        f"""INSERT INTO mcc.decisions (run_id, user_id, rule_id, rule_version, policy_id, priority, outcome,
                                       reason, lost_to, as_of, bucket, control_bucket)
        SELECT $run_id, user_id, rule_id, rule_version, policy_id, priority, outcome, reason, lost_to, $as_of,
               bucket, control_bucket
        FROM {CANDIDATES}""",
        {"run_id": ctx.run_id, "as_of": ctx.as_of},
    )
    # Buckets never change, so an assignment is written once, the first time a user is held out.
    con.execute(
        """INSERT INTO mcc.holdout_assignments (salt, user_id, rule_id, bucket, is_holdout, first_run_id)
        SELECT DISTINCT * FROM (
            SELECT CASE outcome WHEN 'control' THEN $control_salt ELSE $prefix || rule_id END AS salt, user_id,
                   CASE outcome WHEN 'control' THEN $control_rule ELSE rule_id END AS rule_id,
                   CASE outcome WHEN 'control' THEN control_bucket ELSE bucket END AS bucket, true, $run_id
            FROM mcc.decisions WHERE run_id = $run_id AND outcome IN ('control', 'holdout')) a
        WHERE NOT EXISTS (SELECT 1 FROM mcc.holdout_assignments h
                          WHERE h.salt = a.salt AND h.user_id = a.user_id AND h.rule_id = a.rule_id)""",
        {
            "run_id": ctx.run_id,
            "control_salt": GLOBAL_CONTROL_SALT,
            "prefix": RULE_SALT_PREFIX,
            "control_rule": CONTROL_RULE_ID,
        },
    )
