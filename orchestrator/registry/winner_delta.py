"""Count users whose first choice moves between rules from one version to the next, in one scan.

A priority reorder changes no audience, and a new suppression on one rule hands its users to the next rule
they qualify for: the audience and reach deltas show neither. Here each side ranks every rule that would run
(this spec's version plus every other active spec) by (priority, id), as the executor arbitrates, and a user's
first choice is the first rule that can reach them (audience less suppressions and stops). Holdouts, caps and
the built-in opt-out suppressions are left out: they hold back users on both sides alike.
"""

from __future__ import annotations

import duckdb
from sqlglot import exp

from orchestrator.compile import audiences_query
from orchestrator.compile.as_of import AsOf
from orchestrator.registry.audience_delta import rule_reach
from orchestrator.registry.records import WinnerMove
from orchestrator.spec import Condition, Policy, Rule

MOST_MOVES = 10  # the largest moves; a reviewer reads where most users go, not every pair


def _ranked_reach(specs: list[Rule | Policy]) -> list[tuple[str, Condition]]:
    """Return (rule id, reach) of every rule in the specs, in the order the executor arbitrates them."""
    rules = [rule for spec in specs for rule in (spec.rules if isinstance(spec, Policy) else [spec])]
    reach = {rule_id: cond for spec in specs for rule_id, cond in rule_reach(spec).items()}
    return [(rule.id, reach[rule.id]) for rule in sorted(rules, key=lambda r: (r.priority, r.id))]


def _first_choice(side: str, ranked: list[tuple[str, Condition]]) -> exp.Expr:
    """Return the CASE naming the first rule (column `<side><i>`) that reaches the user, NULL when none does."""
    case = exp.Case()
    for i, (rule_id, _) in enumerate(ranked):
        case = case.when(exp.column(f"{side}{i}", quoted=True), exp.Literal.string(rule_id))
    return case


def winner_moves(
    con: duckdb.DuckDBPyConnection,
    others: list[Rule | Policy],
    old: Rule | Policy,
    new: Rule | Policy,
    as_of: AsOf,
) -> list[WinnerMove]:
    """Return the largest moves of users' first choice from `old` (with `others`) to `new` (with `others`)."""
    before, after = _ranked_reach([*others, old]), _ranked_reach([*others, new])
    if len({rule_id for rule_id, _ in before + after}) < 2:
        return []  # one rule: its first choice is its reach, which the reach delta shows
    named = {f"b{i}": cond for i, (_, cond) in enumerate(before)} | {f"a{i}": cond for i, (_, cond) in enumerate(after)}
    choices = exp.select(
        exp.alias_(_first_choice("b", before), "from_rule"), exp.alias_(_first_choice("a", after), "to_rule")
    ).from_(audiences_query(named, as_of).subquery("r"))
    moves = (
        exp.select("from_rule", "to_rule", exp.alias_(exp.Count(this=exp.Star()), "users"))
        .from_(choices.subquery("c"))
        .where(exp.NullSafeNEQ(this=exp.column("from_rule"), expression=exp.column("to_rule")))
        .group_by("from_rule", "to_rule")
        .order_by(exp.Ordered(this=exp.column("users"), desc=True), "from_rule", "to_rule")
        .limit(MOST_MOVES)
    )
    return [WinnerMove(from_rule=f, to_rule=t, users=int(n)) for f, t, n in con.execute(moves.sql("duckdb")).fetchall()]
