"""An act on every day of a span, or on yesterday and today, is a run of days in a row (the streak the catalog keeps
of workouts, else once a day at least); a count with a count of one kind among it is two counts over one window; a
last week set against none this week is the week before this one."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, Condition


def _conditions(cond: Condition) -> list[Condition]:
    return list(cond.conditions) if isinstance(cond, AllOf) else [cond]


@pytest.mark.parametrize(
    ("prompt", "conditions"),
    [
        # each of two days: a run of two with one of them today (the last day alone was read)
        ("Users who worked out yesterday and today", [T("current_streak_days", "gte", 2), E("workout_completed", within=1)]),
        ("people who completed a workout both today and yesterday on iOS",
         [T("current_streak_days", "gte", 2), E("workout_completed", within=1), T("device_os", "eq", "ios")]),
        # "for a week" was refused ('1 week')
        ("users who worked out every day for a week", [T("current_streak_days", "gte", 7)]),
        ("Android users who did a workout each day for the past two weeks",
         [T("device_os", "eq", "android"), T("current_streak_days", "gte", 14)]),
        # no streak of app opens, nor of one kind of workout, is kept: once a day at least
        ("users who have opened the app every day for the last 5 days", [E("app_opened", count=5, within=5)]),
        ("users who completed a yoga workout every day for a week",
         [E("workout_completed", count=7, within=7, workout_type="yoga")]),
        ("users who saved a workout 3 days in a row", [E("workout_saved", count=3, within=3)]),
    ],
)  # fmt: skip
def test_every_day_of_a_span_is_a_run_of_days(
    planner: CatalogPlanner, prompt: str, conditions: list[Condition]
) -> None:
    assert _conditions(draft_rule(planner, prompt).audience) == conditions


@pytest.mark.parametrize(
    ("prompt", "conditions"),
    [
        ("People who did 10 workouts, 5 of them yoga",
         [T("workouts_completed", "gte", 10), E("workout_completed", count=5, workout_type="yoga")]),
        ("people with 8 workouts this month, at least three of which were running",
         [E("workout_completed", count=8, within=30), E("workout_completed", count=3, within=30, workout_type="running")]),
        ("users who did at least 10 workouts in the last 30 days, 5+ of them HIIT",
         [E("workout_completed", count=10, within=30), E("workout_completed", count=5, within=30, workout_type="hiit")]),
    ],
)  # fmt: skip
def test_a_count_of_one_kind_among_a_count_is_a_second_count(
    planner: CatalogPlanner, prompt: str, conditions: list[Condition]
) -> None:
    assert _conditions(draft_rule(planner, prompt).audience) == conditions


@pytest.mark.parametrize(
    ("prompt", "conditions"),
    [
        # both were the last 7 days: 3 or more and none in the same days, which no one meets
        ("people who did 3+ workouts last week but none this week",
         [E("workout_completed", count=3, within=14), E("workout_completed", "eq", 0, within=7)]),
        ("users who opened the app 5 times last month and not at all this month",
         [E("app_opened", count=5, within=60), E("app_opened", "eq", 0, within=30)]),
    ],
)  # fmt: skip
def test_last_week_against_none_this_week_is_the_week_before(
    planner: CatalogPlanner, prompt: str, conditions: list[Condition]
) -> None:
    assert _conditions(draft_rule(planner, prompt).audience) == conditions
