"""A relative clause that defines an age word replaces the catalog stage it maps to ("new users who signed up
less than 3 days ago" is the signup condition alone); other stages and non-time clauses keep both."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T

from agent.catalog_planner import CatalogPlanner
from agent.catalog_planner.conditions import parse_conditions
from orchestrator.spec import AllOf, Condition, Policy, Rule
from orchestrator.validate import validate_spec


def audience_of(planner: CatalogPlanner, prompt: str) -> Condition:
    spec = planner.draft(prompt, planner.classify(prompt, planner.catalog), planner.catalog, [])
    assert isinstance(spec, Rule | Policy), spec
    assert validate_spec(spec, planner.catalog).ok
    rules = [spec] if isinstance(spec, Rule) else sorted(spec.rules, key=lambda r: r.priority)
    return rules[0].audience


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "New users who signed up less than 3 days ago should get the welcome series",
            T("days_since_signup", "lt", 3),
        ),
        ("Welcome series for new users who signed up in the last 3 days", T("days_since_signup", "lte", 3)),
        ("A welcome email to newcomers that signed up in the last week", T("days_since_signup", "lte", 7)),
        ("Brand new users whose account age is under 5 days", T("days_since_signup", "lt", 5)),
        (
            "Welcome new users who signed up less than 3 days ago with an email series and remind at-risk users "
            "by SMS.",
            T("days_since_signup", "lt", 3),
        ),
    ],
)
def test_a_time_clause_defines_the_age_word_before_it(
    planner: CatalogPlanner, prompt: str, expected: Condition
) -> None:
    assert audience_of(planner, prompt) == expected


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        # the catalog defines trial by time: the clause narrows it
        (
            "trial users who signed up in the last 3 days",
            [T("subscription_status", "eq", "trial"), T("days_since_signup", "lte", 3)],
        ),
        # not an age word
        (
            "activated users who signed up in the last 30 days",
            [T("activation_state", "eq", "activated"), T("days_since_signup", "lte", 30)],
        ),
        # not a time clause
        (
            "new users who completed 1 workout",
            [T("activation_state", "eq", "new"), T("workouts_completed", "gte", 1)],
        ),
    ],
)
def test_other_stages_and_clauses_keep_both(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    assert audience_of(planner, prompt) == AllOf(conditions=expected)
    assert parse_conditions(prompt, planner.catalog, planner.lexicon).conditions == expected
