"""A relative clause ("who …", "that …") is a condition of its own when it names something the head does not:
its window and its negation stay in it."""

from __future__ import annotations

from agent_planner_helpers import E, T, draft_rule

from agent.catalog_planner import CatalogPlanner
from orchestrator.spec import AllOf


def test_a_negated_relative_clause_keeps_its_negation(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Remind people on a 4+ day streak who have not worked out yet today")
    assert rule.audience == AllOf(conditions=[T("current_streak_days", "gte", 4), T("days_since_last_workout", "gte", 1)])
    rule = draft_rule(planner, "Remind people on a 4+ day streak who have not done a workout yet today")
    assert rule.audience == AllOf(conditions=[T("current_streak_days", "gte", 4),
                                              E("workout_completed", "eq", 0, within=1)])


def test_a_relative_clause_window_does_not_reach_the_head_count(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Target members with 5 completed workouts that viewed pricing this week")
    assert rule.audience == AllOf(conditions=[T("workouts_completed", "gte", 5),
                                              E("pricing_viewed", "gte", 1, within=7)])


def test_a_relative_clause_defining_its_head_stays_one_condition(planner: CatalogPlanner) -> None:
    rule = draft_rule(planner, "Win back inactive users who have not worked out for 21 days")
    assert rule.audience == T("days_since_last_workout", "gte", 21)
