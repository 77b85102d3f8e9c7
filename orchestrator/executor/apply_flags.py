"""Steps 2b and 2c: suppressions, then stop conditions, close a user's rules with the flag that hit.

Each adds one column per rule, `suppressed:<rule>` or `stopped:<rule>`: the code of the first flag of that
kind in plan order that holds for a user in the rule's audience (a rule already closed gets NULL). Codes
are negative integers (`closure_codes`), so `decide` can carry a rule's whole state in one integer, the
code or else the bucket; `register_rules` puts each code's outcome and reason in `CLOSURES`.
"""

from __future__ import annotations

from collections import defaultdict

from orchestrator.executor.context import RunContext, quoted, rule_column
from orchestrator.executor.evaluate_conditions import flag_definitions


def flags_by_rule(ctx: RunContext, kind: str) -> dict[str, list[tuple[str, str]]]:
    """Return, per rule, its (column, flag id) pairs of this kind in the order that names the reason."""
    defs, _ = flag_definitions(ctx)
    by_rule: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for column, flag_id, flag_kind, order, rule_id in defs:
        if flag_kind == kind:
            by_rule[rule_id].append((order, column, flag_id))
    return {
        rule_id: [(column, flag_id) for _, column, flag_id in sorted(flags)]
        for rule_id, flags in by_rule.items()
    }


OUTCOME_OF_KIND = {"suppression": "suppressed", "stop": "stopped"}


def closure_codes(ctx: RunContext) -> dict[tuple[str, str], int]:
    """Return the code of each (outcome, flag id) that can close a rule: -1, -2, ..., never a bucket."""
    defs, _ = flag_definitions(ctx)
    pairs = dict.fromkeys((OUTCOME_OF_KIND[kind], flag_id) for _, flag_id, kind, _, _ in defs)
    return {pair: -(index + 1) for index, pair in enumerate(pairs)}


def still_open(rule_id: str, closed_by: list[str]) -> str:
    """Return SQL true when the user is in the rule's audience and no earlier pass closed it."""
    return " AND ".join(
        [rule_column("audience", rule_id)] + [f"{rule_column(kind, rule_id)} IS NULL" for kind in closed_by]
    )


def _close_flagged(ctx: RunContext, step: str, kind: str, closed_by: list[str]) -> None:
    """Add `<outcome>:<rule>`: the code of the first flag of this kind holding for an open rule."""
    flags = flags_by_rule(ctx, kind)
    outcome = OUTCOME_OF_KIND[kind]
    codes = closure_codes(ctx)
    columns = []
    for planned in ctx.plan.rules:
        rule_id = planned.rule.id
        whens = " ".join(
            f"WHEN {quoted(column)} THEN {codes[outcome, flag_id]}"
            for column, flag_id in flags.get(rule_id, [])
        )
        value = f"CASE WHEN {still_open(rule_id, closed_by)} THEN CASE {whens} END END" if whens else "NULL"
        columns.append(f"CAST({value} AS INTEGER) AS {rule_column(outcome, rule_id)}")
    ctx.advance(step, f"SELECT *, {', '.join(columns)} FROM {ctx.current}")


def apply_suppressions(ctx: RunContext) -> None:
    """Mark users hit by a global, policy or rule suppression `suppressed`."""
    _close_flagged(ctx, "apply_suppressions", "suppression", [])


def apply_stop_conditions(ctx: RunContext) -> None:
    """Mark users who meet a rule's exit criteria `stopped`."""
    _close_flagged(ctx, "apply_stop_conditions", "stop", ["suppressed"])
