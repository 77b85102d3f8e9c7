"""`measure`: treatment versus holdout per rule, and the global control group against everyone else.

Each user counts once per comparison, at their first decision (a bucket never changes, so their arm does
not either). A user converts when the rule's conversion event happens after that decision's run time and
within the rule's window (and not after `as_of`). Contamination counts held-out users with a message of
that rule after their decision, and control users with any message after theirs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from orchestrator.executor.plan import PlannedRule, RunPlan
from orchestrator.executor.tables import table_exists
from orchestrator.measure.models import Comparison, MeasureReport, RuleMeasure
from orchestrator.measure.stats import Arm, relative_lift
from orchestrator.spec import Rule
from orchestrator.suggest import did_you_mean
from warehouse.errors import RunError

NO_MESSAGES = (
    "SELECT NULL::VARCHAR AS user_id, NULL::VARCHAR AS rule_id, NULL::TIMESTAMP AS sent_at WHERE false"
)

# Per user: the arm, when it was decided, and which conversion event and window apply.
ARM_COUNTS = """
SELECT arm, count(*) AS n,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM fct_events e WHERE e.user_id = u.user_id AND e.event_name = u.metric
             AND e.event_time > u.decided_at AND e.event_time <= least(u.decided_at + to_days(u.window_days), $as_of)
       )) AS conversions,
       count(*) FILTER (WHERE arm = 'control' AND EXISTS (
           SELECT 1 FROM ({messages}) m WHERE m.user_id = u.user_id AND (u.rule_id IS NULL OR m.rule_id = u.rule_id)
             AND m.sent_at > u.decided_at AND m.sent_at <= $as_of
       )) AS contaminated
FROM ({units}) u GROUP BY arm
"""

RULE_UNITS = """
SELECT user_id, CASE outcome WHEN 'send' THEN 'treatment' ELSE 'control' END AS arm, as_of AS decided_at,
       $rule AS rule_id, $metric AS metric, $window AS window_days
FROM mcc.decisions WHERE rule_id = $rule AND outcome IN ('send', 'holdout') AND as_of <= $as_of{restrict}
QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY as_of, run_id) = 1
"""

# The global comparison reads each user's first run past suppressions and stops; the metric is that of
# the highest-priority rule they qualified for in it, so both arms are measured on the same programs.
GLOBAL_UNITS = """
SELECT d.user_id, CASE WHEN d.outcome = 'control' THEN 'control' ELSE 'treatment' END AS arm,
       d.as_of AS decided_at, CAST(NULL AS VARCHAR) AS rule_id, m.metric, m.window_days
