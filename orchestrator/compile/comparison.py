"""Build one comparison with explicit NULL semantics, shared by traits and event properties.

Semantics (two-valued, so `not` groups behave as a marketer expects): a comparison with a NULL value is
false, `ne`/`not_in` on NULL are false too, `is_null`/`not_null` are the way to select or exclude NULLs.
Every predicate therefore yields TRUE or FALSE, never NULL, and `not` simply flips it.
"""

from __future__ import annotations

from sqlglot import exp

from orchestrator.compile.values import literal, literal_list
from warehouse.errors import SpecError

BINARY_OPS: dict[str, type[exp.Binary]] = {
    "eq": exp.EQ, "ne": exp.NEQ, "gt": exp.GT, "gte": exp.GTE, "lt": exp.LT, "lte": exp.LTE,
}


def compare(column: exp.Expr, op: str, value: object, *, where: str) -> exp.Expr:
    """Return the predicate `column <op> value`, false when the column is NULL."""
    if op == "is_null":
        return exp.Is(this=column, expression=exp.Null())
    if op == "not_null":
        return exp.Not(this=exp.Is(this=column, expression=exp.Null()))
    comparison = _comparison(column, op, value, where=where)
    # `x IS NOT NULL AND <cmp>` is FALSE (not NULL) for a NULL x, which keeps NOT(...) two-valued.
    return exp.and_(exp.Not(this=exp.Is(this=column.copy(), expression=exp.Null())), comparison)


def _comparison(column: exp.Expr, op: str, value: object, *, where: str) -> exp.Expr:
    if op in ("in", "not_in"):
        node: exp.Expr = exp.In(this=column, expressions=literal_list(value, where=where))
        return exp.Not(this=node) if op == "not_in" else node
    if op == "between":
        if not isinstance(value, list) or len(value) != 2:
            raise SpecError(f"between needs [low, high], got {value!r}", where=where, accepted="[low, high]")
        low, high = literal_list(value, where=where)
        return exp.Between(this=column, low=low, high=high)
    binary = BINARY_OPS.get(op)
    if binary is None:
        accepted = ", ".join([*BINARY_OPS, "in", "not_in", "between", "is_null", "not_null"])
        raise SpecError(f"unknown operator {op!r}", where=where, accepted=accepted)
    return binary(this=column, expression=literal(value, where=where))
