"""An audience written as a list under an audience heading is one rule; a list of programs still ranks them;
a relative clause about people is an eligibility prompt even when no catalog word is recognised."""

from __future__ import annotations

import pytest
from agent_planner_helpers import T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Policy


@pytest.mark.parametrize(
    ("prompt", "conditions"),
    [
        ("Target:\n- trial users\n- on iOS\n- who viewed pricing twice",
         [T("subscription_status", "eq", "trial"), T("device_os", "eq", "ios"), T("pricing_views", "gte", 2)]),
        ("Who qualifies:\n1. trial users\n2. completed at least 2 workouts",
         [T("subscription_status", "eq", "trial"), T("workouts_completed", "gte", 2)]),
        ("Audience criteria:\n* users in Germany\n* push enabled",
         [T("country", "eq", "DE"), T("push_enabled", "eq", True)]),
    ],
)
def test_a_list_under_an_audience_heading_is_one_audience(planner: CatalogPlanner, prompt: str, conditions: list[object]) -> None:
    rule = draft_rule(planner, prompt)
    assert isinstance(rule.audience, AllOf) and rule.audience.conditions == conditions


def test_a_heading_that_asks_for_an_order_still_ranks_the_items(planner: CatalogPlanner) -> None:
    prompt = "Define a priority order for trial users:\n1. second workout help\n2. support\n3. upgrade"
    assert planner.classify(prompt, planner.catalog) == "decision"
    policy = planner.draft(prompt, "decision", planner.catalog, [])
    assert isinstance(policy, Policy) and len(policy.rules) == 3


def test_a_relative_clause_about_people_is_drafted_not_dismissed(planner: CatalogPlanner) -> None:
    assert draft_rule(planner, "users that have been members for over 6 months").audience == T(
        "days_since_signup", "gt", 180
    )
    assert planner.classify("people that love dancing", planner.catalog) == "eligibility"
    refusal = planner.draft("people that love dancing", "eligibility", planner.catalog, [])
    assert isinstance(refusal, Refusal) and refusal.unmatched_phrases == ["love dancing"]


@pytest.mark.parametrize(
    ("prompt", "intent"),
    [("trial_conversion by device_os, this week vs last week", "debug"),
     ("average momentum_score by country", "question"),
     ("Target users with push_enabled on ios", "eligibility")],
)
def test_catalog_names_typed_with_underscores_read_as_their_words(planner: CatalogPlanner, prompt: str, intent: str) -> None:
    assert planner.classify(prompt, planner.catalog) == intent
