"""Eligibility prompts about acts and their windows: a finish not done after a timed start is not done in that
window, a window after two objects of one verb times both, a past act that shares its words with a count is the
act, and a value 'or higher' ranks the value said before the trait's name."""

from __future__ import annotations

import pytest
from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf, AnyOf, Condition


@pytest.mark.parametrize(
    "prompt",
    [
        "Users who started a workout in the last 7 days but didn't complete one",
        "Users who started a workout in the last 7 days but didn't finish",
        "people that started a workout in the past week without finishing",
    ],
)
def test_a_finish_not_done_after_a_timed_start_is_not_done_in_that_window(planner: CatalogPlanner, prompt: str) -> None:
    # 'didn't complete one' was no workout ever (workouts_completed = 0); 'didn't finish' was refused
    assert draft_rule(planner, prompt).audience == AllOf(
        conditions=[E("workout_started", within=7), E("workout_completed", "eq", 0, within=7)]
    )


def test_never_keeps_the_finish_over_all_time(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Users who started checkout this week but never bought")
    assert E("subscription_started", "eq", 0) in getattr(rule.audience, "conditions", [])


@pytest.mark.parametrize(
    ("prompt", "timed"),
    [
        ("Target users who completed a strength workout and a cardio workout this week",
         [E("workout_completed", within=7, workout_type="strength"), E("workout_completed", within=7, workout_type="cardio")]),
        ("Users with 3 workouts and 2 pricing views in the last 14 days",
         [E("workout_completed", count=3, within=14), E("pricing_viewed", count=2, within=14)]),
    ],
)  # fmt: skip
def test_a_window_after_two_objects_of_one_verb_times_both(
    planner: CatalogPlanner, prompt: str, timed: list[Condition]
) -> None:
    assert draft_rule(planner, prompt).audience == AllOf(conditions=timed)


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [
        ("Users who have never opened a ticket", E("support_ticket_created", "eq", 0)),
        ("Users who never contacted support", E("support_ticket_created", "eq", 0)),
        ("Users with open tickets", T("open_tickets", "gte", 1)),
    ],
)
def test_a_past_act_is_the_act_not_a_count_sharing_its_words(
    planner: CatalogPlanner, prompt: str, audience: Condition
) -> None:
    # 'never opened a ticket' was open_tickets = 0 (a resolved ticket passed), 'never contacted support' tickets_30d = 0
    assert draft_rule(planner, prompt).audience == audience


@pytest.mark.parametrize(
    "prompt", ["Users with medium upgrade intent or higher", "users whose upgrade intent is medium or above"]
)
def test_or_higher_ranks_the_value_said_before_the_traits_name(planner: CatalogPlanner, prompt: str) -> None:
    # 'or higher' ranked 'intent', leaving upgrade_intent = medium
    assert draft_rule(planner, prompt).audience == T("upgrade_intent", "in", ["medium", "high"])


@pytest.mark.parametrize(
    ("prompt", "trait"),
    [("Users with fewer than 10 or more than 50 workouts", "workouts_completed"),
     ("users with under 10 or over 50 pricing views", "pricing_views")],
)  # fmt: skip
def test_an_alternative_naming_nothing_counts_what_the_next_one_counts(
    planner: CatalogPlanner, prompt: str, trait: str
) -> None:
    # 'fewer than 10' was refused as naming nothing
    assert draft_rule(planner, prompt).audience == AnyOf(conditions=[T(trait, "lt", 10), T(trait, "gt", 50)])


@pytest.mark.parametrize(
    ("prompt", "audience"),
    [("Users who opened the app at least once a day for the past week", E("app_opened", count=7, within=7)),
     # the catalog keeps a streak of workout days: every day of the week is a run of 7
     ("Users who worked out daily this week", T("current_streak_days", "gte", 7))],
)  # fmt: skip
def test_once_a_day_over_a_span_is_every_day_of_it(planner: CatalogPlanner, prompt: str, audience: object) -> None:
    # 'past' / 'daily' were refused
    assert draft_rule(planner, prompt).audience == audience


def test_an_object_left_to_the_clause_before_keeps_its_filters_under_its_own_window(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Users who opened an email but never clicked one in the last 30 days")
    # the click lost its email filter: any click of any channel excluded them
    assert E("message_clicked", "eq", 0, within=30, channel="email") in getattr(rule.audience, "conditions", [])


def test_a_span_before_a_window_counts_back_from_now_through_both(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Users with no workouts in the last 7 days but at least 5 in the 30 days before")
    # 'at least 5 30 days' was refused
    assert rule.audience == AllOf(
        conditions=[E("workout_completed", "eq", 0, within=7), E("workout_completed", count=5, within=37)]
    )
    assert "read as the last 37 days" in rule.description
