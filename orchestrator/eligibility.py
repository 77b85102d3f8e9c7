"""Who can actually be sent a rule: its audience minus the suppressions and stop conditions that apply."""

from __future__ import annotations

from orchestrator.spec import AllOf, AnyOf, Condition, Not, Policy, Rule, Suppression


def applies(suppression: Suppression, rule_id: str) -> bool:
    """Return whether a suppression covers the rule."""
    return suppression.applies_to == "all" or rule_id in suppression.applies_to


def blocking_conditions(rule: Rule, policy: Policy | None = None) -> list[Condition]:
    """Return the suppressions (the policy's that apply, and the rule's own) and stop conditions of a rule."""
    shared = [s for s in (policy.suppressions if policy else []) if applies(s, rule.id)]
    return [s.condition for s in [*shared, *rule.suppressions]] + [s.condition for s in rule.stop_conditions]


def eligible_condition(rule: Rule, policy: Policy | None = None) -> Condition:
    """Return `audience and not (any suppression or stop condition)`: the users arbitration sees."""
    blocking = blocking_conditions(rule, policy)
    if not blocking:
        return rule.audience
    return AllOf(conditions=[rule.audience, Not(condition=AnyOf(conditions=blocking))])
