"""Who the latest completed run kept out: each rule's holdout and the global control group, read from its decisions.

Read-only. A rule's holdout is its users decided `holdout`; the global control group is every user decided
`control` by any rule (counted once, though each rule they qualified for wrote a row). The shares are the run's
own, from the plan it recorded, so the answer says what was configured beside what it kept out.
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
    "SELECT rule_id, any_value(policy_id), count(*) FILTER (outcome = 'holdout'), count(*) FILTER (outcome = 'control'), "
    "count(*) FROM mcc.decisions WHERE run_id = $run GROUP BY rule_id ORDER BY rule_id"
)
CONTROL_SQL = "SELECT count(DISTINCT user_id) FROM mcc.decisions WHERE run_id = $run AND outcome = 'control'"


class RuleHeldOut(BaseModel):
    """One rule's decisions in the run: how many it held out and how many the control group took."""

    rule_id: str
    policy_id: str | None = None
    holdout_share: float = Field(0.0, description="the share the rule holds out, as the run planned it")
    holdout: int = Field(0, description="users decided holdout")
    control: int = Field(0, description="users decided control (the global control group) among its audience")
    decided: int = Field(0, description="every decision the run made for the rule")


class HeldOut(BaseModel):
    """The latest completed run's holdouts and control group."""

    run_id: str
    as_of: datetime
    control_share: float = Field(0.0, description="the global control group's share, as the run planned it")
    control_users: int = Field(0, description="distinct users decided control by any rule")
    rules: list[RuleHeldOut] = Field(default_factory=list)


def held_out(con: duckdb.DuckDBPyConnection, as_of: datetime | None) -> HeldOut | None:
    """Return the holdouts and control group of the latest completed run at or before `as_of` (None: any), else None."""
    if not table_exists(con, "mcc", "runs") or not table_exists(con, "mcc", "decisions"):
        return None
    row = con.execute(LATEST_SQL, {"as_of": as_of}).fetchone()
    if row is None:
        return None
    run_id, run_as_of, plan_json = row
    plan = json.loads(plan_json)
    shares = {p["rule"]["id"]: float(p["rule"].get("holdout_share") or 0.0) for p in plan.get("rules", [])}
    rules = [RuleHeldOut(rule_id=rule_id, policy_id=policy_id, holdout_share=shares.get(rule_id, 0.0), holdout=held,
                         control=control, decided=decided)
             for rule_id, policy_id, held, control, decided in con.execute(RULES_SQL, {"run": run_id}).fetchall()]
    control_row = con.execute(CONTROL_SQL, {"run": run_id}).fetchone()
    return HeldOut(run_id=run_id, as_of=run_as_of, control_share=float(plan.get("control_share") or 0.0),
                   control_users=int(control_row[0]) if control_row else 0, rules=rules)

