"""Spec values as sqlglot literals (never spliced into SQL text)."""

from __future__ import annotations

from sqlglot import exp

from warehouse.errors import SpecError

Scalar = str | int | float | bool


def literal(value: object, *, where: str) -> exp.Expr:
    """Return a literal for one scalar value."""
    if isinstance(value, bool | int | float | str):
        return exp.convert(value)
    raise SpecError(f"expected a single value, got {value!r}", where=where, accepted="a string, number or boolean")


def literal_list(value: object, *, where: str) -> list[exp.Expr]:
    """Return literals for a non-empty list of scalars."""
    if not isinstance(value, list) or not value:
        raise SpecError(f"expected a non-empty list, got {value!r}", where=where, accepted="[value, ...]")
    return [literal(v, where=where) for v in value]


def value_type(value: object) -> str | None:
    """Return the SQL type a JSON property must be cast to for comparing with `value` (None: text)."""
    sample = value[0] if isinstance(value, list) and value else value
    if isinstance(sample, bool):
        return "BOOLEAN"
    if isinstance(sample, int | float):
        return "DOUBLE"
    return None
