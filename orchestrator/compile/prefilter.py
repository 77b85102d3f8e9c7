"""Derive the trait-only part every member of an audience must satisfy, to filter before joining events.

`workouts_completed >= 3 and <3+ pricing views in 14 days>` implies `workouts_completed >= 3`: filtering
`user_traits` on that first lets the warehouse join event counts for candidates only, not every user.
"""

from __future__ import annotations

from orchestrator.spec import AllOf, AnyOf, Condition, EventCondition, Not, TraitCondition


def necessary_traits(cond: Condition) -> Condition | None:
    """Return a trait-only condition implied by `cond`, or None when nothing simpler is implied.

    >>> necessary_traits(AllOf(conditions=[TraitCondition(trait="country", op="eq", value="US"),
    ...                                    EventCondition(event="app_opened")])).trait
    'country'
    """
    if isinstance(cond, TraitCondition):
        return cond
    if isinstance(cond, EventCondition | Not):  # an event count or a negation implies no trait bound here
        return None
    parts = [necessary_traits(c) for c in cond.conditions]
    known = [p for p in parts if p is not None]
    if isinstance(cond, AllOf):
        return None if not known else known[0] if len(known) == 1 else AllOf(conditions=known)
    assert isinstance(cond, AnyOf)
    if len(known) < len(parts):  # one branch without a bound: the union has none either
        return None
    return known[0] if len(known) == 1 else AnyOf(conditions=known)


def necessary_for_any(conditions: list[Condition]) -> Condition | None:
    """Return a trait-only condition every member of at least one of `conditions` satisfies, or None."""
    return necessary_traits(AnyOf(conditions=conditions)) if conditions else None
