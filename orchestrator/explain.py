"""Why a user got, or did not get, each rule in a run: the executor's steps replayed for one user."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from orchestrator.executor.plan import PlannedRule, RunPlan
from orchestrator.executor.tables import table_exists
from orchestrator.explain_facts import check_leaves, load_user_traits, messages_in_window
from orchestrator.explain_model import Explanation, RuleExplanation, StepCheck
from orchestrator.holdout import BUCKETS, GLOBAL_CONTROL_SALT, bucket, rule_salt, threshold
from orchestrator.spec import FrequencyCap
from orchestrator.suggest import did_you_mean
from warehouse.errors import InputError, RunError


def _run_row(con: duckdb.DuckDBPyConnection, run_id: str | None) -> tuple[str, datetime, RunPlan, str | None]:
    if not table_exists(con, "mcc", "runs"):
        raise RunError("no runs yet", where="mcc.runs", accepted="run `mcc run` first")
    sql = "SELECT run_id, as_of, plan_json, traits_source FROM mcc.runs WHERE status = 'succeeded'"
    row = (
        con.execute(sql + " AND run_id = ?", [run_id]).fetchone()
        if run_id
        else con.execute(sql + " ORDER BY as_of DESC, started_at DESC LIMIT 1").fetchone()
    )
    if row is None:
        known = [
            r[0]
            for r in con.execute(
                "SELECT run_id FROM mcc.runs WHERE status = 'succeeded' ORDER BY 1"
            ).fetchall()
        ]
        raise RunError(
            f"no completed run {run_id}" if run_id else "no completed run yet",
            where="mcc.runs",
            accepted=", ".join(known[-5:]) or "run `mcc run` first",
        )
    return str(row[0]), row[1], RunPlan.model_validate_json(row[2]), row[3]


def _decisions(con: duckdb.DuckDBPyConnection, run_id: str, user_id: str) -> dict[str, dict[str, Any]]:
    cursor = con.execute(
        "SELECT rule_id, outcome, reason, lost_to, bucket, control_bucket FROM mcc.decisions"
        " WHERE run_id = ? AND user_id = ?",
        [run_id, user_id],
    )
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _outbox(con: duckdb.DuckDBPyConnection, run_id: str, user_id: str, rule_id: str) -> list[dict[str, Any]]:
    cursor = con.execute(
        "SELECT o.idempotency_key, o.channel, o.step, o.send_after, o.only_if, d.status AS delivery_status,"
        " d.delivered_at, d.last_error AS delivery_note FROM mcc.outbox o LEFT JOIN mcc.deliveries d USING (idempotency_key)"
        " WHERE o.run_id = ? AND o.user_id = ? AND o.rule_id = ? ORDER BY o.step",
        [run_id, user_id, rule_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _flag_steps(
    con: duckdb.DuckDBPyConnection, plan: RunPlan, planned: PlannedRule, facts: dict[str, Any]
) -> list[StepCheck]:
    """Check each suppression that applies to the rule, then each of its stop conditions."""
    rule = planned.rule
    suppressions = [s for s in plan.suppressions if s.applies_to == "all" or rule.id in s.applies_to]
    steps = []
    for kind, verb, items in (
        ("suppression", "suppressed", suppressions + rule.suppressions),
        ("stop", "stopped", rule.stop_conditions),
    ):
        for item in items:
            hit, checks = check_leaves(con, item.condition, path=f"{kind}.{item.id}", **facts)
            detail = f"{verb} by {item.id}: {item.description}" if hit else f"not {verb} by {item.id}"
            steps.append(StepCheck(step=kind, passed=not hit, detail=detail, checks=checks))
    return steps


def _holdout_steps(
    plan: RunPlan, planned: PlannedRule, decision: dict[str, Any], user_id: str
) -> list[StepCheck]:
    """Compare the buckets with the shares; a decision closed before step 3 stored none, so recompute them."""
    control_cut, rule_cut = threshold(plan.control_share), threshold(planned.rule.holdout_share)
    control = decision["control_bucket"]
    control = bucket(GLOBAL_CONTROL_SALT, user_id) if control is None else control
    rule_bucket = decision["bucket"]
    rule_bucket = bucket(rule_salt(planned.rule.id), user_id) if rule_bucket is None else rule_bucket
    reached = decision["outcome"] not in ("suppressed", "stopped")
    return [
        StepCheck(
            step="control",
            passed=control >= control_cut if reached else None,
            # a bucket is the user's fixed draw from 0 to BUCKETS - 1: said with its range and cut, in words
            detail=f"global control group ({plan.control_share:.0%} of users): this user is in bucket {control} "
            f"of 0-{BUCKETS - 1}; buckets under {control_cut} are in the group",
        ),
        StepCheck(
            step="holdout",
            passed=rule_bucket >= rule_cut if reached and decision["outcome"] != "control" else None,
            detail=f"rule holdout ({planned.rule.holdout_share:.0%} of its audience): this user is in bucket "
            f"{rule_bucket} of 0-{BUCKETS - 1} for the rule; buckets under {rule_cut} are held out",
        ),
    ]


def _cap_steps(
    con: duckdb.DuckDBPyConnection,
    plan: RunPlan,
    planned: PlannedRule,
    user_id: str,
    run_id: str,
    as_of: datetime,
) -> list[StepCheck]:
    # (cap, rule counted, channel counted, scope): the executor's order, global, channel, rule
    caps: list[tuple[FrequencyCap, str | None, str | None, str]] = [(c, None, None, "global") for c in plan.global_caps]
    first_channel = planned.rule.channels[0].channel  # a channel cap checks the send the run queues now
    caps += [(c, None, channel, channel) for channel, c in plan.channel_caps if channel == first_channel]
    caps += [(planned.rule.frequency_cap, planned.rule.id, None, "rule")] if planned.rule.frequency_cap else []
    steps = []
    for cap, rule_id, channel, scope in caps:
        n = messages_in_window(con, user_id, run_id, as_of, cap.per_days, rule_id, channel)
        counted = f"{channel} message" if channel else "message"
        counted += "" if n == 1 else "s"
        steps.append(
            StepCheck(
                step="cap",
                passed=n < cap.max_sends,
                detail=f"{n} {counted} in the last {_days(cap.per_days)} ({scope} cap {cap.max_sends})",
            )
        )
    return steps


def explain_rule(
    con: duckdb.DuckDBPyConnection,
    plan: RunPlan,
    planned: PlannedRule,
    decision: dict[str, Any] | None,
    run_id: str,
    facts: dict[str, Any],
) -> RuleExplanation:
    """Replay the executor's steps for one user and rule, with the facts behind each."""
    rule = planned.rule
    in_audience, checks = check_leaves(con, rule.audience, path="audience", **facts)
    steps = [
        StepCheck(
            step="audience",
            passed=in_audience,
            checks=checks,
            detail="in the audience" if in_audience else "not in the audience",
        )
    ]
    if decision is None:
        return RuleExplanation(
            rule_id=rule.id,
            rule_version=planned.version,
            priority=rule.priority,
            outcome="not in audience",
            reason="the audience condition is false",
            steps=steps,
        )
    steps += _flag_steps(con, plan, planned, facts) + _holdout_steps(
        plan, planned, decision, facts["user_id"]
    )
    reached = decision["outcome"] in ("send", "lost", "capped")  # the others were decided before arbitration
    steps.append(
        StepCheck(
            step="arbitration",
            passed=decision["lost_to"] is None if reached else None,
            detail=decision["reason"] if reached else "not reached: decided at an earlier step",
        )
    )
    steps += _cap_steps(con, plan, planned, facts["user_id"], run_id, facts["as_of"])
    outbox = _outbox(con, run_id, facts["user_id"], rule.id)
    steps.append(StepCheck(step="outbox", passed=bool(outbox), detail=f"{len(outbox)} message(s) queued"))
    return RuleExplanation(
        rule_id=rule.id,
        rule_version=planned.version,
        priority=rule.priority,
        outcome=decision["outcome"],
        reason=decision["reason"],
        steps=steps,
        outbox=outbox,
    )


