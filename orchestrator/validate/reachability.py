"""Warn about rules nobody in their audience can receive: the audience requires what rules out the send.

Two ways a valid rule still reaches no one:
- a marketing rule whose audience requires what a built-in suppression excludes (`marketing_opt_in = false`,
  an open ticket): every user it selects is suppressed;
- a push step for an audience that requires `push_enabled = false`: the push cannot be delivered.

Only the audience's required conditions count (the audience itself, or the members of its top-level `all`):
a condition under `any` or `not` does not hold for every user the rule selects.
"""

from __future__ import annotations

from orchestrator.eligibility import BUILTIN_SUPPRESSIONS
from orchestrator.spec import AllOf, Condition, Policy, Rule, TraitCondition
from orchestrator.validate.report import ValidationReport
from orchestrator.validate.walk import rule_paths

PUSH_OFF = TraitCondition(trait="push_enabled", op="eq", value=False)


def required(audience: Condition) -> list[TraitCondition]:
    """Return the trait conditions every user of the audience meets."""
    members = audience.conditions if isinstance(audience, AllOf) else [audience]
    return [c for c in members if isinstance(c, TraitCondition)]


def implies(held: TraitCondition, wanted: TraitCondition) -> bool:
    """Return whether every value meeting `held` meets `wanted` (same trait; equality and numeric bounds)."""
    if held.trait != wanted.trait or isinstance(held.value, list) or isinstance(wanted.value, list):
        return False
    if held.op == "eq" and held.value is not None:
        return _meets(held.value, wanted)
    if isinstance(held.value, bool) or not isinstance(held.value, int | float):
        return False
    if wanted.op in ("gt", "gte") and isinstance(wanted.value, int | float) and not isinstance(wanted.value, bool):
        # held: x >= a or x > a; wanted: x > b or x >= b
        if held.op == "gte":
            return held.value > wanted.value or (held.value == wanted.value and wanted.op == "gte")
        if held.op == "gt":
            return held.value >= wanted.value
    return False


def _meets(value: object, wanted: TraitCondition) -> bool:
    """Return whether one value meets a comparison."""
    if wanted.op == "eq":
        return value == wanted.value
    if wanted.op == "ne":
        return value != wanted.value
    numbers = (int, float)
    if not (isinstance(value, numbers) and isinstance(wanted.value, numbers)) or isinstance(value, bool):
        return False
    return {"gt": value > wanted.value, "gte": value >= wanted.value,
            "lt": value < wanted.value, "lte": value <= wanted.value}.get(wanted.op, False)


def check_reachability(spec: Rule | Policy) -> ValidationReport:
    """Return a warning for each rule whose audience is all suppressed, and each push step it cannot deliver."""
    report = ValidationReport()
    for prefix, rule in rule_paths(spec):
        needs = required(rule.audience)
        if rule.purpose == "marketing":
            for sup in BUILTIN_SUPPRESSIONS:
                if isinstance(sup.condition, TraitCondition) and any(implies(c, sup.condition) for c in needs):
                    report.warn(f"{prefix}audience", "audience_always_suppressed",
                                f"every user of {rule.id} is suppressed: its audience requires what {sup.id} "
                                f"excludes ({sup.description}) from marketing",
                                "purpose: service for a message the user needs (a support follow-up), or drop "
                                "the condition")
        if any(implies(c, PUSH_OFF) for c in needs):
            for i, step in enumerate(rule.channels):
                if step.channel == "push":
                    report.warn(f"{prefix}channels[{i}].channel", "unreachable_channel",
                                f"a push cannot reach the audience of {rule.id}: it requires push_enabled = false",
                                "send this step by in_app or email")
    return report
