"""Count users who enter and leave an audience between two versions, in one scan."""

from __future__ import annotations

import duckdb
from sqlglot import exp

from orchestrator.compile import audiences_query
from orchestrator.compile.aggregates import count_if
from orchestrator.compile.as_of import AsOf
from orchestrator.registry.records import AudienceDelta
from orchestrator.spec import AllOf, AnyOf, Condition, Not, Policy, Rule


def rule_audiences(spec: Rule | Policy) -> dict[str, Condition]:
    """Return the audience of each rule in a spec, by rule id."""
    rules = spec.rules if isinstance(spec, Policy) else [spec]
    return {rule.id: rule.audience for rule in rules}


def rule_reach(spec: Rule | Policy) -> dict[str, Condition]:
    """Return, by rule id, who each rule can reach: its audience less everyone a suppression that covers it
    (its own, or its policy's for all or for it) or one of its stop conditions holds back."""
    rules = spec.rules if isinstance(spec, Policy) else [spec]
    shared = spec.suppressions if isinstance(spec, Policy) else []
    reach: dict[str, Condition] = {}
    for rule in rules:
        covering = [s for s in shared if s.applies_to == "all" or rule.id in s.applies_to] + list(rule.suppressions)
        held = [g.condition for g in covering] + [stop.condition for stop in rule.stop_conditions]
        reach[rule.id] = AllOf(conditions=[rule.audience, Not(condition=AnyOf(conditions=held))]) if held else rule.audience
    return reach


def audience_delta(
    con: duckdb.DuckDBPyConnection, old: Condition | None, new: Condition | None, as_of: AsOf
) -> AudienceDelta:
    """Return the sizes of both audiences and how many users were added and removed (None: a rule that is not
    in that version, whose audience is nobody)."""
    named = {name: cond for name, cond in (("before", old), ("after", new)) if cond is not None}
    was_in = exp.column("before") if old is not None else exp.false()
    now_in = exp.column("after") if new is not None else exp.false()
    counts = exp.select(
        count_if(was_in, "users_before"),
        count_if(now_in, "users_after"),
        count_if(exp.and_(now_in, exp.Not(this=was_in)), "added"),
        count_if(exp.and_(was_in, exp.Not(this=now_in)), "removed"),
    ).from_(audiences_query(named, as_of).subquery("a"))
    row = con.execute(counts.sql("duckdb")).fetchone()
    values = [int(v or 0) for v in row] if row else [0, 0, 0, 0]
    return AudienceDelta(
        as_of=None if as_of is None else str(as_of),
        users_before=values[0], users_after=values[1], added=values[2], removed=values[3],
    )


def spec_audience_deltas(
    con: duckdb.DuckDBPyConnection, old: Rule | Policy, new: Rule | Policy, as_of: AsOf, *, reach: bool = False
) -> dict[str, AudienceDelta]:
    """Return the audience delta of every rule whose audience changed, a rule added to or dropped from a policy
    included (from or to nobody); with `reach`, the delta of who each rule can reach (audience less suppressions
    and stops) where that changed."""
    pick = rule_reach if reach else rule_audiences
    before, after = pick(old), pick(new)
    return {
        rule_id: audience_delta(con, before.get(rule_id), after.get(rule_id), as_of)
        for rule_id in sorted(before.keys() | after.keys())
        if before.get(rule_id) != after.get(rule_id)
    }
