"""Conditions in words, for diffs, warnings and previews: `workouts_completed >= 3`."""

from __future__ import annotations

from orchestrator.spec import AllOf, AnyOf, Condition, EventCondition, Not, PropertyFilter, TraitCondition

SYMBOLS = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
WORDS = {"in": "in", "not_in": "not in", "between": "between"}


def _compare_text(name: str, op: str, value: object) -> str:
    if op == "is_null":
        return f"{name} is empty"
    if op == "not_null":
        return f"{name} is set"
    if op == "between" and isinstance(value, list) and len(value) == 2:
        return f"{name} between {value[0]} and {value[1]}"
    return f"{name} {SYMBOLS.get(op) or WORDS.get(op, op)} {value}"


def describe_filter(flt: PropertyFilter) -> str:
    """Return a property filter in words."""
    return _compare_text(flt.property, flt.op, flt.value)


def describe_condition(cond: Condition) -> str:
    """Return a condition in words.

    >>> describe_condition(TraitCondition(trait="workouts_completed", op="gte", value=3))
    'workouts_completed >= 3'
    """
    if isinstance(cond, TraitCondition):
        return _compare_text(cond.trait, cond.op, cond.value)
    if isinstance(cond, EventCondition):
        window = f" in the last {cond.within_days} days" if cond.within_days else " ever"
        where = f" where {' and '.join(describe_filter(f) for f in cond.where)}" if cond.where else ""
        return f"count of {cond.event}{where}{window} {SYMBOLS[cond.op]} {cond.count}"
    if isinstance(cond, AllOf):
        return " and ".join(_grouped(c) for c in cond.conditions)
    if isinstance(cond, AnyOf):
        return " or ".join(_grouped(c) for c in cond.conditions)
    if isinstance(cond, Not):
        return f"not ({describe_condition(cond.condition)})"
    raise TypeError(f"not a condition: {cond!r}")


def _grouped(cond: Condition) -> str:
    text = describe_condition(cond)
    return f"({text})" if isinstance(cond, AllOf | AnyOf) and len(cond.conditions) > 1 else text
