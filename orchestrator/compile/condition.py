"""Compile a condition tree (trait, event, all, any, not) into one boolean expression."""

from __future__ import annotations

from sqlglot import exp

from orchestrator.compile.context import CompileContext
from orchestrator.compile.event_condition import event_predicate
from orchestrator.compile.trait_condition import trait_predicate
from orchestrator.spec import AllOf, AnyOf, Condition, EventCondition, Not, TraitCondition


def condition_predicate(cond: Condition, ctx: CompileContext, *, where: str = "condition") -> exp.Expr:
    """Return the predicate selecting the users for whom `cond` holds (always TRUE or FALSE)."""
    if isinstance(cond, TraitCondition):
        return trait_predicate(cond, ctx, where=where)
    if isinstance(cond, EventCondition):
        return event_predicate(cond, ctx, where=where)
    if isinstance(cond, AllOf):
        parts = [condition_predicate(c, ctx, where=f"{where}.conditions[{i}]") for i, c in enumerate(cond.conditions)]
        return exp.and_(*parts, wrap=True)
    if isinstance(cond, AnyOf):
        parts = [condition_predicate(c, ctx, where=f"{where}.conditions[{i}]") for i, c in enumerate(cond.conditions)]
        return exp.paren(exp.or_(*parts, wrap=True), copy=False) if len(parts) > 1 else parts[0]
    if isinstance(cond, Not):
        return exp.Not(this=exp.paren(condition_predicate(cond.condition, ctx, where=f"{where}.condition"), copy=False))
    raise TypeError(f"not a condition: {cond!r}")
