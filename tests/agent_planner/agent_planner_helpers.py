"""Short builders for expected conditions, and drafting helpers, shared by the catalog planner tests."""

from __future__ import annotations

from typing import TypeVar

from agent.catalog_planner import CatalogPlanner
from agent.types import Intent
from orchestrator.spec import EventCondition, Policy, PropertyFilter, Rule, Scalar, TraitCondition
from orchestrator.validate import validate_spec

SpecT = TypeVar("SpecT", Rule, Policy)


def T(trait: str, op: str, value: Scalar | list[Scalar] | None) -> TraitCondition:
    """A trait condition, written short."""
    return TraitCondition(trait=trait, op=op, value=value)  # type: ignore[arg-type]


def E(
    event: str, op: str = "gte", count: int = 1, within: int | None = None, **where: str | bool
) -> EventCondition:
    """An event condition, written short; keyword arguments are `eq` property filters."""
    filters = [PropertyFilter(property=k, op="eq", value=v) for k, v in where.items()]
    return EventCondition(event=event, op=op, count=count, within_days=within, where=filters)  # type: ignore[arg-type]


def draft_policy(planner: CatalogPlanner, prompt: str) -> Policy:
    """Classify as a decision, draft, and require a Policy that validates with no errors."""
    return _draft_valid(planner, prompt, "decision", Policy)


def draft_rule(planner: CatalogPlanner, prompt: str) -> Rule:
    """Classify as eligibility, draft, and require a Rule that validates with no errors."""
    return _draft_valid(planner, prompt, "eligibility", Rule)


def _draft_valid(planner: CatalogPlanner, prompt: str, intent: Intent, kind: type[SpecT]) -> SpecT:
    assert planner.classify(prompt, planner.catalog) == intent
    spec = planner.draft(prompt, intent, planner.catalog, [])
    assert isinstance(spec, kind), spec
    report = validate_spec(spec, planner.catalog)
    assert report.ok, report.errors
    return spec
