""""Haven't done it in 14 to 30 days" puts the last time in that span: none in the first days, one in all of
them (read as the first number alone, the span's end was lost and everyone who never did it qualified)."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("users who haven't opened the app in 3 to 6 weeks",
         [E("app_opened", "eq", 0, within=21), E("app_opened", within=42)]),
        ("people who have not viewed pricing in 7-14 days",
         [E("pricing_viewed", "eq", 0, within=7), E("pricing_viewed", within=14)]),
        ("users with 10 or more workouts who haven't completed a workout in 14 to 30 days",
         [T("workouts_completed", "gte", 10), E("workout_completed", "eq", 0, within=14),
          E("workout_completed", within=30)]),
    ],
)
def test_a_negated_span_is_where_the_last_time_falls(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    audience = draft_rule(planner, prompt).audience
    assert isinstance(audience, AllOf)
    assert audience.conditions == expected


def test_a_negated_window_of_one_number_stays_none_in_it(planner: CatalogPlanner) -> None:
    assert draft_rule(planner, "users who haven't opened the app in 3 weeks").audience == E(
        "app_opened", "eq", 0, within=21
    )
