"""Combine and negate conditions: AND/OR groups, same-trait values merged into `in`, exit criteria as negations."""

from __future__ import annotations

from collections.abc import Sequence

from orchestrator.spec import (
    AllOf,
    AnyOf,
    Condition,
    EventCondition,
    Not,
    Scalar,
    TraitCondition,
    iter_conditions,
)

_INVERSE: dict[str, str] = {
    "eq": "ne",
    "ne": "eq",
    "gt": "lte",
    "gte": "lt",
    "lt": "gte",
    "lte": "gt",
    "in": "not_in",
    "not_in": "in",
    "is_null": "not_null",
    "not_null": "is_null",
}


def negate(cond: Condition) -> Condition:
    """Return the opposite condition, flipping the operator where one exists (`gte 1` → `eq 0` for counts)."""
    if isinstance(cond, TraitCondition) and cond.op in _INVERSE:
        if cond.op == "gte" and cond.value == 1:
            return TraitCondition(trait=cond.trait, op="eq", value=0)
        if cond.op == "eq" and type(cond.value) is int and cond.value == 0:
            return TraitCondition(trait=cond.trait, op="gte", value=1)
        return TraitCondition(trait=cond.trait, op=_INVERSE[cond.op], value=cond.value)  # type: ignore[arg-type]
    if isinstance(cond, EventCondition):
        if cond.op == "gte" and cond.count == 1:
            return cond.model_copy(update={"op": "eq", "count": 0})
        if cond.op == "eq" and cond.count == 0:
            return cond.model_copy(update={"op": "gte", "count": 1})
        return cond.model_copy(update={"op": _INVERSE[cond.op]})
    if isinstance(cond, Not):
        return cond.condition
    return Not(condition=cond)


def _eq_values(cond: Condition) -> tuple[str, list[Scalar]] | None:
    """Return (trait, values) for `eq`/`in` trait conditions, else None."""
    if isinstance(cond, TraitCondition) and cond.op in ("eq", "in") and cond.value is not None:
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        return cond.trait, list(values)
    return None


def _ne_values(cond: Condition) -> tuple[str, list[Scalar]] | None:
    """Return (trait, values) for `ne`/`not_in` trait conditions, else None."""
    if isinstance(cond, TraitCondition) and cond.op in ("ne", "not_in") and cond.value is not None:
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        return cond.trait, list(values)
    return None


def merge_same_trait(conds: Sequence[Condition]) -> list[Condition]:
    """Merge `eq`/`in` conditions on one trait into a single `in` ("iOS and Android users" means either),
    and `ne`/`not_in` ones into a single `not_in` ("not on iOS or Android")."""
    out: list[Condition] = []
    seen: dict[tuple[str, str], int] = {}
    for cond in conds:
        for read, op in ((_eq_values, "in"), (_ne_values, "not_in")):
            pair = read(cond)
            if pair is None:
                continue
            trait, values = pair
            if (trait, op) in seen:
                prev = read(out[seen[(trait, op)]])
                assert prev is not None
                merged = prev[1] + [v for v in values if v not in prev[1]]
                out[seen[(trait, op)]] = TraitCondition(trait=trait, op=op, value=merged)  # type: ignore[arg-type]
            else:
                seen[(trait, op)] = len(out)
                out.append(cond)
            break
        else:
            if cond not in out:
                out.append(cond)
    return _drop_implied_exclusions(out)


def _drop_implied_exclusions(conds: list[Condition]) -> list[Condition]:
    """Drop `ne`/`not_in` on a trait pinned by `eq` to another value: "whose trial expired without paying"
    is `subscription_status eq expired`; `ne active` says nothing more."""
    pinned = {c.trait: c.value for c in conds if isinstance(c, TraitCondition) and c.op == "eq"}
    kept: list[Condition] = []
    for cond in conds:
        pair = _ne_values(cond)
        if pair is not None and pair[0] in pinned and pinned[pair[0]] not in pair[1]:
            continue
        kept.append(cond)
    return kept


def all_of(conds: Sequence[Condition]) -> Condition | None:
    """Return the AND of the conditions (the condition itself when there is one, None when there is none)."""
    flat: list[Condition] = []
    for cond in conds:
        flat.extend(cond.conditions if isinstance(cond, AllOf) else [cond])
    unique: list[Condition] = []
    for cond in flat:
        if cond not in unique:
            unique.append(cond)
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else AllOf(conditions=unique)


def any_of(parts: Sequence[list[Condition]]) -> list[Condition]:
    """Return the OR of several parts, each a list of ANDed conditions.

    When every part names a value of the same trait ("iOS or Android users who ..."), the values become
    one `in` and the other conditions are ANDed, which is what the sentence means.
    """
    parts = [p for p in parts if p]
    if not parts:
        return []
    if len(parts) == 1:
        return list(parts[0])
    for trait in dict.fromkeys(pair[0] for c in parts[0] if (pair := _eq_values(c))):
        if all(any((pair := _eq_values(c)) and pair[0] == trait for c in part) for part in parts):
            values: list[Scalar] = []
            rest: list[Condition] = []
            for part in parts:
                for c in part:
                    pair = _eq_values(c)
                    if pair and pair[0] == trait:
                        values += [v for v in pair[1] if v not in values]
                    elif c not in rest:
                        rest.append(c)
            return [
                TraitCondition(
                    trait=trait,
                    op="in" if len(values) > 1 else "eq",
                    value=values if len(values) > 1 else values[0],
                ),
                *rest,
            ]
    if len(parts[0]) > 1 and all(len(p) == 1 for p in parts[1:]):
        # "at-risk users with high support risk or 2+ open tickets": the first part's leading conditions
        # are shared, its last one is the first alternative.
        *shared, first = parts[0]
        return [*shared, *any_of([[first], *parts[1:]])]
    if all(len(p) == 1 for p in parts):
        merged = merge_same_trait([p[0] for p in parts])
        return merged if len(merged) == 1 else [AnyOf(conditions=merged)]
    groups: list[Condition] = [g for p in parts if (g := all_of(p)) is not None]
    return [AnyOf(conditions=groups)]


def condition_names(cond: Condition) -> set[str]:
    """Return the trait and event names a condition tree uses."""
    return {leaf.trait if isinstance(leaf, TraitCondition) else leaf.event for leaf in iter_conditions(cond)}


def excluded_alongside(before: Condition | None, cond: Condition) -> Condition | None:
    """Return `cond` negated when it is a bare value of the trait `before` excludes ("outside Germany and
    France": the negation covers the list), else None."""
    if (
        isinstance(before, TraitCondition)
        and before.op in ("ne", "not_in")
        and isinstance(cond, TraitCondition)
        and cond.op == "eq"
        and cond.trait == before.trait
    ):
        return TraitCondition(trait=cond.trait, op="ne", value=cond.value)
    return None
