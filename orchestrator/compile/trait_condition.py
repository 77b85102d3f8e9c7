"""Compile a trait condition into a predicate on `user_traits`."""

from __future__ import annotations

from sqlglot import exp

from orchestrator.compile.comparison import compare
from orchestrator.compile.context import CompileContext
from orchestrator.spec import TraitCondition


def trait_predicate(cond: TraitCondition, ctx: CompileContext, *, where: str) -> exp.Expr:
    """Return the predicate for `t.<trait> <op> <value>` (NULL semantics in `comparison`)."""
    return compare(ctx.trait_column(cond.trait), cond.op, cond.value, where=where)
