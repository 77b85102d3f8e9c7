"""Short builders for expected conditions in the catalog planner tests."""

from __future__ import annotations

from orchestrator.spec import EventCondition, PropertyFilter, Scalar, TraitCondition


def T(trait: str, op: str, value: Scalar | list[Scalar] | None) -> TraitCondition:
    """A trait condition, written short."""
    return TraitCondition(trait=trait, op=op, value=value)  # type: ignore[arg-type]


def E(
    event: str, op: str = "gte", count: int = 1, within: int | None = None, **where: str | bool
) -> EventCondition:
    """An event condition, written short; keyword arguments are `eq` property filters."""
    filters = [PropertyFilter(property=k, op="eq", value=v) for k, v in where.items()]
    return EventCondition(event=event, op=op, count=count, within_days=within, where=filters)  # type: ignore[arg-type]
