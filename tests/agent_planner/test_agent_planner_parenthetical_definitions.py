"""A definition in parentheses replaces the word it defines ("lapsed users (no workout in 21+ days)"), while a
plain fact beside a parenthesis, or a program's label, is kept as it was."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Lapsed users (no workout in 21+ days) who are still paying",
         [E("workout_completed", "eq", 0, within=21), T("subscription_status", "eq", "active")]),
        ("Power users (defined as 8+ workouts and one in the last week) on web",
         [T("workouts_completed", "gte", 8), E("workout_completed", within=7), T("device_os", "eq", "web")]),
        ("new users (signed up within the last 3 days) on iOS who have push enabled",
         [T("device_os", "eq", "ios"), T("days_since_signup", "lte", 3), T("push_enabled", "eq", True)]),
        ("Users who have churned (cancelled in the last 90 days) and have not resubscribed",
         [E("subscription_cancelled", within=90), E("subscription_started", "eq", 0)]),
        ("dormant members (i.e. no app open in 30 days) in France",
         [E("app_opened", "eq", 0, within=30), T("country", "eq", "FR")]),
    ],
)
def test_a_parenthesis_defines_the_word_before_it(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    audience = draft_rule(planner, prompt).audience
    assert isinstance(audience, AllOf)
    assert audience.conditions == expected


def test_a_fact_beside_a_parenthesis_is_kept(planner: CatalogPlanner) -> None:
    audience = draft_rule(planner, "android users (push enabled) who are opted in").audience
    assert isinstance(audience, AllOf)
    assert audience.conditions == [
        T("device_os", "eq", "android"), T("push_enabled", "eq", True), T("marketing_opt_in", "eq", True)
    ]


def test_a_program_label_in_parentheses_is_no_definition(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "the win-back push (lapsed users) for users on iOS")
    assert isinstance(rule.audience, AllOf)
    assert T("device_os", "eq", "ios") in rule.audience.conditions
    assert [c.channel for c in rule.channels] == ["push"]