def _named(plan: RunPlan, wanted: str) -> list[PlannedRule]:
    return [p for p in plan.rules if wanted in (p.rule.id, p.policy_id)]


def _rules_named(con: duckdb.DuckDBPyConnection, plan: RunPlan, wanted: str | None, run_id: str) -> list[PlannedRule]:
    """Return the run's rules `wanted` names (a rule id, or a policy id for its rules), or all when None."""
    if wanted is None:
        return plan.rules
    named = _named(plan, wanted)
    if not named:
        known = sorted({p.rule.id for p in plan.rules} | {p.policy_id for p in plan.rules if p.policy_id})
        last = _last_run_of(con, wanted)
        # a rule retired (or not yet approved) since: name the run that did run it, not a look-alike id
        hint = (f"; it last ran in {last[0]} (as of {last[1]:%Y-%m-%d %H:%M})" if last
                else did_you_mean(wanted, known))
        raise InputError(f"{run_id} ran no rule or policy {wanted!r}{hint}", where="--rule",
                         accepted=f"--run {last[0]}" if last else ", ".join(known))
    return named


def _last_run_of(con: duckdb.DuckDBPyConnection, wanted: str) -> tuple[str, datetime] | None:
    """Return the id and time of the latest completed run that ran the rule or policy `wanted`, if any did."""
    rows = con.execute(
        "SELECT run_id, as_of, plan_json FROM mcc.runs WHERE status = 'succeeded' AND plan_json IS NOT NULL"
        " ORDER BY as_of DESC"
    ).fetchall()
    for run_id, as_of, plan_json in rows:
        if _named(RunPlan.model_validate_json(plan_json), wanted):
            return str(run_id), as_of
    return None


