"""Steps 2b and 2c: global suppressions, then stop conditions, close open decisions with their reason."""

from __future__ import annotations

from collections import defaultdict

from sqlglot import exp

from orchestrator.executor.context import RunContext
from orchestrator.executor.evaluate_conditions import flag_definitions


def first_flag_sql(ctx: RunContext, kind: str) -> str:
    """Return SQL naming, per candidate row, the first flag of this kind that holds for its rule (or NULL)."""
    defs, _ = flag_definitions(ctx)
    by_rule: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for column, flag_id, flag_kind, order, rule_id in defs:
        if flag_kind == kind:
            by_rule[rule_id].append((order, column, flag_id))
    ifs = [
        exp.If(
            this=exp.column("rule_id").eq(exp.Literal.string(rule_id)),
            true=exp.Case(
                ifs=[
                    exp.If(this=exp.column(column, quoted=True), true=exp.Literal.string(flag_id))
                    for _, column, flag_id in sorted(flags)
                ]
            ),
        )
        for rule_id, flags in sorted(by_rule.items())
    ]
    return exp.Case(ifs=ifs).sql(dialect="duckdb") if ifs else "CAST(NULL AS VARCHAR)"


def _close_flagged(ctx: RunContext, step: str, kind: str, outcome: str) -> None:
    """Close open candidates hit by a flag of this kind; the first flag in plan order names the reason."""
    ctx.advance(
        step,
        f"""SELECT c.* EXCLUDE (flag) REPLACE (
            CASE WHEN c.outcome IS NULL AND c.flag IS NOT NULL THEN '{outcome}' ELSE c.outcome END AS outcome,
            CASE WHEN c.outcome IS NULL AND c.flag IS NOT NULL THEN '{outcome} by ' || c.flag ELSE c.reason END
                AS reason)
        FROM (SELECT *, {first_flag_sql(ctx, kind)} AS flag FROM {ctx.current}) c""",
    )


def apply_suppressions(ctx: RunContext) -> None:
    """Mark users hit by a global, policy or rule suppression `suppressed`."""
    _close_flagged(ctx, "apply_suppressions", "suppression", "suppressed")


def apply_stop_conditions(ctx: RunContext) -> None:
    """Mark users who meet a rule's exit criteria `stopped`."""
    _close_flagged(ctx, "apply_stop_conditions", "stop", "stopped")
