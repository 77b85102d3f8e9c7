"""Every condition of a spec with its path, so each check reports where in the spec it looked."""

from __future__ import annotations

from collections.abc import Iterator

from orchestrator.spec import AllOf, AnyOf, Condition, Not, Policy, Rule


def rule_paths(spec: Rule | Policy) -> list[tuple[str, Rule]]:
    """Return each rule with its path prefix (`""` for a lone rule, `rules[i].` in a policy)."""
    if isinstance(spec, Policy):
        return [(f"rules[{i}].", rule) for i, rule in enumerate(spec.rules)]
    return [("", spec)]


def condition_roots(spec: Rule | Policy) -> Iterator[tuple[str, Condition]]:
    """Yield every top-level condition: audiences, stop conditions and suppressions."""
    if isinstance(spec, Policy):
        for i, sup in enumerate(spec.suppressions):
            yield f"suppressions[{i}].condition", sup.condition
    for prefix, rule in rule_paths(spec):
        yield f"{prefix}audience", rule.audience
        for i, stop in enumerate(rule.stop_conditions):
            yield f"{prefix}stop_conditions[{i}].condition", stop.condition
        for i, sup in enumerate(rule.suppressions):
            yield f"{prefix}suppressions[{i}].condition", sup.condition


def walk(cond: Condition, path: str) -> Iterator[tuple[str, Condition]]:
    """Yield `cond` and every condition inside it, depth first, with paths."""
    yield path, cond
    if isinstance(cond, AllOf | AnyOf):
        for i, child in enumerate(cond.conditions):
            yield from walk(child, f"{path}.conditions[{i}]")
    elif isinstance(cond, Not):
        yield from walk(cond.condition, f"{path}.condition")
