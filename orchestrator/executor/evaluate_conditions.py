"""Step 1c: evaluate every audience, suppression and stop condition in one scan of the traits snapshot.

The compiler's set-based form (`audiences_query`) returns one boolean column per named condition. Only
users in at least one audience are kept: they are the candidates, and every later step derives from them.
It is a view, not a table: `write_decisions` then runs the whole chain (scan, predicates, flags, buckets,
arbitration, caps, unpivot) as one query, and no per-user intermediate is ever materialised.
"""

from __future__ import annotations

from typing import Any

from orchestrator.compile import audiences_query
from orchestrator.executor.context import EVAL, TRAITS, RunContext, rule_column, rule_column_name


def flag_definitions(ctx: RunContext) -> tuple[list[tuple[str, str, str, int, str]], dict[str, Any]]:
    """Return (rows of column, flag_id, kind, order, rule_id; conditions by column).

    Global and policy suppressions come first in plan order, then each rule's own, then stop conditions;
    the order decides which flag names the reason when several hit.
    """
    defs: list[tuple[str, str, str, int, str]] = []
    conditions: dict[str, Any] = {}
    rule_ids = ctx.plan.rule_ids()
    for order, sup in enumerate(ctx.plan.suppressions):
        key = f"suppression:global:{sup.id}"
        conditions[key] = sup.condition
        targets = rule_ids if sup.applies_to == "all" else [r for r in rule_ids if r in sup.applies_to]
        defs.extend((key, sup.id, "suppression", order, rule_id) for rule_id in targets)
    offset = len(ctx.plan.suppressions)
    for planned in ctx.plan.rules:
        rule = planned.rule
        for order, sup in enumerate(rule.suppressions, start=offset):
            key = f"suppression:{rule.id}:{sup.id}"
            conditions[key] = sup.condition
            defs.append((key, sup.id, "suppression", order, rule.id))
        for order, stop in enumerate(rule.stop_conditions):
            key = f"stop:{rule.id}:{stop.id}"
            conditions[key] = stop.condition
            defs.append((key, stop.id, "stop", order, rule.id))
    return defs, conditions


def evaluate_conditions(ctx: RunContext) -> None:
    """Define the evaluation view: user_id plus one boolean column per condition."""
    _defs, flags = flag_definitions(ctx)
    named = {rule_column_name("audience", p.rule.id): p.rule.audience for p in ctx.plan.rules} | flags
    query = audiences_query(named, as_of=ctx.as_of, traits_table=TRAITS, events_table=ctx.events_table)
    in_any = " OR ".join(rule_column("audience", p.rule.id) for p in ctx.plan.rules)
    ctx.con.execute(
        f"CREATE OR REPLACE TEMP VIEW {EVAL} AS SELECT * FROM ({query.sql(dialect='duckdb')}) WHERE {in_any}"
    )
    ctx.current = EVAL
