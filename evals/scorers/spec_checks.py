"""Checks on a produced spec that need no gold audience: validity and the names it uses."""

from __future__ import annotations

from evals.scorers.score import Score
from orchestrator.spec import Condition, Policy, Rule, TraitCondition, iter_conditions
from orchestrator.validate import validate_spec
from warehouse.catalog import Catalog


def names_used(condition: Condition) -> set[str]:
    """Return the trait and event names a condition tree uses."""
    names: set[str] = set()
    for leaf in iter_conditions(condition):
        names.add(leaf.trait if isinstance(leaf, TraitCondition) else leaf.event)
    return names


def valid_spec(spec: Rule | Policy, catalog: Catalog) -> Score:
    """Pass when the catalog validator finds no error."""
    report = validate_spec(spec, catalog)
    if report.errors:
        first = report.errors[0]
        return Score(name="valid", passed=False, detail=f"{len(report.errors)} error(s); first {first.path}: {first.message}")
    return Score(name="valid", passed=True, detail=f"{len(report.warnings)} warning(s)")


def required_names(condition: Condition, traits: list[str], events: list[str]) -> Score:
    """Pass when the audience uses every required trait and event."""
    used = names_used(condition)
    missing = [n for n in [*traits, *events] if n not in used]
    if missing:
        return Score(name="required_names", passed=False, detail=f"does not use {', '.join(missing)}; uses {', '.join(sorted(used))}")
    return Score(name="required_names", passed=True, detail=", ".join(sorted(used)))
