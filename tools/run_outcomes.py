"""What the latest completed run decided for each rule, by outcome, and who it put in the global control group.

Read-only. The outcomes are the executor's (send, holdout, control, suppressed, stopped, capped, lost); the global
control group is every user decided `control` by any rule, counted once (each rule they qualified for wrote a row).
The shares are the run's own, from the plan it recorded, so an answer says what was configured beside what it did.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
from pydantic import BaseModel, Field

from orchestrator.executor.tables import table_exists

LATEST_SQL = (
    "SELECT run_id, as_of, plan_json FROM mcc.runs WHERE status = 'succeeded' AND plan_json IS NOT NULL "
    "AND ($as_of IS NULL OR as_of <= $as_of) ORDER BY as_of DESC, run_id DESC LIMIT 1"
)
RULES_SQL = (
    "SELECT rule_id, any_value(policy_id), outcome, count(*) FROM mcc.decisions WHERE run_id = $run "
    "GROUP BY rule_id, outcome ORDER BY rule_id, outcome"
)
CONTROL_SQL = "SELECT count(DISTINCT user_id) FROM mcc.decisions WHERE run_id = $run AND outcome = 'control'"
SAMPLE = 5  # users named per rule and outcome, for `mcc explain`
SAMPLES_SQL = (
    "SELECT rule_id, outcome, list(user_id ORDER BY user_id)[1:$n] FROM mcc.decisions WHERE run_id = $run GROUP BY ALL"
)
# the cap a `capped` decision names at the end of its reason ("capped: 3 messages in the last 7 days (global cap 3 per
# 7 days)"), as the executor writes it
CAPS_SQL = (
    "SELECT coalesce(nullif(regexp_extract(reason, '\\(([^()]*)\\)\\s*$', 1), ''), reason) AS cap, count(*) "
    "FROM mcc.decisions WHERE run_id = $run AND outcome = 'capped' GROUP BY 1 ORDER BY 2 DESC, 1"
)


class RuleOutcomes(BaseModel):
    """One rule's decisions in the run, by outcome."""

    rule_id: str
    policy_id: str | None = None
    holdout_share: float = Field(0.0, description="the share the rule holds out, as the run planned it")
    outcomes: dict[str, int] = Field(default_factory=dict, description="outcome -> decisions")
    samples: dict[str, list[str]] = Field(default_factory=dict, description="outcome -> a few of its users, by id")

    @property
    def decided(self) -> int:
        """Return every decision the run made for the rule."""
        return sum(self.outcomes.values())


class RunOutcomes(BaseModel):
    """The latest completed run's decisions per rule and its global control group."""

    run_id: str
    as_of: datetime
    control_share: float = Field(0.0, description="the global control group's share, as the run planned it")
    control_users: int = Field(0, description="distinct users decided control by any rule")
    rules: list[RuleOutcomes] = Field(default_factory=list)
    caps: dict[str, int] = Field(default_factory=dict, description="the cap a capped decision names -> decisions")


def run_outcomes(con: duckdb.DuckDBPyConnection, as_of: datetime | None) -> RunOutcomes | None:
    """Return the decisions of the latest completed run at or before `as_of` (None: any), else None (nothing ran)."""
    if not table_exists(con, "mcc", "runs") or not table_exists(con, "mcc", "decisions"):
        return None
    row = con.execute(LATEST_SQL, {"as_of": as_of}).fetchone()
    if row is None:
        return None
    run_id, run_as_of, plan_json = row
    plan = json.loads(plan_json)
    shares = {p["rule"]["id"]: float(p["rule"].get("holdout_share") or 0.0) for p in plan.get("rules", [])}
    rules: dict[str, RuleOutcomes] = {}
    for rule_id, policy_id, outcome, n in con.execute(RULES_SQL, {"run": run_id}).fetchall():
        rule = rules.setdefault(rule_id, RuleOutcomes(rule_id=rule_id, policy_id=policy_id,
                                                      holdout_share=shares.get(rule_id, 0.0)))
        rule.outcomes[str(outcome)] = int(n)
    for rule_id, outcome, users in con.execute(SAMPLES_SQL, {"run": run_id, "n": SAMPLE}).fetchall():
        rules[rule_id].samples[str(outcome)] = [str(u) for u in users]
    caps = {str(cap): int(n) for cap, n in con.execute(CAPS_SQL, {"run": run_id}).fetchall()}
    control_row = con.execute(CONTROL_SQL, {"run": run_id}).fetchone()
    return RunOutcomes(run_id=run_id, as_of=run_as_of, control_share=float(plan.get("control_share") or 0.0),
                       control_users=int(control_row[0]) if control_row else 0, rules=list(rules.values()), caps=caps)
