"""Structural views of a drafted policy for the decision tests: per rule (by priority) the trait and event
names its audience and stops use, and the names the suppressions use."""

from __future__ import annotations

from orchestrator.spec import Condition, Policy, Rule, TraitCondition, iter_conditions

# The three groups most ranking tests order: at-risk, trial and new users.
AT_RISK = TraitCondition(trait="activation_state", op="eq", value="at_risk")
TRIAL = TraitCondition(trait="subscription_status", op="eq", value="trial")
NEW = TraitCondition(trait="activation_state", op="eq", value="new")


def names(cond: Condition) -> set[str]:
    """Return the trait and event names a condition tree uses."""
    return {leaf.trait if isinstance(leaf, TraitCondition) else leaf.event for leaf in iter_conditions(cond)}


def by_priority(policy: Policy) -> list[Rule]:
    """Return the rules from the highest priority down; priorities must be distinct (no undefined winner)."""
    assert len({r.priority for r in policy.rules}) == len(policy.rules), "rules share a priority"
    return sorted(policy.rules, key=lambda r: r.priority)


def audiences(policy: Policy) -> list[set[str]]:
    """Return the names each rule's audience uses, from the highest priority down."""
    return [names(r.audience) for r in by_priority(policy)]


def stop_names(rule: Rule) -> set[str]:
    """Return the names a rule's stop conditions use."""
    return set().union(*(names(s.condition) for s in rule.stop_conditions))


def suppression_names(policy: Policy) -> list[set[str]]:
    """Return the names each policy-level and rule-level suppression uses."""
    return [names(s.condition) for s in policy.suppressions] + [
        names(s.condition) for r in policy.rules for s in r.suppressions
    ]


def assert_audiences(policy: Policy, expected: list[set[str]]) -> None:
    """Assert one rule per expected entry, in order, each audience using at least those names."""
    got = audiences(policy)
    assert len(got) == len(expected), got
    for position, (want, have) in enumerate(zip(expected, got, strict=True), start=1):
        assert want <= have, f"rule {position} uses {sorted(have)}, expected {sorted(want)}"
