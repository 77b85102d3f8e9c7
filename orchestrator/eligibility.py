"""Who can actually be sent a rule: its audience minus the suppressions and stop conditions that apply."""

from __future__ import annotations

from orchestrator.spec import AllOf, AnyOf, Condition, Not, Policy, Rule, Suppression, TraitCondition

# Always in force for marketing rules (`purpose: marketing`, the default): an opted-out user or one with an
# open support ticket receives none of them. Service rules (support follow-ups) are exempt, or a policy's
# "handle support issues" rule could never reach the users it exists for. The executor applies them
# (executor/plan.py) and every count of who is eligible (preview, validation) does too.
BUILTIN_SUPPRESSIONS = [
    Suppression(
        id="opt_out",
        description="the user opted out of marketing",
        condition=TraitCondition(trait="marketing_opt_in", op="eq", value=False),
    ),
    Suppression(
        id="open_support_issue",
        description="the user has an open support ticket",
        condition=TraitCondition(trait="open_tickets", op="gt", value=0),
    ),
]


def builtin_suppressions(rule: Rule) -> list[Suppression]:
    """Return the built-in suppressions that cover the rule (all of them for marketing, none for service)."""
    return BUILTIN_SUPPRESSIONS if rule.purpose == "marketing" else []


def applies(suppression: Suppression, rule_id: str) -> bool:
    """Return whether a suppression covers the rule."""
    return suppression.applies_to == "all" or rule_id in suppression.applies_to


def blocking_conditions(rule: Rule, policy: Policy | None = None) -> list[Condition]:
    """Return the suppressions (the built-ins for marketing, the policy's that apply, and the rule's own) and stop
    conditions of a rule."""
    shared = [s for s in (policy.suppressions if policy else []) if applies(s, rule.id)]
    suppressions = [*builtin_suppressions(rule), *shared, *rule.suppressions]
    return [s.condition for s in suppressions] + [s.condition for s in rule.stop_conditions]


def eligible_condition(rule: Rule, policy: Policy | None = None) -> Condition:
    """Return `audience and not (any suppression or stop condition)`: the users arbitration sees."""
    blocking = blocking_conditions(rule, policy)
    if not blocking:
        return rule.audience
    return AllOf(conditions=[rule.audience, Not(condition=AnyOf(conditions=blocking))])
