"""Service rules are exempt from the built-in marketing suppressions; marketing rules are not."""

from __future__ import annotations

from orchestrator.executor.plan import build_plan
from orchestrator.spec import load_spec_file, parse_spec


def _rule(rule_id: str, purpose: str, priority: int) -> object:
    return parse_spec({
        "kind": "rule", "id": rule_id, "description": rule_id, "priority": priority, "purpose": purpose,
        "audience": {"kind": "trait", "trait": "open_tickets", "op": "gte", "value": 1},
    })


def test_builtin_suppressions_apply_to_marketing_rules_only() -> None:
    plan = build_plan([(_rule("support_followup", "service", 1), 1), (_rule("upgrade", "marketing", 2), 1)])
    builtins = {s.id: s.applies_to for s in plan.suppressions if s.id in ("opt_out", "open_support_issue")}
    assert builtins == {"opt_out": ["upgrade"], "open_support_issue": ["upgrade"]}


def test_the_example_policy_keeps_its_support_rule_reachable() -> None:
    policy = load_spec_file("examples/trial_priority_policy.yaml")
    plan = build_plan([(policy, 1)])
    reaching_support = [s.id for s in plan.suppressions
                        if s.applies_to == "all" or "support_followup" in s.applies_to]
    assert "open_support_issue" not in reaching_support
    assert "opt_out" not in reaching_support
