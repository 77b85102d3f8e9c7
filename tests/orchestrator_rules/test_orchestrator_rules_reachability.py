"""Rules that validate but reach nobody: an audience a built-in suppression empties, a push to push-off users."""

from __future__ import annotations

from typing import Any

import pytest

from orchestrator.spec import Rule, parse_spec
from orchestrator.validate import validate_spec
from warehouse.catalog import Catalog


def rule(audience: dict[str, Any], **extra: Any) -> Rule:
    spec = parse_spec({"kind": "rule", "id": "r1", "description": "test", "audience": audience, **extra})
    assert isinstance(spec, Rule)
    return spec


def trait(name: str, op: str, value: Any = None) -> dict[str, Any]:
    return {"kind": "trait", "trait": name, "op": op, "value": value}


def warnings(spec: Rule, catalog: Catalog, code: str) -> list[tuple[str, str]]:
    report = validate_spec(spec, catalog)
    assert report.ok, report.errors
    return [(w.path, w.message) for w in report.warnings if w.code == code]


@pytest.mark.parametrize(
    "audience",
    [
        trait("open_tickets", "gte", 1),
        trait("open_tickets", "gt", 0),
        trait("open_tickets", "eq", 2),
        {"kind": "all", "conditions": [trait("subscription_status", "eq", "trial"), trait("marketing_opt_in", "eq", False)]},
    ],
)
def test_a_marketing_audience_every_member_of_which_is_suppressed(audience: dict[str, Any], catalog: Catalog) -> None:
    found = warnings(rule(audience), catalog, "audience_always_suppressed")
    assert [path for path, _ in found] == ["audience"] and "every user of r1 is suppressed" in found[0][1]
    assert warnings(rule(audience, purpose="service"), catalog, "audience_always_suppressed") == []


@pytest.mark.parametrize(
    "audience",
    [
        trait("open_tickets", "gte", 0),  # includes users with none
        trait("open_tickets", "eq", 0),
        {"kind": "any", "conditions": [trait("open_tickets", "gte", 1), trait("pricing_views", "gte", 2)]},
        {"kind": "not", "condition": trait("marketing_opt_in", "eq", True)},  # NULL opt-in passes the not
    ],
)
def test_audiences_some_of_whom_can_be_reached_are_not_flagged(audience: dict[str, Any], catalog: Catalog) -> None:
    assert warnings(rule(audience), catalog, "audience_always_suppressed") == []


def test_a_push_to_users_with_push_off_is_flagged_step_by_step(catalog: Catalog) -> None:
    channels = [{"channel": "push"}, {"channel": "email", "delay_hours": 24, "only_if": "previous_not_opened"},
                {"channel": "push", "delay_hours": 48}]
    audience = {"kind": "all", "conditions": [trait("push_enabled", "eq", False), trait("workouts_completed", "eq", 0)]}
    found = warnings(rule(audience, channels=channels), catalog, "unreachable_channel")
    assert [path for path, _ in found] == ["channels[0].channel", "channels[2].channel"]
    by_email = rule(audience, channels=[{"channel": "in_app"}])
    assert warnings(by_email, catalog, "unreachable_channel") == []
    push_on = rule(trait("push_enabled", "eq", True), channels=[{"channel": "push"}])
    assert warnings(push_on, catalog, "unreachable_channel") == []


def test_a_policy_names_the_rule_and_its_path(catalog: Catalog) -> None:
    spec = parse_spec({"kind": "policy", "id": "p1", "description": "d", "rules": [
        {"id": "welcome", "description": "d", "priority": 1, "audience": trait("activation_state", "eq", "new")},
        {"id": "enable_push", "description": "d", "priority": 2, "audience": trait("push_enabled", "eq", False),
         "channels": [{"channel": "push"}]},
    ]})
    report = validate_spec(spec, catalog)
    assert [(w.path, w.code) for w in report.warnings if w.code == "unreachable_channel"] == [
        ("rules[1].channels[0].channel", "unreachable_channel")]
