"""The baseline the executor is measured against: decide user by user in Python.

It applies the same policy the same way (audiences, suppressions, stops, control, holdouts, priority,
caps), so its decisions also cross-check the set-based executor on the sample.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import duckdb

from orchestrator.executor.plan import RunPlan
from orchestrator.holdout import GLOBAL_CONTROL_SALT, bucket, is_held_out, rule_salt
from orchestrator.spec import AllOf, AnyOf, EventCondition, Not, PropertyFilter, TraitCondition

Events = list[tuple[datetime, str, dict[str, Any]]]


def _compare(actual: Any, op: str, value: Any) -> bool:
    if op == "is_null":
        return actual is None
    if op == "not_null":
        return actual is not None
    if actual is None:
        return False
    if op in ("in", "not_in"):
        return (actual in value) == (op == "in")
    if op == "between":
        return bool(value[0] <= actual <= value[1])
    return {
        "eq": actual == value,
        "ne": actual != value,
        "gt": actual > value,
        "gte": actual >= value,
        "lt": actual < value,
        "lte": actual <= value,
    }[op]


def _property(flt: PropertyFilter, props: dict[str, Any]) -> bool:
    raw = props.get(flt.property)
    value = flt.value
    if raw is not None and isinstance(value, bool):
        raw = str(raw).lower() == "true"
    elif raw is not None and isinstance(value, int | float):
        raw = float(raw)
    elif raw is not None:
        raw = str(raw)
    return _compare(raw, flt.op, value)


def holds(cond: Any, traits: dict[str, Any], events: Events, as_of: datetime) -> bool:
    """Evaluate a condition tree for one user."""
    if isinstance(cond, TraitCondition):
        return _compare(traits.get(cond.trait), cond.op, cond.value)
    if isinstance(cond, EventCondition):
        start = as_of - timedelta(days=cond.within_days) if cond.within_days else None
        n = sum(
            1
            for at, name, props in events
            if name == cond.event
            and at <= as_of
            and (start is None or at > start)
            and all(_property(f, props) for f in cond.where)
        )
        return _compare(n, cond.op, cond.count)
    if isinstance(cond, AllOf):
        return all(holds(c, traits, events, as_of) for c in cond.conditions)
    if isinstance(cond, AnyOf):
        return any(holds(c, traits, events, as_of) for c in cond.conditions)
    if isinstance(cond, Not):
        return not holds(cond.condition, traits, events, as_of)
    raise TypeError(cond)


def decide_user(
    plan: RunPlan, traits: dict[str, Any], events: Events, sent: list[tuple[datetime, str, str]], as_of: datetime
) -> dict[str, str]:
    """Return {rule_id: outcome} for one user."""
    user_id = str(traits["user_id"])
    outcomes: dict[str, str] = {}
    open_rules = []
    for planned in plan.rules:
        rule = planned.rule
        if not holds(rule.audience, traits, events, as_of):
            continue
        sups = [
            s for s in plan.suppressions if s.applies_to == "all" or rule.id in s.applies_to
        ] + rule.suppressions
        if any(holds(s.condition, traits, events, as_of) for s in sups):
            outcomes[rule.id] = "suppressed"
        elif any(holds(s.condition, traits, events, as_of) for s in rule.stop_conditions):
            outcomes[rule.id] = "stopped"
        elif is_held_out(bucket(GLOBAL_CONTROL_SALT, user_id), plan.control_share):
            outcomes[rule.id] = "control"
        elif is_held_out(bucket(rule_salt(rule.id), user_id), rule.holdout_share):
            outcomes[rule.id] = "holdout"
        else:
            open_rules.append(planned)
    if open_rules:
        winner = min(open_rules, key=lambda p: (p.rule.priority, p.rule.id)).rule
        for planned in open_rules:
            outcomes[planned.rule.id] = "lost"

        def count(days: int, rule_id: str | None, channel: str | None = None) -> int:
            return sum(
                1 for at, r, ch in sent
                if as_of - timedelta(days=days) < at <= as_of and rule_id in (None, r) and channel in (None, ch)
            )

        first = winner.channels[0].channel
        capped = any(count(c.per_days, None) >= c.max_sends for c in plan.global_caps) or any(
            count(c.per_days, None, ch) >= c.max_sends for ch, c in plan.channel_caps if ch == first
        ) or bool(
            winner.frequency_cap
            and count(winner.frequency_cap.per_days, winner.id) >= winner.frequency_cap.max_sends
        )
        outcomes[winner.id] = "capped" if capped else "send"
    return outcomes


def naive_run(
    con: duckdb.DuckDBPyConnection,
    plan: RunPlan,
    user_ids: list[str],
    as_of: datetime,
    traits_table: str = "user_traits",
) -> dict[str, dict[str, str]]:
    """Load the sample's traits, events and messages, then decide user by user in Python."""
    con.execute("CREATE OR REPLACE TEMP TABLE _naive_sample (user_id VARCHAR)")
    con.executemany("INSERT INTO _naive_sample VALUES (?)", [(u,) for u in user_ids])
    cursor = con.execute(f"SELECT * FROM {traits_table} WHERE user_id IN (SELECT user_id FROM _naive_sample)")
    names = [d[0] for d in cursor.description]
    traits = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    events: dict[str, Events] = {}
    for user_id, at, name, props in con.execute(
        "SELECT user_id, event_time, event_name, properties FROM fct_events"
        " WHERE event_time <= ? AND user_id IN (SELECT user_id FROM _naive_sample)",
        [as_of],
    ).fetchall():
        events.setdefault(user_id, []).append((at, name, json.loads(props) if props else {}))
    sent: dict[str, list[tuple[datetime, str, str]]] = {}
    for user_id, at, rule_id, channel in con.execute(
        "SELECT user_id, sent_at, rule_id, channel FROM fct_messages"
        " WHERE sent_at <= ? AND user_id IN (SELECT user_id FROM _naive_sample)",
        [as_of],
    ).fetchall():
        sent.setdefault(user_id, []).append((at, rule_id, channel))
    return {
        u: decide_user(plan, traits.get(u, {"user_id": u}), events.get(u, []), sent.get(u, []), as_of)
        for u in user_ids
    }
