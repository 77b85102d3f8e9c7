"""Aggregates over the boolean columns of `audiences_query`, shared by validation, diffs and previews."""

from __future__ import annotations

from sqlglot import exp


def count_if(flag: exp.Expr, alias: str) -> exp.Expr:
    """Return `SUM(CASE WHEN <flag> THEN 1 ELSE 0 END) AS "<alias>"` (portable, unlike COUNT_IF)."""
    one, zero = exp.Literal.number(1), exp.Literal.number(0)
    return exp.alias_(exp.Sum(this=exp.If(this=flag, true=one, false=zero)), alias, quoted=True)