FROM mcc.decisions d JOIN _mcc_metrics m USING (rule_id)
WHERE d.outcome IN ('send', 'holdout', 'lost', 'capped', 'control') AND d.as_of <= $as_of{restrict}
QUALIFY row_number() OVER (PARTITION BY d.user_id ORDER BY d.as_of, d.run_id, d.priority, d.rule_id) = 1
"""


def planned_rules(con: duckdb.DuckDBPyConnection) -> dict[str, PlannedRule]:
    """Return every rule the completed runs executed, at its latest version, by id; refuse when none ran."""
    planned: dict[str, PlannedRule] = {}
    if table_exists(con, "mcc", "runs"):
        for (plan_json,) in con.execute(
            "SELECT plan_json FROM mcc.runs WHERE status = 'succeeded' AND plan_json IS NOT NULL ORDER BY as_of"
        ).fetchall():
            planned |= {p.rule.id: p for p in RunPlan.model_validate_json(plan_json).rules}
    if not planned:
        raise RunError("no completed run to measure", where="mcc.runs",
                       accepted="approve a rule and `mcc run` first; conversions count from each user's decision")
    return planned


def _chosen(planned: dict[str, PlannedRule], wanted: str | None) -> list[Rule]:
    """Return the rules `wanted` names (a rule id, or a policy id for its rules), or all when None."""
    if wanted is None:
        return [p.rule for p in planned.values()]
    chosen = [p.rule for p in planned.values() if wanted in (p.rule.id, p.policy_id)]
    if not chosen:
        known = sorted(set(planned) | {p.policy_id for p in planned.values() if p.policy_id})
        raise RunError(f"no run executed a rule or policy {wanted!r}{did_you_mean(wanted, known)}",
                       where="--rule", accepted=", ".join(known))
    return chosen


def _compare(
    con: duckdb.DuckDBPyConnection, units: str, params: dict[str, Any], metric: str, window: int | None
) -> Comparison:
    messages = (
        "SELECT user_id, rule_id, sent_at FROM fct_messages"
        if table_exists(con, "main", "fct_messages")
        else NO_MESSAGES
    )
    rows = con.execute(ARM_COUNTS.format(units=units, messages=messages), params).fetchall()
    arms = {arm: (int(n), int(conv), int(cont)) for arm, n, conv, cont in rows}
    treatment = Arm(n=arms.get("treatment", (0, 0, 0))[0], conversions=arms.get("treatment", (0, 0, 0))[1])
    control = Arm(n=arms.get("control", (0, 0, 0))[0], conversions=arms.get("control", (0, 0, 0))[1])
    return Comparison(
        metric=metric,
        window_days=window,
        treatment=treatment,
        control=control,
        treatment_rate=treatment.rate,
        control_rate=control.rate,
        lift=relative_lift(control, treatment),
        contamination=arms.get("control", (0, 0, 0))[2],
    )


def restricted(units: str, users: str | None, column: str = "user_id") -> str:
    """Return a units query kept to the people `users` (a SELECT of user_id) selects, or as it is."""
    return units.format(restrict=f" AND {column} IN ({users})" if users else "")


def classed_at_decision(units: str, decisions: str | None) -> str:
    """Return the units whose first decision `decisions` (a SELECT of user_id, as_of) keeps, or as they are.

    Kept after the first decision is chosen: a person in a segment only at a later run is not measured
    from that later run."""
    if decisions is None:
        return units
    return (f"SELECT u.* FROM ({units}) u SEMI JOIN ({decisions}) k "
            "ON k.user_id = u.user_id AND k.as_of = u.decided_at")


def cohort(units: str, decided: tuple[datetime, datetime] | None) -> tuple[str, dict[str, Any]]:
    """Return the units whose first decision falls in `decided` ([start, end)), and the parameters that adds.

    The first decision is chosen over every run first, so a user decided before the period is not counted as
    new to it."""
    if decided is None:
        return units, {}
    return (f"SELECT * FROM ({units}) WHERE decided_at >= $decided_from AND decided_at < $decided_until",
            {"decided_from": decided[0], "decided_until": decided[1]})


def measure(
    con: duckdb.DuckDBPyConnection, rule_id: str | None = None, as_of: datetime | None = None,
    users: str | None = None, decided: tuple[datetime, datetime] | None = None, at_decision: str | None = None,
) -> MeasureReport:
    """Measure each rule's lift over its holdout and the global control group's against everyone else.

    `users`: a SELECT of the user ids to measure (a segment, built by the caller from catalog names with
    sqlglot); None measures everyone the rules decided for. `decided`: only the users whose first decision
    fell in [start, end) (a period's cohort); their conversions still count up to `as_of`. `at_decision`: a
    SELECT of (user_id, as_of), the decisions to keep, by the person's state when decided (a trait segment).
    """
    planned = planned_rules(con)
    rules = {p.rule.id: p.rule for p in planned.values()}
    chosen = _chosen(planned, rule_id)
    if as_of is None:
        from warehouse.meta import data_end

        as_of = data_end(con)
    measured = [r for r in chosen if r.conversion]
    report: list[RuleMeasure] = []
    for rule in sorted(measured, key=lambda r: (r.priority, r.id)):
        assert rule.conversion is not None
        units, extra = cohort(classed_at_decision(restricted(RULE_UNITS, users), at_decision), decided)
        params = {
            "rule": rule.id,
            "metric": rule.conversion.event,
            "window": rule.conversion.window_days,
            "as_of": as_of,
            **extra,
        }
        comparison = _compare(con, units, params, rule.conversion.event, rule.conversion.window_days)
        report.append(RuleMeasure(rule_id=rule.id, **comparison.model_dump()))
    return MeasureReport(
        as_of=as_of, rules=report,
        global_control=None if rule_id else _global(con, rules, as_of, users, decided, at_decision),
        unmeasured=sorted(r.id for r in chosen if not r.conversion),
    )


def _global(
    con: duckdb.DuckDBPyConnection, rules: dict[str, Rule], as_of: datetime, users: str | None = None,
    decided: tuple[datetime, datetime] | None = None, at_decision: str | None = None,
) -> Comparison | None:
    metrics = [(r.id, r.conversion.event, r.conversion.window_days) for r in rules.values() if r.conversion]
    if not metrics:
        return None
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _mcc_metrics (rule_id VARCHAR, metric VARCHAR, window_days INTEGER)"
    )
    con.executemany("INSERT INTO _mcc_metrics VALUES (?, ?, ?)", metrics)
    units, extra = cohort(classed_at_decision(restricted(GLOBAL_UNITS, users, "d.user_id"), at_decision), decided)
    comparison = _compare(con, units, {"as_of": as_of, **extra}, "conversion of the first qualifying rule", None)
    return comparison if comparison.control.n else None
