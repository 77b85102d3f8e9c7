"""Audience phrasings that narrow or rank people: "but only those …" keeps them, a length in hours is a
number of minutes, and a share of people ranked ("top 10%") or distinct days in a span ("on 3 of the last 7
days") is refused by name rather than read as a value or a count."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition, PropertyFilter


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Trial users, but only those on iOS", [T("subscription_status", "eq", "trial"), T("device_os", "eq", "ios")]),
        ("At-risk users, but only those with a momentum score above 20",
         [T("activation_state", "eq", "at_risk"), T("momentum_score", "gt", 20)]),
        ("paying customers but just the ones in Canada", [T("subscription_status", "eq", "active"), T("country", "eq", "CA")]),
    ],
)
def test_a_but_that_narrows_keeps_the_people_it_names(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    rule = draft_rule(planner, prompt)
    assert isinstance(rule.audience, AllOf)
    assert rule.audience.conditions == expected


def test_a_but_that_excepts_still_leaves_the_people_out(planner: CatalogPlanner) -> None:
    assert draft_rule(planner, "all users but those in Germany").audience == T("country", "ne", "DE")


@pytest.mark.parametrize(
    ("prompt", "minutes"),
    [
        ("users whose average workout is longer than an hour", 60),
        ("users whose average workout is longer than 1.5 hours", 90),
        ("members whose mean workout is at least 2 hours", 120),
    ],
)
def test_an_average_length_in_hours_is_the_trait_in_minutes(
    planner: CatalogPlanner, prompt: str, minutes: int
) -> None:
    audience = draft_rule(planner, prompt).audience
    assert audience == T("avg_workout_minutes", "gt" if "longer" in prompt else "gte", minutes)


def test_a_length_in_hours_on_an_event_keeps_its_window(planner: CatalogPlanner) -> None:
    audience = draft_rule(planner, "users who completed a workout longer than an hour in the last 24 hours").audience
    expected = E("workout_completed", within=1)
    expected.where = [PropertyFilter(property="duration_min", op="gt", value=60)]
    assert audience == expected


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        ("the top 10% of users by momentum", "top 10% of users"),
        ("users in the bottom 20 percent for momentum score", "bottom 20 percent"),
        ("Target the highest quartile by CSAT on iOS", "highest quartile"),
    ],
)
def test_a_ranked_share_of_people_is_refused_by_name(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    refused = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refused, Refusal)
    assert refused.unmatched_phrases == [phrase]


def test_a_holdout_share_is_not_a_ranked_share(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "users on iOS, keep a 10% holdout")
    assert rule.audience == T("device_os", "eq", "ios")
    assert rule.holdout_share == 0.1


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        ("Users who completed a workout on at least 3 of the last 7 days", "on at least 3 of the last 7 days"),
        ("users who worked out 5 days out of the last 7", "5 days out of the last 7"),
        ("users who opened the app on 4 different days of the past 14 days", "on 4 different days of the past 14 days"),
    ],
)
def test_distinct_days_in_a_span_are_refused_by_name(planner: CatalogPlanner, prompt: str, phrase: str) -> None:
    refused = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refused, Refusal)
    assert refused.unmatched_phrases == [phrase]


def test_a_count_in_a_span_is_no_count_of_days(planner: CatalogPlanner) -> None:
    audience = draft_rule(planner, "users with 3 or more workouts in the last 7 days").audience
    assert audience == E("workout_completed", count=3, within=7)
