"""A country of several words the catalog lacks is refused whole ('New Zealand' was 'new' users, or'd with
Australia); a window said by reference ('in that time', 'during the same period') is the window said before it
(the act was read over all time); an act said to be a past habit ('used to work out 3x a week') is refused naming
it (it was read as the last 7 days, beside 'haven't opened the app in 10 days')."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from agent.types import Refusal
from orchestrator.spec import AllOf, Condition


def _refused(planner: CatalogPlanner, prompt: str) -> Refusal:
    refused = planner.draft(prompt, "eligibility", planner.catalog, [])
    assert isinstance(refused, Refusal), refused
    return refused


@pytest.mark.parametrize(
    ("prompt", "place"),
    [
        ("Users in Australia or New Zealand with push enabled", "New Zealand"),
        ("users in South Africa on iOS", "South Africa"),
    ],
)
def test_a_country_the_catalog_lacks_is_refused_whole(
    planner: CatalogPlanner, prompt: str, place: str
) -> None:
    refused = _refused(planner, prompt)
    assert refused.unmatched_phrases == [place]
    assert "country = AU" in refused.suggestions


def test_a_stage_word_beside_a_listed_country_is_still_read(planner: CatalogPlanner) -> None:
    assert draft_rule(planner, "new users in Australia").audience == AllOf(
        conditions=[T("activation_state", "eq", "new"), T("country", "eq", "AU")]
    )


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Users who opened the app in the last 2 weeks but completed zero workouts in that time",
         [E("app_opened", within=14), E("workout_completed", "eq", 0, within=14)]),
        ("users who completed a workout in the last 30 days and viewed pricing in the same period",
         [E("workout_completed", within=30), E("pricing_viewed", within=30)]),
    ],
)  # fmt: skip
def test_a_window_said_by_reference_is_the_one_before(
    planner: CatalogPlanner, prompt: str, expected: list[Condition]
) -> None:
    assert draft_rule(planner, prompt).audience == AllOf(conditions=expected)


def test_a_past_habit_is_refused_by_name(planner: CatalogPlanner) -> None:
    prompt = "Create eligibility rules for the comeback push: users who used to work out 3x a week but haven't opened the app in 10 days"
    assert _refused(planner, prompt).unmatched_phrases == ["used to work out"]


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("users who worked out more recently than 7 days ago", E("workout_completed", within=7)),
        ("users who viewed pricing more recently than a week ago", E("pricing_viewed", within=7)),
        (
            "users who had push turned on in the last 3 days",
            E("push_permission_changed", within=3, enabled=True),
        ),
        (
            "people who have notifications switched off this week",
            E("push_permission_changed", within=7, enabled=False),
        ),
    ],
)
def test_a_window_said_in_other_words_is_read(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    # 'more recently than 7 days ago' was 7 workouts in 14 days; 'had push turned on in the last 3 days' was refused
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    "prompt", ["users with a lapsed streak", "Android users with a recently broken workout streak"]
)
def test_a_streak_said_ended_before_its_noun_just_ended(planner: CatalogPlanner, prompt: str) -> None:
    # 'a lapsed streak' was a 14-day lapse beside a streak now (no one); 'broken' was refused
    audience = draft_rule(planner, prompt).audience
    conditions = audience.conditions if isinstance(audience, AllOf) else [audience]
    assert T("current_streak_days", "eq", 0) in conditions
    assert T("days_since_last_workout", "lte", 3) in conditions


@pytest.mark.parametrize(
    ("prompt", "act"),
    [
        (
            "Make an audience for the streak reminder: anyone who did a workout yesterday but not today",
            "workout_completed",
        ),
        ("users who opened the app yesterday and not today", "app_opened"),
    ],
)
def test_yesterday_but_not_today_is_the_day_before(planner: CatalogPlanner, prompt: str, act: str) -> None:
    # both were the last day: one and none in it, which no one meets
    assert draft_rule(planner, prompt).audience == AllOf(
        conditions=[E(act, within=2), E(act, "eq", 0, within=1)]
    )


def test_each_of_the_last_weeks_keeps_the_act_counted(planner: CatalogPlanner) -> None:
    # the longer span counted completed workouts for starts
    audience = draft_rule(
        planner, "Users who started at least one workout in each of the last 3 weeks"
    ).audience
    assert audience == AllOf(
        conditions=[E("workout_started", within=7), E("workout_started", count=3, within=21)]
    )


def test_a_lapse_said_elsewhere_says_when_the_streak_ended(planner: CatalogPlanner) -> None:
    # 'just ended' (at most 3 days since) beside 'not in the last 7 days' left no one
    rule = draft_rule(
        planner,
        "Target Android users with a lapsed streak who worked out at least 4 times last month but not in the last 7 days",
    )
    assert rule.audience == AllOf(
        conditions=[
            T("device_os", "eq", "android"),
            T("current_streak_days", "eq", 0),
            E("workout_completed", count=4, within=30),
            T("days_since_last_workout", "gte", 7),
        ]
    )