def _known_now(con: duckdb.DuckDBPyConnection, user_id: str) -> bool:
    """Return whether the user has traits at the end of the data (so they joined after an earlier run)."""
    return table_exists(con, "main", "user_traits") and con.execute(
        "SELECT 1 FROM user_traits WHERE user_id = ? LIMIT 1", [user_id]
    ).fetchone() is not None


def explain(
    con: duckdb.DuckDBPyConnection, user_id: str, rule_id: str | None = None, run_id: str | None = None
) -> Explanation:
    """Explain, step by step, each rule's decision for a user in a run (the latest by default)."""
    found_run, as_of, plan, traits_source = _run_row(con, run_id)
    rules = _rules_named(con, plan, rule_id, found_run)
    traits = load_user_traits(con, user_id, as_of, traits_source)
    decisions = _decisions(con, found_run, user_id)
    if traits is None and not decisions:
        if _known_now(con, user_id):
            raise InputError(
                f"{user_id} has no traits as of {as_of:%Y-%m-%d %H:%M}, when {found_run} ran: they appear later",
                where="USER_ID",
                accepted="a later run (--run RUN_ID), or a user who was in the warehouse then",
            )
        raise InputError(
            f"unknown user {user_id!r}",
            where=f"traits as of {as_of}",
            accepted="a stitched user id from dim_users or user_traits",
        )
    facts = {"user_id": user_id, "as_of": as_of, "traits": traits or {}}
    explained = [explain_rule(con, plan, p, decisions.get(p.rule.id), found_run, facts) for p in rules]
    return Explanation(user_id=user_id, run_id=found_run, as_of=as_of, rules=explained)


def _days(n: int) -> str:
    """Say a window of days as the executor's reasons do: day, 7 days."""
    return "day" if n == 1 else f"{n} days"
